//! The demo's calls: the network's districts (`demo/districts.csv`, the same file an
//! administrator could import), last year's competition "Trophées de l’inclusion 2025"
//! complete up to the juries' reviews (four sponsored categories, a form, three stages, about
//! 150 submitted applications of realistic organisations with valid SIRET and RNA numbers,
//! eligibility decided, two juries with their reviews), its ceremony, and this year's call,
//! open, with a few drafts. Everything is generated deterministically (SplitMix64, fixed
//! seeds) and written through the calls' own functions in one transaction per call.
//!
//! The decisions and the publication of last year's results are the results' part
//! (`demo/calls_results.rs`): `load` returns what they need (`DemoCalls`).

use std::collections::{BTreeMap, HashMap};

use crate::core::db::Tx;
use crate::core::forms::{self, Answer, FormDef, Item, Kind, Typed, store as form_store};
use crate::core::web::AppState;
use crate::modules::calls;
use crate::modules::calls::model::{ApplicationFields, CallInput, CategoryInput, CriterionInput, Place, Review, StageInput};
use crate::modules::events::{self, EventInput};
use crate::modules::network;

const DISTRICTS: &str = include_str!("../../../demo/districts.csv");

/// What the demo of last year's competition made, for its decisions and publication.
#[allow(dead_code)] // read by the results' demo (calls_results.rs)
#[derive(Debug, Clone)]
pub struct DemoCalls {
    /// "Trophées de l’inclusion 2025" (closed, reviewed, not yet decided).
    pub last_year: i64,
    /// Its stages in order: eligibility screening, first jury, grand jury.
    pub stages: [i64; 3],
    /// Its four categories in order.
    pub categories: [i64; 4],
    /// The eligible applications (those the screening lets through to the first jury).
    pub eligible: Vec<i64>,
    /// The twelve the first jury's reviews put ahead (three per category): the nominees, whom
    /// the grand jury reviewed.
    pub nominated: Vec<i64>,
    /// The grand jury's choice: one laureate per category, (application, category).
    pub laureates: Vec<(i64, i64)>,
    /// Two mentions among the other nominees.
    pub mentions: Vec<i64>,
    /// The ceremony (an event of the events module, past).
    pub ceremony_event: i64,
    /// "Trophées de l’inclusion 2026" (open).
    pub this_year: i64,
    /// The network administrator who decided, for the decisions' "who".
    pub decided_by: Option<i64>,
}

/// SplitMix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
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

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A SIRET with a valid Luhn key, made from `n` (distinct for distinct `n`).
fn siret(n: u64) -> String {
    let base = format!("{:09}{:04}", 412_000_000 + n * 7919 % 500_000_000, 10 + n % 9000);
    (0..10).map(|d| format!("{base}{d}")).find(|s| calls::model::luhn(s)).unwrap_or_else(|| format!("{base}0"))
}

/// A district of the file: (code, name, town, priority).
fn districts_of_file() -> Vec<(String, String, String, bool)> {
    DISTRICTS
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split(';').map(str::trim).collect();
            (cols.len() == 4).then(|| (cols[0].to_string(), cols[1].to_string(), cols[2].to_string(), cols[3] == "oui"))
        })
        .collect()
}

fn postcode(town: &str) -> &'static str {
    match town {
        "Vénissieux" => "69200",
        "Lyon" => "69009",
        "Vaulx-en-Velin" => "69120",
        "Villeurbanne" => "69100",
        "Corbeil-Essonnes" => "91100",
        "Grigny" => "91350",
        "La Courneuve" => "93120",
        "Saint-Denis" => "93200",
        "Stains" => "93240",
        "Aulnay-sous-Bois" => "93600",
        "Montfermeil" => "93370",
        "Pierrefitte-sur-Seine" => "93380",
        "Mantes-la-Jolie" => "78200",
        "Chanteloup-les-Vignes" => "78570",
        "Marseille" => "13013",
        "Nice" => "06300",
        "Lille" => "59000",
        "Roubaix" => "59100",
        "Tourcoing" => "59200",
        "Maubeuge" => "59600",
        "Strasbourg" => "67200",
        "Toulouse" => "31100",
        "Nantes" => "44100",
        "Rennes" => "35200",
        "Montpellier" => "34080",
        "Bordeaux" => "33300",
        _ => "25000",
    }
}

/// The demo club nearest a district's town.
fn club_of(postcode: &str) -> &'static str {
    match &postcode[..2] {
        "93" | "91" | "78" => "seine-saint-denis",
        "69" => "lyon-metropole",
        "59" => "hauts-de-france",
        "13" | "06" => "marseille-provence",
        _ => "",
    }
}

const KINDS_OF_ORG: &[(&str, &str)] = &[
    ("Association", "association"),
    ("Association", "association"),
    ("Association", "association"),
    ("Collectif", "association"),
    ("Régie de quartier", "association"),
    ("Maison des familles", "association"),
    ("Compagnie", "association"),
    ("Coopérative", "cooperative"),
    ("SCIC", "cooperative"),
    ("Atelier", "company"),
    ("Centre communal d’action sociale de", "local_authority"),
];

const THEMES: &[(&str, &str)] = &[
    ("Passerelle Emploi", "Un accompagnement vers l’emploi des jeunes sans diplôme, avec des immersions en entreprise."),
    ("Les Savoirs Partagés", "Du soutien scolaire du CP à la terminale, assuré par des étudiants bénévoles."),
    ("Clic & Lien", "Des permanences d’aide aux démarches en ligne et des ateliers numériques pour les seniors."),
    ("Cuisine du Monde", "Un restaurant d’insertion qui forme aux métiers de la cuisine."),
    ("Elles Entreprennent", "Un incubateur pour les femmes qui créent leur activité dans le quartier."),
    ("Le Jardin Commun", "Des jardins partagés et des ateliers d’alimentation durable pour les familles."),
    ("Sport et Citoyenneté", "Du sport en pied d’immeuble pour parler d’orientation et de citoyenneté."),
    ("Mots Croisés", "Des cours de français pour adultes et un accompagnement vers la formation."),
    ("Répar’Quartier", "Un atelier de réparation de vélos et d’appareils qui emploie des salariés en insertion."),
    ("Premier Stage", "Des stages de 3e dans des entreprises partenaires pour les collégiens du quartier."),
    ("Tremplin Numérique", "Une formation aux métiers du numérique pour les jeunes éloignés de l’emploi."),
    ("Les Mamans Relais", "Des mères formées à la médiation entre les familles et l’école."),
    ("Culture en Bas de Chez Toi", "Des spectacles et des ateliers artistiques dans les halls et les squares."),
    ("Mobilité Solidaire", "Des cours de conduite et des locations de véhicules à prix solidaire pour aller travailler."),
    ("Code Quartier", "Des clubs de programmation pour les filles de 10 à 15 ans."),
    ("Santé Proximité", "Des médiatrices santé qui accompagnent les habitants vers le soin."),
];

const FIRST: &[&str] = &[
    "Amina", "Karim", "Sophie", "Mamadou", "Nadia", "Julien", "Fatou", "Yassine", "Claire", "Thomas", "Leïla", "Moussa", "Élodie",
    "Rachid", "Camille", "Ibrahim", "Sarah", "Hugo", "Aïcha", "Nicolas", "Inès", "Malik", "Laura", "Samuel",
];
const LAST: &[&str] = &[
    "Benali", "Diallo", "Martin", "Traoré", "Haddad", "Lefebvre", "Ndiaye", "Moreau", "Bensaïd", "Garcia", "Koné", "Petit", "Mansouri",
    "Dubois", "Sissoko", "Roux", "Cherif", "Fontaine", "Camara", "Girard", "Belkacem", "Lambert",
];

/// A slug-ish word of a name, for e-mail addresses.
fn word(s: &str) -> String {
    crate::core::markup::slugify(s).replace('-', "")
}

/// The call's form in the demo: a few questions and a file.
fn form_def(first_id: i64) -> FormDef {
    let q = |n: i64, label: &str, help: &str, required: bool, kind: Kind| {
        Item::Question(forms::Question {
            id: first_id + n,
            code: format!("q{}", first_id + n),
            label: label.into(),
            help: help.into(),
            required,
            condition: None,
            kind,
        })
    };
    FormDef {
        items: vec![
            Item::Section { title: "Le projet en chiffres".into(), help: "Quelques repères pour le jury.".into() },
            q(0, "Année de création du projet", "", true, Kind::Number { min: Some(1950.0), max: Some(2030.0) }),
            q(1, "Nombre de bénéficiaires par an", "Une estimation suffit.", true, Kind::Number { min: Some(0.0), max: None }),
            q(
                2,
                "Publics accompagnés",
                "Cochez tout ce qui s’applique.",
                true,
                Kind::MultipleChoice {
                    choices: vec![
                        "Jeunes de 16 à 25 ans".into(),
                        "Femmes".into(),
                        "Seniors".into(),
                        "Personnes en situation de handicap".into(),
                        "Demandeurs d’emploi".into(),
                        "Familles".into(),
                    ],
                    other: false,
                },
            ),
            q(3, "Le projet a-t-il déjà été primé ?", "", false, Kind::YesNo),
            Item::Section { title: "Pièces jointes".into(), help: String::new() },
            q(
                4,
                "Budget prévisionnel",
                "Au format PDF, 5 Mo au plus.",
                false,
                Kind::File { types: vec!["application/pdf".into()], max_bytes: 5_000_000 },
            ),
        ],
    }
}

const PUBLICS: &[&str] =
    &["Jeunes de 16 à 25 ans", "Femmes", "Seniors", "Personnes en situation de handicap", "Demandeurs d’emploi", "Familles"];

/// The categories of both years (name, description, prize, sponsor's slug).
const CATEGORIES: &[(&str, &str, &str, &str)] = &[
    (
        "Emploi et insertion professionnelle",
        "Les projets qui ouvrent la porte de l’emploi aux habitants des quartiers.",
        "10 000 € et un an de mécénat de compétences",
        "vectis-assurances",
    ),
    (
        "Éducation et égalité des chances",
        "Les projets qui accompagnent la réussite scolaire et l’orientation.",
        "10 000 € et un parrainage par la fondation",
        "fondation-orvalis",
    ),
    ("Inclusion numérique", "Les projets qui donnent à chacun les clés du numérique.", "8 000 € et du matériel informatique", "numalia"),
    (
        "Vivre ensemble dans les quartiers",
        "Les projets de lien social, de culture et de sport au pied des immeubles.",
        "8 000 € et une mise en valeur régionale",
        "region-hauts-de-france",
    ),
];

/// The three stages: screening, first jury (blind), grand jury.
fn stage_inputs(closes_at: i64) -> [StageInput; 3] {
    [
        StageInput {
            name: "Examen de recevabilité".into(),
            kind: "screening".into(),
            decides: "advance".into(),
            jurors_per_application: 1,
            scale_min: 0,
            scale_max: 1,
            review_deadline: Some(closes_at + 14 * 86_400),
            ..Default::default()
        },
        StageInput {
            name: "Premier jury".into(),
            kind: "jury".into(),
            decides: "advance".into(),
            advance_count: Some(12),
            jurors_per_application: 3,
            scale_min: 0,
            scale_max: 5,
            blind: true,
            hidden_fields: vec!["organisation".into(), "names".into(), "emails".into(), "siret".into()],
            review_deadline: Some(closes_at + 45 * 86_400),
        },
        StageInput {
            name: "Grand jury".into(),
            kind: "jury".into(),
            decides: "laureates".into(),
            jurors_per_application: 4,
            scale_min: 0,
            scale_max: 5,
            review_deadline: Some(closes_at + 75 * 86_400),
            ..Default::default()
        },
    ]
}

fn criteria() -> Vec<CriterionInput> {
    let levels = |words: [&str; 6]| -> BTreeMap<i64, String> { words.iter().enumerate().map(|(i, w)| (i as i64, w.to_string())).collect() };
    vec![
        CriterionInput {
            name: "Impact social".into(),
            description: "Ce que le projet change pour les habitants, et pour combien d’entre eux.".into(),
            weight: 3,
            levels: levels([
                "Aucun effet visible",
                "Effet ponctuel sur quelques personnes",
                "Effet réel mais limité",
                "Effet mesuré sur un public large",
                "Effet durable et mesuré",
                "Effet durable, mesuré et reconnu par les partenaires",
            ]),
        },
        CriterionInput {
            name: "Ancrage dans le quartier".into(),
            description: "Les habitants participent-ils ? Le projet travaille-t-il avec les acteurs locaux ?".into(),
            weight: 2,
            levels: levels(["Aucun", "Très faible", "Faible", "Réel", "Fort", "Porté par les habitants eux-mêmes"]),
        },
        CriterionInput {
            name: "Solidité du projet".into(),
            description: "Budget, équipe, partenaires : le projet peut-il durer ?".into(),
            weight: 2,
            levels: levels(["Fragile", "Très incertaine", "Incertaine", "Correcte", "Solide", "Très solide, financements pluriannuels"]),
        },
    ]
}

/// A call's structure as written.
struct Structure {
    categories: Vec<i64>,
    stages: Vec<i64>,
    /// Each stage's criteria: (id, weight).
    criteria: Vec<Vec<(i64, i64)>>,
    /// The form's first question id (the others follow).
    first_question: i64,
}

/// The call's categories (`sponsors`: each one's partner), stages with their rubric, and form.
async fn structure(tx: &mut Tx, call: i64, sponsors: &[Option<i64>], closes_at: i64, now: i64) -> anyhow::Result<Structure> {
    let mut categories = vec![];
    for ((name, description, prize, _), sponsor_id) in CATEGORIES.iter().zip(sponsors) {
        let input =
            CategoryInput { name: (*name).into(), description: (*description).into(), prize: (*prize).into(), sponsor_id: *sponsor_id };
        categories.push(calls::insert_category(tx, call, &input).await?);
    }
    let mut stages = vec![];
    let mut all_criteria = vec![];
    for (i, s) in stage_inputs(closes_at).iter().enumerate() {
        let id = calls::insert_stage(tx, call, s).await?;
        let mut list = vec![];
        if i > 0 {
            for c in criteria() {
                list.push((calls::insert_criterion(tx, id, &c).await?, c.weight));
            }
        }
        stages.push(id);
        all_criteria.push(list);
    }
    let first_question = form_store::next_question_id(tx).await?;
    form_store::save(tx, &calls::admin::calls::form_owner(call), &form_def(first_question), now).await?;
    Ok(Structure { categories, stages, criteria: all_criteria, first_question })
}

/// One generated application: its fields, e-mail, and its answers to the form.
struct Generated {
    email: String,
    fields: ApplicationFields,
    answers: Vec<Typed>,
    /// How good the project is, in [0, 1): what the jurors' scores follow.
    quality: f64,
}

fn generate(
    rng: &mut Rng,
    n: u64,
    districts: &[(i64, String, String)],
    clubs: &HashMap<String, i64>,
    categories: &[i64],
    first_q: i64,
) -> Generated {
    let (prefix, legal) = *rng.pick(KINDS_OF_ORG);
    let (theme, summary) = *rng.pick(THEMES);
    let (district_id, district_name, town) = rng.pick(districts).clone();
    let org_name = if legal == "local_authority" { format!("{prefix} {town}") } else { format!("{prefix} {theme} {district_name}") };
    let first = *rng.pick(FIRST);
    let last = *rng.pick(LAST);
    let pc = postcode(&town);
    let mut reached = vec![];
    // One to three other districts of the same town, when it has some; else a typed one.
    let neighbours: Vec<i64> = districts.iter().filter(|(id, _, t)| *t == town && *id != district_id).map(|(id, _, _)| *id).collect();
    if !neighbours.is_empty() {
        for _ in 0..1 + rng.below(3) {
            let id = *rng.pick(&neighbours);
            if !reached.contains(&Place::Listed(id)) {
                reached.push(Place::Listed(id));
            }
        }
    }
    if neighbours.is_empty() || rng.below(4) == 0 {
        reached.push(Place::Typed(format!("Centre-ville de {town}")));
    }
    let rna = if legal == "association" { format!("W{}{:07}", &pc[..2], 1_000_000 + n * 37 % 9_000_000) } else { String::new() };
    let fields = ApplicationFields {
        project_title: theme.to_string(),
        summary: summary.to_string(),
        contact_name: format!("{first} {last}"),
        contact_phone: format!("06 {:02} {:02} {:02} {:02}", 10 + rng.below(89), rng.below(100), rng.below(100), rng.below(100)),
        org_name: org_name.clone(),
        org_legal_form: legal.into(),
        org_siret: siret(n),
        org_rna: rna,
        org_address: format!(
            "{} rue {}",
            1 + rng.below(120),
            rng.pick(&["Jean-Jaurès", "Victor-Hugo", "de la République", "Pasteur", "Louise-Michel", "des Écoles"])
        ),
        org_postcode: pc.into(),
        org_town: town.clone(),
        district_id: Some(district_id),
        district_other: String::new(),
        category_id: Some(categories[rng.below(categories.len())]),
        club_id: clubs.get(club_of(pc)).copied(),
        project_url: format!("https://{}.example.org", word(&org_name)),
        video_url: if rng.below(3) == 0 { "https://www.youtube.com/watch?v=dQw4w9WgXcQ".into() } else { String::new() },
        reached,
    };
    let publics: Vec<String> = PUBLICS.iter().filter(|_| rng.below(3) == 0).map(|s| s.to_string()).collect();
    let publics = if publics.is_empty() { vec![PUBLICS[rng.below(PUBLICS.len())].to_string()] } else { publics };
    let answers = vec![
        Typed { question: first_q, code: format!("q{first_q}"), answer: Answer::Number((2008 + rng.below(17)) as f64) },
        Typed { question: first_q + 1, code: format!("q{}", first_q + 1), answer: Answer::Number((20 + rng.below(600)) as f64) },
        Typed { question: first_q + 2, code: format!("q{}", first_q + 2), answer: Answer::Choices { selected: publics, other: None } },
        Typed { question: first_q + 3, code: format!("q{}", first_q + 3), answer: Answer::YesNo(rng.below(4) == 0) },
    ];
    Generated { email: format!("contact@{}.example.org", word(&org_name)), fields, answers, quality: rng.unit() }
}

/// A juror: (name, organisation).
const FIRST_JURY: &[(&str, &str)] = &[
    ("Hélène Carpentier", "Vectis Assurances"),
    ("Olivier Mbappé-Durand", "Banque des Territoires"),
    ("Sylvie Nguyen", "Fondation d’entreprise Orvalis"),
    ("Bertrand Lacombe", "France Travail"),
    ("Yasmina Hadj", "Numalia"),
    ("Pierre-Yves Le Goff", "Préfecture de la Seine-Saint-Denis"),
    ("Agnès Morel", "Université Lumière Lyon 2"),
    ("Farid Ouazzani", "Tessera Conseil"),
    ("Marie-Claude Vidal", "Région Hauts-de-France"),
];
const GRAND_JURY: &[(&str, &str)] = &[
    ("Catherine Delmas", "Fondation Passerelles"),
    ("Jean-Marc Ribeiro", "Vectis Assurances"),
    ("Rokia Traoré", "Agence nationale de la cohésion des territoires"),
    ("Laurent Besson", "Numalia"),
    ("Isabelle Fournier", "Région Hauts-de-France"),
];

async fn add_jurors(tx: &mut Tx, stage: i64, list: &[(&str, &str)], now: i64) -> anyhow::Result<Vec<i64>> {
    let mut ids = vec![];
    for (name, org) in list {
        let email = format!("{}@jury.example.org", crate::core::markup::slugify(name).replace('-', "."));
        ids.push(calls::insert_juror(tx, stage, &email, name, org, "fr", now).await?);
    }
    Ok(ids)
}

/// Assign each application to `k` jurors in turn (loads balanced), each declaring no
/// conflict, and submit a review whose scores follow the application's quality, the juror's
/// own severity and a little noise. `conflict`: one (application, juror) pair that declares a
/// conflict instead (recused: no review).
#[allow(clippy::too_many_arguments)]
async fn review(
    tx: &mut Tx,
    rng: &mut Rng,
    stage: i64,
    apps: &[(i64, f64)],
    jurors: &[i64],
    k: usize,
    criteria: &[(i64, i64)],
    conflict: Option<(i64, i64)>,
    at: i64,
) -> anyhow::Result<()> {
    let severity: Vec<f64> = jurors.iter().map(|_| rng.unit() - 0.5).collect();
    let mut turn = 0usize;
    for (app, quality) in apps {
        for _ in 0..k {
            let j = turn % jurors.len();
            turn += 1;
            let juror = jurors[j];
            let declared = conflict == Some((*app, juror));
            let state = if declared { calls::model::CONFLICT_DECLARED } else { calls::model::CONFLICT_NONE };
            let Some(a) = calls::insert_assignment(tx, stage, *app, juror, "automatic", state, at).await? else { continue };
            calls::declare(tx, a, state, at).await?;
            if declared {
                continue;
            }
            let scores = criteria
                .iter()
                .map(|(c, _)| {
                    let raw = quality * 5.0 + severity[j] + (rng.unit() - 0.5) * 1.2;
                    (*c, raw.round().clamp(0.0, 5.0) as i64)
                })
                .collect();
            let r = Review {
                assignment_id: a,
                submitted: true,
                scores,
                confidence: Some(2 + rng.below(2) as i64),
                jury_note: if *quality > 0.8 { "Projet remarquable, à défendre.".into() } else { String::new() },
                feedback: if *quality < 0.3 {
                    "Le jury vous encourage à mieux mesurer les effets du projet et à associer davantage les habitants.".into()
                } else {
                    String::new()
                },
                ..Default::default()
            };
            calls::save_review(tx, &r, at).await?;
        }
    }
    Ok(())
}

/// Load the districts and both competitions (nothing when last year's is already there).
pub async fn load(state: &AppState, clubs: &HashMap<String, i64>) -> anyhow::Result<Option<DemoCalls>> {
    let db = &state.db;
    if calls::call_by_slug(db, "trophees-inclusion-2025").await?.is_some() {
        return Ok(None);
    }
    let now = state.now();
    let mut sponsors = vec![];
    for (_, _, _, slug) in CATEGORIES {
        sponsors.push(network::get_partner_by_slug(db, slug).await?.map(|p| p.id));
    }
    let decided_by = network::user_id_by_email(db, "admin@passerelles.example").await?;

    // The districts, as the file would be imported.
    let mut tx = db.begin().await?;
    let mut districts = vec![];
    for (code, name, town, priority) in districts_of_file() {
        let id = calls::upsert_district(&mut tx, Some(&code), &name, &town, priority, now).await?;
        districts.push((id, name, town));
    }
    tx.commit().await?;

    // The ceremony of last year's competition, two hundred days ago.
    let ceremony_at = now - 200 * 86_400;
    let ceremony_event = events::create_event(
        db,
        &EventInput {
            slug: "ceremonie-trophees-inclusion-2025".into(),
            title: "Cérémonie des Trophées de l’inclusion 2025".into(),
            summary: "La remise des prix aux lauréats des Trophées de l’inclusion, en présence des partenaires.".into(),
            description:
                "Les quatre lauréats et les nommés présentent leurs projets ; les partenaires remettent les prix de chaque catégorie."
                    .into(),
            club_id: clubs.get("fondation").copied(),
            starts_at: ceremony_at,
            ends_at: ceremony_at + 3 * 3600,
            place_name: "Hôtel de Région".into(),
            address: "151 avenue du Président Hoover, 59000 Lille".into(),
            capacity: 300,
            status: "published".into(),
            contact_email: "evenements@essaim.example".into(),
            ..EventInput::default()
        },
        now,
    )
    .await?;

    // Last year's competition.
    let closes_at = now - 300 * 86_400;
    let opens_at = closes_at - 75 * 86_400;
    let mut tx = db.begin().await?;
    let last_year = calls::insert_call(
        &mut tx,
        &CallInput {
            slug: "trophees-inclusion-2025".into(),
            club_id: None,
            kind: "competition".into(),
            title: "Trophées de l’inclusion 2025".into(),
            summary: "Le concours national qui distingue les projets qui font reculer l’exclusion dans les quartiers prioritaires.".into(),
            rules: RULES.into(),
            eligibility: ELIGIBILITY.into(),
            status: "published".into(),
            opens_at,
            closes_at,
            ceremony_event_id: Some(ceremony_event),
        },
        decided_by,
        opens_at - 10 * 86_400,
    )
    .await?;
    let s = structure(&mut tx, last_year, &sponsors, closes_at, opens_at - 10 * 86_400).await?;
    let owner = calls::admin::calls::form_owner(last_year);
    let mut rng = Rng(2025);
    let mut apps: Vec<(i64, f64, i64)> = vec![];
    let mut names = std::collections::HashSet::new();
    for n in 0..150u64 {
        // Each organisation once (but for the one that applied twice, below).
        let mut g = generate(&mut rng, n, &districts, clubs, &s.categories, s.first_question);
        while !names.insert(g.fields.org_name.clone()) {
            g = generate(&mut rng, n, &districts, clubs, &s.categories, s.first_question);
        }
        // One organisation applied twice under another name (same SIRET): the list flags it.
        if n == 149 {
            g.fields.org_siret = siret(0);
        }
        let at = opens_at + (n as i64 * 75 * 86_400) / 150 + 3600;
        let id = calls::insert_application(&mut tx, last_year, &g.email, "fr", &g.fields, "submitted", at).await?;
        form_store::save_response(&mut tx, &owner, &calls::admin::applications::response_reference(id), &g.answers, at).await?;
        apps.push((id, g.quality, g.fields.category_id.unwrap_or(s.categories[0])));
    }
    // Eligibility: most are eligible; ten are not, each with its reason.
    const REASONS: &[&str] = &[
        "Structure créée il y a moins d’un an.",
        "Le projet ne se déroule pas dans un quartier prioritaire.",
        "Dossier incomplet : budget prévisionnel manquant.",
        "Candidature en double : la structure a déjà déposé un dossier.",
    ];
    let screened_at = closes_at + 10 * 86_400;
    let mut eligible = vec![];
    for (i, (id, _, _)) in apps.iter().enumerate() {
        let (decision, reason) = if i == 149 {
            ("ineligible", REASONS[3])
        } else if i % 16 == 7 {
            ("ineligible", REASONS[i % 3])
        } else {
            ("eligible", "")
        };
        calls::set_eligibility(&mut tx, last_year, &[*id], decision, reason, decided_by, screened_at).await?;
        if decision == "eligible" {
            eligible.push(*id);
        }
    }
    // The first jury reviews every eligible application; the grand jury the twelve nominees
    // (the three best of each category).
    let first_jurors = add_jurors(&mut tx, s.stages[1], FIRST_JURY, screened_at).await?;
    let grand_jurors = add_jurors(&mut tx, s.stages[2], GRAND_JURY, screened_at).await?;
    let eligible_q: Vec<(i64, f64)> = apps.iter().filter(|a| eligible.contains(&a.0)).map(|a| (a.0, a.1)).collect();
    let conflict = eligible_q.get(5).map(|a| (a.0, first_jurors[(5 * 3) % first_jurors.len()]));
    review(&mut tx, &mut rng, s.stages[1], &eligible_q, &first_jurors, 3, &s.criteria[1], conflict, closes_at + 30 * 86_400).await?;
    let mut nominated = vec![];
    let mut laureates = vec![];
    let mut seconds = vec![];
    for cat in &s.categories {
        let mut of_cat: Vec<&(i64, f64, i64)> = apps.iter().filter(|a| a.2 == *cat && eligible.contains(&a.0)).collect();
        of_cat.sort_by(|a, b| b.1.total_cmp(&a.1));
        nominated.extend(of_cat.iter().take(3).map(|a| a.0));
        if let Some(best) = of_cat.first() {
            laureates.push((best.0, *cat));
        }
        if let Some(second) = of_cat.get(1) {
            seconds.push((second.0, second.1));
        }
    }
    seconds.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mentions = seconds.iter().take(2).map(|a| a.0).collect();
    // The grand jury sees the nominees' quality spread wider, so its ranking is the same.
    let nominees_q: Vec<(i64, f64)> = apps.iter().filter(|a| nominated.contains(&a.0)).map(|a| (a.0, a.1)).collect();
    review(&mut tx, &mut rng, s.stages[2], &nominees_q, &grand_jurors, 4, &s.criteria[2], None, closes_at + 60 * 86_400).await?;
    tx.commit().await?;

    // This year's call, open for two more months, with a few drafts and first submissions.
    let opens = now - 20 * 86_400;
    let closes = now + 60 * 86_400;
    let mut tx = db.begin().await?;
    let this_year = calls::insert_call(
        &mut tx,
        &CallInput {
            slug: "trophees-inclusion-2026".into(),
            club_id: None,
            kind: "competition".into(),
            title: "Trophées de l’inclusion 2026".into(),
            summary: "La nouvelle édition du concours national : candidatures ouvertes à toutes les structures des quartiers prioritaires."
                .into(),
            rules: RULES.into(),
            eligibility: ELIGIBILITY.into(),
            status: "published".into(),
            opens_at: opens,
            closes_at: closes,
            ceremony_event_id: None,
        },
        decided_by,
        opens - 5 * 86_400,
    )
    .await?;
    let s2 = structure(&mut tx, this_year, &sponsors, closes, opens - 5 * 86_400).await?;
    let owner2 = calls::admin::calls::form_owner(this_year);
    let mut rng = Rng(2026);
    for n in 0..10u64 {
        let g = generate(&mut rng, 1000 + n, &districts, clubs, &s2.categories, s2.first_question);
        let status = if n < 6 { "draft" } else { "submitted" };
        let at = opens + (n as i64 + 1) * 86_400;
        let id = calls::insert_application(&mut tx, this_year, &g.email, "fr", &g.fields, status, at).await?;
        if status == "submitted" {
            form_store::save_response(&mut tx, &owner2, &calls::admin::applications::response_reference(id), &g.answers, at).await?;
        }
    }
    tx.commit().await?;

    Ok(Some(DemoCalls {
        last_year,
        stages: [s.stages[0], s.stages[1], s.stages[2]],
        categories: [s.categories[0], s.categories[1], s.categories[2], s.categories[3]],
        eligible,
        nominated,
        laureates,
        mentions,
        ceremony_event,
        this_year,
        decided_by,
    }))
}

const RULES: &str = "## Qui peut candidater\n\nToute structure (association, coopérative, entreprise de l’économie sociale et solidaire, collectivité) qui mène un projet dans un quartier prioritaire de la politique de la ville.\n\n## Comment\n\nLe dossier se remplit en ligne, en plusieurs fois si besoin. Une seule candidature par structure.\n\n## Sélection\n\n1. Examen de recevabilité par l’équipe du réseau.\n2. Un premier jury, à l’aveugle, nomme douze projets.\n3. Le grand jury choisit un lauréat par catégorie et peut attribuer des mentions.\n\nLes prix sont remis lors d’une cérémonie nationale.";

const ELIGIBILITY: &str = "- La structure existe depuis au moins un an.\n- Le projet se déroule dans un quartier prioritaire, ou touche majoritairement ses habitants.\n- Le dossier est complet : présentation, budget prévisionnel, contact.";
