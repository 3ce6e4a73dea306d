//! The calls module's data: a competition written through the module's functions reads back
//! whole on both databases (stages in order, weighted criteria with their levels, references
//! given in order at submission, districts reached, reviews that cannot change once
//! submitted).

use crate::common::{TestApp, calls::competition};
use essaim::modules::calls::{self, Place, Review};

#[tokio::test]
async fn a_competition_reads_back_whole() {
    let app = TestApp::spawn().await;
    let c = competition(&app, 3, 2).await;
    let db = &app.state.db;
    let call = calls::call_by_slug(db, &c.slug).await.unwrap().unwrap();
    assert_eq!(call.id, c.call_id);
    let stages = calls::stages(db, c.call_id).await.unwrap();
    assert_eq!(stages.iter().map(|s| s.position).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(stages[1].decides, "laureates");
    let criteria = calls::criteria(db, c.stages[0]).await.unwrap();
    assert_eq!(criteria.len(), 2);
    assert_eq!(criteria[0].weight, 2);
    assert_eq!(criteria[0].levels.get(&3).map(String::as_str), Some("Impact niveau 3"));
    assert_eq!(calls::categories(db, c.call_id).await.unwrap().len(), 2);

    // References in order; districts reached kept in order.
    let now = app.state.now();
    let mut tx = db.begin().await.unwrap();
    let d = calls::upsert_district(&mut tx, Some("QN07501M"), "Les Orgues de Flandre", "Paris", true, now).await.unwrap();
    let again = calls::upsert_district(&mut tx, Some("QN07501M"), "Orgues de Flandre", "Paris", true, now).await.unwrap();
    assert_eq!(d, again);
    let f = calls::ApplicationFields {
        org_name: "Quatrième".into(),
        reached: vec![Place::Listed(d), Place::Typed("Quartier de la Gare".into())],
        ..Default::default()
    };
    let id = calls::insert_application(&mut tx, c.call_id, "quatre@t.example", "fr", &f, "submitted", now).await.unwrap();
    tx.commit().await.unwrap();
    let apps = calls::store_applications_for_tests(db, c.call_id).await;
    let refs: Vec<_> = apps.iter().map(|a| a.reference.clone().unwrap()).collect();
    assert_eq!(
        refs,
        vec![
            format!("A{}-0001", c.call_id),
            format!("A{}-0002", c.call_id),
            format!("A{}-0003", c.call_id),
            format!("A{}-0004", c.call_id)
        ]
    );
    let four = apps.iter().find(|a| a.id == id).unwrap();
    assert_eq!(four.fields.reached, vec![Place::Listed(d), Place::Typed("Quartier de la Gare".into())]);

    // A submitted review never changes.
    let mut tx = db.begin().await.unwrap();
    let a = calls::insert_assignment(&mut tx, c.stages[0], c.applications[0], c.jurors[0], "manual", "none", now).await.unwrap().unwrap();
    assert_eq!(calls::insert_assignment(&mut tx, c.stages[0], c.applications[0], c.jurors[0], "manual", "none", now).await.unwrap(), None);
    let mut r = Review { assignment_id: a, scores: [(c.criteria[0].0, 4), (c.criteria[1].0, 2)].into(), ..Default::default() };
    assert!(calls::save_review(&mut tx, &r, now).await.unwrap());
    r.submitted = true;
    assert!(calls::save_review(&mut tx, &r, now).await.unwrap());
    r.scores.insert(c.criteria[0].0, 0);
    assert!(!calls::save_review(&mut tx, &r, now).await.unwrap(), "a submitted review cannot change");
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_sitemap_lists_the_calls_and_their_published_results() {
    let app = TestApp::spawn_demo().await;
    let (status, sitemap) = app.get_text("/sitemap.xml").await;
    assert_eq!(status, 200);
    assert!(sitemap.contains("/appels</loc>"));
    assert!(sitemap.contains("/appels/trophees-inclusion-2025</loc>"));
    assert!(sitemap.contains("/appels/trophees-inclusion-2025/resultats</loc>"));
    // This year's call has no results yet.
    let open: Vec<_> = sitemap.lines().filter(|l| l.contains("/appels/") && l.contains("2026")).collect();
    assert!(!open.is_empty() && open.iter().all(|l| !l.contains("/resultats")), "{open:?}");
}
