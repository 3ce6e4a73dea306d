//! The demo's actions in schools: the three clubs that run "Exploratrices du numérique" meet
//! classes of collèges and lycées near them (Seine-Saint-Denis, Lyon and its suburbs,
//! Hauts-de-France): forty actions this school year, from September to the day before today,
//! adding up to well over a thousand pupils, and fifteen last school year. Counts only, as
//! the module keeps them. Written through `programs::schools::insert_action`.

use std::collections::HashMap;

use anyhow::Context;

use crate::core::web::AppState;
use crate::modules::programs::schools::{ActionInput, insert_action};

/// A school: its name, its town, the class levels the club meets there.
type School = (&'static str, &'static str, &'static [&'static str]);

/// Per club: its schools.
const SCHOOLS: [(&str, &[School]); 3] = [
    (
        "seine-saint-denis",
        &[
            ("Collège Jean-Jaurès", "Montreuil", &["4e", "3e"]),
            ("Collège Travail-Langevin", "Bagnolet", &["5e", "4e"]),
            ("Lycée Paul-Éluard", "Saint-Denis", &["2de", "1re"]),
            ("Collège Pablo-Neruda", "Pierrefitte-sur-Seine", &["3e"]),
            ("Lycée Jean-Renoir", "Bondy", &["2de", "tle"]),
            ("Collège Gustave-Courbet", "Romainville", &["6e", "5e"]),
            ("Collège Jean-Moulin", "Aubervilliers", &["4e", "3e"]),
            ("École élémentaire Jules-Ferry", "Bobigny", &["cm2"]),
        ],
    ),
    (
        "lyon-metropole",
        &[
            ("Collège Victor-Grignard", "Lyon 8e", &["4e", "3e"]),
            ("Lycée Ampère Bourse", "Lyon 2e", &["2de", "1re"]),
            ("Collège Henri-Barbusse", "Vaulx-en-Velin", &["5e", "4e"]),
            ("Lycée Robert-Doisneau", "Vaulx-en-Velin", &["2de"]),
            ("Collège Elsa-Triolet", "Vénissieux", &["3e"]),
            ("Lycée Jacques-Brel", "Vénissieux", &["1re", "tle"]),
            ("Collège Jean-Jaurès", "Villeurbanne", &["6e", "4e"]),
        ],
    ),
    (
        "hauts-de-france",
        &[
            ("Collège Jean-Macé", "Lille", &["4e", "3e"]),
            ("Lycée Gaston-Berger", "Lille", &["2de", "1re"]),
            ("Collège Théodore-Monod", "Roubaix", &["5e", "3e"]),
            ("Lycée Jean-Rostand", "Roubaix", &["2de"]),
            ("Collège Lucie-Aubrac", "Tourcoing", &["4e"]),
            ("Lycée Henri-Wallon", "Valenciennes", &["1re", "tle"]),
        ],
    ),
];

/// This school year's actions and last year's, for the program `program_id` (now and then an
/// action for no program). `first_year` is the September the school year under way began.
pub async fn load(state: &AppState, clubs: &HashMap<String, i64>, program_id: i64, first_year: i16) -> anyhow::Result<()> {
    let now = state.now();
    let today = jiff::Timestamp::from_second(now)?.to_zoned(state.tz.clone()).date();
    let this_year = jiff::civil::date(first_year, 9, 1);
    let last_year = jiff::civil::date(first_year - 1, 9, 1);
    // This year: from the second week of September (or the first day, early in the year) to
    // yesterday; last year: from mid-September to mid-June.
    let days_so_far = (today - this_year).get_days().max(0) as i64;
    let plans = [(this_year, days_so_far.min(7), days_so_far.saturating_sub(1).max(days_so_far.min(7)), 40), (last_year, 14, 285, 15)];
    let mut tx = state.db.begin().await?;
    for (start, from, to, n) in plans {
        for i in 0..n {
            let (slug, schools) = SCHOOLS[i % SCHOOLS.len()];
            let club_id = *clubs.get(slug).with_context(|| format!("demo club {slug}"))?;
            let (school, town, levels) = schools[(i / 3 + i) % schools.len()];
            let level = levels[i % levels.len()];
            let mut day = start.checked_add(jiff::Span::new().days(from + (to - from) * i as i64 / n as i64))?;
            // Schools are closed at weekends: the Friday before (never before the start).
            let back = match day.weekday() {
                jiff::civil::Weekday::Saturday => 1,
                jiff::civil::Weekday::Sunday => 2,
                _ => 0,
            };
            let earlier = day.checked_sub(jiff::Span::new().days(back))?;
            if earlier >= start {
                day = earlier;
            }
            // A class of 22 to 30 pupils, two classes now and then.
            let classes = if i % 3 == 0 { 2 } else { 1 };
            let pupils = classes * (22 + (i as i64 * 7) % 9);
            let girls = pupils / 2 + (i as i64 % 5) - 2;
            let input = ActionInput {
                club_id,
                program_id: if i % 10 == 9 { None } else { Some(program_id) },
                school: school.into(),
                town: town.into(),
                level: level.into(),
                held_on: day.to_string(),
                girls,
                boys: pupils - girls,
                volunteers: 2 + (i as i64 % 4),
            };
            insert_action(&mut tx, &input, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
