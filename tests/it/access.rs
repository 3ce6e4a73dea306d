//! Access links (`core::access`): a booking's personal link opens its page; an altered,
//! borrowed, expired, revoked or anonymised one does not (a 404 that offers `/acces`);
//! failures past the limit get 429; `/acces` answers the same whether the address is known and
//! e-mails working links only to a known one; personal and signed-in pages are `no-store`;
//! tokens sent before access links keep working once carried over. SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{Options, TestApp, extract_csrf};
use base64::Engine;
use essaim::core::access::{self, Links};
use essaim::core::auth::Role;
use essaim::core::mail;
use essaim::modules::events::{self, EventInput, NewBooking, retention};
use sqlx::Row;

const DAY: i64 = 86_400;

async fn event(app: &TestApp, slug: &str, title: &str) -> i64 {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: title.into(),
        starts_at: now + DAY,
        ends_at: now + DAY + 3600,
        capacity: 10,
        retention_days: 30,
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

fn someone(name: &str, email: &str) -> NewBooking {
    NewBooking {
        idempotency_key: essaim::core::auth::random_token(),
        contact_name: name.into(),
        email: email.into(),
        seats: 1,
        attendees: vec![name.into()],
        ..Default::default()
    }
}

async fn book(app: &TestApp, event_id: i64, name: &str, email: &str) -> String {
    events::register(&app.state, event_id, &someone(name, email), app.state.now()).await.unwrap().0
}

fn page(token: &str) -> String {
    format!("/evenements/inscription/{token}")
}

/// A refused link: 404, the page that says so and offers `/acces`, never kept by a cache.
async fn assert_refused(app: &TestApp, client: &reqwest::Client, token: &str) {
    let r = client.get(app.url(&page(token))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404, "{token}");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let body = r.text().await.unwrap();
    assert!(body.contains("Ce lien ne fonctionne plus"), "{body}");
    assert!(body.contains("href=\"/acces\""));
}

fn link_id(token: &str) -> i64 {
    token.split_once('.').unwrap().0.parse().unwrap()
}

#[tokio::test]
async fn a_link_opens_its_page_and_altered_borrowed_expired_or_revoked_ones_do_not() {
    let app = TestApp::spawn().await;
    let id = event(&app, "forum", "Forum des métiers").await;
    let alice = book(&app, id, "Alice Martin", "alice@exemple.fr").await;
    let bob = book(&app, id, "Bob Durand", "bob@exemple.fr").await;
    let (aid, atag) = alice.split_once('.').unwrap();
    let (_, btag) = bob.split_once('.').unwrap();
    assert_eq!(atag.len(), 43);

    let r = app.get(&page(&alice)).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store", "a personal page is never kept by a cache");
    let body = r.text().await.unwrap();
    assert!(body.contains("Alice Martin") && body.contains("Forum des métiers"));
    assert!(body.contains("href=\"/acces\""), "the page says how to get the link again");
    let booking = events::get_booking(&app.state, &alice).await.unwrap().unwrap();
    assert_eq!(booking.email, "alice@exemple.fr");
    // Nothing in the database opens the page: the row holds no token.
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT token FROM registrations ORDER BY id").fetch_all(app.state.db.pool()).await.unwrap();
    assert!(stored.iter().all(|t| t.starts_with('~') && !t.contains(atag) && !t.contains(btag)), "{stored:?}");

    // One character changed, anywhere in the tag; another link's tag; an unknown id; junk.
    let mut changed = vec![];
    for i in [0, 20, 41] {
        let mut t: Vec<u8> = atag.bytes().collect();
        t[i] = if t[i] == b'A' { b'B' } else { b'A' };
        changed.push(format!("{aid}.{}", String::from_utf8(t).unwrap()));
    }
    let borrowed = format!("{aid}.{btag}");
    let unknown = format!("999999.{atag}");
    let client = crate::common::client();
    for token in changed.iter().chain([&borrowed, &unknown, &"nope".to_string(), &format!("{alice}x")]) {
        assert_refused(&app, &client, token).await;
    }
    // The API refuses the same way, as JSON.
    let r = app.get(&format!("/api/v1/registrations/{borrowed}")).await;
    assert_eq!(r.status().as_u16(), 404);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "access-link-gone");
    // The ticket and the offer's answers go through the same check.
    assert_eq!(app.get(&format!("{}/billet", page(&borrowed))).await.status().as_u16(), 404);
    assert_eq!(app.get(&format!("{}/billet", page(&alice))).await.status().as_u16(), 200);

    // Revoked: refused at once; the other link still opens.
    assert!(access::revoke(&app.state.db, link_id(&bob), app.state.now()).await.unwrap());
    assert_refused(&app, &client, &bob).await;
    assert_eq!(app.get(&page(&alice)).await.status().as_u16(), 200);

    // Expired: the link lasts until the booking's data is anonymised (the event's end plus
    // its retention), then no longer opens.
    let expires: i64 = sqlx::query_scalar("SELECT expires_at FROM access_links WHERE id = $1")
        .bind(link_id(&alice))
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let ends_at = events::get_event(&app.state.db, id).await.unwrap().unwrap().ends_at;
    assert_eq!(expires, ends_at + 30 * DAY);
    // The organiser moves the event a week later: the links last a week longer.
    let moved = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    let input = EventInput { starts_at: moved.starts_at + 7 * DAY, ends_at: moved.ends_at + 7 * DAY, ..moved.to_input() };
    assert_eq!(events::update_event(&app.state, id, &input, app.state.now()).await.unwrap(), events::EventUpdate::Saved);
    let expires: i64 = sqlx::query_scalar("SELECT expires_at FROM access_links WHERE id = $1")
        .bind(link_id(&alice))
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(expires, ends_at + 37 * DAY);
    app.state.clock.set(expires - 1);
    assert_eq!(app.get(&page(&alice)).await.status().as_u16(), 200);
    app.state.clock.set(expires);
    assert_refused(&app, &client, &alice).await;
    assert!(events::get_booking(&app.state, &alice).await.unwrap().is_none());
}

#[tokio::test]
async fn verification_recomputes_the_tag_and_checks_scope_expiry_and_revocation() {
    let app = TestApp::spawn().await;
    let links = Links::of(&app.state);
    let now = app.state.now();
    let mut tx = app.state.db.begin().await.unwrap();
    let token = access::issue(&mut tx, &links, "tests.scope", 42, " Zoe@Exemple.FR ", now + 60, now).await.unwrap();
    tx.commit().await.unwrap();
    let granted = access::verify(&app.state.db, &links, &token, now).await.unwrap().unwrap();
    assert_eq!((granted.scope.as_str(), granted.subject), ("tests.scope", 42));
    // Made again from its row: the same token.
    let mut tx = app.state.db.begin().await.unwrap();
    assert_eq!(access::token_for(&mut tx, &links, "tests.scope", 42).await.unwrap(), Some(token.clone()));
    tx.rollback().await.unwrap();
    // Another secret does not make the same tag.
    let other = Links::new(std::sync::Arc::new(b"another secret".to_vec()));
    let mut tx = app.state.db.begin().await.unwrap();
    assert_ne!(access::token_for(&mut tx, &other, "tests.scope", 42).await.unwrap(), Some(token.clone()));
    tx.rollback().await.unwrap();
    // Wrong tags of the same length, decoded: refused.
    let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token.split_once('.').unwrap().1).unwrap();
    for i in [0, 15, 31] {
        let mut wrong = tag.clone();
        wrong[i] ^= 0x01;
        let t = format!("{}.{}", link_id(&token), base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&wrong));
        assert!(access::verify(&app.state.db, &links, &t, now).await.unwrap().is_none());
    }
    // Listed for its (normalised) address while it opens; not once expired.
    let listed = access::list_for_email(&app.state.db, &links, "zoe@exemple.fr", now).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].1, token);
    assert!(access::verify(&app.state.db, &links, &token, now + 60).await.unwrap().is_none());
    assert!(access::list_for_email(&app.state.db, &links, "zoe@exemple.fr", now + 60).await.unwrap().is_empty());
    // A link of another scope does not open a booking's page.
    assert_eq!(app.get(&page(&token)).await.status().as_u16(), 404);
}

#[tokio::test]
async fn failures_past_the_limit_get_429_per_client_address() {
    let app = TestApp::spawn_with(Options { trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let id = event(&app, "forum", "Forum").await;
    let token = book(&app, id, "Alice", "alice@exemple.fr").await;
    let bad = format!("{}.{}", link_id(&token), "A".repeat(43));
    let from = |ip: &'static str, path: String| app.client.get(app.url(&path)).header("x-forwarded-for", ip).send();
    for _ in 0..access::FAILURES_PER_WINDOW {
        assert_eq!(from("203.0.113.5", page(&bad)).await.unwrap().status().as_u16(), 404);
    }
    let r = from("203.0.113.5", page(&bad)).await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    let wait: i64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= access::FAILURE_WINDOW);
    // Past the limit, even a good link is refused from that address (guessing learns nothing)…
    assert_eq!(from("203.0.113.5", page(&token)).await.unwrap().status().as_u16(), 429);
    assert_eq!(from("203.0.113.5", format!("/api/v1/registrations/{token}")).await.unwrap().status().as_u16(), 429);
    // … while another address is not held up.
    assert_eq!(from("203.0.113.6", page(&token)).await.unwrap().status().as_u16(), 200);
    // The window passes: the address may try again.
    app.state.clock.advance(access::FAILURE_WINDOW + 1);
    assert_eq!(from("203.0.113.5", page(&token)).await.unwrap().status().as_u16(), 200);
}

/// The messages queued for `to` whose dedup key says they list someone's links.
async fn link_mails(app: &TestApp, to: &str) -> Vec<String> {
    sqlx::query("SELECT text_body FROM mail_outbox WHERE to_address = $1 AND dedup_key LIKE 'access-links:%' ORDER BY id")
        .bind(to.to_string())
        .fetch_all(app.state.db.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

/// Wait for the mail `/acces` queues after answering (at most five seconds).
async fn wait_for_link_mail(app: &TestApp, to: &str) -> Vec<String> {
    for _ in 0..100 {
        let m = link_mails(app, to).await;
        if !m.is_empty() {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no e-mail for {to}");
}

/// The text part of an .eml file, decoded (base64 or quoted-printable).
fn eml_text(raw: &str) -> String {
    let at = raw.find("Content-Type: text/plain").expect("a text part");
    let part = &raw[at..];
    let (head, body) = part.split_once("\r\n\r\n").unwrap();
    let body = &body[..body.find("\r\n--").unwrap_or(body.len())];
    if head.to_ascii_lowercase().contains("content-transfer-encoding: base64") {
        let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(clean).unwrap()).unwrap()
    } else {
        // Quoted-printable: soft line breaks joined; tokens and addresses hold no `=`.
        body.replace("=\r\n", "")
    }
}

async fn ask(app: &TestApp, client: &reqwest::Client, email: &str) -> (u16, String) {
    let csrf = extract_csrf(&client.get(app.url("/acces")).send().await.unwrap().text().await.unwrap()).unwrap();
    let r = client.post(app.url("/acces")).form(&[("csrf", csrf.as_str()), ("email", email)]).send().await.unwrap();
    let status = r.status().as_u16();
    assert_eq!(r.headers()["cache-control"], "no-store");
    (status, r.text().await.unwrap())
}

#[tokio::test]
async fn the_resend_page_answers_the_same_for_any_address_and_mails_working_links_to_a_known_one() {
    let app = TestApp::spawn_with(Options { trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let forum = event(&app, "forum", "Forum des métiers").await;
    let atelier = event(&app, "atelier", "Atelier CV").await;
    let first = book(&app, forum, "Chloé Petit", "chloe@exemple.fr").await;
    let second = book(&app, atelier, "Chloé Petit", "Chloe@Exemple.fr").await;
    let other = book(&app, atelier, "Awa Diallo", "awa@exemple.fr").await;

    let (status, form) = app.get_text("/acces").await;
    assert_eq!(status, 200);
    assert!(form.contains("Recevoir à nouveau mon lien"));
    let client = crate::common::client();
    let (known_status, known) = ask(&app, &client, "chloe@exemple.fr").await;
    let (unknown_status, unknown) = ask(&app, &client, "personne@exemple.fr").await;
    assert_eq!((known_status, unknown_status), (200, 200));
    assert_eq!(known, unknown, "the same page, word for word");
    assert!(known.contains("Si cette adresse est connue"));

    // One e-mail, to the known address only, listing its two bookings with working links.
    let mails = wait_for_link_mail(&app, "chloe@exemple.fr").await;
    assert_eq!(mails.len(), 1);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(link_mails(&app, "personne@exemple.fr").await.is_empty());
    let all: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE dedup_key LIKE 'access-links:%'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(all, 1);
    let text = &mails[0];
    assert!(text.contains("Forum des métiers") && text.contains("Atelier CV"), "{text}");
    assert!(!text.contains(&other), "another person's link is never sent");
    for token in [&first, &second] {
        assert!(text.contains(&format!("http://essaim.test{}", page(token))), "{text}");
    }
    // The .eml the outbox writes holds the links, and they open the pages.
    for _ in 0..100 {
        mail::deliver_due(&app.state).await.unwrap();
        if mail::unsent_count(&app.state.db).await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let dir = app.state.config.data_dir.join("outbox");
    let emls: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|raw| raw.contains("To: chloe@exemple.fr") && raw.contains("Subject: Vos liens personnels"))
        .collect();
    assert_eq!(emls.len(), 1);
    let text = eml_text(&emls[0]);
    for token in [&first, &second] {
        assert!(text.contains(&format!("http://essaim.test{}", page(token))), "{text}");
        assert_eq!(app.get(&page(token)).await.status().as_u16(), 200);
    }

    // A malformed address is an error next to the field, with what was typed kept.
    let (status, body) = ask(&app, &client, "pas-une-adresse").await;
    assert_eq!(status, 422);
    assert!(body.contains("value=\"pas-une-adresse\"") && body.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn the_resend_page_is_limited_per_email_and_per_address() {
    let app = TestApp::spawn_with(Options { trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let app = &app;
    let post = |ip: &'static str, email: &'static str| async move {
        // A new visitor each time (their own visitor cookie, kept for the form they send).
        let c = crate::common::client();
        let page = c.get(app.url("/acces")).header("x-forwarded-for", ip).send().await.unwrap().text().await.unwrap();
        let csrf = extract_csrf(&page).unwrap();
        c.post(app.url("/acces")).header("x-forwarded-for", ip).form(&[("csrf", csrf.as_str()), ("email", email)]).send().await.unwrap()
    };
    // Per e-mail: from different addresses, the fourth request for one address waits.
    for (i, ip) in ["198.51.100.1", "198.51.100.2", "198.51.100.3"].into_iter().enumerate() {
        assert_eq!(post(ip, "zoe@exemple.fr").await.status().as_u16(), 200, "request {i}");
    }
    let r = post("198.51.100.4", "zoe@exemple.fr").await;
    assert_eq!(r.status().as_u16(), 429);
    assert!(r.headers().contains_key("retry-after"));
    assert!(r.text().await.unwrap().contains("Trop de demandes"));
    // Per client address: the eleventh request from one address waits, whatever the e-mail.
    let emails = ["a@x.fr", "b@x.fr", "c@x.fr", "d@x.fr", "e@x.fr", "f@x.fr", "g@x.fr", "h@x.fr", "i@x.fr", "j@x.fr"];
    for email in emails {
        assert_eq!(post("198.51.100.9", email).await.status().as_u16(), 200);
    }
    assert_eq!(post("198.51.100.9", "k@x.fr").await.status().as_u16(), 429);
}

#[tokio::test]
async fn signed_in_pages_are_no_store_and_public_ones_keep_their_revalidation() {
    let app = TestApp::spawn().await;
    app.user("editrice@exemple.fr", Role::NetworkAdmin, None).await;
    let signed_in = app.session_client("editrice@exemple.fr").await;
    for path in ["/", "/admin", "/evenements", "/acces"] {
        let r = signed_in.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
    }
    // The assets keep their year-long lifetime.
    let home = signed_in.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    let css = &home[home.find("/static/essaim.").unwrap()..];
    let css = &css[..css.find('"').unwrap()];
    let r = signed_in.get(app.url(css)).send().await.unwrap();
    assert!(r.headers()["cache-control"].to_str().unwrap().starts_with("public"));
    // An anonymous visitor still gets the shared page, revalidated with its ETag.
    let r = app.get("/").await;
    assert_eq!(r.headers()["cache-control"], "no-cache");
    assert!(r.headers().contains_key("etag"));
}

#[tokio::test]
async fn an_anonymised_booking_link_no_longer_opens() {
    let app = TestApp::spawn().await;
    let id = event(&app, "forum", "Forum").await;
    let token = book(&app, id, "Alice", "alice@exemple.fr").await;
    assert_eq!(app.get(&page(&token)).await.status().as_u16(), 200);
    // Anonymised (here before its link would expire): the link is revoked and forgets the address.
    let now = app.state.now();
    assert!(retention::anonymise_event(&app.state.db, id, now).await.unwrap());
    assert_refused(&app, &crate::common::client(), &token).await;
    let row = sqlx::query("SELECT revoked_at, email FROM access_links WHERE id = $1")
        .bind(link_id(&token))
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(row.get::<Option<i64>, _>(0), Some(now));
    assert_eq!(row.get::<String, _>(1), "");
    assert!(access::list_for_email(&app.state.db, &Links::of(&app.state), "alice@exemple.fr", app.state.now()).await.unwrap().is_empty());
}

#[tokio::test]
async fn tokens_sent_before_access_links_keep_working_once_carried_over() {
    let app = TestApp::spawn().await;
    let id = event(&app, "forum", "Forum").await;
    let new = book(&app, id, "Alice", "alice@exemple.fr").await;
    let rid = events::get_booking(&app.state, &new).await.unwrap().unwrap().id;
    // A booking as it was before: its token in `registrations.token`, no access link.
    let old = essaim::core::auth::random_token();
    sqlx::query("DELETE FROM access_links WHERE subject_id = $1").bind(rid).execute(app.state.db.pool()).await.unwrap();
    sqlx::query("UPDATE registrations SET token = $2 WHERE id = $1")
        .bind(rid)
        .bind(old.clone())
        .execute(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(app.get(&page(&old)).await.status().as_u16(), 404);

    // The carry-over at start-up (run again here: it is idempotent).
    events::carry_over_tokens(&app.state).await.unwrap();
    events::carry_over_tokens(&app.state).await.unwrap();
    let r = app.get(&page(&old)).await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().contains("Alice"));
    // The database keeps only the token's SHA-256.
    let row = sqlx::query("SELECT r.token, a.legacy_hash FROM registrations r JOIN access_links a ON a.subject_id = r.id WHERE r.id = $1")
        .bind(rid)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>(0), format!("~{rid}"));
    assert_eq!(row.get::<String, _>(1), essaim::core::auth::sha256_hex(&old));
    // Later e-mails carry the link's signed token, which opens the page too.
    assert!(events::cancel(&app.state, &old, app.state.now()).await.unwrap());
    let body: String = sqlx::query_scalar("SELECT text_body FROM mail_outbox WHERE dedup_key = $1")
        .bind(format!("registration:{rid}:cancelled"))
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let at = body.find("/evenements/inscription/").unwrap() + "/evenements/inscription/".len();
    let signed: String = body[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect();
    assert!(signed.contains('.') && signed != old);
    assert_eq!(app.get(&page(&signed)).await.status().as_u16(), 200);
}

#[tokio::test]
async fn an_organisers_message_carries_each_bookings_working_link() {
    let app = TestApp::spawn().await;
    let id = event(&app, "forum", "Forum").await;
    let alice = book(&app, id, "Alice", "alice@exemple.fr").await;
    app.user("admin@exemple.fr", Role::NetworkAdmin, None).await;
    let c = app.session_client("admin@exemple.fr").await;
    let path = format!("/admin/evenements/{id}/messages");
    let form_page = c.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&form_page).unwrap();
    let i = form_page.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    let key = form_page[i..i + form_page[i..].find('"').unwrap()].to_string();
    let form = [("csrf", csrf.as_str()), ("key", key.as_str()), ("audience", "all"), ("subject", "Salle"), ("body", "Salle 2.")];
    assert_eq!(c.post(app.url(&path)).form(&form).send().await.unwrap().status().as_u16(), 303);
    let body: String = sqlx::query_scalar("SELECT text_body FROM mail_outbox WHERE dedup_key LIKE 'event-message:%'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert!(body.contains(&format!("http://essaim.test{}", page(&alice))), "{body}");
}
