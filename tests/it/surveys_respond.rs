//! What respondents get (issue 15), over HTTP: an anonymous wave answered by 50 people
//! through their invitation links keeps no path from a response to its invitation and each
//! link works once; save and come back; conditions evaluated by the server; bad input kept
//! with its message; the quota's page; a wave closed one second late; the open link with its
//! rate limit; the public list and a survey's page. Both databases.

use essaim::core::access::{self, Links};
use essaim::core::forms::{self, Condition, FormDef, Item, Kind, Question, Test};
use essaim::modules::surveys::{self, Holder, Mode, SurveyInput, WaveInput};

use crate::common::surveys::{barometer, clubs, columns, invite};
use crate::common::{TestApp, client, extract_csrf};

/// An access link for an invitation, as the invitations' e-mail carries it.
async fn link(app: &TestApp, invitation: i64) -> String {
    let now = app.state.now();
    let mut tx = app.state.db.begin().await.unwrap();
    let token = access::issue(
        &mut tx,
        &Links::of(&app.state),
        surveys::INVITATION_SCOPE,
        invitation,
        &format!("i{invitation}@t.example"),
        now + 400 * 86_400,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    token
}

fn base(token: &str) -> String {
    format!("/enquetes/reponse/{token}")
}

fn location(r: &reqwest::Response) -> String {
    r.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

/// Send section `n` (its page read first for the CSRF token) with `fields` and `action`.
async fn send(app: &TestApp, c: &reqwest::Client, base: &str, n: usize, fields: &[(&str, &str)], action: &str) -> reqwest::Response {
    let path = format!("{base}/partie/{n}");
    let page = c.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&page).unwrap_or_else(|| panic!("{path} has a form: {page}"));
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf", &csrf));
    form.push(("action", action));
    c.post(app.url(&path)).form(&form).send().await.unwrap()
}

/// "Envoyer" from the review page.
async fn send_all(app: &TestApp, c: &reqwest::Client, base: &str) -> reqwest::Response {
    let page = c.get(app.url(&format!("{base}/relecture"))).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&page).unwrap_or_else(|| panic!("the review has a form: {page}"));
    c.post(app.url(&format!("{base}/envoyer"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap()
}

fn field(def: &FormDef, code: &str) -> String {
    def.questions().find(|q| q.code == code).unwrap().field()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(app.state.db.pool()).await.unwrap()
}

#[tokio::test]
async fn fifty_anonymous_answers_through_links_keep_no_path_to_their_invitations() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let invitations = invite(&app, b.wave_id, b.clubs[0], 50).await;
    let (q1, q2, q4, q3) = (field(&b.def, "q1"), field(&b.def, "q2"), field(&b.def, "q4"), field(&b.def, "q3"));
    let mut tokens = vec![];
    for (i, id) in invitations.iter().enumerate() {
        let token = link(&app, *id).await;
        let base = base(&token);
        // The first respondent is the tests' known visitor, so that its CSRF token is known.
        let c = if i == 0 { app.client.clone() } else { client() };
        let (status, first) = {
            let r = c.get(app.url(&base)).send().await.unwrap();
            assert_eq!(r.headers().get("cache-control").unwrap(), "no-store");
            (r.status().as_u16(), r.text().await.unwrap())
        };
        assert_eq!(status, 200);
        if i == 0 {
            assert!(first.contains("Cette enquête est anonyme"), "{first}");
            assert!(first.contains("aucun lien entre vos réponses et votre invitation"), "{first}");
            assert!(first.contains("le jour de l’envoi, sans l’heure"));
            assert!(first.contains("Nous savons seulement si vous avez répondu"));
        }
        let staff = i.to_string();
        let r = send(&app, &c, &base, 1, &[(&q1, "Services"), (&q2, "A"), (&q2, "B"), (&q4, &staff)], "next").await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, format!("{base}/partie/2")));
        let r = send(&app, &c, &base, 2, &[(&q3, "4")], "next").await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, format!("{base}/relecture")));
        let r = send_all(&app, &c, &base).await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, base.clone()));
        tokens.push(token);
    }

    // The structural checks: no column that could lead to a respondent, nothing linked, no
    // draft left, the day alone.
    for table in ["survey_responses", "survey_answers"] {
        for c in columns(&app, table).await {
            for bad in ["invitation", "email", "token", "key", "name", "user", "person", "_at", "created", "updated", "ip"] {
                assert!(!c.contains(bad), "{table}.{c} could lead to a respondent");
            }
        }
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_responses").await, 50);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_response_links").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_drafts").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_responses WHERE submitted_on % 86400 <> 0").await, 0);
    assert_eq!(surveys::invitation_counts(&app.state.db, b.wave_id).await.unwrap(), (0, 0, 50));

    // The order responses are kept in is not the order they came in (each gave its rank as
    // its staff number).
    let stored = surveys::responses(&app.state.db, b.wave_id).await.unwrap();
    let ranks: Vec<i64> = stored
        .iter()
        .map(|r| match r.answers.iter().find(|(c, _)| c == "q4").map(|(_, a)| a) {
            Some(forms::Answer::Number(n)) => *n as i64,
            other => panic!("{other:?}"),
        })
        .collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(sorted, (0..50).collect::<Vec<i64>>());
    assert_ne!(ranks, sorted, "the stored order is the submission order");
    assert!(stored.iter().all(|r| r.answers.iter().any(|(c, a)| c == "q2" && a.plain().contains('B'))));

    // A link works once: the page says so, a second submission is refused and stores nothing.
    let base0 = base(&tokens[0]);
    let page = app.get_text(&base0).await.1;
    assert!(page.contains("Vous avez déjà répondu, merci"), "{page}");
    assert!(!page.contains("/partie/1"));
    let csrf = app.state.visitor_csrf(crate::common::VISITOR);
    let r = app.post_form(&format!("{base0}/envoyer"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(r.status().as_u16(), 409);
    assert!(r.text().await.unwrap().contains("Vous avez déjà répondu, merci"));
    let r = app.post_form(&format!("{base0}/partie/1"), &[("csrf", csrf.as_str()), (q1.as_str(), "Commerce"), ("action", "next")]).await;
    assert_eq!(location(&r), base0, "a used link takes no more answers");
    assert!(app.get_text(&format!("{base0}/partie/1")).await.1.contains("Vous avez déjà répondu, merci"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_responses").await, 50);
}

#[tokio::test]
async fn a_respondent_saves_and_comes_back_where_they_were() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Pseudonymous, None).await;
    let inv = invite(&app, b.wave_id, b.clubs[0], 1).await[0];
    let token = link(&app, inv).await;
    let base = base(&token);
    let (q1, q2, q3) = (field(&b.def, "q1"), field(&b.def, "q2"), field(&b.def, "q3"));
    let other = format!("{q2}-other");

    let first = client();
    let welcome = first.get(app.url(&base)).send().await.unwrap().text().await.unwrap();
    assert!(welcome.contains("pseudonyme"), "the mode is stated: {welcome}");
    assert!(welcome.contains("Commencer"));
    let r = send(&app, &first, &base, 1, &[(&q1, "Industrie"), (&q2, "A"), (&q2, "C"), (&other, "Tutorat")], "next").await;
    assert_eq!(r.status().as_u16(), 303);
    let page2 = first.get(app.url(&format!("{base}/partie/2"))).send().await.unwrap().text().await.unwrap();
    assert!(page2.contains("Section 2 sur 2"), "progress: {page2}");
    let r = send(&app, &first, &base, 2, &[(&q3, "4")], "save").await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, format!("{base}?enregistre=1")));
    let saved = first.get(app.url(&location(&r))).send().await.unwrap().text().await.unwrap();
    assert!(saved.contains("Vos réponses sont enregistrées"), "{saved}");

    let draft = surveys::draft(&app.state.db, &Holder::Invitation(inv)).await.unwrap().expect("a draft is kept");
    assert_eq!(draft.page, 1, "the section reached");
    assert!(draft.fields.contains(&(other.clone(), "Tutorat".into())));
    assert_eq!(surveys::invitation(&app.state.db, inv).await.unwrap().unwrap().state, surveys::InvitationState::Started);

    // Another day, another browser: the same link resumes at section 2, everything kept.
    let second = client();
    let welcome = second.get(app.url(&base)).send().await.unwrap().text().await.unwrap();
    assert!(welcome.contains("Reprendre à la section 2 sur 2"), "{welcome}");
    assert!(welcome.contains(&format!("{base}/partie/2")));
    let p1 = second.get(app.url(&format!("{base}/partie/1"))).send().await.unwrap().text().await.unwrap();
    assert!(p1.contains(r#"value="A" checked"#) && p1.contains(r#"value="C" checked"#) && !p1.contains(r#"value="B" checked"#), "{p1}");
    assert!(p1.contains(r#"value="Tutorat""#));
    assert!(p1.contains(r#"value="Industrie" checked"#));
    let p2 = second.get(app.url(&format!("{base}/partie/2"))).send().await.unwrap().text().await.unwrap();
    assert!(p2.contains(r#"value="4" checked"#), "{p2}");
    // "Précédent" keeps what was typed and goes back.
    let r = send(&app, &second, &base, 2, &[(&q3, "5")], "prev").await;
    assert_eq!(location(&r), format!("{base}/partie/1"));
    let r = send(&app, &second, &base, 1, &[(&q1, "Industrie"), (&q2, "A"), (&other, "Tutorat")], "next").await;
    assert_eq!(location(&r), format!("{base}/partie/2"));
    let r = send(&app, &second, &base, 2, &[(&q3, "5")], "next").await;
    assert_eq!(location(&r), format!("{base}/relecture"));
    let review = second.get(app.url(&format!("{base}/relecture"))).send().await.unwrap().text().await.unwrap();
    assert!(review.contains("Industrie") && review.contains("Tutorat"), "{review}");
    let r = send_all(&app, &second, &base).await;
    assert_eq!(r.status().as_u16(), 303);
    let stored = surveys::responses(&app.state.db, b.wave_id).await.unwrap();
    assert_eq!(stored.len(), 1);
    let q2_answer = stored[0].answers.iter().find(|(c, _)| c == "q2").unwrap().1.clone();
    assert_eq!(q2_answer, forms::Answer::Choices { selected: vec!["A".into()], other: Some("Tutorat".into()) });
    assert_eq!(surveys::response_links(&app.state.db, b.wave_id).await.unwrap().len(), 1, "a pseudonymous wave links");
}

fn question(id: i64, code: &str, label: &str, required: bool, condition: Option<Condition>, kind: Kind) -> Item {
    Item::Question(Question { id, code: code.into(), label: label.into(), help: String::new(), required, condition, kind })
}

/// A survey with one open wave in one territory on `def` (its ids from `base`), and an
/// invitation's link.
async fn survey_with(app: &TestApp, def: impl FnOnce(i64) -> FormDef) -> (FormDef, String, i64) {
    let now = app.state.now();
    let club = clubs(app, 1).await[0];
    let mut tx = app.state.db.begin().await.unwrap();
    let slug = format!("conditions-{club}");
    let id =
        surveys::insert_survey(&mut tx, &SurveyInput { slug, title: "Conditions".into(), min_cell: 5, ..Default::default() }, None, now)
            .await
            .unwrap();
    let def = def(forms::store::next_question_id(&mut tx).await.unwrap());
    forms::store::save(&mut tx, &surveys::model::owner(id), &def, now).await.unwrap();
    let wave = surveys::insert_wave(
        &mut tx,
        id,
        &WaveInput { label: "2026".into(), mode: Mode::Anonymous, opens_at: now - 60, closes_at: now + 86_400, open_link: false },
        now,
    )
    .await
    .unwrap();
    surveys::set_territories(&mut tx, wave, &[(club, None)]).await.unwrap();
    surveys::open_wave(&mut tx, wave, now).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    let inv = invite(app, wave, club, 1).await[0];
    (def, link(app, inv).await, wave)
}

#[tokio::test]
async fn a_hidden_question_is_neither_required_nor_stored() {
    let app = TestApp::spawn().await;
    let (def, token, wave) = survey_with(&app, |b| FormDef {
        items: vec![
            Item::Section { title: "Votre organisation".into(), help: String::new() },
            question(b, "referent", "Avez-vous un référent seniors ?", true, None, Kind::YesNo),
            Item::Section { title: "Votre référent".into(), help: String::new() },
            question(
                b + 1,
                "referent_role",
                "Quel est son rôle ?",
                true,
                Some(Condition { question: b, test: Test::Equals, value: "yes".into() }),
                Kind::ShortText,
            ),
            question(b + 2, "effectif", "Effectif", false, None, Kind::Number { min: Some(0.0), max: None }),
        ],
    })
    .await;
    let base = base(&token);
    let (referent, role) = (field(&def, "referent"), field(&def, "referent_role"));
    let c = client();

    // "Oui": the question shows, and it is required.
    send(&app, &c, &base, 1, &[(&referent, "yes")], "next").await;
    let page = c.get(app.url(&format!("{base}/partie/2"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Quel est son rôle ?"), "{page}");
    let r = send(&app, &c, &base, 2, &[], "next").await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Répondez à cette question."));

    // "Non": the server leaves it out; what was typed for it is not stored.
    send(&app, &c, &base, 1, &[(&referent, "no")], "next").await;
    let page = c.get(app.url(&format!("{base}/partie/2"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Quel est son rôle ?"), "{page}");
    let r = send(&app, &c, &base, 2, &[(&role, "Directrice RH")], "next").await;
    assert_eq!(location(&r), format!("{base}/relecture"));
    let review = c.get(app.url(&format!("{base}/relecture"))).send().await.unwrap().text().await.unwrap();
    assert!(!review.contains("Quel est son rôle ?") && !review.contains("Directrice RH"), "{review}");
    assert_eq!(send_all(&app, &c, &base).await.status().as_u16(), 303);
    let stored = surveys::responses(&app.state.db, wave).await.unwrap();
    assert_eq!(stored.len(), 1);
    let codes: Vec<&str> = stored[0].answers.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, vec!["referent"]);
}

#[tokio::test]
async fn bad_input_is_kept_with_its_message_next_to_the_field() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let inv = invite(&app, b.wave_id, b.clubs[0], 1).await[0];
    let base = base(&link(&app, inv).await);
    let (q1, q4) = (field(&b.def, "q1"), field(&b.def, "q4"));
    let c = client();
    let r = send(&app, &c, &base, 1, &[(&q1, "Services"), (&q4, "douze")], "next").await;
    assert_eq!(r.status().as_u16(), 422);
    assert_eq!(r.headers().get("cache-control").unwrap(), "no-store");
    let page = r.text().await.unwrap();
    assert!(page.contains("Le formulaire contient des erreurs"), "{page}");
    assert!(page.contains("Indiquez un nombre, par exemple 2 ou 2,5."));
    assert!(page.contains(r#"value="douze""#), "what was typed stays");
    assert!(page.contains(&format!(r#"id="r-{q4}-error""#)), "the message is next to its field");
    assert!(page.contains(r#"value="Services" checked"#));
    // The draft keeps it as typed, and the section is not passed.
    let draft = surveys::draft(&app.state.db, &Holder::Invitation(inv)).await.unwrap().unwrap();
    assert!(draft.fields.contains(&(q4.clone(), "douze".into())));
    assert_eq!(draft.page, 0);
    // An unknown section is not found; a form without its token is refused.
    assert_eq!(c.get(app.url(&format!("{base}/partie/9"))).send().await.unwrap().status().as_u16(), 404);
    let r = c.post(app.url(&format!("{base}/partie/1"))).form(&[("action", "next")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    // A link that was altered opens nothing.
    assert_eq!(c.get(app.url(&format!("{base}x"))).send().await.unwrap().status().as_u16(), 404);
}

#[tokio::test]
async fn a_full_quota_says_so_and_keeps_the_draft() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, Some(1)).await;
    let inv = invite(&app, b.wave_id, b.clubs[0], 2).await;
    let (first, second) = (base(&link(&app, inv[0]).await), base(&link(&app, inv[1]).await));
    let q1 = field(&b.def, "q1");
    let (c1, c2) = (client(), client());
    // Both reach the review; the first sends and takes the only place.
    for (c, base) in [(&c1, &first), (&c2, &second)] {
        send(&app, c, base, 1, &[(&q1, "Commerce")], "next").await;
        send(&app, c, base, 2, &[], "next").await;
    }
    let review = c2.get(app.url(&format!("{second}/relecture"))).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&review).unwrap();
    assert_eq!(send_all(&app, &c1, &first).await.status().as_u16(), 303);
    let r = c2.post(app.url(&format!("{second}/envoyer"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 409);
    let page = r.text().await.unwrap();
    assert!(page.contains("Le nombre de réponses attendu est atteint"), "{page}");
    assert!(page.contains("Vos réponses en cours restent enregistrées."));
    assert!(surveys::draft(&app.state.db, &Holder::Invitation(inv[1])).await.unwrap().is_some(), "the draft is kept");
    assert_eq!(surveys::territories(&app.state.db, b.wave_id).await.unwrap()[0].complete, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_responses").await, 1);
    let page = c2.get(app.url(&second)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Le nombre de réponses attendu est atteint"));
}

#[tokio::test]
async fn a_wave_refuses_answers_from_its_closing_second() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let wave = surveys::wave(&app.state.db, b.wave_id).await.unwrap().unwrap();
    let inv = invite(&app, b.wave_id, b.clubs[0], 1).await[0];
    let base = base(&link(&app, inv).await);
    let q1 = field(&b.def, "q1");
    let c = client();
    app.state.clock.set(wave.closes_at - 1);
    send(&app, &c, &base, 1, &[(&q1, "Industrie")], "next").await;
    send(&app, &c, &base, 2, &[], "next").await;
    let review = c.get(app.url(&format!("{base}/relecture"))).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&review).unwrap();

    app.state.clock.set(wave.closes_at);
    let r = c.post(app.url(&format!("{base}/envoyer"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 409);
    let page = r.text().await.unwrap();
    assert!(page.contains("Cette vague est close"), "{page}");
    assert!(page.contains("Vos réponses en cours restent enregistrées."));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_responses").await, 0);
    assert!(surveys::draft(&app.state.db, &Holder::Invitation(inv)).await.unwrap().is_some());
    let page = c.get(app.url(&base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Cette vague est close"));

    // One second earlier it was taken.
    app.state.clock.set(wave.closes_at - 1);
    let r = c.post(app.url(&format!("{base}/envoyer"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_responses").await, 1);
}

#[tokio::test]
async fn the_open_link_makes_a_key_to_come_back_with_and_is_rate_limited() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 2, Mode::Anonymous, None).await;
    let start = format!("/enquetes/{}/repondre", b.slug);
    let c = client();
    let page = c.get(app.url(&start)).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&page).unwrap();
    let names: Vec<String> = surveys::territories(&app.state.db, b.wave_id).await.unwrap().into_iter().map(|t| t.club_name).collect();
    assert!(names.iter().all(|n| page.contains(n.as_str())), "the wave's territories are offered");

    // No territory: the message next to the field.
    let r = c.post(app.url(&start)).form(&[("csrf", csrf.as_str()), ("territory", "")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Choisissez votre territoire dans la liste."));
    // A club that is not one of the wave's is refused too.
    let elsewhere = clubs(&app, 1).await[0].to_string();
    let r = c.post(app.url(&start)).form(&[("csrf", csrf.as_str()), ("territory", elsewhere.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);

    let club = b.clubs[1].to_string();
    let r = c.post(app.url(&start)).form(&[("csrf", csrf.as_str()), ("territory", club.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let base = location(&r);
    let key = base.rsplit('/').next().unwrap().to_string();
    assert!(base.starts_with(&format!("/enquetes/{}/reponse/", b.slug)));
    assert_eq!(key.len(), 43, "256 random bits");
    let hash = essaim::core::auth::sha256_hex(&key);
    let draft = surveys::draft(&app.state.db, &Holder::OpenKey(hash)).await.unwrap().expect("a draft under the key's hash");
    assert_eq!(draft.club_id, b.clubs[1]);
    let stored_keys = count(&app, &format!("SELECT COUNT(*) FROM survey_drafts WHERE key_hash = '{key}'")).await;
    assert_eq!(stored_keys, 0, "the key itself is not stored");

    // Save, come back by the address, send.
    let q1 = field(&b.def, "q1");
    let r = send(&app, &c, &base, 1, &[(&q1, "Services")], "save").await;
    let saved = c.get(app.url(&location(&r))).send().await.unwrap().text().await.unwrap();
    assert!(saved.contains(&format!("http://essaim.test{base}")), "the address to come back to: {saved}");
    let again = client().get(app.url(&base)).send().await.unwrap().text().await.unwrap();
    assert!(again.contains("Reprendre à la section 1 sur 2"), "{again}");
    send(&app, &c, &base, 1, &[(&q1, "Services")], "next").await;
    send(&app, &c, &base, 2, &[], "next").await;
    let r = send_all(&app, &c, &base).await;
    assert_eq!(location(&r), format!("/enquetes/{}/merci", b.slug));
    assert_eq!(surveys::response_counts(&app.state.db, b.wave_id).await.unwrap(), vec![(b.clubs[1], 1)]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_drafts").await, 0);
    let r = c.get(app.url(&base)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404, "the key opens nothing once sent");
    assert!(r.text().await.unwrap().contains("n’ouvre aucune réponse en cours"));

    // Starts are limited per client address.
    let mut last = 0;
    for _ in 0..25 {
        let r = c.post(app.url(&start)).form(&[("csrf", csrf.as_str()), ("territory", club.as_str())]).send().await.unwrap();
        last = r.status().as_u16();
        if last == 429 {
            assert!(r.headers().get("retry-after").is_some());
            assert!(r.text().await.unwrap().contains("Trop de questionnaires commencés depuis cette adresse"));
            break;
        }
        assert_eq!(last, 303);
    }
    assert_eq!(last, 429);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_drafts").await, 19, "twenty starts an hour, the first one sent");
}

#[tokio::test]
async fn the_public_list_and_a_survey_page_turn_with_the_clock() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 2, Mode::Anonymous, Some(10)).await;
    let wave = surveys::wave(&app.state.db, b.wave_id).await.unwrap().unwrap();
    app.state.pages.changed_all(&app.state.db).await;
    let (status, list) = app.get_text("/enquetes").await;
    assert_eq!(status, 200);
    assert!(list.contains(r#"href="/enquetes" aria-current="page""#), "Enquêtes in the menu");
    let open_section = &list[list.find("Enquêtes en cours").unwrap()..list.find("Résultats publiés").unwrap()];
    assert!(open_section.contains(&format!("/enquetes/{}", b.slug)), "{list}");

    let (status, page) = app.get_text(&format!("/enquetes/{}", b.slug)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Cette enquête est anonyme"));
    assert!(page.contains("Vous pouvez répondre jusqu’au"));
    assert!(page.contains(&format!("/enquetes/{}/repondre", b.slug)), "Répondre by the open link");
    for t in surveys::territories(&app.state.db, b.wave_id).await.unwrap() {
        assert!(page.contains(&t.club_name));
    }

    // Closed by the clock alone: the cached pages turn.
    app.state.clock.set(wave.closes_at);
    let (_, list) = app.get_text("/enquetes").await;
    assert!(!list.contains(&format!("/enquetes/{}\"", b.slug)), "a closed wave without results is not listed: {list}");
    let (_, page) = app.get_text(&format!("/enquetes/{}", b.slug)).await;
    assert!(page.contains("est close depuis le"), "{page}");
    assert!(!page.contains("/repondre"));

    // A survey whose wave never opened is not public.
    let now = app.state.now();
    let mut tx = app.state.db.begin().await.unwrap();
    let id = surveys::insert_survey(
        &mut tx,
        &SurveyInput { slug: "brouillon".into(), title: "Brouillon".into(), min_cell: 5, ..Default::default() },
        None,
        now,
    )
    .await
    .unwrap();
    surveys::insert_wave(
        &mut tx,
        id,
        &WaveInput { label: "2027".into(), mode: Mode::Anonymous, opens_at: now, closes_at: now + 10, open_link: true },
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(app.get_text("/enquetes/brouillon").await.0, 404);
    assert_eq!(app.get_text("/enquetes/brouillon/repondre").await.0, 404);
}
