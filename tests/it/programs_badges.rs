//! The programs' badges (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set): a
//! participant who completed the path with every consent gets one badge, once; one who did
//! not complete, or whose consent was withdrawn, gets none. Everything a verifier needs is
//! read over HTTP: the credential verifies with the JWKS the site publishes, its bit in the
//! status list is clear, then set after staff revoke it; the page says so. Another club's
//! staff may not revoke; an unknown badge is a 404. Erasure blanks the first name it shows.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use essaim::core::auth::Role;
use essaim::modules::programs::{
    self, Attendance, CohortInput, CompletionRule, ConsentKind, ConsentText, Gender, Giver, ParticipantInput, PathStep, ProgramInput,
    SessionInput, SessionKind, Skill, Status, badges,
};
use serde_json::Value;

use crate::common::TestApp;
use crate::common::surveys::clubs;

const DAY: i64 = 86_400;

struct Fixture {
    club: i64,
    other_club: i64,
    cohort_id: i64,
    /// Every session attended, one consent: completed.
    done: i64,
    /// One session of three: not completed.
    short: i64,
    /// Every session attended, then her own consent withdrawn: pending consent.
    withdrawn: i64,
}

async fn fixture(app: &TestApp) -> Fixture {
    let now = app.state.now();
    let ids = clubs(app, 2).await;
    let db = &app.state.db;
    let mut tx = db.begin().await.unwrap();
    let program_id = programs::insert_program(
        &mut tx,
        &ProgramInput {
            slug: format!("exploratrices-{}", ids[0]),
            title: "Exploratrices du numérique".into(),
            summary: "Un parcours pour découvrir les métiers du numérique".into(),
            age_min: 14,
            age_max: 17,
            skills: vec![
                Skill { code: "code".into(), label: "Programmer".into() },
                Skill { code: "pitch".into(), label: "Présenter un projet".into() },
            ],
            rule: CompletionRule::default(),
            path: vec![PathStep { kind: SessionKind::Workshop, title: "Atelier".into(), skills: vec!["code".into()], minutes: 120 }],
            retention_days: 730,
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    let mut texts: Vec<ConsentText> = vec![];
    for kind in [ConsentKind::Participation, ConsentKind::Own] {
        texts.push(programs::add_text(&mut tx, program_id, kind, "J’accepte.", now).await.unwrap());
    }
    programs::open_in_club(&mut tx, program_id, ids[0], now).await.unwrap();
    let cohort_id = programs::insert_cohort(
        &mut tx,
        &CohortInput {
            program_id,
            club_id: ids[0],
            school_year: "2025-2026".into(),
            label: "Promotion 2025-2026".into(),
            capacity: 20,
            starts_on: now - 200 * DAY,
            ends_on: now - 10 * DAY,
        },
        now,
    )
    .await
    .unwrap();
    let mut sessions = vec![];
    for (kind, ago) in [(SessionKind::Workshop, 150), (SessionKind::Workshop, 90), (SessionKind::Final, 20)] {
        let at = now - ago * DAY;
        let input = SessionInput {
            kind,
            title: "Atelier".into(),
            starts_at: at,
            ends_at: at + 7200,
            place: String::new(),
            lead: String::new(),
            skills: vec![],
        };
        sessions.push(programs::insert_session(&mut tx, cohort_id, &input).await.unwrap());
    }
    let mut people = vec![];
    for (first, age, attended) in [("Lina", 16, 3), ("Zoé", 16, 1), ("Nour", 14, 3)] {
        let id = programs::insert_participant(
            &mut tx,
            cohort_id,
            &ParticipantInput {
                first_name: first.into(),
                last_name: "Benali".into(),
                birth_date: "2010-01-01".into(),
                gender: Gender::Girl,
                email: if first == "Lina" { String::new() } else { format!("{}@famille.test", first.to_lowercase()) },
                phone: "06 12 34 56 78".into(),
                guardian_name: "Nadia Benali".into(),
                guardian_email: format!("parent.{}@famille.test", first.to_lowercase()),
            },
            age,
            now - 190 * DAY,
        )
        .await
        .unwrap();
        programs::set_status(&mut tx, id, Status::Selected, now - 190 * DAY).await.unwrap();
        programs::record_consent(&mut tx, id, &texts[0], Giver::Guardian, "Nadia Benali", true, now - 180 * DAY).await.unwrap();
        if age < 15 {
            programs::record_consent(&mut tx, id, &texts[1], Giver::Participant, first, true, now - 180 * DAY).await.unwrap();
        }
        for (n, s) in sessions.iter().enumerate() {
            programs::place(&mut tx, *s, id, now - 170 * DAY).await.unwrap();
            // The one who attends once comes to the final event only.
            if n + attended >= sessions.len() {
                let a = Attendance { session_id: *s, participant_id: id, arrived_at: Some(now - DAY), left_at: Some(now), excused: false };
                assert!(programs::record_attendance(&mut tx, &a, now).await.unwrap());
            }
        }
        people.push(id);
    }
    programs::withdraw_consent(&mut tx, people[2], ConsentKind::Own, now).await.unwrap();
    tx.commit().await.unwrap();
    Fixture { club: ids[0], other_club: ids[1], cohort_id, done: people[0], short: people[1], withdrawn: people[2] }
}

fn b64(s: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(s).unwrap()
}

/// The payload of `jws` if its EdDSA signature verifies with the key of the JWKS its header names.
fn verify(jws: &str, jwks: &Value) -> Option<Value> {
    let parts: Vec<&str> = jws.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: Value = serde_json::from_slice(&b64(parts[0])).unwrap();
    assert_eq!((header["alg"].as_str(), header["typ"].as_str()), (Some("EdDSA"), Some("vc+jwt")));
    let jwk = jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == header["kid"])?;
    assert_eq!((jwk["kty"].as_str(), jwk["crv"].as_str()), (Some("OKP"), Some("Ed25519")));
    let key = ed25519_dalek::VerifyingKey::from_bytes(&b64(jwk["x"].as_str().unwrap()).try_into().unwrap()).unwrap();
    let sig = ed25519_dalek::Signature::from_bytes(&b64(parts[2]).try_into().unwrap());
    key.verify_strict(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig).ok()?;
    Some(serde_json::from_slice(&b64(parts[1])).unwrap())
}

/// Whether position `index` of the status list `jws` (verified) is set.
async fn revoked_in_list(app: &TestApp, jwks: &Value, index: usize) -> bool {
    let r = app.get("/badges/statut/1").await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/vc+jwt");
    let list = verify(&r.text().await.unwrap(), jwks).expect("the status list verifies");
    assert_eq!(list["type"][1], "BitstringStatusListCredential");
    assert_eq!(list["credentialSubject"]["statusPurpose"], "revocation");
    let encoded = list["credentialSubject"]["encodedList"].as_str().unwrap();
    let gz = b64(encoded.strip_prefix('u').expect("multibase base64url"));
    let mut bits = vec![];
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut bits).unwrap();
    assert!(bits.len() >= 16 * 1024, "at least 16 KB uncompressed");
    bits[index / 8] & (0x80 >> (index % 8)) != 0
}

#[tokio::test]
async fn a_completed_participant_gets_a_badge_that_verifies_until_it_is_revoked() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let now = app.state.now();
    assert_eq!(badges::issue_completed(&app.state, f.cohort_id, now).await.unwrap(), 1);
    assert_eq!(badges::issue_completed(&app.state, f.cohort_id, now).await.unwrap(), 0, "issued once");
    let db = &app.state.db;
    assert!(badges::for_participant(db, f.short).await.unwrap().is_none(), "not completed: no badge");
    assert!(badges::for_participant(db, f.withdrawn).await.unwrap().is_none(), "pending consent: no badge");
    let badge = badges::for_participant(db, f.done).await.unwrap().expect("her badge");
    // She has no address: her guardian is e-mailed the link.
    let (to, text): (String, String) = sqlx::query_as("SELECT to_address, text_body FROM mail_outbox WHERE dedup_key = $1")
        .bind(format!("programs:badge:{}", badge.id))
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(to, "parent.lina@famille.test");
    assert!(text.contains(&format!("http://essaim.test/badges/{}", badge.id)), "{text}");

    // The public page: verified, her first name only.
    let (status, page) = app.get_text(&badge.url()).await;
    assert_eq!(status, 200);
    assert!(page.contains("Badge valide") && page.contains("Lina") && page.contains("Programmer"), "{page}");
    assert!(!page.contains("Benali") && !page.contains("famille.test") && !page.contains("2010-01-01"));
    let english = crate::common::client().get(app.url(&badge.url())).header("accept-language", "en").send().await.unwrap();
    let english = english.text().await.unwrap();
    assert!(english.contains("lang=\"en\"") && english.contains("Valid badge") && english.contains("Download the badge"));

    // The credential, downloaded, verifies with the published keys.
    let r = app.get(&format!("{}/credential.jwt", badge.url())).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/vc+jwt");
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let jwt = r.text().await.unwrap();
    let jwks: Value = app.get("/badges/cles.json").await.json().await.unwrap();
    let vc = verify(&jwt, &jwks).expect("the credential verifies with the published key");
    assert_eq!(vc["@context"][0], "https://www.w3.org/ns/credentials/v2");
    assert_eq!(vc["@context"][1], "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
    assert_eq!(vc["type"], serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"]));
    assert_eq!(vc["issuer"]["id"], "http://essaim.test/badges/emetteur");
    assert!(vc["validFrom"].as_str().unwrap().ends_with('Z'));
    let subject = &vc["credentialSubject"];
    assert!(subject["id"].as_str().unwrap().starts_with("urn:uuid:"));
    assert_eq!(subject["achievement"]["id"], format!("http://essaim.test/programmes/exploratrices-{}#badge", f.club));
    assert!(subject["achievement"]["criteria"]["narrative"].as_str().unwrap().contains("80 %"));
    assert_eq!(subject["achievement"]["alignment"][1]["targetName"], "Présenter un projet");
    assert!(!jwt.is_empty() && !vc.to_string().contains("Lina") && !vc.to_string().contains("famille"), "no personal data");
    let status = &vc["credentialStatus"];
    assert_eq!(status["type"], "BitstringStatusListEntry");
    assert_eq!(status["statusListCredential"], "http://essaim.test/badges/statut/1");
    let index: usize = status["statusListIndex"].as_str().unwrap().parse().unwrap();
    assert_eq!(index as i64, badge.status_index);
    let json: Value = app.get(&format!("{}/credential.json", badge.url())).await.json().await.unwrap();
    assert_eq!(json, vc);
    let issuer: Value = app.get("/badges/emetteur").await.json().await.unwrap();
    assert_eq!(issuer["id"], "http://essaim.test/badges/emetteur");
    assert_eq!(issuer["type"][0], "Profile");
    assert!(!revoked_in_list(&app, &jwks, index).await);

    // Unknown badges.
    for path in ["/badges/inconnu", "/badges/inconnu/credential.jwt", "/badges/inconnu/credential.json"] {
        assert_eq!(app.get(path).await.status().as_u16(), 404, "{path}");
    }

    // Another club's administrator may not revoke it.
    let other = essaim::modules::network::get_club(db, f.other_club).await.unwrap().unwrap();
    let password = app.user("admin-autre@club.test", Role::ClubAdmin, Some(&other.slug)).await;
    let them = app.login("admin-autre@club.test", &password).await;
    let csrf = app.csrf(&them, "/admin").await;
    let revoke = format!("/admin/programmes/badges/{}/revoquer", badge.id);
    let r = them.post(app.url(&revoke)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = them.post(app.url("/admin/programmes/badges/inconnu/revoquer")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
    // Nor may a member of its own club, nor anyone signed out (sent to sign in).
    let club = essaim::modules::network::get_club(db, f.club).await.unwrap().unwrap();
    let password = app.user("membre@club.test", Role::Member, Some(&club.slug)).await;
    let member = app.login("membre@club.test", &password).await;
    let csrf = app.csrf(&member, &badge.url()).await;
    let r = member.post(app.url(&revoke)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = crate::common::client().post(app.url(&revoke)).form(&[("csrf", "x")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(!revoked_in_list(&app, &jwks, index).await);

    // The club's administrator revokes it from its page.
    let password = app.user("admin@club.test", Role::ClubAdmin, Some(&club.slug)).await;
    let staff = app.login("admin@club.test", &password).await;
    let csrf = app.csrf(&staff, &badge.url()).await;
    let r = staff.post(app.url(&revoke)).form(&[("csrf", csrf.as_str()), ("return", "//ailleurs.test/")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], badge.url().as_str(), "no open redirect");
    assert!(revoked_in_list(&app, &jwks, index).await);
    let (_, page) = app.get_text(&badge.url()).await;
    assert!(page.contains("Badge révoqué le") && !page.contains("Badge valide"), "{page}");
    assert!(verify(&jwt, &jwks).is_some(), "the signature still holds; the status says revoked");
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'programs.badge.revoke'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn the_export_names_the_badge_and_erasure_blanks_its_first_name() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    badges::issue_completed(&app.state, f.cohort_id, app.state.now()).await.unwrap();
    let badge = badges::for_participant(&app.state.db, f.done).await.unwrap().unwrap();
    let email = "parent.lina@famille.test";
    let found = essaim::core::people::find(&app.state.db, &app.state.modules, email).await.unwrap();
    assert!(found.to_json(0).to_string().contains(&badge.id));
    essaim::core::people::erase(&app.state.db, &app.state.modules, &app.state.config.data_dir, email, app.state.now()).await.unwrap();
    let after = badges::for_participant(&app.state.db, f.done).await.unwrap().unwrap();
    assert_eq!(after.recipient, "");
    let (status, page) = app.get_text(&badge.url()).await;
    assert_eq!(status, 200);
    assert!(!page.contains("Lina") && page.contains("prénom effacé"));
}

#[tokio::test]
async fn the_demo_has_last_years_badges() {
    let app = TestApp::spawn_demo().await;
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM program_badges ORDER BY status_index").fetch_all(app.state.db.pool()).await.unwrap();
    assert_eq!(ids.len(), 6, "six of last year's seven completed");
    let (status, page) = app.get_text(&format!("/badges/{}", ids[0])).await;
    assert_eq!(status, 200);
    assert!(page.contains("Badge valide") && page.contains("Exploratrices du numérique"), "{page}");
}

#[tokio::test]
async fn two_issuers_at_once_give_one_badge_each() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let now = app.state.now();
    let (a, b) = tokio::join!(badges::issue_completed(&app.state, f.cohort_id, now), badges::issue_completed(&app.state, f.cohort_id, now));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "one badge, whoever issued it");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM program_badges").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(n, 1);
    let mails: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE dedup_key LIKE 'programs:badge:%'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(mails, 1, "one e-mail");
}
