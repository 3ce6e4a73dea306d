//! The automatic assignment of jurors to applications, pure (no SQL, no clock, no global
//! randomness): the same input and seed always give the same assignment.
//!
//! `automatic` gives each application exactly `k` jurors, counting those it already has,
//! never a conflicting pair, with the jurors' loads (existing assignments included) within one
//! of each other whenever the existing assignments allow it. Applications are filled in turn,
//! the one with the fewest allowed jurors first (ties broken by the seeded order), and each
//! takes the least-loaded allowed jurors. When a greedy pass breaks the balance (conflicts can
//! force it), single moves from the most- to the least-loaded juror repair it.
//!
//! `replacement` hands a withdrawn juror's unsubmitted assignments to the other jurors the
//! same way. What happens to the withdrawn juror's work: their submitted reviews stay in the
//! database (kept for the record) but no longer count (`counted_reviews` leaves out withdrawn
//! jurors), so their applications are given a replacement too; reviews of other jurors are
//! never touched.

use std::collections::{BTreeMap, HashSet};

/// Why an assignment cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignError {
    /// This application cannot have k jurors that are not in conflict with it.
    NotEnoughJurors { application: i64, needed: usize, available: usize },
}

impl std::fmt::Display for AssignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AssignError::NotEnoughJurors { application, needed, available } => {
                write!(f, "application {application} needs {needed} jurors, only {available} are free of conflict")
            }
        }
    }
}

impl std::error::Error for AssignError {}

/// SplitMix64: a small deterministic generator for tie breaking.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// The new assignments `(application, juror)` that give each application exactly `k`
/// jurors (counting `existing`), none in `conflicts` (application, juror), balanced within
/// one across `jurors` (counting `existing`). Existing pairs whose juror is not in `jurors`
/// count for the application but not for the balance. An application that already has k or
/// more gets nothing new.
pub fn automatic(
    applications: &[i64],
    jurors: &[i64],
    k: usize,
    conflicts: &HashSet<(i64, i64)>,
    existing: &[(i64, i64)],
    seed: u64,
) -> Result<Vec<(i64, i64)>, AssignError> {
    let mut rng = SplitMix64::new(seed);
    // A seeded rank for each juror and application: the tie-breaker.
    let mut juror_rank: BTreeMap<i64, u64> = BTreeMap::new();
    for j in jurors {
        juror_rank.insert(*j, rng.next_u64());
    }
    let mut load: BTreeMap<i64, usize> = jurors.iter().map(|j| (*j, 0)).collect();
    let mut has: BTreeMap<i64, HashSet<i64>> = applications.iter().map(|a| (*a, HashSet::new())).collect();
    for (a, j) in existing {
        if let Some(l) = load.get_mut(j) {
            *l += 1;
        }
        has.entry(*a).or_default().insert(*j);
    }
    let allowed = |a: i64, j: i64| !conflicts.contains(&(a, j));

    // The applications that need jurors, the most constrained first.
    let mut order: Vec<(usize, u64, i64)> = Vec::new();
    let mut seen = HashSet::new();
    for a in applications {
        if !seen.insert(*a) {
            continue;
        }
        let current = has.get(a).map_or(0, HashSet::len);
        if current >= k {
            continue;
        }
        let free = jurors.iter().filter(|j| allowed(*a, **j) && !has[a].contains(j)).count();
        if current + free < k {
            return Err(AssignError::NotEnoughJurors { application: *a, needed: k, available: current + free });
        }
        order.push((free, rng.next_u64(), *a));
    }
    order.sort();

    let mut added: Vec<(i64, i64)> = Vec::new();
    for (_, _, a) in &order {
        let need = k - has[a].len();
        // Least loaded first; among equals a fresh seeded draw for each application, so
        // that the same jurors are not always paired together.
        let mut candidates: Vec<(usize, u64, i64)> = jurors
            .iter()
            .copied()
            .filter(|j| allowed(*a, *j) && !has[a].contains(j))
            .map(|j| (load[&j], rng.next_u64() ^ juror_rank[&j], j))
            .collect();
        candidates.sort_unstable();
        candidates.dedup_by_key(|c| c.2);
        for (_, _, j) in candidates.into_iter().take(need) {
            load.entry(j).and_modify(|l| *l += 1);
            has.entry(*a).or_default().insert(j);
            added.push((*a, j));
        }
    }

    // Repair: while the spread is over one, move new assignments along a chain from a
    // juror at the maximum to one at least two below (each step hands one application to the
    // next juror of the chain, so only the chain's ends change load).
    let mut guard = added.len() * jurors.len().max(1) + 1;
    while guard > 0 {
        guard -= 1;
        let (Some(&max_l), Some(&min_l)) = (load.values().max(), load.values().min()) else { break };
        if max_l <= min_l + 1 {
            break;
        }
        let Some(path) = chain(&added, &has, &load, &juror_rank, max_l, &allowed) else { break };
        for (pos, to) in path {
            let (a, from) = added[pos];
            added[pos].1 = to;
            let set = has.entry(a).or_default();
            set.remove(&from);
            set.insert(to);
            load.entry(from).and_modify(|l| *l -= 1);
            load.entry(to).and_modify(|l| *l += 1);
        }
    }
    added.sort_unstable();
    Ok(added)
}

/// A chain of moves (index in `added`, new juror) from a juror whose load is `max_l` to one
/// whose load is at most `max_l - 2`, found breadth first; `None` when there is none.
fn chain(
    added: &[(i64, i64)],
    has: &BTreeMap<i64, HashSet<i64>>,
    load: &BTreeMap<i64, usize>,
    rank: &BTreeMap<i64, u64>,
    max_l: usize,
    allowed: &impl Fn(i64, i64) -> bool,
) -> Option<Vec<(usize, i64)>> {
    let mut by_rank: Vec<i64> = load.keys().copied().collect();
    by_rank.sort_by_key(|j| (rank[j], *j));
    let mut came: BTreeMap<i64, Option<(i64, usize)>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::new();
    for j in &by_rank {
        if load[j] == max_l {
            came.insert(*j, None);
            queue.push_back(*j);
        }
    }
    while let Some(x) = queue.pop_front() {
        for (pos, (a, j)) in added.iter().enumerate() {
            if *j != x {
                continue;
            }
            for y in &by_rank {
                if came.contains_key(y) || !allowed(*a, *y) || has[a].contains(y) {
                    continue;
                }
                came.insert(*y, Some((x, pos)));
                if load[y] + 2 <= max_l {
                    let mut path = vec![];
                    let mut at = *y;
                    while let Some(Some((prev, pos))) = came.get(&at) {
                        path.push((*pos, at));
                        at = *prev;
                    }
                    path.reverse();
                    return Some(path);
                }
                queue.push_back(*y);
            }
        }
    }
    None
}

/// When `withdrawn` leaves the jury: the assignments to make so that each of its
/// applications in `to_replace` (the withdrawn juror's applications whose review must be
/// redone: unsubmitted ones, and, since a withdrawn juror's reviews no longer count, the
/// submitted ones too) gets back to `k` counted jurors, among `jurors` (the remaining ones,
/// `withdrawn` excluded), keeping conflicts out and the balance. `existing` are the stage's
/// assignments of the remaining jurors. Nothing of other jurors is changed: this only adds.
pub fn replacement(
    withdrawn: i64,
    to_replace: &[i64],
    jurors: &[i64],
    k: usize,
    conflicts: &HashSet<(i64, i64)>,
    existing: &[(i64, i64)],
    seed: u64,
) -> Result<Vec<(i64, i64)>, AssignError> {
    let remaining: Vec<i64> = jurors.iter().copied().filter(|j| *j != withdrawn).collect();
    let kept: Vec<(i64, i64)> = existing.iter().copied().filter(|(_, j)| *j != withdrawn).collect();
    automatic(to_replace, &remaining, k, conflicts, &kept, seed)
}

/// The seed of a stage's automatic assignment: derived from the stage's id, so that running
/// it again on the same input gives the same assignment.
pub fn stage_seed(stage_id: i64) -> u64 {
    SplitMix64::new(0x6573_7361_696d_u64 ^ stage_id as u64).next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loads(jurors: &[i64], all: &[(i64, i64)]) -> Vec<usize> {
        jurors.iter().map(|j| all.iter().filter(|(_, x)| x == j).count()).collect()
    }

    fn check(apps: &[i64], jurors: &[i64], k: usize, conflicts: &HashSet<(i64, i64)>, existing: &[(i64, i64)], out: &[(i64, i64)]) {
        let all: Vec<(i64, i64)> = existing.iter().chain(out.iter()).copied().collect();
        for a in apps {
            let mut js: Vec<i64> = all.iter().filter(|(x, _)| x == a).map(|(_, j)| *j).collect();
            let n = js.len();
            js.sort_unstable();
            js.dedup();
            assert_eq!(js.len(), n, "a juror twice on {a}");
            assert_eq!(n, k, "application {a} has {n} jurors, not {k}");
        }
        for p in out {
            assert!(!conflicts.contains(p), "conflicting pair assigned: {p:?}");
        }
        let l = loads(jurors, &all);
        let (min, max) = (l.iter().min().copied().unwrap_or(0), l.iter().max().copied().unwrap_or(0));
        assert!(max - min <= 1, "loads {l:?}");
    }

    #[test]
    fn a_simple_case() {
        let apps = [1, 2, 3, 4];
        let jurors = [10, 11, 12];
        let out = automatic(&apps, &jurors, 2, &HashSet::new(), &[], 7).unwrap();
        assert_eq!(out.len(), 8);
        check(&apps, &jurors, 2, &HashSet::new(), &[], &out);
    }

    #[test]
    fn conflicts_are_never_assigned_and_impossible_cases_name_the_application() {
        let conflicts: HashSet<(i64, i64)> = [(2, 10), (2, 11)].into();
        let out = automatic(&[1, 2, 3], &[10, 11, 12], 1, &conflicts, &[], 1).unwrap();
        assert!(out.contains(&(2, 12)));
        check(&[1, 2, 3], &[10, 11, 12], 1, &conflicts, &[], &out);
        let err = automatic(&[1, 2, 3], &[10, 11, 12], 2, &conflicts, &[], 1).unwrap_err();
        assert_eq!(err, AssignError::NotEnoughJurors { application: 2, needed: 2, available: 1 });
    }

    #[test]
    fn existing_assignments_count() {
        let existing = [(1, 10), (1, 11), (2, 10)];
        let out = automatic(&[1, 2, 3], &[10, 11, 12], 2, &HashSet::new(), &existing, 3).unwrap();
        assert!(!out.iter().any(|(a, _)| *a == 1), "application 1 already has two");
        check(&[1, 2, 3], &[10, 11, 12], 2, &HashSet::new(), &existing, &out);
    }

    #[test]
    fn the_same_input_and_seed_give_the_same_output() {
        let apps: Vec<i64> = (1..=40).collect();
        let jurors: Vec<i64> = (100..107).collect();
        let conflicts: HashSet<(i64, i64)> = [(3, 100), (7, 101), (7, 102)].into();
        let a = automatic(&apps, &jurors, 3, &conflicts, &[], 42).unwrap();
        let b = automatic(&apps, &jurors, 3, &conflicts, &[], 42).unwrap();
        assert_eq!(a, b);
        let c = automatic(&apps, &jurors, 3, &conflicts, &[], 43).unwrap();
        assert_ne!(a, c, "another seed breaks ties otherwise");
    }

    /// The three properties over random sizes: exactly k each, no conflict, loads within one.
    /// Conflicts are drawn sparse enough (at most one in five pairs, never leaving an
    /// application fewer than k + 1 free jurors) that a balanced assignment exists.
    #[test]
    fn property_k_each_no_conflict_balanced() {
        let mut rng = SplitMix64::new(2026);
        let mut cases = 0;
        for _ in 0..600 {
            let n_jurors = 2 + rng.below(12) as usize;
            let k = 1 + rng.below(n_jurors.min(4) as u64) as usize;
            let n_apps = rng.below(60) as usize;
            let apps: Vec<i64> = (0..n_apps as i64).map(|i| 1000 + i * 3).collect();
            let jurors: Vec<i64> = (0..n_jurors as i64).map(|j| 50 + j * 7).collect();
            let mut conflicts = HashSet::new();
            for a in &apps {
                let mut free = n_jurors;
                for j in &jurors {
                    if free > k + 1 && rng.below(10) < 1 {
                        conflicts.insert((*a, *j));
                        free -= 1;
                    }
                }
            }
            let seed = rng.next_u64();
            let out = automatic(&apps, &jurors, k, &conflicts, &[], seed).unwrap_or_else(|e| panic!("{e}"));
            check(&apps, &jurors, k, &conflicts, &[], &out);
            assert_eq!(out, automatic(&apps, &jurors, k, &conflicts, &[], seed).unwrap(), "reproducible");
            cases += 1;
        }
        assert_eq!(cases, 600);
    }

    #[test]
    fn property_impossible_cases_are_errors_not_wrong_answers() {
        let mut rng = SplitMix64::new(9);
        for _ in 0..300 {
            let n_jurors = 1 + rng.below(6) as usize;
            let k = 1 + rng.below(4) as usize;
            let apps: Vec<i64> = (0..1 + rng.below(10) as i64).collect();
            let jurors: Vec<i64> = (100..100 + n_jurors as i64).collect();
            let conflicts: HashSet<(i64, i64)> =
                apps.iter().flat_map(|a| jurors.iter().map(move |j| (*a, *j))).filter(|_| rng.below(3) == 0).collect();
            match automatic(&apps, &jurors, k, &conflicts, &[], 5) {
                Ok(out) => {
                    // k each and no conflict always; balance is what the conflicts allow.
                    for a in &apps {
                        assert_eq!(out.iter().filter(|(x, _)| x == a).count(), k);
                    }
                    assert!(out.iter().all(|p| !conflicts.contains(p)));
                }
                Err(AssignError::NotEnoughJurors { application, .. }) => {
                    let free = jurors.iter().filter(|j| !conflicts.contains(&(application, **j))).count();
                    assert!(free < k, "refused application {application} has {free} free jurors for k = {k}");
                }
            }
        }
    }

    /// Replacement only adds, so the balance within one cannot always be kept (the withdrawn
    /// juror's co-jurors cannot take those applications again); what holds: k each, the
    /// withdrawn juror gone, others untouched, and no new assignment could move to a juror
    /// two or more below its own.
    #[test]
    fn property_replacement_keeps_k_conflicts_and_balance() {
        let mut rng = SplitMix64::new(77);
        for _ in 0..300 {
            let n_jurors = 3 + rng.below(8) as usize;
            let k = 1 + rng.below((n_jurors - 1).min(3) as u64) as usize;
            let apps: Vec<i64> = (1..=1 + rng.below(40) as i64).collect();
            let jurors: Vec<i64> = (200..200 + n_jurors as i64).collect();
            let conflicts = HashSet::new();
            let first = automatic(&apps, &jurors, k, &conflicts, &[], rng.next_u64()).unwrap();
            let gone = jurors[rng.below(n_jurors as u64) as usize];
            let theirs: Vec<i64> = first.iter().filter(|(_, j)| *j == gone).map(|(a, _)| *a).collect();
            let kept: Vec<(i64, i64)> = first.iter().copied().filter(|(_, j)| *j != gone).collect();
            let out = replacement(gone, &theirs, &jurors, k, &conflicts, &first, 1).unwrap();
            assert!(out.iter().all(|(_, j)| *j != gone));
            let remaining: Vec<i64> = jurors.iter().copied().filter(|j| *j != gone).collect();
            let all: Vec<(i64, i64)> = kept.iter().chain(out.iter()).copied().collect();
            for a in &apps {
                assert_eq!(all.iter().filter(|(x, _)| x == a).count(), k, "application {a}");
            }
            // Nothing of the others is taken away: every kept pair is still there.
            assert_eq!(kept.len() + out.len(), apps.len() * k);
            // Balanced as far as the others' assignments allow: no new assignment could move
            // to a juror two or more below its juror.
            let load = |j: i64| all.iter().filter(|(_, x)| *x == j).count();
            for (a, j) in &out {
                for y in &remaining {
                    let free = !all.contains(&(*a, *y));
                    assert!(!(free && load(*y) + 2 <= load(*j)), "({a}, {j}) could go to {y}: loads {:?}", loads(&remaining, &all));
                }
            }
        }
    }
}
