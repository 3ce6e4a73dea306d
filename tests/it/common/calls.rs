//! A competition to test the calls module against: a published call with two categories, a
//! first jury stage (scale 0–5, two weighted criteria) and a grand jury stage, `n`
//! submitted applications (organisation "Organisation N", e-mail `porteur{N}@t.example`,
//! SIRETs distinct and valid) and `jurors` jurors on the first stage (`juror{J}@t.example`,
//! organisation "Jury Org J"). Written through the module's own functions.
#![allow(dead_code)]

use essaim::modules::calls::{self, ApplicationFields, CallInput, CategoryInput, CriterionInput, StageInput};

use super::TestApp;

pub struct Competition {
    pub call_id: i64,
    pub slug: String,
    pub categories: Vec<i64>,
    /// First jury, grand jury.
    pub stages: Vec<i64>,
    /// The first stage's criteria: (id, weight).
    pub criteria: Vec<(i64, i64)>,
    pub applications: Vec<i64>,
    pub jurors: Vec<i64>,
}

/// A valid SIRET made from `n` (the Luhn key computed on the last digit).
pub fn siret(n: i64) -> String {
    let base = format!("{:013}", 1_000_000 + n);
    (0..10).map(|d| format!("{base}{d}")).find(|s| essaim::modules::calls::model::luhn(s)).unwrap()
}

pub async fn competition(app: &TestApp, n: usize, jurors: usize) -> Competition {
    let now = app.state.now();
    let db = &app.state.db;
    let mut tx = db.begin().await.unwrap();
    let slug = format!("trophees-{}", rand_suffix());
    let call_id = calls::insert_call(
        &mut tx,
        &CallInput {
            slug: slug.clone(),
            kind: "competition".into(),
            title: "Trophées de l’inclusion".into(),
            summary: "Le concours national des projets qui font reculer l’exclusion.".into(),
            rules: "Un projet par organisation.".into(),
            eligibility: "Associations et coopératives.".into(),
            status: "published".into(),
            opens_at: now - 30 * 86_400,
            closes_at: now + 30 * 86_400,
            ..Default::default()
        },
        None,
        now,
    )
    .await
    .unwrap();
    let mut categories = vec![];
    for name in ["Emploi", "Éducation"] {
        categories.push(
            calls::insert_category(&mut tx, call_id, &CategoryInput { name: name.into(), prize: "5 000 €".into(), ..Default::default() })
                .await
                .unwrap(),
        );
    }
    let first = calls::insert_stage(&mut tx, call_id, &StageInput { name: "Premier jury".into(), ..Default::default() }).await.unwrap();
    let grand =
        calls::insert_stage(&mut tx, call_id, &StageInput { name: "Grand jury".into(), decides: "laureates".into(), ..Default::default() })
            .await
            .unwrap();
    let mut criteria = vec![];
    for (name, weight) in [("Impact", 2), ("Faisabilité", 1)] {
        let levels = (0..=5).map(|v| (v, format!("{name} niveau {v}"))).collect();
        criteria.push((
            calls::insert_criterion(&mut tx, first, &CriterionInput { name: name.into(), weight, levels, ..Default::default() })
                .await
                .unwrap(),
            weight,
        ));
    }
    let mut applications = vec![];
    for i in 0..n as i64 {
        let f = ApplicationFields {
            project_title: format!("Projet {i}"),
            summary: format!("Ce que fait le projet {i}."),
            contact_name: format!("Porteur {i}"),
            org_name: format!("Organisation {i}"),
            org_legal_form: "association".into(),
            org_siret: siret(i),
            category_id: Some(categories[(i % 2) as usize]),
            ..Default::default()
        };
        applications
            .push(calls::insert_application(&mut tx, call_id, &format!("porteur{i}@t.example"), "fr", &f, "submitted", now).await.unwrap());
    }
    let mut juror_ids = vec![];
    for j in 0..jurors {
        juror_ids.push(
            calls::insert_juror(&mut tx, first, &format!("juror{j}@t.example"), &format!("Juré {j}"), &format!("Jury Org {j}"), "fr", now)
                .await
                .unwrap(),
        );
    }
    tx.commit().await.unwrap();
    Competition { call_id, slug, categories, stages: vec![first, grand], criteria, applications, jurors: juror_ids }
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("{}", N.fetch_add(1, Ordering::Relaxed))
}
