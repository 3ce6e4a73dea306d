//! Deep pages of long lists without OFFSET scans.
//!
//! A list kept in the order of a key (posts: `published_at DESC, id DESC`) is cut every
//! `spacing` positions; the keys at the cuts are its anchors. A page then starts from the anchor
//! at or before its first position and skips fewer than `spacing` rows, whatever its number:
//! page 50,000 costs what page 1 costs. Anchors are built by one query and kept in this
//! instance's memory together with the list's version, a number the database raises in the
//! transaction of every change of the list (by triggers). A page reads the version with the
//! list's size; anchors of another version are rebuilt before they are used, so an instance
//! never cuts a list where it no longer is, whoever changed it.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

/// A position's sort key: (time, id).
pub type Key = (i64, i64);

/// Anchors of all the lists together are capped (16 bytes each); past it, the others go.
const MAX_KEYS: usize = 1_000_000;

/// Which list: a kind and a reference (a category's id, a month…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListId {
    pub kind: &'static str,
    pub reference: i64,
}

/// The anchors of one version of a list: `keys[j]` is the key at position `j * spacing`.
#[derive(Debug)]
pub struct Built {
    pub version: i64,
    pub spacing: i64,
    pub keys: Vec<Key>,
}

impl Built {
    /// Where position `pos` (0 = the top of the list) starts: the anchor at or before it, and
    /// how many rows to skip from there (fewer than `spacing`).
    pub fn start(&self, pos: i64) -> Option<(Key, i64)> {
        if pos < 0 {
            return None;
        }
        let j = pos / self.spacing;
        let key = *self.keys.get(usize::try_from(j).ok()?)?;
        Some((key, pos - j * self.spacing))
    }
}

pub struct Anchors {
    spacing: AtomicI64,
    lists: RwLock<HashMap<ListId, Arc<Built>>>,
    /// One build at a time: a burst of requests for a changed list builds it once.
    building: tokio::sync::Mutex<()>,
}

impl Anchors {
    pub fn new(spacing: i64) -> Anchors {
        Anchors { spacing: AtomicI64::new(spacing.max(1)), lists: RwLock::new(HashMap::new()), building: tokio::sync::Mutex::new(()) }
    }

    /// Positions closer to the top than this are reached by a plain small OFFSET.
    pub fn spacing(&self) -> i64 {
        self.spacing.load(Ordering::Relaxed)
    }

    /// Cut the lists every `n` positions from now on (tests use a tiny spacing, so that a few
    /// posts cover every path).
    pub fn set_spacing(&self, n: i64) {
        self.spacing.store(n.max(1), Ordering::Relaxed);
    }

    fn cached(&self, list: ListId, version: i64) -> Option<Arc<Built>> {
        let lists = self.lists.read().unwrap_or_else(PoisonError::into_inner);
        lists.get(&list).filter(|b| b.version == version && b.spacing == self.spacing()).cloned()
    }

    /// The anchors of `list` at `version`, built by `build(spacing)` when this instance has none
    /// for that version. `build` returns None when the list moved while it read it (the caller
    /// then does without anchors, once).
    pub async fn get_or_build<F, Fut, E>(&self, list: ListId, version: i64, build: F) -> Result<Option<Arc<Built>>, E>
    where
        F: FnOnce(i64) -> Fut,
        Fut: Future<Output = Result<Option<Built>, E>>,
    {
        if let Some(b) = self.cached(list, version) {
            return Ok(Some(b));
        }
        let _one_at_a_time = self.building.lock().await;
        if let Some(b) = self.cached(list, version) {
            return Ok(Some(b));
        }
        let Some(built) = build(self.spacing()).await? else { return Ok(None) };
        if built.version != version {
            return Ok(None);
        }
        let built = Arc::new(built);
        let mut lists = self.lists.write().unwrap_or_else(PoisonError::into_inner);
        let held: usize = lists.iter().filter(|(id, _)| **id != list).map(|(_, b)| b.keys.len()).sum();
        if held + built.keys.len() > MAX_KEYS {
            lists.clear();
        }
        lists.insert(list, built.clone());
        Ok(Some(built))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: ListId = ListId { kind: "all", reference: 0 };

    fn built(version: i64, spacing: i64, n: i64) -> Built {
        // Keys of a list of n items, newest first: item i has key (1000 - i, i).
        let keys = (0..n).step_by(usize::try_from(spacing).unwrap_or(1)).map(|i| (1000 - i, i)).collect();
        Built { version, spacing, keys }
    }

    #[test]
    fn a_position_starts_from_the_anchor_before_it() {
        let b = built(1, 10, 95);
        assert_eq!(b.start(0), Some(((1000, 0), 0)));
        assert_eq!(b.start(9), Some(((1000, 0), 9)));
        assert_eq!(b.start(10), Some(((990, 10), 0)));
        assert_eq!(b.start(94), Some(((910, 90), 4)));
        assert_eq!(b.start(100), None, "past the end");
        assert_eq!(b.start(-1), None);
    }

    #[tokio::test]
    async fn anchors_are_kept_per_version_and_rebuilt_for_another() {
        let a = Anchors::new(10);
        let builds = std::sync::atomic::AtomicI64::new(0);
        let make = |v: i64| {
            let builds = &builds;
            move |spacing: i64| async move {
                builds.fetch_add(1, Ordering::Relaxed);
                Ok::<_, ()>(Some(built(v, spacing, 50)))
            }
        };
        assert!(a.get_or_build(ALL, 1, make(1)).await.unwrap().is_some());
        assert!(a.get_or_build(ALL, 1, make(1)).await.unwrap().is_some());
        assert_eq!(builds.load(Ordering::Relaxed), 1, "the same version is built once");
        let b = a.get_or_build(ALL, 2, make(2)).await.unwrap().unwrap();
        assert_eq!((b.version, builds.load(Ordering::Relaxed)), (2, 2), "a new version is built again");
        // A build that found the list moved (another version) is not kept.
        assert!(a.get_or_build(ALL, 3, make(4)).await.unwrap().is_none());
        assert!(a.get_or_build(ALL, 3, |_| async { Ok::<_, ()>(None) }).await.unwrap().is_none());
        // Another spacing is another cut.
        a.set_spacing(5);
        assert_eq!(a.get_or_build(ALL, 2, make(2)).await.unwrap().unwrap().spacing, 5);
    }
}
