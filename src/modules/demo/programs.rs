//! The demo's youth program: "Exploratrices du numérique", girls aged 14 to 17 discovering
//! digital careers through workshops led by volunteer professionals, coaching and tutoring,
//! run in three clubs (Seine-Saint-Denis since 2023, Lyon since 2024, Hauts-de-France since
//! 2025). This school year's cohorts have their path of eight sessions, those already held
//! with their attendance; every participant's consents are stored (a guardian's authorisation,
//! and her own under 15), but one: a fourteen-year-old in Seine-Saint-Denis whose own consent
//! is still awaited stays pending, placed in no session. One more is on the waiting list.
//! Written through the programs module's own functions.

use std::collections::HashMap;

use anyhow::Context;

use crate::core::web::AppState;
use crate::modules::programs::{
    self, Attendance, CohortInput, CompletionRule, ConsentKind, Gender, Giver, Needs, ParticipantInput, PathStep, ProgramInput,
    SessionInput, SessionKind, Skill, Status,
};

pub const SLUG: &str = "exploratrices-du-numerique";

const FIRST: [&str; 30] = [
    "Aya",
    "Inès",
    "Lina",
    "Maëlle",
    "Chloé",
    "Sarah",
    "Yasmine",
    "Jade",
    "Léa",
    "Manon",
    "Fatoumata",
    "Zoé",
    "Camille",
    "Nour",
    "Amira",
    "Emma",
    "Louise",
    "Rose",
    "Anaïs",
    "Salomé",
    "Imane",
    "Kenza",
    "Lou",
    "Mariam",
    "Océane",
    "Clara",
    "Alice",
    "Hawa",
    "Eva",
    "Juliette",
];
const LAST: [&str; 20] = [
    "Benali",
    "Martin",
    "Diallo",
    "Nguyen",
    "Moreau",
    "Traoré",
    "Haddad",
    "Lefebvre",
    "Petit",
    "Rousseau",
    "Fontaine",
    "Garcia",
    "Mercier",
    "Bouaziz",
    "Lambert",
    "Koné",
    "Dubois",
    "Chevalier",
    "Girard",
    "Fernandes",
];
const GUARDIANS: [&str; 8] = ["Nadia", "Karim", "Sophie", "Mamadou", "Isabelle", "Thi Lan", "Rachid", "Céline"];

/// The clubs that run it: slug, the school year it joined (its first September), this year's
/// cohort's capacity and number of applicants.
const CLUBS: [(&str, i16, i64, usize); 3] =
    [("seine-saint-denis", 2023, 16, 14), ("lyon-metropole", 2024, 12, 11), ("hauts-de-france", 2025, 12, 9)];

fn path() -> Vec<PathStep> {
    let step = |kind, title: &str, skills: &[&str], minutes| PathStep {
        kind,
        title: title.into(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        minutes,
    };
    vec![
        step(SessionKind::Workshop, "Les métiers du numérique, racontés par celles qui les font", &["metiers"], 120),
        step(SessionKind::Workshop, "Coder son premier site web", &["code"], 150),
        step(SessionKind::Coaching, "Confiance en soi et prise de parole", &["confiance", "pitch"], 90),
        step(SessionKind::Visit, "Visite d’une entreprise du numérique", &["metiers"], 180),
        step(SessionKind::Workshop, "Les données au quotidien : les lire, les protéger", &["donnees"], 120),
        step(SessionKind::Tutoring, "Projet en binôme avec une tutrice", &["code", "design"], 90),
        step(SessionKind::Workshop, "Concevoir une application utile à son quartier", &["design", "pitch"], 150),
        step(SessionKind::Final, "Cérémonie de fin de promotion et présentation des projets", &["pitch"], 180),
    ]
}

/// A moment in the site's time zone.
fn at(state: &AppState, date: jiff::civil::Date, h: i8, m: i8) -> anyhow::Result<i64> {
    Ok(date.at(h, m, 0, 0).to_zoned(state.tz.clone())?.timestamp().as_second())
}

fn utc_midnight(date: jiff::civil::Date) -> anyhow::Result<i64> {
    Ok(date.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp().as_second())
}

pub async fn load(state: &AppState, clubs: &HashMap<String, i64>) -> anyhow::Result<()> {
    let db = &state.db;
    let now = state.now();
    if programs::program_by_slug(db, SLUG).await?.is_some() {
        return Ok(());
    }
    let today = jiff::Timestamp::from_second(now)?.to_zoned(state.tz.clone()).date();
    // The school year under way: from September.
    let first_year = if today.month() >= 9 { today.year() } else { today.year() - 1 };
    let mut tx = db.begin().await?;
    let program_id = programs::insert_program(
        &mut tx,
        &ProgramInput {
            slug: SLUG.into(),
            title: "Exploratrices du numérique".into(),
            summary: "Une promotion de collégiennes et de lycéennes de 14 à 17 ans découvre chaque année les métiers du numérique avec des professionnelles bénévoles : ateliers, coaching, tutorat et un projet présenté en fin d’année.".into(),
            description: "Les filles restent peu nombreuses dans les formations et les métiers du numérique. Le programme leur ouvre ces portes pendant une année scolaire, le mercredi après-midi, près de chez elles.\n\nChaque promotion suit un parcours de huit séances animées par des professionnelles bénévoles d’entreprises partenaires : découvrir les métiers, coder un premier site, prendre confiance et la parole, visiter une entreprise, comprendre les données, mener un projet en binôme avec une tutrice, et le présenter lors de la cérémonie de fin de promotion.\n\nLa participation est gratuite. Elle demande l’autorisation d’un parent ou d’un responsable légal, et, avant 15 ans, l’accord de la participante elle-même.".into(),
            age_min: 14,
            age_max: 17,
            skills: [
                ("metiers", "Découvrir les métiers du numérique"),
                ("code", "Programmer"),
                ("design", "Concevoir une interface"),
                ("donnees", "Comprendre et protéger les données"),
                ("pitch", "Présenter un projet"),
                ("confiance", "Confiance en soi"),
            ]
            .into_iter()
            .map(|(code, label)| Skill { code: code.into(), label: label.into() })
            .collect(),
            rule: CompletionRule { min_attendance: 75, final_required: true },
            path: path(),
            retention_days: 730,
        },
        now,
    )
    .await?;
    let mut texts = HashMap::new();
    for (kind, body) in [
        (
            ConsentKind::Participation,
            "J’autorise ma fille (ou l’enfant dont j’ai la responsabilité) à participer au programme « Exploratrices du numérique » pendant l’année scolaire : séances le mercredi après-midi, visite d’entreprise et cérémonie de fin de promotion. Ses données (nom, date de naissance, coordonnées, présence) ne servent qu’à organiser le programme et sont anonymisées deux ans après la fin de la promotion.",
        ),
        (
            ConsentKind::Image,
            "J’autorise le réseau et son club à la photographier pendant les séances et à publier ces photos sur le site et la lettre du réseau. Cet accord est facultatif et peut être retiré à tout moment : les photos sont alors retirées.",
        ),
        (
            ConsentKind::Own,
            "J’ai moins de 15 ans. J’accepte de participer au programme et que mes données (nom, date de naissance, coordonnées, présence) soient utilisées pour l’organiser. Je peux changer d’avis à tout moment.",
        ),
    ] {
        texts.insert(kind, programs::add_text(&mut tx, program_id, kind, body, now - 120 * 86_400).await?);
    }
    let mut person = 0usize;
    let mut awaited = None;
    for (slug, joined, capacity, applicants) in CLUBS {
        let club_id = *clubs.get(slug).with_context(|| format!("demo club {slug}"))?;
        programs::open_in_club(&mut tx, program_id, club_id, utc_midnight(jiff::civil::date(joined, 9, 1))?).await?;
        let starts = jiff::civil::date(first_year, 9, 16);
        let cohort_id = programs::insert_cohort(
            &mut tx,
            &CohortInput {
                program_id,
                club_id,
                school_year: format!("{}-{}", first_year, first_year + 1),
                label: format!("Promotion {}-{}", first_year, first_year + 1),
                capacity,
                starts_on: utc_midnight(starts)?,
                ends_on: utc_midnight(jiff::civil::date(first_year + 1, 6, 24))?,
            },
            now,
        )
        .await?;
        // Eight Wednesday afternoons, about a month apart, from early October.
        let mut sessions = vec![];
        let steps = path();
        for (i, step) in steps.iter().enumerate() {
            let day = jiff::civil::date(first_year, 10, 7).checked_add(jiff::Span::new().weeks(4 * i as i64))?;
            // The Wednesday of that week or the next.
            let to_wednesday = (2 - i64::from(day.weekday().to_monday_zero_offset())).rem_euclid(7);
            let day = day.checked_add(jiff::Span::new().days(to_wednesday))?;
            let (h, m) = if step.kind == SessionKind::Visit { (13, 30) } else { (14, 0) };
            let starts_at = at(state, day, h, m)?;
            let input = SessionInput {
                kind: step.kind,
                title: step.title.clone(),
                starts_at,
                ends_at: starts_at + step.minutes * 60,
                place: if step.kind == SessionKind::Visit {
                    "Campus d’une entreprise partenaire".into()
                } else {
                    "Locaux du club".into()
                },
                lead: match step.kind {
                    SessionKind::Coaching => "Coach bénévole".into(),
                    SessionKind::Tutoring => "Tutrices bénévoles".into(),
                    _ => "Professionnelles bénévoles des entreprises partenaires".into(),
                },
                skills: step.skills.clone(),
            };
            sessions.push((programs::insert_session(&mut tx, cohort_id, &input).await?, starts_at));
        }
        for i in 0..applicants {
            let first = FIRST[person % FIRST.len()];
            let last = LAST[(person * 7 + 3) % LAST.len()];
            person += 1;
            // Ages 14 to 17 at the start: born between September and August.
            let age = 14 + (i as i16 * 5 + 1) % 4;
            // Seine-Saint-Denis' first applicant is fourteen, her own consent still awaited.
            let pending = slug == "seine-saint-denis" && i == 0;
            let birth = if pending {
                jiff::civil::date(first_year - 14, 3, 10)
            } else {
                jiff::civil::date(first_year - age - 1, 10 + (i as i8 % 3), 1 + (i as i8 * 3) % 27)
            };
            let guardian = format!("{} {last}", GUARDIANS[i % GUARDIANS.len()]);
            let age_at_start = programs::age_on(&birth.to_string(), &starts.to_string()).unwrap_or(i64::from(age));
            let id = programs::insert_participant(
                &mut tx,
                cohort_id,
                &ParticipantInput {
                    first_name: first.into(),
                    last_name: last.into(),
                    birth_date: birth.to_string(),
                    gender: Gender::Girl,
                    email: format!("{}.{}@exemple.net", ascii(first), ascii(last)),
                    phone: format!("06 {:02} {:02} {:02} {:02}", 10 + i, 20 + person % 70, 30 + i * 2, 40 + person % 50),
                    guardian_name: guardian.clone(),
                    guardian_email: format!("{}.{}@exemple.net", ascii(GUARDIANS[i % GUARDIANS.len()]), ascii(last)),
                },
                age_at_start,
                now - 90 * 86_400,
            )
            .await?;
            // The last applicant waits for a place; the others are selected.
            let waiting = i + 1 == applicants && slug == "lyon-metropole";
            programs::set_status(&mut tx, id, if waiting { Status::Waiting } else { Status::Selected }, now - 80 * 86_400).await?;
            if waiting {
                continue;
            }
            let signed = now - 75 * 86_400 + i as i64 * 3_600;
            programs::record_consent(&mut tx, id, &texts[&ConsentKind::Participation], Giver::Guardian, &guardian, true, signed).await?;
            programs::record_consent(&mut tx, id, &texts[&ConsentKind::Image], Giver::Guardian, &guardian, i % 5 != 2, signed).await?;
            if Needs::at_age(age_at_start).own && !pending {
                programs::record_consent(
                    &mut tx,
                    id,
                    &texts[&ConsentKind::Own],
                    Giver::Participant,
                    &format!("{first} {last}"),
                    true,
                    signed + 600,
                )
                .await?;
            }
            if pending {
                awaited = Some((id, cohort_id));
                continue;
            }
            for (n, (session, starts_at)) in sessions.iter().enumerate() {
                programs::place(&mut tx, *session, id, now - 70 * 86_400).await?;
                if *starts_at < now {
                    // Most come, a few minutes either side; now and then one is excused or absent.
                    let roll = (i * 31 + n * 17 + person) % 20;
                    let a = match roll {
                        0 => Attendance { session_id: *session, participant_id: id, arrived_at: None, left_at: None, excused: true },
                        1 => continue,
                        _ => Attendance {
                            session_id: *session,
                            participant_id: id,
                            arrived_at: Some(starts_at + (roll as i64 % 8) * 60),
                            left_at: Some(starts_at + steps[n].minutes * 60 - (roll as i64 % 3) * 300),
                            excused: false,
                        },
                    };
                    programs::record_attendance(&mut tx, &a, *starts_at + 4 * 3600).await?;
                }
            }
        }
    }
    tx.commit().await?;
    // Her own consent is asked for again by e-mail (the outbox shows the link).
    if let Some((id, cohort_id)) = awaited {
        let program = programs::program(db, program_id).await?.context("demo program")?;
        let cohort = programs::cohort(db, cohort_id).await?.context("demo cohort")?;
        let participant = programs::participant(db, id).await?.context("demo participant")?;
        let mut tx = db.begin().await?;
        programs::consent::request(&mut tx, state, &program, &cohort, &participant, now).await?;
        tx.commit().await?;
    }
    super::programs_mentors::load(state, program_id).await?;
    super::programs_schools::load(state, clubs, program_id, first_year).await?;
    super::programs_badges::load(state, clubs, program_id, first_year).await?;
    Ok(())
}

/// A name as an e-mail address's part: lower case, without accents or spaces.
fn ascii(s: &str) -> String {
    crate::core::i18n::fold(s).chars().filter(char::is_ascii_alphanumeric).collect()
}
