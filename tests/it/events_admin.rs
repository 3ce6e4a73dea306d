//! The organisers' back office for events, on the demo network (SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set): who may manage what, the event form and its checks, the
//! capacity through `events::set_capacity`, registrations and their exports, the attendance
//! sheet, and messages sent once.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, extract_csrf};
use essaim::core::auth::Role;
use essaim::modules::events::{self, EventInput, NewBooking, Outcome};

const SSD: &str = "seine-saint-denis";
const LYON: &str = "lyon-metropole";

async fn club_id(app: &TestApp, slug: &str) -> i64 {
    essaim::modules::network::get_club_by_slug(&app.state.db, slug).await.unwrap().unwrap().id
}

/// A published event of `club` starting in a week.
async fn event(app: &TestApp, slug: &str, club: &str, capacity: i64) -> i64 {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: format!("Atelier {slug}"),
        club_id: Some(club_id(app, club).await),
        starts_at: now + 7 * 86_400,
        ends_at: now + 7 * 86_400 + 7200,
        place_name: "Maison des associations".into(),
        capacity,
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

async fn book(app: &TestApp, event_id: i64, names: &[&str]) -> Outcome {
    let b = NewBooking {
        idempotency_key: essaim::core::auth::random_token(),
        contact_name: names[0].into(),
        email: format!("{}@exemple.fr", essaim::core::markup::slugify(names[0])),
        seats: names.len() as i64,
        attendees: names.iter().map(|n| n.to_string()).collect(),
        accessibility: String::new(),
        ..Default::default()
    };
    events::register(&app.state, event_id, &b, app.state.now()).await.unwrap().1
}

async fn organiser(app: &TestApp, email: &str, club: &str) -> reqwest::Client {
    app.user(email, Role::Editor, Some(club)).await;
    app.session_client(email).await
}

async fn get(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(app.state.db.pool()).await.unwrap()
}

/// The event form's fields, all valid; `over` replaces some.
fn event_form<'a>(csrf: &'a str, club: &'a str, over: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("csrf", csrf),
        ("title", "Forum de l’emploi à Saint-Denis"),
        ("slug", ""),
        ("summary", "Rencontres avec des recruteurs"),
        ("description", "Un **forum**"),
        ("club_id", club),
        ("starts_at", "2031-03-12T09:00"),
        ("ends_at", "2031-03-12T12:30"),
        ("place_name", "Bourse du travail"),
        ("address", "9-11 rue Génin, 93200 Saint-Denis"),
        ("online_url", ""),
        ("theme", "Emploi"),
        ("capacity", "40"),
        ("opens_at", ""),
        ("closes_at", ""),
        ("waitlist", "offer"),
        ("offer_hours", "24"),
        ("partner_seats", "5"),
        ("contact_email", "orga@exemple.fr"),
        ("reminder_hours", "48"),
        ("retention_days", "90"),
        ("status", "published"),
    ];
    for (k, v) in over {
        f.retain(|(fk, _)| fk != k);
        f.push((k, v));
    }
    f
}

#[tokio::test]
async fn only_the_clubs_organisers_and_network_admins_manage_an_event() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "atelier-cv", SSD, 10).await;
    let other = event(&app, "atelier-lyon", LYON, 10).await;

    // Anonymous: to the sign-in page, then back.
    for path in ["/admin/evenements".to_string(), format!("/admin/evenements/{id}"), format!("/admin/evenements/{id}/inscriptions")] {
        let r = app.get(&path).await;
        assert_eq!(r.status().as_u16(), 303, "{path}");
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/admin/connexion"), "{path}");
    }

    // An editor of another club: 403 on every page of the event, and it is not listed.
    let lyon = organiser(&app, "lyon@exemple.fr", LYON).await;
    for path in [
        format!("/admin/evenements/{id}"),
        format!("/admin/evenements/{id}/inscriptions"),
        format!("/admin/evenements/{id}/inscriptions.csv"),
        format!("/admin/evenements/{id}/inscriptions.xlsx"),
        format!("/admin/evenements/{id}/emargement.pdf"),
        format!("/admin/evenements/{id}/messages"),
    ] {
        assert_eq!(get(&app, &lyon, &path).await.0, 403, "{path}");
    }
    let csrf = app.csrf(&lyon, "/admin/evenements/nouveau").await;
    let ssd_id = club_id(&app, SSD).await.to_string();
    let r = lyon.post(app.url(&format!("/admin/evenements/{id}"))).form(&event_form(&csrf, &ssd_id, &[])).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let (status, list) = get(&app, &lyon, "/admin/evenements").await;
    assert_eq!(status, 200);
    assert!(list.contains("Atelier atelier-lyon") && !list.contains("Atelier atelier-cv"));
    // Nor may they put an event in a club that is not theirs.
    let r = lyon.post(app.url("/admin/evenements/nouveau")).form(&event_form(&csrf, &ssd_id, &[])).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);

    // The club's organiser and a network administrator may.
    let ssd = organiser(&app, "ssd@exemple.fr", SSD).await;
    assert_eq!(get(&app, &ssd, &format!("/admin/evenements/{id}")).await.0, 200);
    assert_eq!(get(&app, &ssd, &format!("/admin/evenements/{other}")).await.0, 403);
    app.user("reseau@exemple.fr", Role::NetworkAdmin, None).await;
    let admin = app.session_client("reseau@exemple.fr").await;
    for e in [id, other] {
        assert_eq!(get(&app, &admin, &format!("/admin/evenements/{e}")).await.0, 200);
        assert_eq!(get(&app, &admin, &format!("/admin/evenements/{e}/inscriptions")).await.0, 200);
        assert_eq!(get(&app, &admin, &format!("/admin/evenements/{e}/messages")).await.0, 200);
    }
    assert_eq!(get(&app, &admin, "/admin/evenements/999999").await.0, 404);
    // A member is no organiser.
    app.user("membre@exemple.fr", Role::Member, Some(SSD)).await;
    let member = app.session_client("membre@exemple.fr").await;
    assert_eq!(get(&app, &member, &format!("/admin/evenements/{id}")).await.0, 403);
}

#[tokio::test]
async fn a_form_with_errors_keeps_what_was_typed_and_writes_nothing() {
    let app = TestApp::spawn_demo().await;
    let c = organiser(&app, "ssd@exemple.fr", SSD).await;
    let csrf = app.csrf(&c, "/admin/evenements/nouveau").await;
    let club = club_id(&app, SSD).await.to_string();
    let before = count(&app, "SELECT COUNT(*) FROM events").await;
    let bad = event_form(
        &csrf,
        &club,
        &[
            ("ends_at", "2031-03-12T08:00"),
            ("partner_seats", "41"),
            ("contact_email", "pas une adresse"),
            ("title", "Forum <b>Égalité</b>"),
        ],
    );
    let r = c.post(app.url("/admin/evenements/nouveau")).form(&bad).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("La fin doit être après le début."));
    assert!(page.contains("Saisissez un nombre entre 0 et le nombre de places."));
    assert!(page.contains("Saisissez une adresse e-mail valable"));
    assert!(page.contains("href=\"#f-ends_at\"") && page.contains("id=\"f-ends_at-error\""));
    // What was typed is kept (escaped).
    assert!(
        page.contains("value=\"Forum &#60;b&#62;Égalité&#60;/b&#62;\"") || page.contains("value=\"Forum &lt;b&gt;Égalité&lt;/b&gt;\""),
        "title kept"
    );
    assert!(page.contains("value=\"pas une adresse\""));
    assert!(page.contains("value=\"2031-03-12T08:00\""));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM events").await, before);

    // A good form creates the event; the slug comes from the title.
    let r = c.post(app.url("/admin/evenements/nouveau")).form(&event_form(&csrf, &club, &[])).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let e = events::get_event_by_slug(&app.state.db, "forum-de-l-emploi-a-saint-denis").await.unwrap().expect("created");
    assert_eq!(e.capacity, 40);
    assert_eq!(e.offer_hours, Some(24));
    assert_eq!(e.partner_seats, 5);
    assert_eq!(e.contact_email, "orga@exemple.fr");
    assert_eq!(e.status, "published");
    // Paris time: 09:00 in March is 08:00 UTC.
    assert_eq!(jiff::Timestamp::from_second(e.starts_at).unwrap().to_string(), "2031-03-12T08:00:00Z");
    assert!(!e.partner_code.is_empty());
    let (_, page) = get(&app, &c, &format!("/admin/evenements/{}", e.id)).await;
    assert!(page.contains(&format!("/evenements/{}?partenaire={}", e.slug, e.partner_code)), "partner link shown");
    // The same slug again: a clear error at the slug field.
    let r = c.post(app.url("/admin/evenements/nouveau")).form(&event_form(&csrf, &club, &[])).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-slug-error\""));
    // Listed, upcoming.
    let (_, list) = get(&app, &c, "/admin/evenements").await;
    assert!(list.contains("Forum de l’emploi à Saint-Denis") && list.contains("0 / 40"));
}

#[tokio::test]
async fn the_capacity_goes_through_set_capacity() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "atelier-capacite", SSD, 3).await;
    assert_eq!(book(&app, id, &["Awa Diallo", "Léo Martin"]).await, Outcome::Confirmed);
    assert_eq!(book(&app, id, &["Inès Benali"]).await, Outcome::Confirmed);
    assert_eq!(book(&app, id, &["Zoé Petit", "Hugo Petit"]).await, Outcome::Waiting(1));
    let c = organiser(&app, "ssd@exemple.fr", SSD).await;
    let csrf = app.csrf(&c, &format!("/admin/evenements/{id}")).await;
    let club = club_id(&app, SSD).await.to_string();
    let path = format!("/admin/evenements/{id}");

    // Below the confirmed seats: refused at the capacity field, nothing else saved.
    let form =
        event_form(&csrf, &club, &[("slug", "atelier-capacite"), ("title", "Nouveau titre"), ("capacity", "2"), ("partner_seats", "0")]);
    let r = c.post(app.url(&path)).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"f-capacity-error\""));
    assert!(page.contains("value=\"Nouveau titre\""));
    let e = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((e.capacity, e.title.as_str()), (3, "Atelier atelier-capacite"));

    // More seats: the waiting list is confirmed in the same change, and the rest is saved.
    let form =
        event_form(&csrf, &club, &[("slug", "atelier-capacite"), ("title", "Nouveau titre"), ("capacity", "5"), ("partner_seats", "0")]);
    let r = c.post(app.url(&path)).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let e = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((e.capacity, e.registered, e.waiting, e.title.as_str()), (5, 5, 0, "Nouveau titre"));
    let t = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!((t.counter, t.confirmed_seats), (5, 5));
    assert!(events::check_counters(&app.state.db).await.unwrap().is_empty());
    // The form also switched the waiting list to offers with a deadline: saved in the same
    // transaction, so the freed places are offered (held), not confirmed outright.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox WHERE dedup_key LIKE 'registration:%:offered'").await, 1);
}

#[tokio::test]
async fn registrations_their_exports_and_the_attendance_sheet() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "atelier-export", SSD, 3).await;
    book(&app, id, &["Élodie Zéphyr", "=HYPERLINK(\"http://x\")"]).await;
    book(&app, id, &["Awa Diallo"]).await;
    book(&app, id, &["Zoé Attente"]).await;
    let db = app.state.db.pool();
    let q = crate::common::add_question(&app, id, "Régime alimentaire", "choice", "Aucun\nVégétarien", false, None).await;
    let awa: i64 = sqlx::query_scalar("SELECT id FROM registrations WHERE contact_name = 'Awa Diallo'").fetch_one(db).await.unwrap();
    crate::common::set_answer(&app, id, awa, q, essaim::core::forms::Answer::Choice("Végétarien".into())).await;
    sqlx::query("UPDATE registrations SET accessibility = 'Fauteuil roulant' WHERE id = $1").bind(awa).execute(db).await.unwrap();

    let c = organiser(&app, "ssd@exemple.fr", SSD).await;
    let (status, page) = get(&app, &c, &format!("/admin/evenements/{id}/inscriptions")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Élodie Zéphyr") && page.contains("Zoé Attente"));
    assert!(page.contains("Fauteuil roulant") && page.contains("Besoin signalé"));
    assert!(page.contains("Régime alimentaire") && page.contains("Végétarien"));
    assert!(page.contains("/admin/evenements/") && page.contains("/accueil"), "links the check-in page");
    let (_, waiting) = get(&app, &c, &format!("/admin/evenements/{id}/inscriptions?statut=waiting")).await;
    assert!(waiting.contains("Zoé Attente") && !waiting.contains("Awa Diallo"));

    // CSV: BOM, ';', one row per attendee, answers, formulas neutralised.
    let r = c.get(app.url(&format!("/admin/evenements/{id}/inscriptions.csv"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("inscriptions-atelier-export.csv"));
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.lines().next().unwrap().contains(";Régime alimentaire"));
    assert_eq!(csv.lines().count(), 5, "a header and four attendees");
    assert!(csv.contains("Élodie Zéphyr") && csv.contains("Végétarien") && csv.contains("Fauteuil roulant"));
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "formula neutralised: {csv}");
    assert!(!csv.contains(";=HYPERLINK"));

    // XLSX: a zip (the workbook) named after the event.
    let r = c.get(app.url(&format!("/admin/evenements/{id}/inscriptions.xlsx"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("inscriptions-atelier-export.xlsx"));
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
    assert!(strings.contains("Élodie Zéphyr") && strings.contains("Végétarien") && strings.contains("Régime alimentaire"));

    // The attendance sheet: confirmed attendees, sorted with accents ignored.
    let r = c.get(app.url(&format!("/admin/evenements/{id}/emargement.pdf"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let text = String::from_utf8_lossy(&pdf).to_lowercase();
    // Names with accents are written as hex strings of their WinAnsi bytes.
    let hex = |s: &str| format!("<{}>", s.chars().map(|c| format!("{:02x}", c as u32)).collect::<String>());
    let (a, e) = (text.find("(awa diallo)").expect("Awa"), text.find(&hex("Élodie Zéphyr")).expect("Élodie"));
    assert!(a < e, "Awa before Élodie");
    assert!(!text.contains(&hex("Zoé Attente")), "waiting people are not on the sheet");

    // The organiser cancels a booking (confirm step, then POST): the waiting list moves up.
    let confirm = format!("/admin/evenements/{id}/inscriptions/{awa}/annuler");
    let (status, page) = get(&app, &c, &confirm).await;
    assert_eq!(status, 200);
    let csrf = extract_csrf(&page).unwrap();
    let r = c.post(app.url(&confirm)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let status: String = sqlx::query_scalar("SELECT status FROM registrations WHERE id = $1").bind(awa).fetch_one(db).await.unwrap();
    assert_eq!(status, "cancelled");
    let zoe: String =
        sqlx::query_scalar("SELECT status FROM registrations WHERE contact_name = 'Zoé Attente'").fetch_one(db).await.unwrap();
    assert_eq!(zoe, "confirmed");
    assert!(events::check_counters(&app.state.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_message_sent_twice_goes_once_to_each_booking() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "atelier-message", SSD, 2).await;
    book(&app, id, &["Awa Diallo"]).await;
    book(&app, id, &["Léo Martin"]).await;
    book(&app, id, &["Zoé Attente"]).await;
    let c = organiser(&app, "ssd@exemple.fr", SSD).await;
    let path = format!("/admin/evenements/{id}/messages");
    let (_, page) = get(&app, &c, &path).await;
    let csrf = extract_csrf(&page).unwrap();
    let i = page.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    let key = page[i..i + page[i..].find('"').unwrap()].to_string();

    // Errors are shown beside the fields, what was typed is kept, nothing is sent.
    let r = c
        .post(app.url(&path))
        .form(&[("csrf", csrf.as_str()), ("key", key.as_str()), ("audience", "all"), ("subject", ""), ("body", "Texte gardé")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"f-subject-error\"") && page.contains("Texte gardé"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM event_messages").await, 0);

    let form = [
        ("csrf", csrf.as_str()),
        ("key", key.as_str()),
        ("audience", "all"),
        ("subject", "Changement de salle"),
        ("body", "Rendez-vous salle 2."),
    ];
    for _ in 0..2 {
        let r = c.post(app.url(&path)).form(&form).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 303);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM event_messages").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox WHERE dedup_key LIKE 'event-message:%'").await, 3);
    let to: Vec<String> =
        sqlx::query_scalar("SELECT to_address FROM mail_outbox WHERE dedup_key LIKE 'event-message:%' ORDER BY to_address")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(to, vec!["awa-diallo@exemple.fr", "leo-martin@exemple.fr", "zoe-attente@exemple.fr"]);
    let (_, page) = get(&app, &c, &path).await;
    assert!(page.contains("Changement de salle") && page.contains("<td>3</td>"));

    // A new form (a new key) to the confirmed only: two more.
    let (_, page) = get(&app, &c, &path).await;
    let i = page.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    let key2 = page[i..i + page[i..].find('"').unwrap()].to_string();
    let form = [("csrf", csrf.as_str()), ("key", key2.as_str()), ("audience", "confirmed"), ("subject", "Rappel"), ("body", "À demain.")];
    c.post(app.url(&path)).form(&form).send().await.unwrap();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox WHERE dedup_key LIKE 'event-message:%'").await, 5);
}

#[tokio::test]
async fn the_questions_editor_checks_choices_conditions_and_the_maximum() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "atelier-questions", SSD, 10).await;
    let other = event(&app, "atelier-autre", SSD, 10).await;
    let c = organiser(&app, "ssd@exemple.fr", SSD).await;
    let path = format!("/admin/evenements/{id}/questions");
    let csrf = app.csrf(&c, &path).await;
    let post = |form: Vec<(&'static str, String)>, to: String| {
        let c = c.clone();
        let url = app.url(&to);
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let q = |label: &str, kind: &str, choices: &str, cond: &str, value: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("label", label.to_string()),
            ("help", String::new()),
            ("kind", kind.to_string()),
            ("choices", choices.to_string()),
            ("required", "1".to_string()),
            ("show_if_question", cond.to_string()),
            ("show_if_value", value.to_string()),
        ]
    };
    let n = |app: &TestApp| {
        let db = app.state.db.clone();
        async move { events::questions::list(&db, id).await.unwrap().len() as i64 }
    };

    // A choice with one option: refused beside the field, kept, nothing written.
    let r = post(q("Votre repas", "choice", "Végétarien\n", "", ""), path.clone()).await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"f-choices-error\"") && page.contains("value=\"Votre repas\"") && page.contains(">Végétarien\n</textarea>"));
    assert_eq!(n(&app).await, 0);

    // Good ones.
    let r = post(q("Déjeunez-vous sur place ?", "yesno", "", "", ""), path.clone()).await;
    assert_eq!(r.status().as_u16(), 303);
    let first: i64 = events::questions::list(&app.state.db, id).await.unwrap()[0].id;
    let r = post(q("Votre repas", "choice", "Végétarien\nSans porc", &first.to_string(), "oui"), path.clone()).await;
    assert_eq!(r.status().as_u16(), 303);
    let second: i64 = events::questions::list(&app.state.db, id).await.unwrap().iter().find(|q| q.id != first).unwrap().id;
    let list = events::questions::list(&app.state.db, id).await.unwrap();
    assert_eq!(list.iter().map(|q| q.label.as_str()).collect::<Vec<_>>(), vec!["Déjeunez-vous sur place ?", "Votre repas"]);
    assert_eq!((list[1].show_if_question, list[1].choices.len()), (Some(first), 2));

    // A condition on a later question, or on another event's question: refused.
    let r = post(q("Déjeunez-vous sur place ?", "yesno", "", &second.to_string(), "Végétarien"), format!("{path}/{first}")).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-show_if_question-error\""));
    let foreign = crate::common::add_question(&app, other, "Autre", "text", "", false, None).await;
    let r = post(q("Une autre", "text", "", &foreign.to_string(), "x"), path.clone()).await;
    assert_eq!(r.status().as_u16(), 422);
    assert_eq!(n(&app).await, 2);

    // Moving the dependent question above the one it depends on is refused; down is fine
    // for the other way round only when allowed.
    let r = c.post(app.url(&format!("{path}/{second}/monter"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("ok=refused"));
    let r = post(q("Venez-vous accompagné ?", "yesno", "", "", ""), path.clone()).await;
    assert_eq!(r.status().as_u16(), 303);
    let third = events::questions::list(&app.state.db, id).await.unwrap()[2].id;
    c.post(app.url(&format!("{path}/{third}/monter"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    let order: Vec<i64> = events::questions::list(&app.state.db, id).await.unwrap().iter().map(|q| q.id).collect();
    assert_eq!(order, vec![first, third, second]);

    // Delete (confirm step): the condition on it goes too.
    assert_eq!(get(&app, &c, &format!("{path}/{first}/supprimer")).await.0, 200);
    let r = c.post(app.url(&format!("{path}/{first}/supprimer"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let list = events::questions::list(&app.state.db, id).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|q| q.show_if_question.is_none()));

    // At most MAX_QUESTIONS.
    for _ in list.len()..events::questions::MAX_QUESTIONS {
        crate::common::add_question(&app, id, "Q", "text", "", false, None).await;
    }
    let r = post(q("Une de trop", "text", "", "", ""), path.clone()).await;
    assert_eq!(r.status().as_u16(), 422);
    assert_eq!(n(&app).await, events::questions::MAX_QUESTIONS as i64);
    // Another club's editor may not touch them.
    let lyon = organiser(&app, "lyon@exemple.fr", LYON).await;
    assert_eq!(get(&app, &lyon, &path).await.0, 403);
}

#[tokio::test]
async fn the_programme_editor_keeps_workshop_seats() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "atelier-programme", SSD, 20).await;
    let c = organiser(&app, "ssd@exemple.fr", SSD).await;
    let path = format!("/admin/evenements/{id}/programme");
    let csrf = app.csrf(&c, &path).await;
    let slot = |title: &'static str, capacity: &'static str, speakers: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("title", title.to_string()),
            ("starts_at", "2031-03-12T10:00".to_string()),
            ("ends_at", "2031-03-12T11:00".to_string()),
            ("room", "Salle 2".to_string()),
            ("kind", "workshop".to_string()),
            ("capacity", capacity.to_string()),
            ("description", String::new()),
            ("speakers", speakers.to_string()),
            ("moderators", "Léa Roux ; Animatrice".to_string()),
        ]
    };
    // A line with too many parts: refused beside the field, kept, nothing written.
    let r = c.post(app.url(&path)).form(&slot("Atelier CV", "12", "A ; B ; C ; D")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"f-speakers-error\"") && page.contains("value=\"Atelier CV\""));
    let before = count(&app, &format!("SELECT COUNT(*) FROM event_slots WHERE event_id = {id}")).await;
    assert_eq!(before, 0);

    let r =
        c.post(app.url(&path)).form(&slot("Atelier CV", "12", "Awa Diallo ; Directrice ; Fondation X\nLéo Martin")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let slot_id: i64 =
        sqlx::query_scalar("SELECT id FROM event_slots WHERE event_id = $1").bind(id).fetch_one(app.state.db.pool()).await.unwrap();
    let people: Vec<(String, String, String, String)> =
        sqlx::query("SELECT name, title, organisation, role FROM slot_people WHERE slot_id = $1 ORDER BY position")
            .bind(slot_id)
            .fetch_all(app.state.db.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| {
                use sqlx::Row;
                (r.get(0), r.get(1), r.get(2), r.get(3))
            })
            .collect();
    assert_eq!(people[0], ("Awa Diallo".into(), "Directrice".into(), "Fondation X".into(), "speaker".into()));
    assert_eq!((people[1].0.as_str(), people[2].0.as_str(), people[2].3.as_str()), ("Léo Martin", "Léa Roux", "moderator"));
    // The public page shows the programme.
    let (_, public) = app.get_text("/evenements/atelier-programme").await;
    assert!(public.contains("Atelier CV") && public.contains("Awa Diallo"));
    struct S {
        id: i64,
    }
    let s = &S { id: slot_id };

    // Seats taken in the workshop: its capacity never goes below them, and it is kept.
    sqlx::query("UPDATE event_slots SET registered = 5 WHERE id = $1").bind(s.id).execute(app.state.db.pool()).await.unwrap();
    let r = c.post(app.url(&format!("{path}/{}", s.id))).form(&slot("Atelier CV (complet)", "4", "Awa Diallo")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-capacity-error\""));
    let cap: Option<i64> =
        sqlx::query_scalar("SELECT capacity FROM event_slots WHERE id = $1").bind(s.id).fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(cap, Some(12));
    let r = c.post(app.url(&format!("{path}/{}", s.id))).form(&slot("Atelier CV", "5", "Awa Diallo")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let r = c.post(app.url(&format!("{path}/{}/supprimer", s.id))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("ok=kept"));
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM event_slots WHERE event_id = {id}")).await, 1);
    let (status, page) = get(&app, &c, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains("5 / 5"));
}
