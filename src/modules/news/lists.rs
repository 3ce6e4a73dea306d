//! A page of a public list of posts (the archive, a category, a tag, a club, a month) at the
//! same cost whatever its number, and never out of date.
//!
//! A list holds its published posts, scheduled ones included, newest first; the database keeps
//! its size and a version (`post_lists`, by triggers). The scheduled posts lead the list (their
//! date is the latest), so the `n`-th post shown now is at position `scheduled + n` of the
//! list. A page near the top skips its few predecessors by a plain OFFSET; a deeper one starts
//! from the list's anchor before it (`core::anchors`, rebuilt when the version moved) and skips
//! fewer than the anchors' spacing.

use std::sync::Arc;

use super::model::{Filter, PAGE_SIZE, PostCard};
use super::store;
use crate::core::anchors::{Built, ListId};
use crate::core::web::AppState;

/// Posts between two anchors: a deep page reads at most this many index entries more than the
/// first page; anchors of a million posts take 160 kB.
pub const ANCHOR_SPACING: i64 = 100;

/// One page of a list, and how many posts it shows now.
pub struct ListPage {
    pub posts: Vec<PostCard>,
    pub total: i64,
}

/// Page `page` (from 1) of a list as it is at `now`; None past the last page (the first page
/// of an empty list is an empty page).
pub async fn page(state: &AppState, filter: Filter, now: i64, page: i64) -> Result<Option<ListPage>, sqlx::Error> {
    let db = &state.db;
    let (size, version, scheduled) = store::list_state(db, filter, now).await?;
    let total = size - scheduled;
    let Some(skip) = page.checked_sub(1).and_then(|p| p.checked_mul(PAGE_SIZE)) else { return Ok(None) };
    if skip < 0 || (page > 1 && skip >= total) {
        return Ok(None);
    }
    let position = scheduled + skip;
    let start = if position < state.anchors.spacing() {
        None
    } else {
        anchors(state, filter, now, version, size).await?.and_then(|b| b.start(position))
    };
    let ids = match start {
        Some((key, rest)) => store::page_ids(db, filter, now, Some(key), PAGE_SIZE, rest).await?,
        None => store::page_ids(db, filter, now, None, PAGE_SIZE, skip).await?,
    };
    let mut posts = store::cards_by_ids(db, &ids).await?;
    // Anchored pages start past the scheduled posts by construction; never show one early.
    posts.retain(|p| p.published_at <= now);
    Ok(Some(ListPage { posts, total }))
}

/// The anchors of a list at `version`, from this instance's memory or built now. None if the
/// list moved while they were built, or if they disagree with the list's size (the page then
/// does a plain OFFSET, once, rather than cut the list in the wrong place).
async fn anchors(state: &AppState, filter: Filter, now: i64, version: i64, size: i64) -> Result<Option<Arc<Built>>, sqlx::Error> {
    let Some((kind, reference)) = filter.list_key() else { return Ok(None) };
    let list = ListId { kind, reference };
    let db = &state.db;
    state
        .anchors
        .get_or_build(list, version, |spacing| async move {
            let keys = store::list_anchors(db, filter, spacing).await?;
            let (size_after, version_after, _) = store::list_state(db, filter, now).await?;
            if version_after != version {
                return Ok(None);
            }
            let expected = (size_after + spacing - 1) / spacing;
            if size_after != size || i64::try_from(keys.len()).ok() != Some(expected) {
                tracing::error!(?list, size, anchors = keys.len(), "a list's anchors disagree with its size");
                return Ok(None);
            }
            Ok(Some(Built { version, spacing, keys }))
        })
        .await
}
