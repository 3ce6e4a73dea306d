//! The demo's barometer: the network's "Baromètre des âges", a questionnaire to companies on
//! how they manage the ages of their staff, run each autumn for three years in the five local
//! clubs' territories, anonymous, about 300 responses a wave (the newest club, in Gironde, had
//! only a handful the first year: its figures are suppressed on the public page), a question
//! reworded and one added in the last wave, every wave's results published. The answers drift
//! from year to year (more practices in place, more confidence) so that the year-over-year
//! view has something to show. Written through the surveys module's own functions.

use std::collections::{BTreeMap, HashMap};

use crate::core::forms::{self, Answer, Condition, FormDef, Item, Kind, MatrixRow, Question, Test, Typed};
use crate::core::web::AppState;
use crate::modules::surveys::{self, Holder, InvitationInput, Mode, QuotaGuard, SurveyInput, WaveInput};

pub const SLUG: &str = "barometre-des-ages";

/// The territories in order, with each wave's number of responses (oldest wave first).
const TERRITORIES: [(&str, [usize; 3]); 5] = [
    ("seine-saint-denis", [78, 82, 74]),
    ("lyon-metropole", [71, 69, 77]),
    ("hauts-de-france", [66, 72, 70]),
    ("marseille-provence", [62, 58, 64]),
    ("gironde", [4, 19, 27]),
];

const SECTORS: [&str; 6] = [
    "Industrie",
    "Bâtiment et travaux publics",
    "Commerce",
    "Services aux entreprises",
    "Santé et action sociale",
    "Transport et logistique",
];
const SIZES: [&str; 4] = ["Moins de 10 salariés", "10 à 49 salariés", "50 à 249 salariés", "250 salariés et plus"];
const PRACTICES: [&str; 6] = [
    "Entretien de seconde partie de carrière",
    "Aménagement des postes et des horaires",
    "Tutorat et transmission des savoirs",
    "Temps partiel de fin de carrière",
    "Formation des salariés de plus de 50 ans",
    "Recrutement de candidats de plus de 50 ans",
];
const BRAKES: [&str; 4] = ["Le coût", "Le manque d’information", "Les résistances internes", "Aucun frein particulier"];
const ROWS: [(&str, &str); 4] = [
    ("recrutement", "Recruter des salariés expérimentés"),
    ("formation", "Former les salariés tout au long de leur carrière"),
    ("transmission", "Transmettre les savoir-faire entre générations"),
    ("conditions", "Adapter les conditions de travail à l’âge"),
];
const OTHER_PRACTICES: [&str; 4] = [
    "Mécénat de compétences en fin de carrière",
    "Bilan de santé au travail à 55 ans",
    "Binômes intergénérationnels",
    "Retraite progressive",
];
const NEEDS: [&str; 5] = [
    "Un guide pratique sur les entretiens de seconde partie de carrière.",
    "Des retours d’expérience d’entreprises de notre taille.",
    "Un contact à la CARSAT pour la retraite progressive.",
    "Une formation des managers à l’intergénérationnel.",
    "Des aides pour aménager les postes pénibles.",
];

fn question(id: i64, code: &str, label: &str, help: &str, required: bool, kind: Kind) -> Item {
    Item::Question(Question { id, code: code.into(), label: label.into(), help: help.into(), required, condition: None, kind })
}

fn choices(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The questionnaire; `version` 2 rewords the confidence question (its code kept) and adds a
/// question on remote work.
fn form(base: i64, version: u8) -> FormDef {
    let confidence = if version == 1 {
        "Dans quelle mesure votre entreprise est-elle préparée au vieillissement de ses effectifs ?"
    } else {
        "Votre entreprise se sent-elle prête à accompagner l’allongement des carrières ?"
    };
    let mut referent_since = Question {
        id: base + 10,
        code: "referent_depuis".into(),
        label: "Depuis combien d’années ?".into(),
        help: String::new(),
        required: false,
        condition: Some(Condition { question: base + 9, test: Test::Equals, value: forms::YES.into() }),
        kind: Kind::Number { min: Some(0.0), max: Some(50.0) },
    };
    referent_since.help = "En années pleines.".into();
    let mut items = vec![
        Item::Section { title: "Votre entreprise".into(), help: "Trois questions pour situer vos réponses.".into() },
        question(base + 1, "secteur", "Secteur d’activité", "", true, Kind::SingleChoice { choices: choices(&SECTORS) }),
        question(base + 2, "taille", "Effectif de l’établissement", "", true, Kind::SingleChoice { choices: choices(&SIZES) }),
        question(
            base + 3,
            "part_55_plus",
            "Part des salariés de 55 ans et plus (en %)",
            "Une estimation suffit.",
            false,
            Kind::Number { min: Some(0.0), max: Some(100.0) },
        ),
        Item::Section { title: "Vos pratiques".into(), help: String::new() },
        question(
            base + 4,
            "pratiques",
            "Quelles pratiques sont en place dans votre entreprise ?",
            "Plusieurs réponses possibles.",
            false,
            Kind::MultipleChoice { choices: choices(&PRACTICES), other: true },
        ),
        question(
            base + 5,
            "recrutement_senior",
            "Avez-vous recruté un salarié de plus de 50 ans ces douze derniers mois ?",
            "",
            true,
            Kind::YesNo,
        ),
        question(
            base + 6,
            "preparation",
            confidence,
            "",
            true,
            Kind::Scale { max: 5, low: "Pas du tout".into(), high: "Tout à fait".into() },
        ),
        question(
            base + 7,
            "appreciations",
            "Comment jugez-vous votre entreprise sur chacun de ces points ?",
            "",
            false,
            Kind::Matrix {
                rows: ROWS.iter().map(|(c, l)| MatrixRow { code: c.to_string(), label: l.to_string() }).collect(),
                max: 5,
                low: "Très insuffisant".into(),
                high: "Très satisfaisant".into(),
            },
        ),
        Item::Section { title: "Vos besoins".into(), help: String::new() },
        question(
            base + 8,
            "frein",
            "Quel est le principal frein à l’emploi des seniors chez vous ?",
            "",
            false,
            Kind::SingleChoice { choices: choices(&BRAKES) },
        ),
        question(base + 9, "referent", "Avez-vous désigné un référent « âges et carrières » ?", "", false, Kind::YesNo),
        Item::Question(referent_since),
        question(base + 11, "besoins", "De quel accompagnement auriez-vous besoin ?", "", false, Kind::LongText),
    ];
    if version >= 2 {
        items.insert(
            10,
            question(
                base + 12,
                "teletravail_seniors",
                "Le télétravail est-il ouvert aux salariés en fin de carrière ?",
                "",
                false,
                Kind::YesNo,
            ),
        );
    }
    FormDef { items }
}

/// A small deterministic generator (the demo is the same on every load).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }

    /// 1..=5 around `centre`.
    fn scale(&mut self, centre: f64) -> u8 {
        let spread = (self.below(5) as f64 - 2.0) * 0.6 + (self.below(3) as f64 - 1.0) * 0.5;
        (centre + spread).round().clamp(1.0, 5.0) as u8
    }
}

/// One company's answers to the wave `w` (0, 1, 2) in territory `t`, on `def`.
fn answers(def: &FormDef, dice: &mut Dice, w: usize, t: usize) -> Vec<Typed> {
    let id = |code: &str| def.questions().find(|q| q.code == code).map(|q| q.id).unwrap_or(0);
    let mut out = vec![];
    let mut push = |code: &str, answer: Answer| {
        if def.questions().any(|q| q.code == code) {
            out.push(Typed { question: id(code), code: code.into(), answer });
        }
    };
    let drift = w as f64 * 0.35 + [0.1, 0.3, -0.1, -0.2, 0.2][t];
    push("secteur", Answer::Choice(SECTORS[(dice.below(6) + t) % 6].into()));
    push("taille", Answer::Choice(SIZES[[0, 1, 1, 2, 2, 3][dice.below(6)]].into()));
    if dice.chance(0.8) {
        push("part_55_plus", Answer::Number((8 + dice.below(25) + 2 * w) as f64));
    }
    let mut selected: Vec<String> = vec![];
    for (i, p) in PRACTICES.iter().enumerate() {
        let base = [0.35, 0.45, 0.4, 0.15, 0.25, 0.2][i] + 0.07 * w as f64;
        if dice.chance(base) {
            selected.push(p.to_string());
        }
    }
    let other = dice.chance(0.06).then(|| OTHER_PRACTICES[dice.below(OTHER_PRACTICES.len())].to_string());
    if !selected.is_empty() || other.is_some() {
        push("pratiques", Answer::Choices { selected, other });
    }
    push("recrutement_senior", Answer::YesNo(dice.chance(0.28 + 0.06 * w as f64)));
    push("preparation", Answer::Scale(dice.scale(2.6 + drift)));
    let mut matrix = BTreeMap::new();
    for (i, (code, _)) in ROWS.iter().enumerate() {
        if dice.chance(0.92) {
            matrix.insert(code.to_string(), dice.scale(2.4 + drift + [0.2, 0.5, 0.0, -0.3][i]));
        }
    }
    push("appreciations", Answer::Matrix(matrix));
    if dice.chance(0.9) {
        push("frein", Answer::Choice(BRAKES[[0, 0, 1, 1, 1, 2, 3][dice.below(7)]].into()));
    }
    let referent = dice.chance(0.2 + 0.08 * w as f64);
    push("referent", Answer::YesNo(referent));
    if referent {
        push("referent_depuis", Answer::Number((1 + dice.below(6)) as f64));
    }
    if w >= 2 {
        push("teletravail_seniors", Answer::YesNo(dice.chance(0.45)));
    }
    if dice.chance(0.15) {
        push("besoins", Answer::Text(NEEDS[dice.below(NEEDS.len())].into()));
    }
    out
}

/// Load the barometer (nothing when it is there already).
pub async fn load(state: &AppState, clubs: &HashMap<String, i64>) -> anyhow::Result<()> {
    let db = &state.db;
    if surveys::survey_by_slug(db, SLUG).await?.is_some() {
        return Ok(());
    }
    let now = state.now();
    let territories: Vec<i64> = TERRITORIES.iter().filter_map(|(slug, _)| clubs.get(*slug).copied()).collect();
    if territories.len() != TERRITORIES.len() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let survey_id = surveys::insert_survey(
        &mut tx,
        &SurveyInput {
            slug: SLUG.into(),
            club_id: None,
            title: "Baromètre des âges".into(),
            summary: "Chaque automne, les entreprises de cinq territoires disent comment elles gèrent les âges de leurs salariés : \
                      recrutement, transmission, fins de carrière."
                .into(),
            intro: "Le **Baromètre des âges** est mené chaque année par la Fondation Passerelles avec ses clubs de Seine-Saint-Denis, \
                    de la Métropole de Lyon, des Hauts-de-France, de Marseille Provence et de Gironde.\n\n\
                    Le questionnaire prend une dizaine de minutes. Vos réponses nourrissent un état des lieux public, comparé d’une \
                    année sur l’autre, et les actions des clubs auprès des employeurs."
                .into(),
            min_cell: surveys::model::DEFAULT_MIN_CELL,
        },
        None,
        now,
    )
    .await?;
    let owner = surveys::model::owner(survey_id);
    let base = forms::store::next_question_id(&mut tx).await? - 1;
    let v1 = form(base, 1);
    forms::store::save(&mut tx, &owner, &v1, now).await?;
    tx.commit().await?;

    let mut dice = Dice(0xA6E5);
    // Each wave runs from mid-September to mid-November; the last one closed three weeks ago.
    for w in 0..3usize {
        let closes_at = now - 21 * 86_400 - (2 - w as i64) * 365 * 86_400;
        let opens_at = closes_at - 60 * 86_400;
        let label = jiff::Timestamp::from_second(opens_at)?.to_zoned(jiff::tz::TimeZone::UTC).year().to_string();
        let mut tx = db.begin().await?;
        if w == 2 {
            // The last wave runs on version 2: the confidence question reworded, one added.
            forms::store::save(&mut tx, &owner, &form(base, 2), opens_at).await?;
        }
        let wave_id = surveys::insert_wave(
            &mut tx,
            survey_id,
            &WaveInput { label, mode: Mode::Anonymous, opens_at, closes_at, open_link: false },
            opens_at - 7 * 86_400,
        )
        .await?;
        let set: Vec<(i64, Option<i64>)> = territories.iter().map(|c| (*c, None)).collect();
        surveys::set_territories(&mut tx, wave_id, &set).await?;
        surveys::open_wave(&mut tx, wave_id, opens_at - 86_400).await?;
        let wave = surveys::wave_tx(&mut tx, wave_id).await?.ok_or_else(|| anyhow::anyhow!("demo wave"))?;
        let def = if w == 2 { form(base, 2) } else { v1.clone() };
        for (t, (club, counts)) in territories.iter().zip(TERRITORIES.iter().map(|(_, c)| c)).enumerate() {
            // Invited companies: about one in three more than answered; those who answered
            // did so through their own link.
            let answered = counts[w];
            let invited = answered + answered / 3 + 1;
            for i in 0..invited {
                let input = InvitationInput {
                    club_id: *club,
                    name: format!("Entreprise {} ({})", i + 1, TERRITORIES[t].0),
                    email: format!("contact{}@entreprise-{}-{}.example", i + 1, TERRITORIES[t].0, w + 1),
                    attributes: serde_json::Map::from_iter([("secteur".to_string(), SECTORS[(i + t) % 6].into())]),
                };
                let Some(invitation) = surveys::insert_invitation(&mut tx, wave_id, &input, opens_at - 3 * 86_400).await? else {
                    continue;
                };
                if i < answered {
                    let day = opens_at + (dice.below(55) as i64) * 86_400 + dice.below(36_000) as i64;
                    let typed = answers(&def, &mut dice, w, t);
                    surveys::submit(&mut tx, &wave, *club, &Holder::Invitation(invitation), &typed, QuotaGuard::Database, day).await?;
                }
            }
        }
        let published: Vec<String> = def.questions().filter(|q| !matches!(q.kind, Kind::LongText)).map(|q| q.code.clone()).collect();
        surveys::publish_wave(&mut tx, wave_id, Some(&published), closes_at + 7 * 86_400).await?;
        tx.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_versions_are_valid_forms_and_keep_their_codes() {
        let v1 = form(100, 1);
        let v2 = form(100, 2);
        assert_eq!(v1.check(), Ok(()));
        assert_eq!(v2.check(), Ok(()));
        let q = |d: &FormDef, c: &str| d.questions().find(|q| q.code == c).cloned().unwrap();
        assert_eq!(q(&v1, "preparation").id, q(&v2, "preparation").id);
        assert_ne!(q(&v1, "preparation").label, q(&v2, "preparation").label);
        assert!(v1.questions().all(|a| v2.questions().any(|b| b.code == a.code)));
        assert!(v2.questions().any(|b| b.code == "teletravail_seniors"));
    }

    #[test]
    fn generated_answers_validate_against_their_form() {
        let mut dice = Dice(7);
        for w in 0..3 {
            let def = form(100, if w == 2 { 2 } else { 1 });
            for t in 0..5 {
                let typed = answers(&def, &mut dice, w, t);
                let raw = forms::RawAnswers::from_answers(&typed);
                assert!(forms::validate(&def, &raw).is_ok(), "wave {w} territory {t}: {typed:?}");
            }
        }
    }
}
