//! The audit log: every staff view or export of personal data adds exactly one row naming who
//! looked, what, and from which address (never the people looked at); the journal is for the
//! network's administrators, with filters and pages; the table refuses updates; the purge keeps
//! the rows younger than the term (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set).
// The helpers below run only inside tests: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{Options, TestApp};
use essaim::core::audit::{self, Actor, Subject};
use essaim::core::auth::Role;
use essaim::modules::events::tickets::{self, TicketIds};
use essaim::modules::events::{self, EventInput, NewBooking};

const SSD: &str = "seine-saint-denis";
const LYON: &str = "lyon-metropole";
/// The address every request claims through the trusted proxy (127.0.0.1).
const CLIENT: &str = "203.0.113.7";

/// One row of the log: actor id, actor name, action, subject, subject label, detail, address.
type LogRow = (Option<i64>, String, String, String, String, String, String);

async fn log(app: &TestApp) -> Vec<LogRow> {
    sqlx::query_as("SELECT actor_id, actor_name, action, subject, subject_label, detail, ip FROM audit_log ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap()
}

async fn club_id(app: &TestApp, slug: &str) -> i64 {
    essaim::modules::network::get_club_by_slug(&app.state.db, slug).await.unwrap().expect("club").id
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    essaim::modules::network::user_id_by_email(&app.state.db, email).await.unwrap().expect("user")
}

async fn event(app: &TestApp, slug: &str) -> i64 {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: format!("Atelier {slug}"),
        club_id: Some(club_id(app, SSD).await),
        starts_at: now + 7 * 86_400,
        ends_at: now + 7 * 86_400 + 7200,
        place_name: "Maison des associations".into(),
        capacity: 20,
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

async fn book(app: &TestApp, event_id: i64, contact: &str, email: &str, names: &[&str]) {
    let b = NewBooking {
        idempotency_key: essaim::core::auth::random_token(),
        contact_name: contact.into(),
        email: email.into(),
        seats: names.len() as i64,
        attendees: names.iter().map(|n| n.to_string()).collect(),
        ..Default::default()
    };
    events::register(&app.state, event_id, &b, app.state.now()).await.unwrap();
}

/// GET through the trusted proxy, from `CLIENT`.
async fn get(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).header("x-forwarded-for", CLIENT).send().await.unwrap();
    (r.status().as_u16(), String::from_utf8_lossy(&r.bytes().await.unwrap()).into_owned())
}

/// Run `step`, then check that it added exactly one row, and return it.
async fn one_more(app: &TestApp, before: usize) -> LogRow {
    let rows = log(app).await;
    assert_eq!(rows.len(), before + 1, "exactly one row: {rows:?}");
    rows.last().unwrap().clone()
}

#[tokio::test]
async fn every_staff_view_or_export_of_personal_data_adds_one_row() {
    let app = TestApp::spawn_with(Options { demo: true, trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let id = event(&app, "journal").await;
    book(&app, id, "Zoé Martin", "zoe.martin@exemple.fr", &["Zoé Martin", "Hélène Côté"]).await;
    book(&app, id, "Karim Benali", "karim.benali@exemple.fr", &["Karim Benali"]).await;
    app.user("orga@t.example", Role::Editor, Some(SSD)).await;
    let orga = app.session_client("orga@t.example").await;
    let orga_id = user_id(&app, "orga@t.example").await;
    let title = "Atelier journal".to_string();
    let event_subject = format!("event:{id}");
    let start = log(&app).await.len();

    // The registrations list, filtered by status.
    let (status, _) = get(&app, &orga, &format!("/admin/evenements/{id}/inscriptions?statut=confirmed")).await;
    assert_eq!(status, 200);
    let row = one_more(&app, start).await;
    let expected = |action: &str, detail: &str| {
        (
            Some(orga_id),
            "orga@t.example".to_string(),
            action.to_string(),
            event_subject.clone(),
            title.clone(),
            detail.to_string(),
            CLIENT.to_string(),
        )
    };
    assert_eq!(row, expected("events.registrations.view", "status=confirmed rows=2"));

    // The exports: one row per attendee.
    let (status, _) = get(&app, &orga, &format!("/admin/evenements/{id}/inscriptions.csv")).await;
    assert_eq!(status, 200);
    assert_eq!(one_more(&app, start + 1).await, expected("events.registrations.export", "format=csv rows=3"));
    let (status, _) = get(&app, &orga, &format!("/admin/evenements/{id}/inscriptions.xlsx")).await;
    assert_eq!(status, 200);
    assert_eq!(one_more(&app, start + 2).await, expected("events.registrations.export", "format=xlsx rows=3"));

    // The attendance sheet.
    let (status, _) = get(&app, &orga, &format!("/admin/evenements/{id}/emargement.pdf")).await;
    assert_eq!(status, 200);
    assert_eq!(one_more(&app, start + 3).await, expected("events.sheet.print", "rows=3"));

    // The check-in page and its search: whether there was a search, never what was typed.
    let (status, page) = get(&app, &orga, &format!("/admin/evenements/{id}/accueil")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Hélène Côté"));
    assert_eq!(one_more(&app, start + 4).await, expected("events.checkin.view", "search=no rows=3"));
    let (status, page) = get(&app, &orga, &format!("/admin/evenements/{id}/accueil?q=helene")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Hélène Côté") && !page.contains("Karim Benali"));
    assert_eq!(one_more(&app, start + 5).await, expected("events.checkin.view", "search=yes rows=1"));

    // A scanned ticket: the attendee by id; a forged code shows nothing and records nothing.
    let (attendee, registration): (i64, i64) = sqlx::query_as(
        "SELECT a.id, a.registration_id FROM attendees a JOIN registrations r ON r.id = a.registration_id \
         WHERE r.event_id = $1 AND a.name = 'Karim Benali'",
    )
    .bind(id)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    let key = tickets::ticket_key(&app.state).await.unwrap();
    let code = tickets::sign(&key[..], TicketIds { attendee_id: attendee, registration_id: registration, event_id: id });
    let (status, page) = get(&app, &orga, &format!("/admin/evenements/accueil/scan?code={code}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Karim Benali"));
    assert_eq!(one_more(&app, start + 6).await, expected("events.checkin.scan", &format!("attendee={attendee}")));
    let forged = tickets::sign(&[7u8; 32], TicketIds { attendee_id: attendee, registration_id: registration, event_id: id });
    let (status, _) = get(&app, &orga, &format!("/admin/evenements/accueil/scan?code={forged}")).await;
    assert_eq!(status, 422);
    assert_eq!(log(&app).await.len(), start + 7, "a refused code records nothing");

    // Refused views record nothing: another club's organiser, anonymous.
    app.user("lyon@t.example", Role::Editor, Some(LYON)).await;
    let lyon = app.session_client("lyon@t.example").await;
    for path in [format!("/admin/evenements/{id}/inscriptions"), format!("/admin/evenements/{id}/inscriptions.csv")] {
        assert_eq!(get(&app, &lyon, &path).await.0, 403, "{path}");
        assert_eq!(get(&app, &crate::common::client(), &path).await.0, 303, "{path}");
    }
    assert_eq!(log(&app).await.len(), start + 7, "a refused view records nothing");

    // The network's people: the list and one person's page (by id).
    app.user("na@t.example", Role::NetworkAdmin, None).await;
    let admin = app.session_client("na@t.example").await;
    let admin_id = user_id(&app, "na@t.example").await;
    let (status, page) = get(&app, &admin, "/admin/reseau/personnes").await;
    assert_eq!(status, 200);
    assert!(page.contains("orga@t.example"));
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(app.state.db.pool()).await.unwrap();
    let row = one_more(&app, start + 7).await;
    assert_eq!(
        row,
        (
            Some(admin_id),
            "na@t.example".into(),
            "network.people.view".into(),
            "page:people".into(),
            String::new(),
            format!("rows={people}"),
            CLIENT.into()
        )
    );
    let (status, _) = get(&app, &admin, &format!("/admin/reseau/personnes/{orga_id}")).await;
    assert_eq!(status, 200);
    let row = one_more(&app, start + 8).await;
    assert_eq!((row.2.as_str(), row.3.as_str(), row.4.as_str()), ("network.person.view", format!("user:{orga_id}").as_str(), ""));

    // The comments to moderate show the commenters' e-mails.
    let (status, _) = get(&app, &admin, "/admin/commentaires?statut=approved").await;
    assert_eq!(status, 200);
    let row = one_more(&app, start + 9).await;
    assert_eq!((row.0, row.2.as_str(), row.3.as_str()), (Some(admin_id), "news.comments.view", "page:comments"));
    assert!(row.5.starts_with("status=approved rows="), "{row:?}");

    // The organisers' API: the token's person, from the client's address.
    let token = essaim::modules::network::issue_api_token(&app.state.db, orga_id, "test", orga_id, app.state.now()).await.unwrap().1;
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/events/journal/registrations?per_page=1"))
        .bearer_auth(&token)
        .header("x-forwarded-for", CLIENT)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(one_more(&app, start + 10).await, expected("api.events.registrations", "page=1 rows=1"));
    let r = reqwest::Client::new().get(app.url("/api/v1/events/journal/registrations")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(log(&app).await.len(), start + 11);

    // Nothing of the people whose data was looked at: no name, no e-mail.
    let all = format!("{:?}", log(&app).await);
    for secret in ["Zoé", "Hélène", "Karim", "zoe.martin", "karim.benali", "helene"] {
        assert!(!all.contains(secret), "{secret} in the log: {all}");
    }
}

#[tokio::test]
async fn the_journal_is_for_network_administrators_with_filters_and_pages() {
    let app = TestApp::spawn_demo().await;
    let db = &app.state.db;
    app.user("editor@t.example", Role::Editor, Some(SSD)).await;
    app.user("na@t.example", Role::NetworkAdmin, None).await;
    let editor = app.session_client("editor@t.example").await;
    let admin = app.session_client("na@t.example").await;
    let editor_id = user_id(&app, "editor@t.example").await;
    let now = app.state.now();

    // Anonymous: sign in; an editor or a member: 403; the link is only in the admins' menu.
    assert_eq!(get(&app, &crate::common::client(), "/admin/journal").await.0, 303);
    let (status, _) = get(&app, &editor, "/admin/journal").await;
    assert_eq!(status, 403);
    let (_, editor_home) = get(&app, &editor, "/admin/evenements").await;
    assert!(!editor_home.contains("href=\"/admin/journal\""));
    app.user("member@t.example", Role::Member, Some(SSD)).await;
    assert_eq!(get(&app, &app.session_client("member@t.example").await, "/admin/journal").await.0, 403);

    // 60 views by the editor over the last hour, 3 exports by someone who left three days ago.
    for i in 0..60 {
        let actor = Actor { user_id: Some(editor_id), name: "Élodie Éditrice", ip: "198.51.100.4", at: now - 3600 + i };
        audit::record(db, actor, "events.registrations.view", &Subject::new("event", 4, "Forum de l’emploi"), "status=all rows=9")
            .await
            .unwrap();
    }
    for i in 0..3 {
        let actor = Actor { user_id: Some(999_999), name: "Ancien Bénévole", ip: "192.0.2.1", at: now - 3 * 86_400 + i };
        audit::record(db, actor, "events.registrations.export", &Subject::new("event", 5, "Gala"), "format=csv rows=2").await.unwrap();
    }

    let (status, page) = get(&app, &admin, "/admin/journal").await;
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/admin/journal\" aria-current=\"page\""), "the menu link");
    assert_eq!(page.matches("<tr>").count() - 1, 50, "50 a page");
    assert!(page.contains("Élodie Éditrice") && page.contains("Consultation des inscriptions") && page.contains("198.51.100.4"));
    assert!(page.contains("Forum de l’emploi") && page.contains("event:4"));
    assert!(!page.contains("Ancien Bénévole"), "newest first: the older exports are on the next page");
    let older = page.split("rel=\"next\"").next().unwrap();
    let older = older[older.rfind("href=\"").unwrap() + 6..].split('"').next().unwrap().replace("&#38;", "&").replace("&amp;", "&");
    assert!(older.starts_with("/admin/journal?apres="), "{older}");
    let (status, page2) = get(&app, &admin, &older).await;
    assert_eq!(status, 200);
    assert_eq!(page2.matches("<tr>").count() - 1, 13, "the 10 older views and the 3 exports");
    assert!(page2.contains("Ancien Bénévole") && !page2.contains("rel=\"next\""));
    assert!(page2.contains("Entrées les plus récentes"));

    // In English, with the English words.
    let r = admin.get(app.url("/admin/journal?action=events.registrations.export")).header("accept-language", "en").send().await.unwrap();
    let body = r.text().await.unwrap();
    assert!(body.contains("Registrations exported"), "{body}");

    // By action, by person (the person who left is offered under their recorded name), by dates.
    let (_, by_action) = get(&app, &admin, "/admin/journal?action=events.registrations.export").await;
    assert_eq!(by_action.matches("<tr>").count() - 1, 3);
    assert!(by_action.contains("<option value=\"events.registrations.export\" selected>"));
    let (_, by_person) = get(&app, &admin, "/admin/journal?personne=999999").await;
    assert_eq!(by_person.matches("<tr>").count() - 1, 3);
    assert!(by_person.contains("<option value=\"999999\" selected>Ancien Bénévole</option>"));
    let tr = app.state.tr(essaim::core::i18n::Locale::Fr);
    let day = |t: i64| tr.input_datetime(t)[..10].to_string();
    let (three_days_ago, today) = (day(now - 3 * 86_400), day(now));
    let (_, that_day) = get(&app, &admin, &format!("/admin/journal?du={three_days_ago}&au={three_days_ago}")).await;
    assert_eq!(that_day.matches("<tr>").count() - 1, 3, "{that_day}");
    let (_, combined) =
        get(&app, &admin, &format!("/admin/journal?personne={editor_id}&action=events.registrations.export&au={today}")).await;
    assert!(combined.contains("Aucune entrée."));
    // Filters stay in the next page's address.
    let (_, editor_only) = get(&app, &admin, &format!("/admin/journal?personne={editor_id}")).await;
    let editor_only = editor_only.replace("&#38;", "&").replace("&amp;", "&");
    assert!(editor_only.contains(&format!("/admin/journal?personne={editor_id}&apres=")), "{editor_only}");

    // Wrong filters: a clear message next to the field, what was typed kept, no rows.
    for (query, field, message) in [
        ("du=2024-02-30", "du", "Indiquez une date qui existe"),
        ("au=demain", "au", "Indiquez une date qui existe"),
        ("du=2024-03-10&au=2024-03-01", "au", "La date de fin doit venir après"),
        ("personne=quelqu%27un", "personne", "Choisissez une personne"),
        ("action=DROP%20TABLE", "action", "Choisissez une action"),
    ] {
        let (status, page) = get(&app, &admin, &format!("/admin/journal?{query}")).await;
        assert_eq!(status, 422, "{query}");
        assert!(page.contains(&format!("id=\"f-{field}-error\"")) && page.contains(message), "{query}: {page}");
        assert!(page.contains(&format!("href=\"#f-{field}\"")), "the summary links to the field");
        assert!(!page.contains("Élodie Éditrice</a>"), "{query}");
    }
    let (_, kept) = get(&app, &admin, "/admin/journal?du=2024-02-30").await;
    assert!(kept.contains("value=\"2024-02-30\""));
}

#[tokio::test]
async fn the_log_refuses_updates_and_is_purged_after_its_term() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    // A hundred days ahead: the server's own hourly purge (which runs at its start, on the real
    // clock) must find nothing to remove among these rows, so that what is removed is this purge's.
    let now = app.state.now() + 100 * 86_400;
    let term = app.state.config.audit_retention_days;
    assert_eq!(term, 365, "one year by default");
    let cutoff = now - i64::from(term) * 86_400;
    for (at, label) in [(cutoff - 86_400, "old"), (cutoff - 1, "just too old"), (cutoff, "just in time"), (now, "new")] {
        let actor = Actor { user_id: Some(1), name: "Administrateur", ip: "127.0.0.1", at };
        audit::record(db, actor, "network.people.view", &Subject::page("people"), label).await.unwrap();
    }

    // Append-only: the database itself refuses an update, whatever the statement.
    for sql in
        ["UPDATE audit_log SET detail = 'changed'", "UPDATE audit_log SET actor_id = NULL", "UPDATE audit_log SET at = 0 WHERE id = 1"]
    {
        let r = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(db.writer()).await;
        let err = r.expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    let changed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE detail = 'changed' OR at = 0").fetch_one(db.pool()).await.unwrap();
    assert_eq!(changed, 0);

    // The purge: older than the term goes, the rest stays.
    assert_eq!(audit::purge(db, now, term).await.unwrap(), 2);
    let left: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_log ORDER BY at").fetch_all(db.pool()).await.unwrap();
    assert_eq!(left, vec!["just in time".to_string(), "new".to_string()]);
    assert_eq!(audit::purge(db, now, term).await.unwrap(), 0, "nothing more to do");
}

#[tokio::test]
async fn a_view_that_cannot_be_recorded_is_not_shown() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "sans-trace").await;
    book(&app, id, "Zoé Martin", "zoe.martin@exemple.fr", &["Zoé Martin"]).await;
    app.user("orga@t.example", Role::Editor, Some(SSD)).await;
    let orga = app.session_client("orga@t.example").await;
    // The database refuses every new row of the log (a full disk, a broken table).
    let refuse: &[&str] = match app.state.db.kind() {
        essaim::core::db::DbKind::Sqlite => {
            &["CREATE TRIGGER audit_log_broken BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'broken'); END"]
        }
        essaim::core::db::DbKind::Postgres => &[
            "CREATE FUNCTION audit_log_broken() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'broken'; END $$",
            "CREATE TRIGGER audit_log_broken BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_broken()",
        ],
    };
    for sql in refuse {
        sqlx::query(sqlx::AssertSqlSafe(*sql)).execute(app.state.db.writer()).await.unwrap();
    }
    for path in [
        format!("/admin/evenements/{id}/inscriptions"),
        format!("/admin/evenements/{id}/inscriptions.csv"),
        format!("/admin/evenements/{id}/emargement.pdf"),
        format!("/admin/evenements/{id}/accueil"),
    ] {
        let (status, body) = get(&app, &orga, &path).await;
        assert_eq!(status, 500, "{path}");
        assert!(!body.contains("Zoé") && !body.contains("zoe.martin"), "{path} shown without its record: {body}");
    }
    assert!(log(&app).await.is_empty());
}
