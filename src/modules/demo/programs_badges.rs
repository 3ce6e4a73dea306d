//! The demo's badges issued last year: Seine-Saint-Denis' cohort of the last school year, six
//! girls who followed the path (its eight sessions held, nearly all attended, the final event
//! by all) and a seventh who left before the end; the six get their badge through
//! `programs::badges::issue_completed`, as the path's end would give it, each e-mailed its link.

use std::collections::HashMap;

use anyhow::Context;

use crate::core::web::AppState;
use crate::modules::programs::{
    self, Attendance, CohortInput, ConsentKind, Gender, Giver, Needs, ParticipantInput, SessionInput, SessionKind, Status,
};

const CLUB: &str = "seine-saint-denis";
const GIRLS: [(&str, &str); 7] = [
    ("Assia", "Belkacem"),
    ("Margaux", "Leroy"),
    ("Awa", "Sissoko"),
    ("Élise", "Bonnet"),
    ("Myriam", "Cherif"),
    ("Tiphaine", "Roux"),
    ("Naëlle", "Duval"),
];

/// Last school year's cohort in Seine-Saint-Denis with its badges; `first_year` is the
/// September of the school year under way.
pub async fn load(state: &AppState, clubs: &HashMap<String, i64>, program_id: i64, first_year: i16) -> anyhow::Result<()> {
    let db = &state.db;
    let program = programs::program(db, program_id).await?.context("demo program")?;
    let club_id = *clubs.get(CLUB).context("demo club")?;
    let now = state.now();
    let year = first_year - 1;
    let tz = state.tz.clone();
    let at = |d: jiff::civil::Date, h: i8| -> anyhow::Result<i64> { Ok(d.at(h, 0, 0, 0).to_zoned(tz.clone())?.timestamp().as_second()) };
    let midnight = |d: jiff::civil::Date| -> anyhow::Result<i64> { Ok(d.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp().as_second()) };
    let texts = programs::current_texts(db, program.id).await?;
    let text = |k: ConsentKind| texts.iter().find(|t| t.kind == k).context("demo consent text");
    let starts = jiff::civil::date(year, 9, 16);
    let mut tx = db.begin().await?;
    let cohort_id = programs::insert_cohort(
        &mut tx,
        &CohortInput {
            program_id: program.id,
            club_id,
            school_year: format!("{}-{}", year, year + 1),
            label: format!("Promotion {}-{}", year, year + 1),
            capacity: 12,
            starts_on: midnight(starts)?,
            ends_on: midnight(jiff::civil::date(first_year, 6, 24))?,
        },
        now,
    )
    .await?;
    // The path's eight sessions, a Wednesday about every month from October to June.
    let mut sessions = vec![];
    for (i, step) in program.path.iter().enumerate() {
        let day = jiff::civil::date(year, 10, 1).checked_add(jiff::Span::new().weeks(5 * i as i64))?;
        let day = day.checked_add(jiff::Span::new().days((2 - i64::from(day.weekday().to_monday_zero_offset())).rem_euclid(7)))?;
        let starts_at = at(day, 14)?;
        let input = SessionInput {
            kind: step.kind,
            title: step.title.clone(),
            starts_at,
            ends_at: starts_at + step.minutes * 60,
            place: "Locaux du club".into(),
            lead: "Professionnelles bénévoles des entreprises partenaires".into(),
            skills: step.skills.clone(),
        };
        sessions.push((programs::insert_session(&mut tx, cohort_id, &input).await?, starts_at, step.minutes, step.kind));
    }
    let applied = midnight(jiff::civil::date(year, 9, 1))?;
    for (i, (first, last)) in GIRLS.iter().enumerate() {
        let birth = jiff::civil::date(year - 15 - (i as i16 % 3), 3 + i as i8, 5 + i as i8);
        let age = programs::age_on(&birth.to_string(), &starts.to_string()).unwrap_or(15);
        let guardian = format!("Parent {last}");
        let id = programs::insert_participant(
            &mut tx,
            cohort_id,
            &ParticipantInput {
                first_name: (*first).into(),
                last_name: (*last).into(),
                birth_date: birth.to_string(),
                gender: Gender::Girl,
                email: format!("{}.{}@exemple.net", ascii(first), ascii(last)),
                phone: String::new(),
                guardian_name: guardian.clone(),
                guardian_email: format!("parent.{}@exemple.net", ascii(last)),
            },
            age,
            applied,
        )
        .await?;
        programs::set_status(&mut tx, id, Status::Selected, applied + 86_400).await?;
        let signed = applied + 2 * 86_400;
        programs::record_consent(&mut tx, id, text(ConsentKind::Participation)?, Giver::Guardian, &guardian, true, signed).await?;
        if Needs::at_age(age).own {
            programs::record_consent(&mut tx, id, text(ConsentKind::Own)?, Giver::Participant, &format!("{first} {last}"), true, signed)
                .await?;
        }
        for (n, (session, starts_at, minutes, kind)) in sessions.iter().enumerate() {
            programs::place(&mut tx, *session, id, applied + 3 * 86_400).await?;
            // The seventh left before the final event; the others missed one workshop at most.
            let absent = (i == 6 && *kind == SessionKind::Final) || (i % 3 == 1 && n == 1);
            if absent {
                continue;
            }
            let a = Attendance {
                session_id: *session,
                participant_id: id,
                arrived_at: Some(starts_at + (i as i64 % 4) * 60),
                left_at: Some(starts_at + minutes * 60),
                excused: false,
            };
            programs::record_attendance(&mut tx, &a, starts_at + 4 * 3600).await?;
        }
    }
    tx.commit().await?;
    // Issued the day after the final event, as the path's end gave them.
    let issued_at = sessions.last().map(|s| s.1 + 86_400).unwrap_or(now).min(now);
    programs::badges::issue_completed(state, cohort_id, issued_at).await?;
    Ok(())
}

/// A name as an e-mail address's part: lower case, without accents or spaces.
fn ascii(s: &str) -> String {
    crate::core::i18n::fold(s).chars().filter(char::is_ascii_alphanumeric).collect()
}
