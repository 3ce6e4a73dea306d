//! Demo events: past and upcoming, one full with a waiting list, one with a detailed
//! morning programme, one that asks for an ID at the door. Written through `events`.

use std::collections::HashMap;

use anyhow::Context;

use crate::core::auth;
use crate::core::web::AppState;
use crate::modules::events::questions::{Kind, Question};
use crate::modules::events::{self, EventInput, NewBooking, Slot, SlotPerson};

/// `days` from today at `h:m`, in the site's time zone.
fn at(state: &AppState, days: i64, h: i8, m: i8) -> anyhow::Result<i64> {
    let today = jiff::Timestamp::from_second(state.now())?.to_zoned(state.tz.clone()).date();
    let day = today.checked_add(jiff::Span::new().days(days))?;
    Ok(day.at(h, m, 0, 0).to_zoned(state.tz.clone())?.timestamp().as_second())
}

fn person(name: &str, title: &str, organisation: &str, role: &str) -> SlotPerson {
    SlotPerson { name: name.into(), title: title.into(), organisation: organisation.into(), role: role.into() }
}

struct Demo<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    description: &'a str,
    club: &'a str,
    day: i64,
    start: (i8, i8),
    end: (i8, i8),
    place: &'a str,
    address: &'a str,
    online_url: &'a str,
    theme: &'a str,
    capacity: i64,
    id_required: bool,
}

async fn create(state: &AppState, clubs: &HashMap<String, i64>, d: &Demo<'_>) -> anyhow::Result<i64> {
    let input = EventInput {
        slug: d.slug.into(),
        title: d.title.into(),
        summary: d.summary.into(),
        description: d.description.into(),
        club_id: clubs.get(d.club).copied(),
        starts_at: at(state, d.day, d.start.0, d.start.1)?,
        ends_at: at(state, d.day, d.end.0, d.end.1)?,
        place_name: d.place.into(),
        address: d.address.into(),
        online_url: d.online_url.into(),
        theme: d.theme.into(),
        capacity: d.capacity,
        registration_opens_at: Some(at(state, d.day.min(0) - 60, 9, 0)?),
        registration_closes_at: None,
        id_required: d.id_required,
        status: "published".into(),
        contact_email: "evenements@essaim.example".into(),
        ..EventInput::default()
    };
    events::create_event(&state.db, &input, state.now()).await.with_context(|| format!("demo event {}", d.slug))
}

pub async fn load(state: &AppState, clubs: &HashMap<String, i64>) -> anyhow::Result<()> {
    if events::get_event_by_slug(&state.db, "rendez-vous-numerique-egalite").await?.is_some() {
        return Ok(());
    }
    let db = &state.db;
    let rdv = create(state, clubs, &Demo {
        slug: "rendez-vous-numerique-egalite",
        title: "Rendez-vous du numérique : filles et garçons, les mêmes chances",
        summary: "Une matinée pour découvrir le programme « Elles codent », échanger en ateliers et débattre de la mixité des métiers du numérique.",
        description: "Le réseau réunit collégiennes, parents, enseignants, entreprises partenaires et collectivités autour d’une question : comment donner aux filles les mêmes chances que les garçons dans les métiers du numérique ?\n\nAu programme : la présentation du projet, une conférence, deux ateliers au choix, une table ronde et une conclusion institutionnelle. **Entrée libre sur inscription.**",
        club: "fondation",
        day: 21,
        start: (9, 0),
        end: (12, 45),
        place: "Maison des associations",
        address: "8 rue du Général Renault, 75011 Paris",
        online_url: "",
        theme: "Égalité filles-garçons",
        capacity: 120,
        id_required: false,
    })
    .await?;
    let slot = |h: i8,
                m: i8,
                h2: i8,
                m2: i8,
                title: &str,
                kind: &str,
                room: &str,
                description: &str,
                people: Vec<SlotPerson>|
     -> anyhow::Result<Slot> {
        Ok(Slot {
            id: 0,
            starts_at: at(state, 21, h, m)?,
            ends_at: at(state, 21, h2, m2)?,
            title: title.into(),
            description: description.into(),
            room: room.into(),
            kind: kind.into(),
            people,
            ..Slot::default()
        })
    };
    let programme = vec![
        slot(
            9,
            0,
            9,
            15,
            "Accueil et introduction",
            "welcome",
            "Grande salle",
            "",
            vec![person("Claire Martin", "Déléguée générale", "Fondation Passerelles", "speaker")],
        )?,
        slot(
            9,
            15,
            9,
            30,
            "Présentation du projet « Elles codent »",
            "talk",
            "Grande salle",
            "Deux ans d’ateliers dans douze collèges : ce qui a marché, ce qui reste à faire.",
            vec![
                person("Inès Belkacem", "Cheffe de projet", "Club Seine-Saint-Denis", "speaker"),
                person("Maëlys Durand", "Ancienne participante", "", "speaker"),
            ],
        )?,
        slot(
            9,
            30,
            10,
            0,
            "Conférence : les stéréotypes se construisent tôt, ils se déconstruisent aussi",
            "talk",
            "Grande salle",
            "",
            vec![person("Nadia Kacem", "Sociologue, maîtresse de conférences", "Université Paris-Est", "speaker")],
        )?,
        slot(
            10,
            0,
            10,
            25,
            "Atelier 1 : coder son premier jeu en une heure… ou presque",
            "workshop",
            "Salle Lovelace",
            "",
            vec![
                person("Thomas Nguyen", "Développeur, bénévole en mécénat de compétences", "Numéris SA", "speaker"),
                person("Sarah Lévy", "Animatrice", "Club Seine-Saint-Denis", "moderator"),
            ],
        )?,
        slot(
            10,
            25,
            10,
            50,
            "Atelier 2 : parents, comment accompagner les choix d’orientation",
            "workshop",
            "Salle Hopper",
            "",
            vec![
                person("Karim Benali", "Conseiller d’orientation", "CIO de Bobigny", "speaker"),
                person("Sarah Lévy", "Animatrice", "Club Seine-Saint-Denis", "moderator"),
            ],
        )?,
        slot(10, 50, 11, 0, "Pause café", "break", "Hall", "", vec![])?,
        slot(
            11,
            0,
            12,
            30,
            "Table ronde : entreprises et écoles, agir ensemble pour la mixité",
            "round-table",
            "Grande salle",
            "",
            vec![
                person("Hélène Roux", "Directrice RSE", "Banque Solidaire", "speaker"),
                person("Moussa Diop", "Principal", "Collège Jean-Jaurès, Bondy", "speaker"),
                person("Julie Perrin", "Responsable du recrutement", "Numéris SA", "speaker"),
                person("Marc Lefèvre", "Journaliste", "Radio Cité", "moderator"),
            ],
        )?,
        slot(
            12,
            30,
            12,
            45,
            "Conclusion institutionnelle",
            "talk",
            "Grande salle",
            "",
            vec![person(
                "Anne Girard",
                "Sous-préfète chargée de la politique de la ville",
                "Préfecture de la Seine-Saint-Denis",
                "speaker",
            )],
        )?,
    ];
    for s in &programme {
        let id = events::add_slot(db, rdv, s).await?;
        if s.kind == "workshop" {
            events::set_slot_capacity(db, id, Some(20)).await?;
        }
    }

    let forum = create(state, clubs, &Demo {
        slug: "forum-alternance-lyon",
        title: "Forum de l’alternance",
        summary: "Rencontrer des entreprises qui recrutent en alternance et préparer son entretien avec des bénévoles.",
        description: "Des entreprises partenaires présentent leurs offres d’alternance ; des bénévoles relisent les CV et simulent des entretiens. Places limitées : **l’événement est complet**, la liste d’attente est ouverte.",
        club: "lyon-metropole",
        day: 10,
        start: (14, 0),
        end: (17, 30),
        place: "Hôtel de la Métropole",
        address: "20 rue du Lac, 69003 Lyon",
        online_url: "",
        theme: "Apprentissage",
        capacity: 20,
        id_required: false,
    })
    .await?;
    let people = [
        ("Lucas Bernard", 2),
        ("Emma Petit", 3),
        ("Yanis Haddad", 1),
        ("Chloé Moreau", 4),
        ("Adam Fontaine", 2),
        ("Léa Garnier", 3),
        ("Nolan Chevalier", 2),
        ("Aya Traoré", 3),
        ("Hugo Lambert", 2),
        ("Sofia Rossi", 1),
    ];
    let bookings: Vec<(i64, NewBooking)> = people
        .iter()
        .enumerate()
        .map(|(i, (name, seats))| {
            let attendees = (0..*seats).map(|k| if k == 0 { name.to_string() } else { format!("{name} (accompagnant {k})") }).collect();
            (
                forum,
                NewBooking {
                    idempotency_key: auth::random_token(),
                    contact_name: name.to_string(),
                    email: format!("participant{i}@demo.essaim.invalid"),
                    seats: *seats,
                    attendees,
                    accessibility: String::new(),
                    ..Default::default()
                },
            )
        })
        .collect();
    for result in events::book_together(state, &bookings, state.now() - 86_400).await? {
        result?;
    }

    let ceremony = create(state, clubs, &Demo {
        slug: "ceremonie-concours-quartiers",
        title: "Cérémonie de remise des prix du concours « Talents des quartiers »",
        summary: "Les quatre lauréats du concours national reçoivent leur prix à la préfecture.",
        description: "La cérémonie se tient dans les salons de la préfecture : **une pièce d’identité sera demandée à l’entrée** (elle est seulement regardée, jamais copiée).",
        club: "fondation",
        day: 35,
        start: (18, 0),
        end: (20, 0),
        place: "Préfecture de la région Hauts-de-France",
        address: "12 rue Jean sans Peur, 59000 Lille",
        online_url: "",
        theme: "Concours",
        capacity: 150,
        id_required: true,
    })
    .await?;
    let question = |position: i64, label: &str, kind: Kind, choices: &[&str], required: bool, show_if: Option<(i64, &str)>| Question {
        id: 0,
        event_id: ceremony,
        position,
        label: label.into(),
        help: String::new(),
        kind,
        choices: choices.iter().map(|c| c.to_string()).collect(),
        required,
        show_if_question: show_if.map(|(q, _)| q),
        show_if_value: show_if.map(|(_, v)| v.to_string()).unwrap_or_default(),
    };
    let cocktail = events::add_question(
        db,
        ceremony,
        &question(1, "Restez-vous au cocktail après la cérémonie ?", Kind::YesNo, &[], true, None),
        state.now(),
    )
    .await?;
    let diet = ["Sans restriction", "Végétarien", "Sans gluten", "Sans porc"];
    events::add_question(
        db,
        ceremony,
        &question(2, "Votre régime alimentaire", Kind::Choice, &diet, false, Some((cocktail, "oui"))),
        state.now(),
    )
    .await?;
    create(
        state,
        clubs,
        &Demo {
            slug: "webinaire-mecenat-competences",
            title: "Webinaire : le mécénat de compétences, mode d’emploi",
            summary: "Une heure pour comprendre comment une entreprise prête des salariés bénévoles au réseau.",
            description: "Convention, assurance, suivi des heures : tout ce qu’il faut savoir avant de se lancer.",
            club: "marseille-provence",
            day: 14,
            start: (12, 30),
            end: (13, 30),
            place: "",
            address: "",
            online_url: "https://visio.exemple.fr/mecenat",
            theme: "Mécénat",
            capacity: 300,
            id_required: false,
        },
    )
    .await?;
    create(
        state,
        clubs,
        &Demo {
            slug: "cloture-promotion-seine-saint-denis",
            title: "Soirée de clôture de la promotion",
            summary: "Les participantes de la promotion présentent leurs projets et reçoivent leur certificat.",
            description: "Merci aux familles, aux bénévoles et aux entreprises partenaires venus nombreux.",
            club: "seine-saint-denis",
            day: -40,
            start: (18, 30),
            end: (21, 0),
            place: "Salle des fêtes de Bondy",
            address: "Place de la République, 93140 Bondy",
            online_url: "",
            theme: "Programmes",
            capacity: 80,
            id_required: false,
        },
    )
    .await?;
    create(
        state,
        clubs,
        &Demo {
            slug: "atelier-cv-lille",
            title: "Atelier CV et lettre de motivation",
            summary: "Des recruteurs bénévoles relisent les CV des jeunes du club.",
            description: "Un atelier en petits groupes, avec des recruteurs d’entreprises partenaires.",
            club: "hauts-de-france",
            day: -12,
            start: (14, 0),
            end: (16, 0),
            place: "Club Hauts-de-France",
            address: "5 rue Nationale, 59000 Lille",
            online_url: "",
            theme: "Emploi",
            capacity: 15,
            id_required: false,
        },
    )
    .await?;
    nearly_full_and_closed(state, clubs).await
}

/// A workshop with few places left and a visit whose registration has closed, so the
/// calendar shows every kind of card.
async fn nearly_full_and_closed(state: &AppState, clubs: &HashMap<String, i64>) -> anyhow::Result<()> {
    let workshop = create(
        state,
        clubs,
        &Demo {
            slug: "atelier-prise-de-parole-marseille",
            title: "Atelier prise de parole en public",
            summary: "Deux heures pour oser parler devant un jury, avec une comédienne et des recruteurs bénévoles.",
            description: "Exercices de voix, de posture et de pitch en petits groupes. Places limitées pour que chacune et chacun passe à l’oral.",
            club: "marseille-provence",
            day: 17,
            start: (14, 0),
            end: (16, 0),
            place: "Club Marseille-Provence",
            address: "12 rue de la République, 13002 Marseille",
            online_url: "",
            theme: "Confiance en soi",
            capacity: 12,
            id_required: false,
        },
    )
    .await?;
    let people = [("Yasmine Haddad", 2), ("Théo Marchand", 1), ("Manon Girard", 3), ("Ilyes Benali", 2)];
    let bookings: Vec<(i64, NewBooking)> = people
        .iter()
        .enumerate()
        .map(|(i, (name, seats))| {
            let attendees = (0..*seats).map(|k| if k == 0 { name.to_string() } else { format!("{name} (accompagnant {k})") }).collect();
            let booking = NewBooking {
                idempotency_key: auth::random_token(),
                contact_name: name.to_string(),
                email: format!("atelier{i}@demo.essaim.invalid"),
                seats: *seats,
                attendees,
                ..Default::default()
            };
            (workshop, booking)
        })
        .collect();
    for result in events::book_together(state, &bookings, state.now() - 2 * 86_400).await? {
        result?;
    }
    let visit = create(
        state,
        clubs,
        &Demo {
            slug: "visite-site-industriel-lyon",
            title: "Visite d’un site industriel",
            summary: "Une matinée dans les ateliers d’une entreprise partenaire, à la découverte des métiers de la maintenance.",
            description: "Le groupe est constitué : les inscriptions ont fermé une semaine avant la visite, pour les badges d’accès au site.",
            club: "lyon-metropole",
            day: 5,
            start: (9, 0),
            end: (12, 0),
            place: "Site industriel partenaire",
            address: "Vénissieux",
            online_url: "",
            theme: "Industrie",
            capacity: 25,
            id_required: true,
        },
    )
    .await?;
    if let Some(event) = events::get_event(&state.db, visit).await? {
        let input = EventInput { registration_closes_at: Some(at(state, -2, 18, 0)?), ..event.to_input() };
        events::update_event(state, visit, &input, state.now()).await?;
    }
    Ok(())
}
