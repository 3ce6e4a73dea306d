//! The surveys' results: counts per option, percentages, medians, small cells suppressed in
//! public and flagged for staff, publication of chosen questions, the year-over-year by code
//! across form versions, the aggregate export and the public API.

use essaim::core::auth::Role;
use essaim::core::forms::{self, Answer, FormDef, Item, Kind, Question, Typed};
use essaim::core::i18n::Locale;
use essaim::modules::surveys::results::{self, Audience, Cell, Figures, Labels};
use essaim::modules::surveys::{self, Holder, Mode, QuotaGuard, Submitted, SurveyInput, WaveInput};

use crate::common::TestApp;
use crate::common::surveys::{answers, barometer, clubs, form_v1};

async fn submit(app: &TestApp, wave_id: i64, club: i64, typed: Vec<Typed>) {
    let wave = surveys::wave(&app.state.db, wave_id).await.unwrap().unwrap();
    let key = format!("{:064x}", rand_u64());
    let mut tx = app.state.db.begin().await.unwrap();
    surveys::start_open_draft(&mut tx, wave_id, club, &key, app.state.now()).await.unwrap();
    let done = surveys::submit(&mut tx, &wave, club, &Holder::OpenKey(key), &typed, QuotaGuard::Database, app.state.now()).await.unwrap();
    assert!(matches!(done, Submitted::Stored(_)), "{done:?}");
    tx.commit().await.unwrap();
}

fn rand_u64() -> u64 {
    use rand::Rng;
    rand::rng().random()
}

async fn admin(app: &TestApp) -> reqwest::Client {
    app.user("resultats@t.example", Role::NetworkAdmin, None).await;
    app.session_client("resultats@t.example").await
}

async fn text(c: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn publish(app: &TestApp, c: &reqwest::Client, survey: i64, wave: i64, codes: &[&str]) -> reqwest::Response {
    let path = format!("/admin/enquetes/{survey}/vagues/{wave}/resultats");
    let csrf = app.csrf(c, &path).await;
    let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf), ("action", "publish")];
    for code in codes {
        form.push(("code", code));
    }
    c.post(app.url(&path)).form(&form).send().await.unwrap()
}

#[tokio::test]
async fn a_multiple_choice_counts_each_option_and_staff_publish_chosen_questions() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let club = b.clubs[0];
    for (q2, other) in [(&["A", "B"][..], None), (&["A"][..], None), (&["B", "C"][..], Some("Tutorat inversé"))] {
        submit(&app, b.wave_id, club, answers(&b.def, q2, other, 4)).await;
    }
    // The arithmetic on what the database counted.
    let counts = surveys::answer_counts(&app.state.db, b.wave_id).await.unwrap();
    let responses = surveys::response_counts(&app.state.db, b.wave_id).await.unwrap();
    let labels = Labels::of(&app.state.tr(Locale::Fr));
    let r = results::compute(&b.def, &[], &counts, &responses, 1, Audience::Manager, &labels);
    let q2 = r.questions.iter().find(|q| q.code == "q2").unwrap();
    let Cell::Shown(s) = &q2.whole else { panic!() };
    let Figures::Choices { options, others } = &s.figures else { panic!() };
    let got: Vec<(&str, i64)> = options.iter().map(|o| (o.value.as_str(), o.count)).collect();
    assert_eq!(got, vec![("A", 2), ("B", 2), ("C", 1), (results::OTHER, 1)]);
    assert_eq!(s.n, 3);
    assert_eq!(others, &vec!["Tutorat inversé".to_string()]);

    // Staff: every question, the percentages, the small cells flagged (3 < 5), the other texts.
    let c = admin(&app).await;
    let staff_path = format!("/admin/enquetes/{}/vagues/{}/resultats", b.survey_id, b.wave_id);
    let (status, html) = text(&c, &app, &staff_path).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("66,7\u{202f}% (2)"), "A and B: 2 of 3");
    assert!(html.contains("33,3\u{202f}% (1)"), "C: 1 of 3");
    assert!(html.contains("surveys-small"), "cells under 5 are flagged");
    assert!(html.contains("Tutorat inversé"));
    assert!(html.contains("<svg class=\"chart\""));

    // Not published: no public page, no API.
    assert_eq!(app.get(&format!("/enquetes/{}/resultats", b.slug)).await.status().as_u16(), 404);
    assert_eq!(app.get(&format!("/api/v1/surveys/{}/results", b.slug)).await.status().as_u16(), 404);

    // Publishing nothing is refused, with the message, nothing published.
    let r = publish(&app, &c, b.survey_id, b.wave_id, &[]).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Choisissez au moins une question"));
    // A CSRF token is needed.
    let r = c.post(app.url(&staff_path)).form(&[("action", "publish"), ("code", "q2")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);

    let r = publish(&app, &c, b.survey_id, b.wave_id, &["q2", "q3", "nope"]).await;
    assert_eq!(r.status().as_u16(), 303);
    let wave = surveys::wave(&app.state.db, b.wave_id).await.unwrap().unwrap();
    assert_eq!(wave.published_codes, vec!["q2".to_string(), "q3".to_string()]);

    // The public page: only q2 and q3, every cell under 5 responses suppressed, no other text.
    let (status, public) = app.get_text(&format!("/enquetes/{}/resultats", b.slug)).await;
    assert_eq!(status, 200);
    assert!(public.contains("Pratiques en place") && public.contains("Confiance"));
    assert!(!public.contains("Secteur d’activité"), "q1 is not published");
    assert!(!public.contains("Appréciations"), "q5 is not published");
    assert!(public.contains("moins de 5 réponses"));
    assert!(!public.contains("66,7"), "a figure from 3 responses leaked");
    assert!(!public.contains("Tutorat inversé"));

    // The API: the same, suppressed cells as {"suppressed": true}.
    let api: serde_json::Value = app.get(&format!("/api/v1/surveys/{}/results", b.slug)).await.json().await.unwrap();
    let wave = &api["data"][0];
    assert_eq!(wave["label"], "2025");
    let codes: Vec<&str> = wave["questions"].as_array().unwrap().iter().map(|q| q["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["q2", "q3"]);
    assert_eq!(wave["questions"][0]["whole"], serde_json::json!({"suppressed": true}));
    assert_eq!(wave["questions"][0]["territories"][0]["figures"], serde_json::json!({"suppressed": true}));
    assert!(!api.to_string().contains("Tutorat"));
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/surveys/{slug}/results"]["get"].is_object());
    assert!(doc["components"]["schemas"]["SurveyResults"].is_object());

    // Withdrawn: gone again.
    let csrf = app.csrf(&c, &staff_path).await;
    let r = c.post(app.url(&staff_path)).form(&[("csrf", csrf.as_str()), ("action", "withdraw")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(app.get(&format!("/enquetes/{}/resultats", b.slug)).await.status().as_u16(), 404);
}

#[tokio::test]
async fn percentages_and_medians_from_enough_responses_are_public() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    // Six responses: q2 A in 4 of them (66,7 %), the scale 1, 2, 2, 4, 5, 5 (median 3, mean 3,17).
    for (i, scale) in [1u8, 2, 2, 4, 5, 5].into_iter().enumerate() {
        let q2: &[&str] = if i < 4 { &["A"] } else { &["B"] };
        submit(&app, b.wave_id, b.clubs[0], answers(&b.def, q2, None, scale)).await;
    }
    let c = admin(&app).await;
    assert_eq!(publish(&app, &c, b.survey_id, b.wave_id, &["q2", "q3", "q5"]).await.status().as_u16(), 303);
    let (status, html) = app.get_text(&format!("/enquetes/{}/resultats", b.slug)).await;
    assert_eq!(status, 200);
    assert!(html.contains("66,7\u{202f}% (4)"), "A in 4 of 6");
    assert!(html.contains("33,3\u{202f}% (2)"), "B in 2 of 6");
    assert!(html.contains("<td>3</td>"), "median of 1 2 2 4 5 5 is 3");
    assert!(html.contains("<td>3,17</td>"), "mean 19/6");
    assert!(html.contains("role=\"img\" aria-labelledby="));
    for code in ["q2", "q3"] {
        assert!(!section(&html, code).contains("surveys-suppressed"), "nothing of {code} suppressed");
    }
    assert!(section(&html, "q5").contains("surveys-suppressed"), "nobody answered the matrix's second row");
    let api: serde_json::Value = app.get(&format!("/api/v1/surveys/{}/results", b.slug)).await.json().await.unwrap();
    let q3 = &api["data"][0]["questions"][1];
    assert_eq!(q3["code"], "q3");
    assert_eq!(q3["whole"]["n"], 6);
    assert_eq!(q3["whole"]["figures"]["kind"], "stats");
    assert_eq!(q3["whole"]["figures"]["median"], 3.0);
    assert_eq!(q3["whole"]["figures"]["mean"], 3.17);
    // The matrix, per row: recrutement answered by all six.
    let q5 = &api["data"][0]["questions"][2];
    assert_eq!(q5["whole"]["figures"]["rows"][0]["cell"]["n"], 6);
    assert_eq!(q5["whole"]["figures"]["rows"][1]["cell"], serde_json::json!({"suppressed": true}), "nobody answered formation");
    // The printable report: no navigation, print styles.
    let (status, report) = app.get_text(&format!("/enquetes/{}/resultats/rapport", b.slug)).await;
    assert_eq!(status, 200);
    assert!(report.contains("surveys-report") && !report.contains("site-header"));
    assert!(report.contains("66,7\u{202f}% (4)"));
    // The export: staff get the table.
    let r = c.get(app.url(&format!("/admin/enquetes/{}/vagues/{}/resultats.csv", b.survey_id, b.wave_id))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let csv = r.text().await.unwrap();
    assert!(csv.contains("Ensemble;q2;Pratiques en place;A;;4;66,7;6;"), "{csv}");
}

fn question(id: i64, code: &str, label: &str, kind: Kind) -> Item {
    Item::Question(Question { id, code: code.into(), label: label.into(), help: String::new(), required: false, condition: None, kind })
}

/// Version 1: the fixture's form with Q7 a scale; version 2: Q7 reworded, Q9 removed.
fn versions(base: i64) -> (FormDef, FormDef) {
    let mut v1 = form_v1(base);
    for item in v1.items.iter_mut() {
        if let Item::Question(q) = item
            && q.code == "q7"
        {
            *item = question(
                q.id,
                "q7",
                "Confiance dans l’emploi des seniors",
                Kind::Scale { max: 5, low: "Faible".into(), high: "Forte".into() },
            );
        }
    }
    let mut v2 = v1.clone();
    v2.items.retain(|i| !matches!(i, Item::Question(q) if q.code == "q9"));
    for item in v2.items.iter_mut() {
        if let Item::Question(q) = item
            && q.code == "q7"
        {
            q.label = "Votre confiance dans l’emploi des salariés de plus de 50 ans".into();
        }
    }
    (v1, v2)
}

fn typed(def: &FormDef, q7: u8, q9: Option<bool>) -> Vec<Typed> {
    let id = |c: &str| def.questions().find(|q| q.code == c).unwrap().id;
    let mut out = vec![
        Typed { question: id("q2"), code: "q2".into(), answer: Answer::Choices { selected: vec!["A".into()], other: None } },
        Typed { question: id("q7"), code: "q7".into(), answer: Answer::Scale(q7) },
    ];
    if let Some(b) = q9 {
        out.push(Typed { question: id("q9"), code: "q9".into(), answer: Answer::YesNo(b) });
    }
    out
}

struct TwoWaves {
    survey_id: i64,
    slug: String,
    clubs: Vec<i64>,
    w2025: i64,
    w2026: i64,
}

/// Five territories; in each wave, six responses in each of the first four and three in the
/// fifth. Q7 is 2 everywhere in 2025 and 4 in 2026 (+2 in every territory).
async fn two_waves(app: &TestApp) -> TwoWaves {
    let now = app.state.now();
    let clubs = clubs(app, 5).await;
    let slug = format!("barometre-evolution-{}", rand_u64() % 1_000_000);
    let mut tx = app.state.db.begin().await.unwrap();
    let survey_id = surveys::insert_survey(
        &mut tx,
        &SurveyInput { slug: slug.clone(), title: "Baromètre des âges".into(), min_cell: 5, ..Default::default() },
        None,
        now,
    )
    .await
    .unwrap();
    let owner = surveys::model::owner(survey_id);
    let base = forms::store::next_question_id(&mut tx).await.unwrap();
    let (v1, v2) = versions(base);
    forms::store::save(&mut tx, &owner, &v1, now).await.unwrap();
    let territories: Vec<(i64, Option<i64>)> = clubs.iter().map(|c| (*c, None)).collect();
    let wave = |label: &str, offset: i64| WaveInput {
        label: label.into(),
        mode: Mode::Anonymous,
        opens_at: now - 86_400 + offset,
        closes_at: now + 30 * 86_400,
        open_link: true,
    };
    let w2025 = surveys::insert_wave(&mut tx, survey_id, &wave("2025", 0), now).await.unwrap();
    surveys::set_territories(&mut tx, w2025, &territories).await.unwrap();
    assert_eq!(surveys::open_wave(&mut tx, w2025, now).await.unwrap(), Some(1));
    tx.commit().await.unwrap();
    let sizes = [6, 6, 6, 6, 3];
    for (club, n) in clubs.iter().zip(sizes) {
        for i in 0..n {
            submit(app, w2025, *club, typed(&v1, 2, Some(i % 2 == 0))).await;
        }
    }
    let mut tx = app.state.db.begin().await.unwrap();
    let saved = forms::store::save(&mut tx, &owner, &v2, now).await.unwrap();
    assert_eq!((saved.version, saved.new_version), (2, true));
    let w2026 = surveys::insert_wave(&mut tx, survey_id, &wave("2026", 1), now).await.unwrap();
    surveys::set_territories(&mut tx, w2026, &territories).await.unwrap();
    assert_eq!(surveys::open_wave(&mut tx, w2026, now).await.unwrap(), Some(2));
    tx.commit().await.unwrap();
    for (club, n) in clubs.iter().zip(sizes) {
        for _ in 0..n {
            submit(app, w2026, *club, typed(&v2, 4, None)).await;
        }
    }
    TwoWaves { survey_id, slug, clubs, w2025, w2026 }
}

#[tokio::test]
async fn year_over_year_matches_a_reworded_question_by_code_in_every_territory() {
    let app = TestApp::spawn().await;
    let t = two_waves(&app).await;
    let c = admin(&app).await;

    // Staff: Q7's change in all five territories and the whole, the fifth flagged.
    let (status, staff) = text(&c, &app, &format!("/admin/enquetes/{}/evolution", t.survey_id)).await;
    assert_eq!(status, 200, "{staff}");
    assert!(staff.contains("Votre confiance dans l’emploi des salariés de plus de 50 ans"), "the latest label");
    assert!(!staff.contains("Confiance dans l’emploi des seniors"), "the old label is not used");
    let territories = surveys::territories(&app.state.db, t.w2026).await.unwrap();
    assert_eq!(territories.len(), 5);
    let q7 = section(&staff, "q7");
    for name in territories.iter().map(|t| t.club_name.as_str()) {
        assert!(q7.contains(name), "{name} in Q7's table");
    }
    // +2,00 for the whole and each of the five territories.
    assert_eq!(q7.matches("+2,00").count(), 6, "{q7}");
    assert!(q7.contains("surveys-small"), "the territory of 3 responses is flagged");
    // Q9, removed in 2026, keeps its 2025 figures.
    let q9 = section(&staff, "q9");
    assert!(q9.contains("Avez-vous un référent seniors ?"));

    // Published: Q7 and Q9 in 2025, Q7 in 2026. The public year-over-year: Q7's change in the
    // whole and three territories; the fifth (3 responses) suppressed, and the smallest of the
    // others with it, so that the whole minus the shown territories does not give the fifth.
    assert_eq!(publish(&app, &c, t.survey_id, t.w2025, &["q7", "q9"]).await.status().as_u16(), 303);
    assert_eq!(publish(&app, &c, t.survey_id, t.w2026, &["q7"]).await.status().as_u16(), 303);
    let (status, public) = app.get_text(&format!("/enquetes/{}/resultats/evolution", t.slug)).await;
    assert_eq!(status, 200);
    let q7 = section(&public, "q7");
    assert_eq!(q7.matches("+2,00").count(), 4, "{q7}");
    assert!(q7.contains("moins de 5 réponses"));
    assert!(!q7.contains("surveys-small"));
    assert!(public.contains("<svg class=\"chart\""));
    assert!(!public.contains(">q2<"), "q2 was never published");

    // The latest wave's public page: 2026, Q7 only; 2025 by its label.
    let (_, latest) = app.get_text(&format!("/enquetes/{}/resultats", t.slug)).await;
    assert!(latest.contains("Votre confiance dans l’emploi des salariés de plus de 50 ans"));
    assert!(!latest.contains("Avez-vous un référent seniors ?"));
    let (status, earlier) = app.get_text(&format!("/enquetes/{}/resultats?vague=2025", t.slug)).await;
    assert_eq!(status, 200);
    assert!(earlier.contains("Avez-vous un référent seniors ?"));
    assert_eq!(app.get(&format!("/enquetes/{}/resultats?vague=2031", t.slug)).await.status().as_u16(), 404);

    // The API: both waves, the fifth territory's cells suppressed, and its complement's.
    let api: serde_json::Value = app.get(&format!("/api/v1/surveys/{}/results", t.slug)).await.json().await.unwrap();
    let labels: Vec<&str> = api["data"].as_array().unwrap().iter().map(|w| w["label"].as_str().unwrap()).collect();
    assert_eq!(labels, vec!["2025", "2026"]);
    let q7 = &api["data"][1]["questions"][0];
    assert_eq!(q7["whole"]["figures"]["mean"], 4.0);
    let suppressed =
        q7["territories"].as_array().unwrap().iter().filter(|t| t["figures"] == serde_json::json!({"suppressed": true})).count();
    assert_eq!(suppressed, 2);
    let small = api["data"][1]["territories"].as_array().unwrap().iter().filter(|t| t["responses"].is_null()).count();
    assert_eq!(small, 2);
    let _ = t.clubs;
}

/// The part of a page from a question's section to the next.
fn section<'a>(html: &'a str, code: &str) -> &'a str {
    let start = html.find(&format!("id=\"q-{code}\"")).unwrap_or_else(|| panic!("{code} on the page"));
    let rest = &html[start..];
    let end = rest[1..].find("<section class=\"surveys-question\"").map(|i| i + 1).unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn partners_see_suppressed_figures_and_others_nothing() {
    let app = TestApp::spawn().await;
    let t = two_waves(&app).await;
    let territories = surveys::territories(&app.state.db, t.w2025).await.unwrap();
    let small = territories.iter().find(|x| x.club_id == t.clubs[4]).unwrap();
    // Staff of a territory of a network survey: the partners' view.
    app.user("partenaire@t.example", Role::Editor, Some(&small.club_slug)).await;
    let partner = app.session_client("partenaire@t.example").await;
    let path = format!("/admin/enquetes/{}/vagues/{}/resultats", t.survey_id, t.w2025);
    let (status, html) = text(&partner, &app, &path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Vue des partenaires"));
    assert!(html.contains("moins de 5 réponses"));
    assert!(!html.contains("surveys-small"));
    assert!(!html.contains("surveys-publish"), "no publication form");
    let csv = partner.get(app.url(&format!("{path}.csv"))).send().await.unwrap().text().await.unwrap();
    assert!(csv.contains("moins de 5 réponses"));
    // They cannot publish.
    let csrf = app.csrf(&partner, &path).await;
    let r = partner.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("action", "publish"), ("code", "q7")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // Nor see the staff's year-over-year.
    assert_eq!(partner.get(app.url(&format!("/admin/enquetes/{}/evolution", t.survey_id))).send().await.unwrap().status().as_u16(), 403);
    // Staff of a club outside the wave: 403; a visitor: sent to sign in.
    let outside = crate::common::surveys::clubs(&app, 1).await[0];
    let slug: String =
        sqlx::query_scalar("SELECT slug FROM clubs WHERE id = $1").bind(outside).fetch_one(app.state.db.pool()).await.unwrap();
    app.user("ailleurs@t.example", Role::Editor, Some(&slug)).await;
    let other = app.session_client("ailleurs@t.example").await;
    assert_eq!(other.get(app.url(&path)).send().await.unwrap().status().as_u16(), 403);
    let visitor = app.get(&path).await.status().as_u16();
    assert!(visitor == 303 || visitor == 401, "{visitor}");
    // A wave of another survey under this id: 404.
    let c = admin(&app).await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    assert_eq!(
        c.get(app.url(&format!("/admin/enquetes/{}/vagues/{}/resultats", t.survey_id, b.wave_id))).send().await.unwrap().status().as_u16(),
        404
    );
}
