//! The calls' back office on the demo network (SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set): who manages which call, the call's form and its checks,
//! the applications' filters and duplicates, eligibility decisions (one and in bulk, with who,
//! when and why), the exports, and the audit log of views and exports.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, calls::competition, calls::siret};
use essaim::core::auth::Role;
use essaim::modules::calls::{self, ApplicationFields, CallInput};

const SSD: &str = "seine-saint-denis";
const LYON: &str = "lyon-metropole";

async fn club_id(app: &TestApp, slug: &str) -> i64 {
    essaim::modules::network::get_club_by_slug(&app.state.db, slug).await.unwrap().unwrap().id
}

/// A published call of `club` (None: the network's) open for a month.
async fn call_of(app: &TestApp, slug: &str, club: Option<&str>) -> i64 {
    let club_id = match club {
        Some(c) => Some(club_id(app, c).await),
        None => None,
    };
    let now = app.state.now();
    let mut tx = app.state.db.begin().await.unwrap();
    let id = calls::insert_call(
        &mut tx,
        &CallInput {
            slug: slug.into(),
            club_id,
            kind: "call".into(),
            title: format!("Appel {slug}"),
            status: "published".into(),
            opens_at: now - 86_400,
            closes_at: now + 30 * 86_400,
            ..Default::default()
        },
        None,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn staff(app: &TestApp, email: &str, role: Role, club: Option<&str>) -> reqwest::Client {
    app.user(email, role, club).await;
    app.session_client(email).await
}

async fn get(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(app.state.db.pool()).await.unwrap()
}

async fn add_application(app: &TestApp, call_id: i64, email: &str, f: ApplicationFields) -> i64 {
    let mut tx = app.state.db.begin().await.unwrap();
    let id = calls::insert_application(&mut tx, call_id, email, "fr", &f, "submitted", app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn club_staff_manage_their_clubs_calls_and_network_admins_every_call() {
    let app = TestApp::spawn_demo().await;
    let ssd_call = call_of(&app, "appel-ssd", Some(SSD)).await;
    let lyon_call = call_of(&app, "appel-lyon", Some(LYON)).await;
    let network_call = call_of(&app, "appel-reseau", None).await;

    // Anonymous: to the sign-in page.
    for path in ["/admin/appels".to_string(), format!("/admin/appels/{ssd_call}"), format!("/admin/appels/{ssd_call}/candidatures")] {
        let r = app.get(&path).await;
        assert_eq!(r.status().as_u16(), 303, "{path}");
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/admin/connexion"), "{path}");
    }

    let ssd = staff(&app, "ssd@exemple.fr", Role::Editor, Some(SSD)).await;
    for tail in
        ["", "/categories", "/formulaire", "/etapes", "/candidatures", "/candidatures.csv", "/candidatures.xlsx", "/candidatures/dossiers"]
    {
        assert_eq!(get(&app, &ssd, &format!("/admin/appels/{ssd_call}{tail}")).await.0, 200, "own call {tail}");
        assert_eq!(get(&app, &ssd, &format!("/admin/appels/{lyon_call}{tail}")).await.0, 403, "another club's call {tail}");
        assert_eq!(get(&app, &ssd, &format!("/admin/appels/{network_call}{tail}")).await.0, 403, "the network's call {tail}");
        assert_eq!(get(&app, &ssd, &format!("/admin/appels/999999{tail}")).await.0, 404, "a missing call {tail}");
    }
    let (status, list) = get(&app, &ssd, "/admin/appels").await;
    assert_eq!(status, 200);
    assert!(list.contains("Appel appel-ssd") && !list.contains("Appel appel-lyon") && !list.contains("Appel appel-reseau"));
    // A write to another club's call is refused too.
    let csrf = app.csrf(&ssd, "/admin/appels/nouveau").await;
    let r = ssd
        .post(app.url(&format!("/admin/appels/{lyon_call}/categories")))
        .form(&[("csrf", csrf.as_str()), ("name", "Intrusion")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM call_categories WHERE call_id = {lyon_call}")).await, 0);

    let admin = staff(&app, "reseau@exemple.fr", Role::NetworkAdmin, None).await;
    for id in [ssd_call, lyon_call, network_call] {
        assert_eq!(get(&app, &admin, &format!("/admin/appels/{id}")).await.0, 200);
        assert_eq!(get(&app, &admin, &format!("/admin/appels/{id}/candidatures")).await.0, 200);
    }
    let (_, list) = get(&app, &admin, "/admin/appels").await;
    assert!(list.contains("Appel appel-ssd") && list.contains("Appel appel-lyon") && list.contains("Appel appel-reseau"));

    // A member is no manager.
    let member = staff(&app, "membre@exemple.fr", Role::Member, Some(SSD)).await;
    assert_eq!(get(&app, &member, &format!("/admin/appels/{ssd_call}")).await.0, 403);
}

#[tokio::test]
async fn a_call_with_bad_input_is_refused_field_by_field_and_nothing_is_written() {
    let app = TestApp::spawn_demo().await;
    let ssd = staff(&app, "ssd@exemple.fr", Role::ClubAdmin, Some(SSD)).await;
    let club = club_id(&app, SSD).await.to_string();
    let csrf = app.csrf(&ssd, "/admin/appels/nouveau").await;
    let before = count(&app, "SELECT COUNT(*) FROM calls").await;
    let form = |title: &'static str, slug: &'static str, closes: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("title", title.to_string()),
            ("slug", slug.to_string()),
            ("club_id", club.clone()),
            ("kind", "competition".to_string()),
            ("summary", "Un résumé tapé à garder".to_string()),
            ("rules", String::new()),
            ("eligibility", String::new()),
            ("opens_at", "2031-01-10T09:00".to_string()),
            ("closes_at", closes.to_string()),
            ("status", "draft".to_string()),
            ("ceremony_event_id", String::new()),
        ]
    };
    let r = ssd.post(app.url("/admin/appels/nouveau")).form(&form("", "", "2031-01-01T09:00")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"erreurs\""), "the error summary");
    assert!(body.contains("Ce champ est obligatoire."), "title required, in French");
    assert!(body.contains("La date limite doit suivre l’ouverture."), "dates in order, in French");
    assert!(body.contains("id=\"f-closes_at-error\"") && body.contains("id=\"f-title-error\""), "errors next to their fields");
    assert!(body.contains("Un résumé tapé à garder") && body.contains("value=\"2031-01-01T09:00\""), "what was typed is kept");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM calls").await, before, "nothing written");

    // A network call is not for a club's staff; a bad slug is named.
    let mut f = form("Trophées 2031", "Pas Un Slug", "2031-03-01T12:00");
    f[3].1 = String::new();
    let r = ssd.post(app.url("/admin/appels/nouveau")).form(&f).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"f-club_id-error\"") && body.contains("id=\"f-slug-error\""));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM calls").await, before);

    // A good one is created; the same slug again is taken.
    let r = ssd.post(app.url("/admin/appels/nouveau")).form(&form("Trophées 2031", "", "2031-03-01T12:00")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let call = calls::call_by_slug(&app.state.db, "trophees-2031").await.unwrap().expect("created");
    assert_eq!(call.club_id, Some(club.parse().unwrap()));
    assert_eq!(call.closes_at, app.state.tr(essaim::core::i18n::Locale::Fr).parse_input_datetime("2031-03-01T12:00").unwrap());
    let r = ssd.post(app.url("/admin/appels/nouveau")).form(&form("Trophées 2031", "", "2031-03-01T12:00")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Cette adresse est déjà utilisée."));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM calls").await, before + 1);

    // A category with a sponsor, a stage and two criteria.
    let base = format!("/admin/appels/{}", call.id);
    let csrf = app.csrf(&ssd, &base).await;
    let partner = essaim::modules::network::list_partners(&app.state.db).await.unwrap()[0].id.to_string();
    let r = ssd
        .post(app.url(&format!("{base}/categories")))
        .form(&[("csrf", csrf.as_str()), ("name", "Emploi"), ("prize", "5 000 €"), ("sponsor_id", partner.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let cats = calls::categories(&app.state.db, call.id).await.unwrap();
    assert_eq!(cats.len(), 1);
    assert_eq!(cats[0].sponsor_id, Some(partner.parse().unwrap()));
    let stage = [
        ("csrf", csrf.as_str()),
        ("name", "Premier jury"),
        ("kind", "jury"),
        ("decides", "advance"),
        ("advance_count", "12"),
        ("jurors_per_application", "3"),
        ("scale_min", "0"),
        ("scale_max", "5"),
        ("blind", "1"),
        ("hidden", "organisation"),
        ("hidden", "siret"),
        ("review_deadline", ""),
    ];
    let r = ssd.post(app.url(&format!("{base}/etapes"))).form(&stage).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let stages = calls::stages(&app.state.db, call.id).await.unwrap();
    assert_eq!(stages.len(), 1);
    assert!(stages[0].hides("organisation") && stages[0].hides("siret") && !stages[0].hides("emails"));
    for (name, weight) in [("Impact", "2"), ("Faisabilité", "1")] {
        let r = ssd
            .post(app.url(&format!("{base}/etapes/{}/criteres", stages[0].id)))
            .form(&[("csrf", csrf.as_str()), ("name", name), ("weight", weight), ("level-0", "Aucun"), ("level-5", "Remarquable")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 303);
    }
    let criteria = calls::criteria(&app.state.db, stages[0].id).await.unwrap();
    assert_eq!(criteria.iter().map(|c| (c.name.as_str(), c.weight)).collect::<Vec<_>>(), vec![("Impact", 2), ("Faisabilité", 1)]);
    assert_eq!(criteria[0].levels.get(&5).map(String::as_str), Some("Remarquable"));
    // A scale upside down is refused next to its field.
    let mut bad = stage.to_vec();
    bad[7] = ("scale_max", "0");
    let r = ssd.post(app.url(&format!("{base}/etapes"))).form(&bad).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-scale_max-error\""));
    // A file question in the call's form.
    let r = ssd
        .post(app.url(&format!("{base}/formulaire")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("item", "question"),
            ("label", "Budget prévisionnel"),
            ("kind", "file"),
            ("types", "application/pdf"),
            ("max_mb", "5"),
            ("required", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = get(&app, &ssd, &format!("{base}/formulaire")).await;
    assert!(page.contains("Budget prévisionnel") && page.contains("PDF · 5 Mo"));
}

#[tokio::test]
async fn filters_and_duplicates_are_flagged() {
    let app = TestApp::spawn_demo().await;
    let c = competition(&app, 4, 0).await;
    // Same SIRET as the first, same e-mail (other case) as the second.
    let same_siret = add_application(
        &app,
        c.call_id,
        "autre@t.example",
        ApplicationFields {
            org_name: "Doublon SIRET".into(),
            org_siret: siret(0),
            category_id: Some(c.categories[1]),
            ..Default::default()
        },
    )
    .await;
    let same_email = add_application(
        &app,
        c.call_id,
        "PORTEUR1@t.example",
        ApplicationFields {
            org_name: "Doublon e-mail".into(),
            org_siret: siret(99),
            category_id: Some(c.categories[0]),
            ..Default::default()
        },
    )
    .await;
    let admin = staff(&app, "reseau@exemple.fr", Role::NetworkAdmin, None).await;
    let base = format!("/admin/appels/{}/candidatures", c.call_id);
    let (status, all) = get(&app, &admin, &base).await;
    assert_eq!(status, 200);
    assert!(all.contains("6 candidatures"), "the count");
    assert_eq!(crate::common::count(&all, ">Même SIRET<"), 2, "two flagged rows");
    assert_eq!(crate::common::count(&all, ">Même e-mail<"), 2, "two flagged rows");

    let (_, dups) = get(&app, &admin, &format!("{base}?doublons=1")).await;
    assert!(dups.contains("4 candidatures"));
    for name in ["Organisation 0", "Organisation 1", "Doublon SIRET", "Doublon e-mail"] {
        assert!(dups.contains(name), "{name} flagged");
    }
    assert!(!dups.contains("Organisation 2") && !dups.contains("Organisation 3"));

    // By category, and sorted by reference both ways.
    let (_, cat) = get(&app, &admin, &format!("{base}?categorie={}", c.categories[1])).await;
    assert!(cat.contains("3 candidatures") && cat.contains("Doublon SIRET") && !cat.contains("Doublon e-mail"));
    let (_, desc) = get(&app, &admin, &format!("{base}?tri=-ref")).await;
    let r1 = format!("A{}-0001", c.call_id);
    let r6 = format!("A{}-0006", c.call_id);
    assert!(desc.find(&r6).unwrap() < desc.find(&r1).unwrap());
    let (_, asc) = get(&app, &admin, &base).await;
    assert!(asc.find(&r1).unwrap() < asc.find(&r6).unwrap());
    // Eligibility filter: none is eligible yet.
    let (_, elig) = get(&app, &admin, &format!("{base}?eligibilite=eligible")).await;
    assert!(elig.contains("Aucune candidature ne correspond."));
    let _ = (same_siret, same_email);
}

#[tokio::test]
async fn eligibility_is_decided_with_a_reason_who_and_when_one_by_one_and_in_bulk() {
    let app = TestApp::spawn_demo().await;
    let c = competition(&app, 4, 0).await;
    let admin = staff(&app, "reseau@exemple.fr", Role::NetworkAdmin, None).await;
    let user_id = essaim::modules::network::user_id_by_email(&app.state.db, "reseau@exemple.fr").await.unwrap().unwrap();
    let a0 = c.applications[0];
    let page = format!("/admin/appels/{}/candidatures/{a0}", c.call_id);
    let csrf = app.csrf(&admin, &page).await;

    // Ineligible needs a reason: refused, nothing changed.
    let r = admin
        .post(app.url(&format!("{page}/eligibilite")))
        .form(&[("csrf", csrf.as_str()), ("eligibility", "ineligible"), ("reason", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Donnez la raison"));
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM call_applications WHERE id = {a0} AND eligibility = 'pending'")).await, 1);

    let r = admin
        .post(app.url(&format!("{page}/eligibilite")))
        .form(&[("csrf", csrf.as_str()), ("eligibility", "ineligible"), ("reason", "Siège hors du territoire")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let (e, reason, by, at): (String, String, Option<i64>, Option<i64>) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT eligibility, eligibility_reason, eligibility_by, eligibility_at FROM call_applications WHERE id = {a0}"
    )))
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!((e.as_str(), reason.as_str(), by), ("ineligible", "Siège hors du territoire", Some(user_id)));
    assert!(at.unwrap() >= app.state.now() - 60);
    let (_, shown) = get(&app, &admin, &page).await;
    assert!(shown.contains("Siège hors du territoire") && shown.contains("reseau@exemple.fr"), "the reason and who, on the page");

    // Bulk: three at once (the first changes its mind: two rows in its history).
    let list = format!("/admin/appels/{}/candidatures", c.call_id);
    let ids: Vec<String> = c.applications[..3].iter().map(|i| i.to_string()).collect();
    let mut form =
        vec![("csrf", csrf.clone()), ("eligibility", "eligible".to_string()), ("reason", "Complet".to_string()), ("back", String::new())];
    form.extend(ids.iter().map(|i| ("app", i.clone())));
    let r = admin.post(app.url(&format!("{list}/eligibilite"))).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM call_applications WHERE call_id = {} AND eligibility = 'eligible' AND eligibility_by = {user_id}",
                c.call_id
            )
        )
        .await,
        3
    );
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM call_eligibility_log WHERE application_id = {a0}")).await, 2);
    let (_, eligible) = get(&app, &admin, &format!("{list}?eligibilite=eligible")).await;
    assert!(eligible.contains("3 candidatures"));
    // Nothing ticked: refused with the summary.
    let r = admin
        .post(app.url(&format!("{list}/eligibilite")))
        .form(&[("csrf", csrf.as_str()), ("eligibility", "eligible"), ("reason", ""), ("back", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    // The printable document of the eligible ones holds the three.
    let (status, doc) = get(&app, &admin, &format!("{list}/dossiers")).await;
    assert_eq!(status, 200);
    assert_eq!(crate::common::count(&doc, "class=\"dossier\""), 3);
}

#[tokio::test]
async fn exports_are_csv_with_a_bom_and_xlsx_and_the_audit_log_records_views_and_exports() {
    let app = TestApp::spawn_demo().await;
    let c = competition(&app, 2, 0).await;
    let evil = add_application(
        &app,
        c.call_id,
        "formule@t.example",
        ApplicationFields {
            org_name: "=HYPERLINK(\"http://x\")".into(),
            project_title: "Projet; avec point-virgule".into(),
            ..Default::default()
        },
    )
    .await;
    let admin = staff(&app, "reseau@exemple.fr", Role::NetworkAdmin, None).await;
    let base = format!("/admin/appels/{}/candidatures", c.call_id);

    let r = admin.get(app.url(&format!("{base}.csv"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert_eq!(r.headers()["cache-control"].to_str().unwrap(), "no-store");
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM");
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let head = text.lines().next().unwrap();
    assert!(head.contains("Référence;État;") && head.contains(";SIRET;"), "{head}");
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "a formula neutralised");
    assert!(text.contains("\"Projet; avec point-virgule\""));
    assert!(text.contains("porteur0@t.example") && text.contains(&siret(1)));
    assert_eq!(text.lines().count(), 4, "a header and one row per application");

    let r = admin.get(app.url(&format!("{base}.xlsx"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip");
    assert!(bytes.windows(19).any(|w| w == b"[Content_Types].xml"), "an Office document");

    // Views and exports are in the audit log.
    assert_eq!(get(&app, &admin, &format!("{base}/{evil}")).await.0, 200);
    assert_eq!(get(&app, &admin, &format!("{base}/{evil}/dossier")).await.0, 200);
    let actions: Vec<(String, String)> =
        sqlx::query_as("SELECT action, subject FROM audit_log WHERE actor_name = 'reseau@exemple.fr' ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    let has = |a: &str, s: &str| actions.iter().any(|(x, y)| x == a && y == s);
    let call_key = format!("call:{}", c.call_id);
    let app_key = format!("application:{evil}");
    assert!(has("calls.applications.export", &call_key), "{actions:?}");
    assert_eq!(actions.iter().filter(|(a, _)| a == "calls.applications.export").count(), 2, "csv and xlsx");
    assert!(has("calls.application.view", &app_key), "{actions:?}");
    assert!(has("calls.application.dossier", &app_key), "{actions:?}");
    let detail: String = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'calls.applications.export' ORDER BY id LIMIT 1")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(detail, "format=csv rows=3");

    // Another club's staff can neither export nor view.
    let lyon = staff(&app, "lyon@exemple.fr", Role::Editor, Some(LYON)).await;
    assert_eq!(get(&app, &lyon, &format!("{base}.csv")).await.0, 403);
    assert_eq!(get(&app, &lyon, &format!("{base}/{evil}")).await.0, 403);
}
