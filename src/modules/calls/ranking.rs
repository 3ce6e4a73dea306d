//! The ranking's arithmetic, pure (no SQL): from a stage's criteria (weights), its scale and
//! the counted reviews (submitted, not in conflict, juror not withdrawn), per application:
//!
//! - the weighted score of each review: Σ wᵢ·sᵢ / Σ wᵢ over the criteria the review scored;
//! - the weighted mean (the mean of those scores over the application's jurors) and their median;
//! - the normalised mean: each juror's weighted scores become z-scores over every application
//!   that juror reviewed in the stage, rescaled to the scale as `global mean + z × global
//!   standard deviation` (the mean and population standard deviation of every counted weighted
//!   score of the stage), clamped to [min, max]; then the mean over the application's jurors.
//!   A juror with a single review, or whose scores are all equal (zero spread), cannot be
//!   normalised: their raw weighted score is used as it is;
//! - the spread between jurors (max − min of the weighted scores) and their standard deviation;
//! - the number of counted reviews;
//! - the rank by normalised mean within the application's category (1 is best), equal
//!   normalised means (to two decimals) sharing a rank and flagged as ties.

use std::collections::BTreeMap;

/// A counted review: who, of what, and the score per criterion (criterion id -> score).
#[derive(Debug, Clone)]
pub struct ScoredReview {
    pub juror_id: i64,
    pub application_id: i64,
    pub scores: BTreeMap<i64, i64>,
}

/// One application's line of the ranking.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Line {
    pub application_id: i64,
    pub category_id: Option<i64>,
    /// The mean of the jurors' weighted scores.
    pub mean: f64,
    pub median: f64,
    /// The mean of the scores normalised per juror.
    pub normalised: f64,
    /// Max − min of the jurors' weighted scores.
    pub spread: f64,
    /// The population standard deviation of the jurors' weighted scores.
    pub std_dev: f64,
    pub reviews: usize,
    /// 1 is best, within the category, by normalised mean.
    pub rank: usize,
    /// Another application of the category has the same normalised mean to two decimals.
    pub tied: bool,
}

/// The weighted score of one review (None when it scored no criterion of the rubric).
pub fn weighted(weights: &[(i64, i64)], scores: &BTreeMap<i64, i64>) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (criterion, weight) in weights {
        if let Some(s) = scores.get(criterion) {
            num += *weight as f64 * *s as f64;
            den += *weight as f64;
        }
    }
    (den > 0.0).then(|| num / den)
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() { 0.0 } else { xs.iter().sum::<f64>() / xs.len() as f64 }
}

fn std_dev(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return 0.0;
    }
    let m = mean(xs);
    (xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / xs.len() as f64).sqrt()
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Rounded to two decimals, as an integer (what ties compare).
pub fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// The ranking of a stage. `categories`: application id -> its category (applications without
/// a counted review are left out). Lines come by category (None first), then rank, then id.
pub fn rank(weights: &[(i64, i64)], scale: (i64, i64), reviews: &[ScoredReview], categories: &BTreeMap<i64, Option<i64>>) -> Vec<Line> {
    let (min, max) = (scale.0 as f64, scale.1 as f64);
    // (juror, application, weighted score)
    let scored: Vec<(i64, i64, f64)> =
        reviews.iter().filter_map(|r| weighted(weights, &r.scores).map(|s| (r.juror_id, r.application_id, s))).collect();
    let all: Vec<f64> = scored.iter().map(|s| s.2).collect();
    let (global_mean, global_sd) = (mean(&all), std_dev(&all));
    let mut per_juror: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    for (j, _, s) in &scored {
        per_juror.entry(*j).or_default().push(*s);
    }
    let juror_stats: BTreeMap<i64, (f64, f64, usize)> = per_juror.iter().map(|(j, xs)| (*j, (mean(xs), std_dev(xs), xs.len()))).collect();
    let mut raw: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    let mut norm: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    for (j, a, s) in &scored {
        raw.entry(*a).or_default().push(*s);
        let (m, sd, n) = juror_stats[j];
        let n_score = if n < 2 || sd < 1e-9 { *s } else { (global_mean + (s - m) / sd * global_sd).clamp(min, max) };
        norm.entry(*a).or_default().push(n_score);
    }
    let mut lines: Vec<Line> = raw
        .iter()
        .map(|(a, xs)| {
            let hi = xs.iter().copied().fold(f64::MIN, f64::max);
            let lo = xs.iter().copied().fold(f64::MAX, f64::min);
            Line {
                application_id: *a,
                category_id: categories.get(a).copied().flatten(),
                mean: mean(xs),
                median: median(xs),
                normalised: mean(&norm[a]),
                spread: hi - lo,
                std_dev: std_dev(xs),
                reviews: xs.len(),
                rank: 0,
                tied: false,
            }
        })
        .collect();
    lines.sort_by(|x, y| {
        x.category_id.cmp(&y.category_id).then(cents(y.normalised).cmp(&cents(x.normalised))).then(x.application_id.cmp(&y.application_id))
    });
    // Ranks within each category: equal (to two decimals) share the rank of the first.
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && lines[j].category_id == lines[i].category_id {
            j += 1;
        }
        for k in i..j {
            let same_as_prev = k > i && cents(lines[k].normalised) == cents(lines[k - 1].normalised);
            lines[k].rank = if same_as_prev { lines[k - 1].rank } else { k - i + 1 };
            let same_as_next = k + 1 < j && cents(lines[k].normalised) == cents(lines[k + 1].normalised);
            lines[k].tied = same_as_prev || same_as_next;
        }
        i = j;
    }
    lines
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn review(juror: i64, app: i64, scores: &[(i64, i64)]) -> ScoredReview {
        ScoredReview { juror_id: juror, application_id: app, scores: scores.iter().copied().collect() }
    }

    #[test]
    fn weighted_score_and_median_by_hand() {
        let w = [(1, 2), (2, 1)];
        // (2×4 + 1×1) / 3 = 3
        assert_eq!(weighted(&w, &[(1, 4), (2, 1)].into()), Some(3.0));
        assert_eq!(weighted(&w, &[(2, 5)].into()), Some(5.0), "only the scored criteria weigh");
        assert_eq!(weighted(&w, &BTreeMap::new()), None);
        assert_eq!(median(&[1.0, 5.0, 2.0]), 2.0);
        assert_eq!(median(&[1.0, 5.0, 2.0, 4.0]), 3.0);
        assert!((std_dev(&[2.0, 4.0]) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn means_spread_and_single_review_jurors_by_hand() {
        let w = [(1, 1)];
        // Juror 1 reviews apps 10 and 11 (2 and 4): mean 3, sd 1. Juror 2 reviews only app 10 (5): raw.
        let reviews = [review(1, 10, &[(1, 2)]), review(1, 11, &[(1, 4)]), review(2, 10, &[(1, 5)])];
        let cats = [(10, None), (11, None)].into();
        let lines = rank(&w, (0, 5), &reviews, &cats);
        // Global: mean 11/3, sd sqrt(((2-11/3)²+(4-11/3)²+(5-11/3)²)/3) = sqrt(14/9).
        let gm = 11.0 / 3.0;
        let gs = (14.0f64 / 9.0).sqrt();
        let a10 = lines.iter().find(|l| l.application_id == 10).unwrap();
        assert_eq!(a10.reviews, 2);
        assert!((a10.mean - 3.5).abs() < 1e-12);
        assert!((a10.median - 3.5).abs() < 1e-12);
        assert!((a10.spread - 3.0).abs() < 1e-12);
        assert!((a10.std_dev - 1.5).abs() < 1e-12);
        // Juror 1's 2 is z = -1 -> gm - gs; juror 2's 5 stays 5.
        assert!((a10.normalised - ((gm - gs) + 5.0) / 2.0).abs() < 1e-12);
        let a11 = lines.iter().find(|l| l.application_id == 11).unwrap();
        assert!((a11.normalised - (gm + gs)).abs() < 1e-12);
        assert_eq!((a11.rank, a10.rank), (1, 2), "11 (≈4.91) before 10 (≈3.71)");
    }

    #[test]
    fn normalised_scores_are_clamped_to_the_scale() {
        // Juror 1: 0, 0, 0, 5 (mean 1.25, sd ≈ 2.17): its 5 has z ≈ 1.73; the global spread
        // with juror 2's 5s pushes past 5: clamped.
        let w = [(1, 1)];
        let mut reviews: Vec<ScoredReview> = (0..3).map(|a| review(1, a, &[(1, 0)])).collect();
        reviews.push(review(1, 3, &[(1, 5)]));
        reviews.extend((0..3).map(|a| review(2, a, &[(1, 5)])));
        let cats = (0..4).map(|a| (a, None)).collect();
        let lines = rank(&w, (0, 5), &reviews, &cats);
        assert!(lines.iter().all(|l| (0.0..=5.0).contains(&l.normalised)));
        assert_eq!(lines.iter().find(|l| l.application_id == 3).unwrap().normalised, 5.0);
    }

    #[test]
    fn ranks_are_per_category_and_ties_are_flagged() {
        let w = [(1, 1)];
        let reviews =
            [review(1, 1, &[(1, 4)]), review(1, 2, &[(1, 4)]), review(1, 3, &[(1, 1)]), review(2, 4, &[(1, 3)]), review(2, 5, &[(1, 3)])];
        let cats = [(1, Some(7)), (2, Some(7)), (3, Some(7)), (4, Some(8)), (5, None)].into();
        let lines = rank(&w, (0, 5), &reviews, &cats);
        let by = |a: i64| lines.iter().find(|l| l.application_id == a).unwrap().clone();
        assert_eq!((by(1).rank, by(1).tied), (1, true));
        assert_eq!((by(2).rank, by(2).tied), (1, true));
        assert_eq!((by(3).rank, by(3).tied), (3, false));
        // Another category: first and alone, even with the same score as 5.
        assert_eq!((by(4).rank, by(4).tied), (1, false));
        assert_eq!((by(5).rank, by(5).tied), (1, false));
        assert_eq!(lines[0].application_id, 5, "no category first");
    }

    /// THE fixture of the issue: 12 applications of true quality `FIXTURE_VALUES[i] / 3` on a
    /// 0–10 scale, two criteria weighted 2 and 1; each application reviewed by two of three
    /// jurors (A: groups 0 and 1, B: groups 1 and 2, C: groups 0 and 2); A and B score the true
    /// quality, C scores every criterion two points higher. The groups have equal sums and
    /// sums of squares, so every juror's set has the same spread, and the normalised ranking is
    /// the true one, where the raw mean favours C's applications.
    pub const FIXTURE_GROUPS: [[i64; 4]; 3] = [[0, 5, 9, 22], [1, 2, 12, 21], [3, 4, 6, 23]];

    /// The criterion scores (weights 2 and 1) whose weighted score is `v / 3`.
    pub fn fixture_scores(v: i64) -> (i64, i64) {
        let (mut a, mut b) = (v / 3, v - 2 * (v / 3));
        if b > 8 {
            a += 1;
            b -= 2;
        }
        (a, b)
    }

    /// (juror 0..3, group index, value in thirds) for every review of the fixture.
    pub fn fixture_reviews() -> Vec<(usize, usize, i64)> {
        let juror_groups = [[0, 1], [1, 2], [0, 2]];
        let mut out = vec![];
        for (j, groups) in juror_groups.iter().enumerate() {
            for g in groups {
                for v in FIXTURE_GROUPS[*g] {
                    out.push((j, *g, v));
                }
            }
        }
        out
    }

    #[test]
    fn the_issue_fixture_ranks_by_normalised_scores_as_expected() {
        let w = [(1, 2), (2, 1)];
        // The application's id is its true value in thirds (distinct).
        let reviews: Vec<ScoredReview> = fixture_reviews()
            .into_iter()
            .map(|(j, _, v)| {
                let (a, b) = fixture_scores(v);
                assert_eq!(2 * a + b, v);
                let bonus = if j == 2 { 2 } else { 0 };
                review(j as i64, v, &[(1, a + bonus), (2, b + bonus)])
            })
            .collect();
        let cats = FIXTURE_GROUPS.iter().flatten().map(|v| (*v, None)).collect();
        let lines = rank(&w, (0, 10), &reviews, &cats);
        assert_eq!(lines.len(), 12);
        let mut expected: Vec<i64> = FIXTURE_GROUPS.iter().flatten().copied().collect();
        expected.sort_by(|a, b| b.cmp(a));
        let by_normalised: Vec<i64> = lines.iter().map(|l| l.application_id).collect();
        assert_eq!(by_normalised, expected);
        assert!(lines.iter().all(|l| !l.tied && l.reviews == 2));
        assert_eq!(lines.iter().map(|l| l.rank).collect::<Vec<_>>(), (1..=12).collect::<Vec<_>>());
        // The raw mean would not: 9 (A and C) and 12 (A and B) both get 4, and 0 (A and C)
        // comes above 1 and 2.
        let mean_of = |a: i64| lines.iter().find(|l| l.application_id == a).unwrap().mean;
        assert!((mean_of(9) - 4.0).abs() < 1e-9 && (mean_of(12) - 4.0).abs() < 1e-9);
        assert!(mean_of(0) > mean_of(2));
    }
}
