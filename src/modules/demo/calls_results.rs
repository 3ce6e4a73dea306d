//! The demo's competition, decided and published: once last year's competition has its
//! applications and reviews (the `manage` part's demo), each stage is decided from its
//! ranking (the best by normalised mean go on: the stage's `advance_count`, 12 by default),
//! the last stage gets one laureate per category (the category's best) and two mentions (the
//! next best), and the results are published, through the calls module's own functions.

use std::collections::BTreeSet;

use anyhow::Context;

use crate::core::web::AppState;
use crate::modules::calls::admin::decisions::{self, ADVANCE, reached};
use crate::modules::calls::model::{DECIDES_LAUREATES, DecisionLine, OUTCOME_LAUREATE, OUTCOME_MENTION};
use crate::modules::calls::{self, results};

/// Decide every stage of the call `call_id` that has no decision yet, then publish its
/// results (when they are not already). `by`: the deciding person, if any.
pub async fn load(state: &AppState, call_id: i64, by: Option<i64>) -> anyhow::Result<()> {
    let db = &state.db;
    let call = results::call_by_id(db, call_id).await?.context("demo call")?;
    let stages = calls::stages(db, call_id).await?;
    let categories = calls::categories(db, call_id).await?;
    let now = state.now();
    for stage in &stages {
        if results::stage_decided(db, stage.id).await? {
            continue;
        }
        let apps = results::applications(db, call_id).await?;
        let candidates: Vec<i64> = apps.iter().filter(|a| reached(&stages, stage, a)).map(|a| a.id).collect();
        if candidates.is_empty() {
            continue;
        }
        // The candidates by normalised mean (those without a review last, by id).
        let ranking = decisions::stage_ranking(state, &call, stage).await.map_err(|e| anyhow::anyhow!("ranking: {e}"))?;
        let mut ordered: Vec<i64> = {
            let mut r: Vec<_> = ranking.iter().filter(|r| candidates.contains(&r.line.application_id)).collect();
            r.sort_by(|a, b| b.line.normalised.total_cmp(&a.line.normalised).then(a.line.application_id.cmp(&b.line.application_id)));
            r.iter().map(|r| r.line.application_id).collect()
        };
        ordered.extend(candidates.iter().filter(|id| !ordered.contains(id)).copied().collect::<Vec<_>>());
        let (lines, rationale) = if stage.decides == DECIDES_LAUREATES {
            let mut lines = vec![];
            let mut chosen = BTreeSet::new();
            for cat in &categories {
                let best = ordered
                    .iter()
                    .find(|id| !chosen.contains(*id) && apps.iter().any(|a| a.id == **id && a.fields.category_id == Some(cat.id)));
                if let Some(id) = best {
                    chosen.insert(*id);
                    lines.push(DecisionLine { application_id: *id, outcome: OUTCOME_LAUREATE.into(), category_id: Some(cat.id) });
                }
            }
            for id in ordered.iter().filter(|id| !chosen.contains(*id)).take(2) {
                lines.push(DecisionLine { application_id: *id, outcome: OUTCOME_MENTION.into(), category_id: None });
            }
            (lines, "Le grand jury a délibéré à l’unanimité, catégorie par catégorie, à partir des notes normalisées et des auditions.")
        } else {
            let n = stage.advance_count.unwrap_or(12).max(1) as usize;
            let lines =
                ordered.iter().take(n).map(|id| DecisionLine { application_id: *id, outcome: ADVANCE.into(), category_id: None }).collect();
            (lines, "Les dossiers les mieux classés par la moyenne normalisée, après discussion des écarts entre jurés.")
        };
        decisions::record(state, &call, stage, &lines, rationale, None, by, now).await.map_err(|e| anyhow::anyhow!("decision: {e}"))?;
    }
    if !results::is_published(db, call_id).await? {
        decisions::publish(state, &call, by, now).await.map_err(|e| anyhow::anyhow!("publication: {e}"))?;
    }
    Ok(())
}
