//! The surveys' exports: one 0/1 column per option of a multiple choice with the "other" text
//! beside its options, the combined export across versions (a reworded question keeps its
//! column, a removed one keeps its earlier waves' values), who answered as the wave's mode
//! allows, the codebook, the audit log and who may download.

use std::collections::HashMap;

use essaim::core::auth::Role;
use essaim::core::forms::{self, Answer, FormDef, Item, Typed};
use essaim::modules::surveys::{self, Holder, Mode, QuotaGuard, Submitted, WaveInput};
use serde_json::Value;

use crate::common::TestApp;
use crate::common::surveys::{Barometer, answers, barometer, close, invite};

/// Store one response in `wave_id` (through the store's submission, as the respond pages do).
async fn submit(app: &TestApp, wave_id: i64, club: i64, holder: Holder, typed: Vec<Typed>) {
    let wave = surveys::wave(&app.state.db, wave_id).await.unwrap().unwrap();
    let mut tx = app.state.db.begin().await.unwrap();
    if let Holder::OpenKey(key) = &holder {
        surveys::start_open_draft(&mut tx, wave_id, club, key, app.state.now()).await.unwrap();
    }
    let done = surveys::submit(&mut tx, &wave, club, &holder, &typed, QuotaGuard::Database, app.state.now()).await.unwrap();
    assert!(matches!(done, Submitted::Stored(_)), "{done:?}");
    tx.commit().await.unwrap();
}

fn open_key(i: usize) -> Holder {
    Holder::OpenKey(format!("{:064x}", i + rand::random::<u32>() as usize * 1000))
}

fn typed(def: &FormDef, code: &str, answer: Answer) -> Typed {
    Typed { question: def.questions().find(|q| q.code == code).unwrap().id, code: code.into(), answer }
}

async fn staff(app: &TestApp, email: &str, role: Role, club: Option<&str>) -> reqwest::Client {
    app.user(email, role, club).await;
    app.session_client(email).await
}

async fn download(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.headers().clone(), r.bytes().await.unwrap().to_vec())
}

/// A CSV export read back: its header and its rows as maps by column.
fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM");
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    let head: Vec<String> = cells(lines.next().unwrap());
    let rows = lines
        .map(|l| {
            let c = cells(l);
            assert_eq!(c.len(), head.len(), "{l}");
            head.iter().cloned().zip(c).collect()
        })
        .collect();
    (head, rows)
}

/// The cells of one CSV line (`;`, quoted with doubled quotes).
fn cells(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (vec![], String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            ('"', _) => quoted = !quoted,
            (';', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn wave_path(b: &Barometer, ext: &str) -> String {
    format!("/admin/enquetes/{}/vagues/{}/export.{ext}", b.survey_id, b.wave_id)
}

#[tokio::test]
async fn a_multiple_choice_has_one_column_per_option_with_the_other_text_beside_them() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let club = b.clubs[0];
    submit(&app, b.wave_id, club, open_key(1), answers(&b.def, &["A", "B"], None, 3)).await;
    submit(&app, b.wave_id, club, open_key(2), answers(&b.def, &["A"], None, 4)).await;
    submit(&app, b.wave_id, club, open_key(3), answers(&b.def, &["B", "C"], Some("=Autre; chose"), 5)).await;
    let admin = staff(&app, "reseau@t.example", Role::NetworkAdmin, None).await;
    // While the anonymous wave takes answers, its rows stay in (two exports compared could
    // point to one person's response); the aggregated results do not wait.
    for ext in ["csv", "xlsx", "json"] {
        let (status, _, bytes) = download(&app, &admin, &wave_path(&b, ext)).await;
        assert_eq!(status, 409, "{ext}");
        assert!(String::from_utf8_lossy(&bytes).contains("une fois la vague close"), "{ext}");
    }
    let (_, _, bytes) = download(&app, &admin, &format!("/admin/enquetes/{}/export.csv", b.survey_id)).await;
    assert_eq!(parse_csv(&bytes).1.len(), 0, "the combined export leaves the open wave out");
    close(&app, b.wave_id).await;

    let (status, headers, bytes) = download(&app, &admin, &wave_path(&b, "csv")).await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert_eq!(headers["cache-control"], "no-store");
    let (head, rows) = parse_csv(&bytes);
    assert_eq!(&head[..3], ["territory", "version", "day"], "an anonymous wave says nothing of who answered");
    assert!(!head.iter().any(|h| ["name", "email", "pseudonym"].contains(&h.as_str())), "{head:?}");
    let at = head.iter().position(|h| h == "q2_a").unwrap();
    assert_eq!(&head[at..at + 4], ["q2_a", "q2_b", "q2_c", "q2_other"], "the other text is beside its options");
    assert_eq!(&head[3..5], ["q1", "q2_a"], "the form's order");
    assert!(head.contains(&"q5_recrutement".to_string()) && head.contains(&"q5_formation".to_string()));
    assert_eq!(rows.len(), 3);
    let ones = |col: &str| rows.iter().filter(|r| r[col] == "1").count();
    assert_eq!((ones("q2_a"), ones("q2_b"), ones("q2_c")), (2, 2, 1));
    assert!(rows.iter().all(|r| ["0", "1"].contains(&r["q2_a"].as_str())), "0/1 cells");
    let with_c: Vec<_> = rows.iter().filter(|r| r["q2_c"] == "1").collect();
    assert_eq!(with_c[0]["q2_b"], "1");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains(";\"'=Autre; chose\";"), "the other text, quoted and its formula neutralised: {text}");
    assert!(rows.iter().all(|r| r["version"] == "1" && r["day"].len() == 10 && r["territory"].starts_with("Territoire 1")));
    assert!(rows.iter().all(|r| r["q4"].is_empty() && r["q9"].is_empty()), "unanswered is empty, not 0");
    let scales: Vec<&str> = {
        let mut s: Vec<&str> = rows.iter().map(|r| r["q3"].as_str()).collect();
        s.sort();
        s
    };
    assert_eq!(scales, ["3", "4", "5"]);

    // JSON: the codebook and the responses, numbers as numbers.
    let (status, _, bytes) = download(&app, &admin, &wave_path(&b, "json")).await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["wave"]["label"], "2025");
    assert_eq!(body["wave"]["mode"], "anonymous");
    let responses = body["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 3);
    assert_eq!(responses.iter().filter(|r| r["q2_c"] == 1).count(), 1);
    assert!(responses.iter().all(|r| r["q4"].is_null()));
    let q2 = body["codebook"].as_array().unwrap().iter().find(|e| e["code"] == "q2").unwrap();
    assert_eq!(q2["type"], "multiple_choice");
    assert_eq!(q2["columns"], serde_json::json!(["q2_a", "q2_b", "q2_c", "q2_other"]));
    assert_eq!(q2["options"][1], serde_json::json!({ "label": "B", "column": "q2_b" }));

    // XLSX: the responses, and the codebook as a second sheet.
    let (status, headers, bytes) = download(&app, &admin, &wave_path(&b, "xlsx")).await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut workbook = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut workbook).unwrap();
    assert!(workbook.contains("name=\"Réponses\"") && workbook.contains("name=\"codebook\""), "{workbook}");
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
    assert!(strings.contains("q2_other") && strings.contains("Pratiques en place"));

    // Every download is in the audit log.
    let details: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'surveys.responses.export' AND subject = $1 ORDER BY id")
            .bind(format!("survey:{}", b.survey_id))
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    let w = b.wave_id;
    assert_eq!(
        details,
        [
            "waves=all format=csv rows=0".to_string(),
            format!("wave={w} format=csv rows=3"),
            format!("wave={w} format=json rows=3"),
            format!("wave={w} format=xlsx rows=3")
        ]
    );
}

#[tokio::test]
async fn the_combined_export_keeps_a_reworded_question_s_column_and_a_removed_one_s_values() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 2, Mode::Anonymous, None).await;
    let now = app.state.now();
    // 2025 on version 1: q7 and q9 answered.
    for (i, club) in b.clubs.iter().enumerate() {
        let mut t = answers(&b.def, &["A"], None, 2);
        t.push(typed(&b.def, "q7", Answer::Text(format!("Frein 2025 {i}"))));
        t.push(typed(&b.def, "q9", Answer::YesNo(true)));
        submit(&app, b.wave_id, *club, open_key(10 + i), t).await;
    }
    // Version 2: q7 reworded, q9 removed; wave 2026 opened on it.
    let owner = surveys::model::owner(b.survey_id);
    let mut v2 = b.def.clone();
    v2.items.retain(|i| !matches!(i, Item::Question(q) if q.code == "q9"));
    for item in &mut v2.items {
        if let Item::Question(q) = item
            && q.code == "q7"
        {
            q.label = "Quel est votre principal frein aujourd’hui ?".into();
        }
    }
    let mut tx = app.state.db.begin().await.unwrap();
    assert_eq!(forms::store::save(&mut tx, &owner, &v2, now).await.unwrap().version, 2);
    let wave_2026 = surveys::insert_wave(
        &mut tx,
        b.survey_id,
        &WaveInput { label: "2026".into(), mode: Mode::Anonymous, opens_at: now - 60, closes_at: now + 86_400, open_link: true },
        now,
    )
    .await
    .unwrap();
    surveys::set_territories(&mut tx, wave_2026, &b.clubs.iter().map(|c| (*c, None)).collect::<Vec<_>>()).await.unwrap();
    assert_eq!(surveys::open_wave(&mut tx, wave_2026, now).await.unwrap(), Some(2));
    tx.commit().await.unwrap();
    for (i, club) in b.clubs.iter().enumerate() {
        let mut t = answers(&v2, &["B"], None, 4);
        t.push(typed(&v2, "q7", Answer::Text(format!("Frein 2026 {i}"))));
        submit(&app, wave_2026, *club, open_key(20 + i), t).await;
    }
    let admin = staff(&app, "reseau@t.example", Role::NetworkAdmin, None).await;
    close(&app, b.wave_id).await;
    close(&app, wave_2026).await;

    let (status, _, bytes) = download(&app, &admin, &format!("/admin/enquetes/{}/export.csv", b.survey_id)).await;
    assert_eq!(status, 200);
    let (head, rows) = parse_csv(&bytes);
    assert_eq!(&head[..4], ["wave", "territory", "version", "day"]);
    assert_eq!(head.iter().filter(|h| *h == "q7").count(), 1, "one q7 column across the rewording");
    assert_eq!(head.iter().filter(|h| *h == "q9").count(), 1, "the removed q9 keeps its column");
    assert_eq!(head.iter().position(|h| h == "q9"), head.iter().position(|h| h == "q7").map(|p| p + 1), "where it was");
    assert_eq!(rows.len(), 4);
    for r in &rows {
        match r["wave"].as_str() {
            "2025" => {
                assert_eq!((r["version"].as_str(), r["q9"].as_str()), ("1", "1"), "2025 keeps its q9");
                assert!(r["q7"].starts_with("Frein 2025"));
            }
            "2026" => {
                assert_eq!((r["version"].as_str(), r["q9"].as_str()), ("2", ""), "q9 is empty after its removal");
                assert!(r["q7"].starts_with("Frein 2026"));
            }
            other => panic!("wave {other}"),
        }
    }
    let waves: Vec<&str> = rows.iter().map(|r| r["wave"].as_str()).collect();
    assert_eq!(waves, ["2025", "2025", "2026", "2026"], "waves in order");

    let (status, _, bytes) = download(&app, &admin, &format!("/admin/enquetes/{}/export.xlsx", b.survey_id)).await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"PK"));

    // The 2026 wave alone has no q9.
    let (_, _, bytes) = download(&app, &admin, &format!("/admin/enquetes/{}/vagues/{wave_2026}/export.csv", b.survey_id)).await;
    let (head, _) = parse_csv(&bytes);
    assert!(head.contains(&"q7".to_string()) && !head.contains(&"q9".to_string()));

    // The codebook says it.
    let (status, _, bytes) = download(&app, &admin, &format!("/admin/enquetes/{}/codebook.json", b.survey_id)).await;
    assert_eq!(status, 200);
    let book: Value = serde_json::from_slice(&bytes).unwrap();
    let entry = |code: &str| book["codebook"].as_array().unwrap().iter().find(|e| e["code"] == code).unwrap().clone();
    let q7 = entry("q7");
    assert_eq!(q7["reworded"], true);
    assert_eq!(q7["label"], "Quel est votre principal frein aujourd’hui ?");
    assert_eq!(q7["labels"][0]["label"], "Votre principal frein");
    assert_eq!(q7["waves"], serde_json::json!(["2025", "2026"]));
    let q9 = entry("q9");
    assert_eq!((q9["versions"].clone(), q9["waves"].clone()), (serde_json::json!([1]), serde_json::json!(["2025"])));
    assert_eq!(entry("q1")["reworded"], false);
    let (status, _, bytes) = download(&app, &admin, &format!("/admin/enquetes/{}/codebook.csv", b.survey_id)).await;
    assert_eq!(status, 200);
    let (head, lines) = parse_csv(&bytes);
    assert_eq!(head[..2], ["code", "column"]);
    let q2b = lines.iter().find(|l| l["column"] == "q2_b").unwrap();
    assert_eq!((q2b["code"].as_str(), q2b["part"].as_str(), q2b["value"].as_str()), ("q2", "option", "B"));
    assert!(lines.iter().find(|l| l["column"] == "q7").unwrap()["labels"].starts_with("1: Votre principal frein | 2: "));
}

#[tokio::test]
async fn identified_waves_name_the_respondent_and_pseudonymous_ones_give_a_stable_pseudonym() {
    let app = TestApp::spawn().await;
    let admin = staff(&app, "reseau@t.example", Role::NetworkAdmin, None).await;

    let ident = barometer(&app, 1, Mode::Identified, None).await;
    let inv = invite(&app, ident.wave_id, ident.clubs[0], 2).await;
    submit(&app, ident.wave_id, ident.clubs[0], Holder::Invitation(inv[1]), answers(&ident.def, &["A"], None, 3)).await;
    submit(&app, ident.wave_id, ident.clubs[0], open_key(1), answers(&ident.def, &["B"], None, 3)).await;
    let (_, _, bytes) = download(&app, &admin, &wave_path(&ident, "csv")).await;
    let (head, rows) = parse_csv(&bytes);
    assert_eq!(&head[..5], ["territory", "version", "day", "name", "email"]);
    let mut named: Vec<(&str, &str)> = rows.iter().map(|r| (r["name"].as_str(), r["email"].as_str())).collect();
    named.sort();
    let email = format!("entreprise1-{}@t.example", ident.clubs[0]);
    assert_eq!(named, [("", ""), ("Entreprise 1", email.as_str())], "the open link's response names nobody");

    let pseudo = barometer(&app, 1, Mode::Pseudonymous, None).await;
    let inv = invite(&app, pseudo.wave_id, pseudo.clubs[0], 3).await;
    for id in &inv {
        submit(&app, pseudo.wave_id, pseudo.clubs[0], Holder::Invitation(*id), answers(&pseudo.def, &["A"], None, 3)).await;
    }
    let (_, _, first) = download(&app, &admin, &wave_path(&pseudo, "csv")).await;
    let (head, rows) = parse_csv(&first);
    assert_eq!(&head[..4], ["territory", "version", "day", "pseudonym"]);
    assert!(!head.contains(&"email".to_string()) && !head.contains(&"name".to_string()));
    let mut names: Vec<String> = rows.iter().map(|r| r["pseudonym"].clone()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 3, "one pseudonym per respondent");
    for p in &names {
        assert!(p.len() == 13 && p.starts_with('P'), "{p}");
        assert!(!inv.iter().any(|id| *p == id.to_string()), "{p} is not an invitation's id");
    }
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(!text.contains("@t.example") && !text.contains("Entreprise"), "no one named");
    let (_, _, second) = download(&app, &admin, &wave_path(&pseudo, "csv")).await;
    assert_eq!(first, second, "stable from one export to the next");
    let (_, _, json) = download(&app, &admin, &wave_path(&pseudo, "json")).await;
    let body: Value = serde_json::from_slice(&json).unwrap();
    assert!(body["responses"].as_array().unwrap().iter().all(|r| names.contains(&r["pseudonym"].as_str().unwrap().to_string())));
}

#[tokio::test]
async fn only_the_survey_s_managers_download_its_exports() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let other = barometer(&app, 1, Mode::Anonymous, None).await;
    close(&app, b.wave_id).await;
    let club_slug = essaim::modules::network::get_club(&app.state.db, b.clubs[0]).await.unwrap().unwrap().slug;
    let paths = [
        wave_path(&b, "csv"),
        wave_path(&b, "xlsx"),
        wave_path(&b, "json"),
        format!("/admin/enquetes/{}/export.csv", b.survey_id),
        format!("/admin/enquetes/{}/export.xlsx", b.survey_id),
        format!("/admin/enquetes/{}/codebook.csv", b.survey_id),
        format!("/admin/enquetes/{}/codebook.json", b.survey_id),
    ];
    // A club's editor may not manage the network's survey; a member reaches no back office.
    let editor = staff(&app, "club@t.example", Role::Editor, Some(&club_slug)).await;
    let member = staff(&app, "membre@t.example", Role::Member, Some(&club_slug)).await;
    let admin = staff(&app, "reseau@t.example", Role::NetworkAdmin, None).await;
    for p in &paths {
        let (status, _, _) = download(&app, &app.client, p).await;
        assert!([303, 401].contains(&status), "{p}: anonymous gets {status}");
        assert_eq!(download(&app, &editor, p).await.0, 403, "{p}");
        assert_eq!(download(&app, &member, p).await.0, 403, "{p}");
        assert_eq!(download(&app, &admin, p).await.0, 200, "{p}");
    }
    // Another survey's wave, or none.
    let (status, _, _) = download(&app, &admin, &format!("/admin/enquetes/{}/vagues/{}/export.csv", b.survey_id, other.wave_id)).await;
    assert_eq!(status, 404);
    assert_eq!(download(&app, &admin, "/admin/enquetes/999999/export.csv").await.0, 404);
    let exports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'surveys.responses.export'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(exports, 5, "the admin's five downloads of responses, no refused one");
}
