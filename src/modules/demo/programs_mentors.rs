//! The demo program's mentors and new applications: two volunteer professionals per club,
//! each paired with participants whose consents are complete, with the meetings they logged;
//! and, in Seine-Saint-Denis, two applications received through the public form (one by a
//! parent) waiting for staff to decide.

use anyhow::Context;

use crate::core::web::AppState;
use crate::modules::programs::{self, Gender, ParticipantInput, Status, mentors, staff};

const MENTORS: [(&str, &str); 6] = [
    ("Claire Vasseur", "claire.vasseur@exemple-entreprise.fr"),
    ("Nadia Belkacem", "nadia.belkacem@exemple-entreprise.fr"),
    ("Hélène Morel", "helene.morel@exemple-entreprise.fr"),
    ("Samia Ouali", "samia.ouali@exemple-entreprise.fr"),
    ("Julie Marchand", "julie.marchand@exemple-entreprise.fr"),
    ("Awa Sissoko", "awa.sissoko@exemple-entreprise.fr"),
];

const NOTES: [&str; 3] = [
    "Premier échange : elle hésite entre le design et le développement. On a regardé ensemble des portfolios.",
    "Préparation du stage de troisième : relecture de sa lettre de motivation.",
    "Elle a présenté son projet de site à sa classe, très fière. À encourager pour la cérémonie.",
];

pub async fn load(state: &AppState, program_id: i64) -> anyhow::Result<()> {
    let db = &state.db;
    let now = state.now();
    let mut tx = db.begin().await?;
    for (n, cohort) in programs::cohorts(db, program_id).await?.into_iter().enumerate() {
        let club = crate::modules::network::get_club(db, cohort.club_id).await?.map(|c| c.name).unwrap_or_default();
        let mut ids = vec![];
        for (name, email) in MENTORS.iter().skip(2 * n).take(2) {
            let id = mentors::upsert_mentor(&mut tx, cohort.club_id, name, email, now - 60 * 86_400).await?;
            // Their personal link is in the outbox, as if staff had just added them.
            let mentor = mentors::Mentor { id, club_id: cohort.club_id, name: name.to_string(), email: email.to_string() };
            programs::admin::mentoring::send_link(&mut tx, state, &mentor, &club, now - 60 * 86_400).await?;
            ids.push(id);
        }
        // Pairing is written only for participants with every consent: `pair` says so.
        let mut paired = 0;
        for p in programs::participants(db, cohort.id).await?.iter().filter(|p| p.status == Status::Selected) {
            if paired == 4 {
                break;
            }
            let mentor = ids[paired % ids.len()];
            if !mentors::pair(&mut tx, mentor, p.id, now - 55 * 86_400).await? {
                continue;
            }
            paired += 1;
            let pair = mentors::live_pair(&mut tx, p.id).await?.context("demo pairing")?;
            for m in 0..(paired % 3 + 1) {
                let day = jiff::Timestamp::from_second(now - (50 - 14 * m as i64) * 86_400)?.to_zoned(state.tz.clone()).date();
                mentors::log_meeting(&mut tx, mentor, pair, &day.to_string(), 45 + 15 * m as i64, NOTES[m % NOTES.len()], now).await?;
            }
        }
        // Two applications just received in the first club.
        if n == 0 {
            let today = jiff::Timestamp::from_second(now)?.to_zoned(state.tz.clone()).date();
            for (first, last, years, by, motivation) in [
                (
                    "Maya",
                    "Carpentier",
                    15,
                    "parent",
                    "Ma fille passe ses soirées à bricoler des jeux sur Scratch et rêve de créer des applications. Elle n’ose pas encore le dire en classe.",
                ),
                ("Sofia", "Mendes", 16, "self", "Je veux devenir développeuse web et je n’ai personne autour de moi qui fait ce métier."),
            ] {
                let birth = today.checked_sub(jiff::Span::new().years(years).months(3))?;
                let age = programs::age_on(&birth.to_string(), &programs::utc_date(cohort.starts_on)).context("demo age")?;
                let id = programs::insert_participant(
                    &mut tx,
                    cohort.id,
                    &ParticipantInput {
                        first_name: first.into(),
                        last_name: last.into(),
                        birth_date: birth.to_string(),
                        gender: Gender::Girl,
                        email: format!("{}.{}@exemple.net", first.to_lowercase(), last.to_lowercase()),
                        phone: String::new(),
                        guardian_name: format!("Patricia {last}"),
                        guardian_email: format!("patricia.{}@exemple.net", last.to_lowercase()),
                    },
                    age,
                    now - 3 * 86_400,
                )
                .await?;
                staff::set_application(&mut tx, id, by, motivation).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
