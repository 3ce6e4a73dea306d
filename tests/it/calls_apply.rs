//! What applicants get (issue 14): the public list in its order (open, closed, results), a
//! call's page, applying through an access link over several visits, the organisation's
//! numbers checked next to their fields, the deadline held at the second with the injected
//! clock, a double submission that is one application and one receipt, withdrawing before the
//! deadline only, and the districts' CSV import with its report. Both databases.

use essaim::core::auth::Role;
use essaim::modules::calls::{self, CallInput, CategoryInput};
use sqlx::Row;

use crate::common::calls::siret;
use crate::common::{TestApp, extract_csrf};

const DAY: i64 = 86_400;

/// A published call closing at `closes_at`, with one category; its id.
async fn call(app: &TestApp, slug: &str, title: &str, opens_at: i64, closes_at: i64) -> i64 {
    let mut tx = app.state.db.begin().await.unwrap();
    let id = calls::insert_call(
        &mut tx,
        &CallInput {
            slug: slug.into(),
            kind: "call".into(),
            title: title.into(),
            summary: format!("Résumé de {title}"),
            rules: "Un **seul** projet par organisation.".into(),
            eligibility: "Associations loi 1901.".into(),
            status: "published".into(),
            opens_at,
            closes_at,
            ..Default::default()
        },
        None,
        opens_at,
    )
    .await
    .unwrap();
    calls::insert_category(&mut tx, id, &CategoryInput { name: "Emploi".into(), prize: "5 000 €".into(), ..Default::default() })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    app.state.pages.changed_all(&app.state.db).await;
    id
}

async fn category_of(app: &TestApp, call_id: i64) -> i64 {
    calls::categories(&app.state.db, call_id).await.unwrap()[0].id
}

/// The newest access-link e-mail sent to `email`: its token.
async fn link_token(app: &TestApp, email: &str) -> String {
    let row = sqlx::query(
        "SELECT text_body FROM mail_outbox WHERE to_address = $1 AND dedup_key LIKE 'call-application:%:link:%' ORDER BY id DESC",
    )
    .bind(email.to_string())
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    let text: String = row.try_get(0).unwrap();
    let i = text.find("/appels/candidature/").expect("the link is in the e-mail") + "/appels/candidature/".len();
    text[i..].split_whitespace().next().unwrap().to_string()
}

/// Ask for a link ("Candidater") as an anonymous visitor; the token from the e-mail.
async fn start(app: &TestApp, slug: &str, email: &str) -> String {
    let (status, page) = app.get_text(&format!("/appels/{slug}/candidater")).await;
    assert_eq!(status, 200);
    let csrf = extract_csrf(&page).unwrap();
    let r = app.post_form(&format!("/appels/{slug}/candidater"), &[("csrf", &csrf), ("email", email), ("name", "Camille Martin")]).await;
    assert_eq!(r.status().as_u16(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("Consultez votre messagerie"), "{body}");
    link_token(app, email).await
}

/// A complete application's fields.
fn complete(category: i64) -> Vec<(&'static str, String)> {
    vec![
        ("org_name", "Les Jardins Partagés".into()),
        ("org_legal_form", "association".into()),
        ("org_siret", siret(42)),
        ("org_rna", String::new()),
        ("org_address", "3 rue des Lilas".into()),
        ("org_postcode", "75019".into()),
        ("org_town", "Paris".into()),
        ("contact_name", "Camille Martin".into()),
        ("contact_phone", "01 23 45 67 89".into()),
        ("project_title", "Un jardin au pied des tours".into()),
        ("summary", "Des potagers cultivés par les habitants.".into()),
        ("category_id", category.to_string()),
        ("district", "other".into()),
        ("district_other", "Quartier de la Gare".into()),
        ("reached_other", "Belleville\nLa Villette".into()),
    ]
}

/// Send the application's form (`action`: save or submit) through `client`.
async fn send(app: &TestApp, client: &reqwest::Client, token: &str, fields: &[(&str, String)], action: &str) -> reqwest::Response {
    let path = format!("/appels/candidature/{token}");
    let page = client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&page).expect("the page has a form");
    let mut form: Vec<(&str, String)> = fields.to_vec();
    form.push(("csrf", csrf));
    form.push(("action", action.into()));
    client.post(app.url(&path)).form(&form).send().await.unwrap()
}

async fn status_of(app: &TestApp, token: &str) -> (String, Option<String>) {
    let id: i64 = token.split('.').next().unwrap().parse().unwrap();
    let row =
        sqlx::query("SELECT a.status, a.reference FROM call_applications a JOIN access_links l ON l.subject_id = a.id WHERE l.id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    (row.try_get(0).unwrap(), row.try_get(1).unwrap())
}

async fn mails_like(app: &TestApp, pattern: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE dedup_key LIKE $1")
        .bind(pattern.to_string())
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_list_shows_open_then_closed_then_results_and_hides_drafts() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    call(&app, "clos", "Appel clos", now - 60 * DAY, now - DAY).await;
    let with_results = call(&app, "resultats", "Appel avec résultats", now - 90 * DAY, now - 30 * DAY).await;
    call(&app, "ouvert", "Appel ouvert", now - DAY, now + 30 * DAY).await;
    let mut tx = app.state.db.begin().await.unwrap();
    calls::insert_call(
        &mut tx,
        &CallInput {
            slug: "brouillon".into(),
            kind: "call".into(),
            title: "Appel brouillon".into(),
            status: "draft".into(),
            opens_at: now - DAY,
            closes_at: now + DAY,
            ..Default::default()
        },
        None,
        now,
    )
    .await
    .unwrap();
    sqlx::query("INSERT INTO call_results (call_id, version, body, fingerprint, published_at) VALUES ($1, 1, '{}', 'x', $2)")
        .bind(with_results)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    app.state.pages.changed_all(&app.state.db).await;

    let (status, page) = app.get_text("/appels").await;
    assert_eq!(status, 200);
    let open = page.find("Appel ouvert").expect("open call listed");
    let closed = page.find("Appel clos").expect("closed call listed");
    let results = page.find("Appel avec résultats").expect("call with results listed");
    assert!(open < closed && closed < results, "open, closed, results");
    assert!(!page.contains("Appel brouillon"));
    assert_eq!(app.get_text("/appels/brouillon").await.0, 404);
    assert_eq!(app.get_text("/appels/nulle-part").await.0, 404);

    // The open call's page: rules in Markdown, the category, the deadline in words, "Candidater".
    let (status, page) = app.get_text("/appels/ouvert").await;
    assert_eq!(status, 200);
    assert!(page.contains("<strong>seul</strong>"), "rules through Markdown");
    assert!(page.contains("Emploi") && page.contains("5 000 €"));
    assert!(page.contains("Clôture le ") && page.contains("(heure de Paris)"), "deadline in words");
    assert!(page.contains("href=\"/appels/ouvert/candidater\""));
    let (_, page) = app.get_text("/appels/clos").await;
    assert!(page.contains("Clos depuis le ") && !page.contains("/candidater\""));
    let (_, page) = app.get_text("/appels/resultats").await;
    assert!(page.contains("href=\"/appels/resultats/resultats\""));
}

#[tokio::test]
async fn a_draft_over_two_visits_keeps_everything_and_siret_errors_are_french_next_to_the_field() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    let id = call(&app, "jardins", "Jardins solidaires", now - DAY, now + 30 * DAY).await;
    let category = category_of(&app, id).await;
    let mut tx = app.state.db.begin().await.unwrap();
    let district = calls::upsert_district(&mut tx, Some("QN07501M"), "Les Orgues de Flandre", "Paris", true, now).await.unwrap();
    tx.commit().await.unwrap();
    let token = start(&app, "jardins", "camille@asso.example").await;

    // First visit: part of the form, saved as a draft.
    let first = vec![
        ("org_name", "Les Jardins Partagés".to_string()),
        ("org_siret", "732 829 320 00075".to_string()),
        ("district", district.to_string()),
        ("reached", district.to_string()),
        ("reached_other", "Belleville".to_string()),
    ];
    let r = send(&app, &app.client, &token, &first, "save").await;
    assert_eq!(r.status().as_u16(), 303);
    // Second visit (another client, same link): everything is there, the page is never kept.
    let other = app.same_visitor();
    let r = other.get(app.url(&format!("/appels/candidature/{token}"))).send().await.unwrap();
    assert_eq!(r.headers().get("cache-control").unwrap(), "no-store");
    let page = r.text().await.unwrap();
    assert!(page.contains("value=\"Les Jardins Partagés\""));
    assert!(page.contains("value=\"732 829 320 00075\""));
    assert!(page.contains(&format!("value=\"{district}\" selected")));
    assert!(page.contains(&format!("name=\"reached\" value=\"{district}\" checked")));
    assert!(page.contains("Belleville"));
    assert!(page.contains("quartier prioritaire"));
    assert_eq!(status_of(&app, &token).await.0, "draft");

    // Submitting with a SIRET whose key is wrong: 422, the French message next to the field,
    // the typed value kept, the summary at the top.
    let mut fields = complete(category);
    fields.retain(|(k, _)| *k != "org_siret");
    fields.push(("org_siret", "732 829 320 00075".into()));
    let r = send(&app, &other, &token, &fields, "submit").await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"app-org_siret-error\">Ce SIRET n’existe pas"), "error next to the field");
    assert!(page.contains("value=\"732 829 320 00075\""), "typed value kept");
    assert!(page.contains("id=\"erreurs\""));
    assert!(page.contains("href=\"#app-org_siret\""));
    // An RNA that is not W + 9 digits, and neither number: each says so.
    let mut fields = complete(category);
    fields.retain(|(k, _)| *k != "org_siret" && *k != "org_rna");
    fields.push(("org_siret", String::new()));
    fields.push(("org_rna", "W12345".into()));
    let page = send(&app, &other, &token, &fields, "submit").await.text().await.unwrap();
    assert!(page.contains("id=\"app-org_rna-error\">Le numéro RNA s’écrit W suivi de 9 chiffres"));
    assert!(page.contains("value=\"W12345\""));
    fields.retain(|(k, _)| *k != "org_rna");
    let page = send(&app, &other, &token, &fields, "submit").await.text().await.unwrap();
    assert!(page.contains("id=\"app-org_siret-error\">Indiquez le SIRET"));
    assert_eq!(status_of(&app, &token).await.0, "draft");

    // An association may give its RNA only.
    fields.push(("org_rna", "w751234567".into()));
    let r = send(&app, &other, &token, &fields, "submit").await;
    assert_eq!(r.status().as_u16(), 303);
    let (status, reference) = status_of(&app, &token).await;
    assert_eq!(status, "submitted");
    assert_eq!(reference.as_deref(), Some(format!("A{id}-0001").as_str()));
    let stored = calls::store_applications_for_tests(&app.state.db, id).await;
    assert_eq!(stored[0].fields.org_rna, "W751234567");
    assert_eq!(stored[0].fields.district_other, "Quartier de la Gare");
    let page = other.get(app.url(&format!("/appels/candidature/{token}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("référence A{id}-0001")));
    assert!(page.contains("En cours d’examen"));
}

#[tokio::test]
async fn the_deadline_holds_at_the_second() {
    let app = TestApp::spawn().await;
    let t0 = app.state.now();
    let closes = t0 + 10 * DAY;
    let id = call(&app, "delai", "Appel au délai", t0 - DAY, closes).await;
    let category = category_of(&app, id).await;
    let early = start(&app, "delai", "tot@asso.example").await;
    let late = start(&app, "delai", "tard@asso.example").await;

    // One second before the deadline: accepted.
    app.state.clock.set(closes - 1);
    let r = send(&app, &app.client, &early, &complete(category), "submit").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(status_of(&app, &early).await.0, "submitted");

    // At the deadline: refused with a clear page (409), the draft kept.
    app.state.clock.set(closes);
    let mut fields = complete(category);
    fields.retain(|(k, _)| *k != "project_title");
    fields.push(("project_title", "Projet arrivé trop tard".into()));
    let r = send(&app, &app.client, &late, &fields, "submit").await;
    assert_eq!(r.status().as_u16(), 409);
    let page = r.text().await.unwrap();
    assert!(page.contains("Trop tard"), "the page says why");
    assert!(page.contains("votre brouillon est conservé"));
    assert!(page.contains("value=\"Projet arrivé trop tard\""), "what was typed is shown");
    assert!(!page.contains("value=\"submit\""), "no submit button any more");
    assert_eq!(status_of(&app, &late).await.0, "draft");
    let stored = calls::store_applications_for_tests(&app.state.db, id).await;
    let draft = stored.iter().find(|a| a.email == "tard@asso.example").unwrap();
    assert_eq!(draft.fields.project_title, "Projet arrivé trop tard", "the draft is kept");
    assert_eq!(draft.reference, None);
    // Coming back later, the page says the call is closed and the draft kept.
    let (_, page) = app.get_text(&format!("/appels/candidature/{late}")).await;
    assert!(page.contains("L’appel est clos depuis le"));
    // And "Candidater" no longer takes anyone.
    let (_, page) = app.get_text("/appels/delai/candidater").await;
    assert!(page.contains("n’accepte pas de candidatures"));
}

#[tokio::test]
async fn a_double_submit_is_one_application_and_one_receipt() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    let id = call(&app, "double", "Appel double", now - DAY, now + DAY).await;
    let category = category_of(&app, id).await;
    let token = start(&app, "double", "double@asso.example").await;
    let path = format!("/appels/candidature/{token}");
    let page = app.client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&page).unwrap();
    let mut form = complete(category);
    form.push(("csrf", csrf));
    form.push(("action", "submit".into()));
    let (a, b) = (app.same_visitor(), app.same_visitor());
    let (ra, rb) = tokio::join!(a.post(app.url(&path)).form(&form).send(), b.post(app.url(&path)).form(&form).send());
    assert_eq!(ra.unwrap().status().as_u16(), 303);
    assert_eq!(rb.unwrap().status().as_u16(), 303);
    // A third, later: the same receipt.
    let r = app.client.post(app.url(&path)).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let apps = calls::store_applications_for_tests(&app.state.db, id).await;
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].reference.as_deref(), Some(format!("A{id}-0001").as_str()));
    assert_eq!(mails_like(&app, "call-application:%:submitted").await, 1, "one receipt");
    let n: i64 =
        sqlx::query_scalar("SELECT next_reference FROM calls WHERE id = $1").bind(id).fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(n, 1, "one reference handed out");
    // The receipt has the reference and a summary, in French.
    let text: String = sqlx::query_scalar("SELECT text_body FROM mail_outbox WHERE dedup_key LIKE 'call-application:%:submitted'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert!(text.contains(&format!("A{id}-0001")));
    assert!(text.contains("Un jardin au pied des tours") && text.contains("Les Jardins Partagés"));
}

#[tokio::test]
async fn withdrawing_before_the_deadline_only() {
    let app = TestApp::spawn().await;
    let t0 = app.state.now();
    let closes = t0 + 5 * DAY;
    let id = call(&app, "retrait", "Appel retrait", t0 - DAY, closes).await;
    let category = category_of(&app, id).await;
    let one = start(&app, "retrait", "un@asso.example").await;
    let two = start(&app, "retrait", "deux@asso.example").await;
    for t in [&one, &two] {
        assert_eq!(send(&app, &app.client, t, &complete(category), "submit").await.status().as_u16(), 303);
    }
    // Before the deadline: a confirmation page, then withdrawn, with an e-mail.
    let (status, page) = app.get_text(&format!("/appels/candidature/{one}/retirer")).await;
    assert_eq!(status, 200);
    let csrf = extract_csrf(&page).unwrap();
    // Without the confirmation nothing changes.
    let r = app.post_form(&format!("/appels/candidature/{one}/retirer"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(status_of(&app, &one).await.0, "submitted");
    let r = app.post_form(&format!("/appels/candidature/{one}/retirer"), &[("csrf", &csrf), ("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(status_of(&app, &one).await.0, "withdrawn");
    assert_eq!(mails_like(&app, "call-application:%:withdrawn").await, 1);
    let (_, page) = app.get_text(&format!("/appels/candidature/{one}")).await;
    assert!(page.contains("Candidature retirée le"));
    // After the deadline: refused.
    app.state.clock.set(closes);
    let r = app.post_form(&format!("/appels/candidature/{two}/retirer"), &[("csrf", &csrf), ("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 409);
    assert_eq!(status_of(&app, &two).await.0, "submitted");
    let (_, page) = app.get_text(&format!("/appels/candidature/{two}")).await;
    assert!(!page.contains("/retirer\""), "no withdraw link after the deadline");
}

#[tokio::test]
async fn a_bad_link_is_refused_and_acces_describes_the_application() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    call(&app, "liens", "Appel aux liens", now - DAY, now + DAY).await;
    let token = start(&app, "liens", "liens@asso.example").await;
    let (status, _) = app.get_text(&format!("/appels/candidature/{token}x")).await;
    assert_eq!(status, 404);
    // The link's description for /acces: the call's title, the page.
    let id: i64 = token.split('.').next().unwrap().parse().unwrap();
    let subject: i64 =
        sqlx::query_scalar("SELECT subject_id FROM access_links WHERE id = $1").bind(id).fetch_one(app.state.db.pool()).await.unwrap();
    let tr = app.state.tr(essaim::core::i18n::Locale::Fr);
    let d = calls::apply::describe_link(&app.state, &tr, subject, &token).await.unwrap().unwrap();
    assert!(d.label.contains("Appel aux liens"));
    assert_eq!(d.path, format!("/appels/candidature/{token}"));
    // Asking again for the same call gives a link to the same draft.
    let again = start(&app, "liens", "liens@asso.example").await;
    assert_ne!(again, token);
    let subject2: i64 = sqlx::query_scalar("SELECT subject_id FROM access_links WHERE id = $1")
        .bind(again.split('.').next().unwrap().parse::<i64>().unwrap())
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(subject, subject2);
}

#[tokio::test]
async fn districts_import_from_csv_with_a_report_by_line() {
    let app = TestApp::spawn().await;
    let password = app.user("reseau@t.example", Role::NetworkAdmin, None).await;
    let admin = app.login("reseau@t.example", &password).await;
    let csrf = app.csrf(&admin, "/admin/quartiers").await;
    let csv = "\u{feff}code;nom;commune;prioritaire\nQN07501M;Les Orgues de Flandre;Paris;oui\n;La Gare;Lyon;non\nQN1;;Paris;oui\nQN2;Nord;Lille;peut-être\n";
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("quartiers.csv").mime_str("text/csv").unwrap());
    let r = admin.post(app.url("/admin/quartiers/import")).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("2 quartiers ajoutés"), "{page}");
    assert!(page.contains("Ligne 4\u{202f}: le nom du quartier manque."));
    assert!(page.contains("Ligne 5\u{202f}: la colonne «\u{202f}prioritaire\u{202f}» doit valoir"));
    let rows = sqlx::query("SELECT code, name, priority FROM districts ORDER BY name").fetch_all(app.state.db.pool()).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].try_get::<String, _>(1).unwrap(), "La Gare");
    assert_eq!(rows[1].try_get::<Option<String>, _>(0).unwrap().as_deref(), Some("QN07501M"));
    assert_eq!(rows[1].try_get::<i64, _>(2).unwrap(), 1);
    // The same file again: updated, not added.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part("file", reqwest::multipart::Part::bytes(b"QN07501M,Orgues de Flandre,Paris,0\n".to_vec()).file_name("q.csv"));
    let page = admin.post(app.url("/admin/quartiers/import")).multipart(form).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("1 mis à jour"), "{page}");
    // A bad file: a message, never a 500.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part("file", reqwest::multipart::Part::bytes(vec![0xff, 0xfe, 0x00]).file_name("x.csv"));
    let r = admin.post(app.url("/admin/quartiers/import")).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("pas en UTF-8"));
    // Only the network's administrators.
    let pw = app.user("club@t.example", Role::Editor, None).await;
    let editor = app.login("club@t.example", &pw).await;
    assert_eq!(editor.get(app.url("/admin/quartiers")).send().await.unwrap().status().as_u16(), 403);
    assert_ne!(app.get("/admin/quartiers").await.status().as_u16(), 200, "anonymous: not shown");
}

#[tokio::test]
async fn the_calls_own_form_with_an_attachment_is_checked_and_stored() {
    use essaim::core::forms::{self, FormDef, Item, Kind, Question};
    let app = TestApp::spawn().await;
    let now = app.state.now();
    let id = call(&app, "pieces", "Appel avec pièces", now - DAY, now + DAY).await;
    let category = category_of(&app, id).await;
    let mut tx = app.state.db.begin().await.unwrap();
    let q1 = forms::store::next_question_id(&mut tx).await.unwrap();
    let q2 = q1 + 1;
    let q = |id: i64, code: &str, label: &str, kind: Kind| {
        Item::Question(Question { id, code: code.into(), label: label.into(), help: String::new(), required: true, condition: None, kind })
    };
    let def = FormDef {
        items: vec![
            q(q1, "budget", "Budget du projet", Kind::ShortText),
            q(q2, "statuts", "Statuts de l’association", Kind::File { types: vec!["application/pdf".into()], max_bytes: 2000 }),
        ],
    };
    forms::store::save(&mut tx, &format!("calls:{id}"), &def, now).await.unwrap();
    tx.commit().await.unwrap();
    let token = start(&app, "pieces", "pieces@asso.example").await;
    let path = format!("/appels/candidature/{token}");
    let page = app.client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Budget du projet") && page.contains("type=\"file\""));
    let csrf = extract_csrf(&page).unwrap();
    let multipart = |file: Option<Vec<u8>>, budget: &str, action: &str| {
        let mut f = reqwest::multipart::Form::new().text("csrf", csrf.clone()).text("action", action.to_string());
        for (k, v) in complete(category) {
            f = f.text(k, v);
        }
        f = f.text(format!("q-{q1}"), budget.to_string());
        if let Some(bytes) = file {
            f = f.part(format!("q-{q2}"), reqwest::multipart::Part::bytes(bytes).file_name("statuts.pdf"));
        }
        f
    };
    // Nothing answered: both questions in error, next to them.
    let r = app.client.post(app.url(&path)).multipart(multipart(None, "", "submit")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains(&format!("href=\"#app-q-{q1}\"")) && page.contains(&format!("href=\"#app-q-{q2}\"")));
    // A file of the wrong type, and one too large: refused, nothing stored.
    let r = app.client.post(app.url(&path)).multipart(multipart(Some(b"GIF89a....".to_vec()), "12 000 €", "save")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(3000, b' ');
    let r = app.client.post(app.url(&path)).multipart(multipart(Some(big), "12 000 €", "save")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let files: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM call_files").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(files, 0);
    // A good PDF saved with the draft, then the submission without sending it again.
    let r = app
        .client
        .post(app.url(&path))
        .multipart(multipart(Some(b"%PDF-1.4 statuts %%EOF".to_vec()), "12 000 €", "save"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = app.client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("statuts.pdf"), "the file kept is named");
    assert!(page.contains("value=\"12 000 €\""));
    let r = app.client.post(app.url(&path)).multipart(multipart(None, "12 000 €", "submit")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(status_of(&app, &token).await.0, "submitted");
    let answers: Vec<String> = sqlx::query_scalar(
        "SELECT a.value FROM form_answers a JOIN form_responses r ON r.id = a.response_id WHERE r.reference LIKE 'application:%' ORDER BY a.question_id",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(answers.len(), 2);
    assert!(answers[0].contains("12 000 €"));
    assert!(answers[1].contains("statuts.pdf") && answers[1].contains("application/pdf"));
    let (_, page) = app.get_text(&path).await;
    assert!(page.contains("Statuts de l’association") && page.contains("statuts.pdf"), "the receipt lists the answers");
    // The applicant downloads their own file, as it was sent; another application's file is 404.
    let file_id: i64 = sqlx::query_scalar("SELECT id FROM call_files").fetch_one(app.state.db.pool()).await.unwrap();
    let link = format!("{path}/fichiers/{file_id}");
    assert!(page.contains(&format!("href=\"{link}\"")));
    let r = app.client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"%PDF-1.4 statuts %%EOF");
    let other = start(&app, "pieces", "autre@asso.example").await;
    let r = app.client.get(app.url(&format!("/appels/candidature/{other}/fichiers/{file_id}"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
}

#[tokio::test]
async fn the_api_lists_calls_in_order_and_shows_one_with_its_categories() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    call(&app, "api-clos", "Clos", now - 60 * DAY, now - DAY).await;
    let done = call(&app, "api-resultats", "Résultats", now - 90 * DAY, now - 30 * DAY).await;
    let open = call(&app, "api-ouvert", "Ouvert", now - DAY, now + 30 * DAY).await;
    let mut tx = app.state.db.begin().await.unwrap();
    calls::insert_stage(&mut tx, open, &calls::StageInput { name: "Premier jury".into(), ..Default::default() }).await.unwrap();
    sqlx::query("INSERT INTO call_results (call_id, version, body, fingerprint, published_at) VALUES ($1, 1, '{}', 'x', $2)")
        .bind(done)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let list: serde_json::Value = app.get("/api/v1/calls").await.json().await.unwrap();
    let slugs: Vec<&str> = list["data"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, vec!["api-ouvert", "api-clos", "api-resultats"]);
    assert_eq!(list["meta"]["total"], 3);
    assert_eq!(list["data"][0]["phase"], "open");
    assert_eq!(list["data"][2]["results_url"], "http://essaim.test/appels/api-resultats/resultats");
    let page2: serde_json::Value = app.get("/api/v1/calls?per_page=2&page=2").await.json().await.unwrap();
    assert_eq!(page2["data"].as_array().unwrap().len(), 1);
    let one: serde_json::Value = app.get("/api/v1/calls/api-ouvert").await.json().await.unwrap();
    assert_eq!(one["title"], "Ouvert");
    assert_eq!(one["categories"][0]["name"], "Emploi");
    assert_eq!(one["stages"][0]["name"], "Premier jury");
    assert!(one["closes_at"].as_str().unwrap().ends_with('Z') || one["closes_at"].as_str().unwrap().contains('+'));
    assert!(one["results_url"].is_null());
    assert_eq!(app.get("/api/v1/calls/inconnu").await.status().as_u16(), 404);
    // The page cache's horizon: the open call's deadline.
    assert_eq!(calls::pages::next_change(&app.state.db, now).await.unwrap(), Some(now + 30 * DAY));
}

#[tokio::test]
async fn a_persons_applications_are_found_and_anonymised_keeping_counts() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    let id = call(&app, "donnees", "Appel données", now - DAY, now + DAY).await;
    let category = category_of(&app, id).await;
    let token = start(&app, "donnees", "perso@asso.example").await;
    assert_eq!(send(&app, &app.client, &token, &complete(category), "submit").await.status().as_u16(), 303);
    let found = calls::apply::find_by_email(&app.state.db, "perso@asso.example").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["fields"]["contact_name"], "Camille Martin");
    let mut tx = app.state.db.begin().await.unwrap();
    assert_eq!(calls::apply::erase_by_email(&mut tx, "perso@asso.example", now).await.unwrap(), 1);
    tx.commit().await.unwrap();
    assert!(calls::apply::find_by_email(&app.state.db, "perso@asso.example").await.unwrap().is_empty());
    let apps = calls::store_applications_for_tests(&app.state.db, id).await;
    assert_eq!(apps.len(), 1, "the application stays, so counts hold");
    assert_eq!(apps[0].status, "submitted");
    assert!(apps[0].fields.contact_name.is_empty() && apps[0].fields.contact_phone.is_empty());
    assert!(!apps[0].email.contains("perso"));
}
