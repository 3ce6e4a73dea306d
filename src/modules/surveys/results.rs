//! The results' arithmetic, pure: a wave's answers counted by the database
//! (`store::answer_counts`: territory, code, stored answer, count) turned into figures per
//! question for the whole wave and for each territory, on the wave's frozen form version;
//! small cells flagged or suppressed for an audience; and a question's results across waves
//! (year-over-year), matched by code.
//!
//! - Choices (single, multiple, yes/no): counts and percentages of the respondents who
//!   answered the question. A multiple choice is counted per option, never per combination
//!   ({A,B}, {A}, {B,C} give A 2, B 2, C 1 of 3); its "other" texts are listed for managers.
//! - Numbers and scales: n, mean, median, minimum, maximum and the distribution (every point
//!   of a scale; a number's distinct values, or five equal bins when there are many).
//! - Matrices: one set of figures per row. Texts: the count (and the texts for managers).
//!   Dates, e-mail addresses and files: the count only.
//! - Small cells: a figure computed from fewer than the survey's `min_cell` responses is
//!   flagged for managers and suppressed for everyone else (partners and the public), whose
//!   figures never carry free texts.
//!
//! The pages are in `results_pages.rs`, the charts in `charts.rs`, the API in `api_results.rs`.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Serialize;

use crate::core::forms::{Answer, FormDef, Kind, Question};

#[path = "results_pages.rs"]
mod pages;

pub use pages::{export_rows, question_views, routes};
pub(crate) use pages::{published_waves, results_path, wave_def, wave_results};

/// Who looks at the figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Those who manage the survey: every figure, small cells flagged, free texts listed.
    Manager,
    /// Staff of a territory that does not manage the survey: small cells suppressed, no texts.
    Partner,
    /// Anyone: as partners, and only the published questions.
    Public,
}

impl Audience {
    pub fn sees_small_cells(self) -> bool {
        self == Audience::Manager
    }
}

/// The labels the arithmetic gives to what a form does not name.
#[derive(Clone, Debug)]
pub struct Labels {
    pub yes: String,
    pub no: String,
    pub other: String,
}

impl Labels {
    pub fn of(tr: &crate::core::i18n::Tr) -> Labels {
        Labels { yes: tr.t("surveys-results-yes"), no: tr.t("surveys-results-no"), other: tr.t("surveys-results-other") }
    }
}

/// The value of an option that stands for the "other" texts of a multiple choice.
pub const OTHER: &str = "__other";

fn round1<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((x * 10.0).round() / 10.0)
}

fn round2<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((x * 100.0).round() / 100.0)
}

/// One option of a choice question.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveyOption")]
pub struct OptionFigure {
    /// The option as the form writes it (`yes`/`no` for a yes/no question, `__other` for the
    /// "other" texts).
    pub value: String,
    pub label: String,
    /// Respondents who chose it.
    pub count: i64,
    /// Of the respondents who answered the question (a multiple choice adds up to more than 100).
    #[serde(serialize_with = "round1")]
    pub percent: f64,
}

/// A part of a distribution.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveyBin")]
pub struct Bin {
    pub label: String,
    pub count: i64,
    #[serde(serialize_with = "round1")]
    pub percent: f64,
}

/// Figures of numbers or of a scale.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveyStats")]
pub struct Stats {
    #[serde(serialize_with = "round2")]
    pub mean: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub distribution: Vec<Bin>,
}

/// A matrix's row.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveyMatrixRow")]
pub struct RowFigure {
    pub code: String,
    pub label: String,
    pub cell: Cell,
}

/// What a cell shows, by the question's kind.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schemars(rename = "SurveyFigures")]
pub enum Figures {
    Choices {
        options: Vec<OptionFigure>,
        /// The "other" texts (managers only).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        others: Vec<String>,
    },
    Stats(Stats),
    Matrix {
        rows: Vec<RowFigure>,
    },
    Count {
        /// The texts given (managers only).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        texts: Vec<String>,
    },
}

/// Figures computed from `n` responses.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveyFiguresCell")]
pub struct Shown {
    /// Respondents who answered.
    pub n: i64,
    /// Computed from fewer responses than the survey's threshold (managers only see these).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub small: bool,
    pub figures: Figures,
}

/// A cell computed from fewer responses than the survey's threshold, not shown.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveySuppressed")]
pub struct Suppressed {
    /// Always true.
    pub suppressed: bool,
}

/// One question in one scope (the whole wave or a territory).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "SurveyCell")]
pub enum Cell {
    Shown(Shown),
    Suppressed(Suppressed),
}

impl Cell {
    pub fn shown(&self) -> Option<&Shown> {
        match self {
            Cell::Shown(s) => Some(s),
            Cell::Suppressed(_) => None,
        }
    }
}

/// A territory of the wave and its count of responses (None: suppressed).
#[derive(Clone, Debug, PartialEq)]
pub struct TerritoryCount {
    pub club_id: i64,
    pub slug: String,
    pub name: String,
    pub responses: Option<i64>,
    pub small: bool,
}

/// One question's results.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionResults {
    pub code: String,
    pub label: String,
    /// The kind's name (`single_choice`, `scale`…).
    pub kind: &'static str,
    pub whole: Cell,
    /// In the order of `WaveResults::territories`.
    pub territories: Vec<Cell>,
}

/// A wave's results.
#[derive(Clone, Debug, PartialEq)]
pub struct WaveResults {
    /// Complete responses (None: fewer than the threshold, for those who do not manage).
    pub responses: Option<i64>,
    pub territories: Vec<TerritoryCount>,
    pub questions: Vec<QuestionResults>,
}

/// A territory as results name it: club id, slug, name.
pub type Place = (i64, String, String);

/// Everything counted for one (scope, code): stored answer JSON -> count.
type Tally = BTreeMap<String, i64>;

/// A wave's results on its form version `def`, from the database's counts: `counts` (club,
/// code, answer JSON, count) and `responses` (club, count); `places` names the territories
/// (those with responses but not named are added by id). Questions in the form's order.
pub fn compute(
    def: &FormDef,
    places: &[Place],
    counts: &[(i64, String, String, i64)],
    responses: &[(i64, i64)],
    min_cell: i64,
    audience: Audience,
    labels: &Labels,
) -> WaveResults {
    let mut places: Vec<Place> = places.to_vec();
    for (club, _) in responses {
        if !places.iter().any(|p| p.0 == *club) {
            places.push((*club, club.to_string(), club.to_string()));
        }
    }
    let mut by_scope: HashMap<(Option<i64>, &str), Tally> = HashMap::new();
    for (club, code, value, n) in counts {
        for scope in [None, Some(*club)] {
            *by_scope.entry((scope, code.as_str())).or_default().entry(value.clone()).or_default() += n;
        }
    }
    let empty = Tally::new();
    let raw = |scope: Option<i64>, q: &Question| figures_of(q, by_scope.get(&(scope, q.code.as_str())).unwrap_or(&empty), labels);
    let guarded = !audience.sees_small_cells();
    let questions = def
        .questions()
        .map(|q| {
            let mut cells: Vec<Shown> = places.iter().map(|p| raw(Some(p.0), q)).collect();
            let hide = if guarded { hidden_cells(&cells.iter().map(|s| s.n).collect::<Vec<_>>(), vec![], min_cell) } else { vec![] };
            if guarded {
                hide_matrix_complements(&mut cells, &hide, min_cell);
            }
            QuestionResults {
                code: q.code.clone(),
                label: q.label.clone(),
                kind: q.kind.name(),
                whole: restrict(raw(None, q), min_cell, audience),
                territories: cells
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| {
                        if hide.get(i).copied().unwrap_or(false) {
                            Cell::Suppressed(Suppressed { suppressed: true })
                        } else {
                            restrict(s, min_cell, audience)
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let per_place: Vec<i64> =
        places.iter().map(|(club_id, ..)| responses.iter().find(|r| r.0 == *club_id).map(|r| r.1).unwrap_or(0)).collect();
    let hide = if guarded { hidden_cells(&per_place, vec![], min_cell) } else { vec![false; places.len()] };
    let territories = places
        .iter()
        .zip(per_place.iter().zip(hide))
        .map(|((club_id, slug, name), (n, hidden))| TerritoryCount {
            club_id: *club_id,
            slug: slug.clone(),
            name: name.clone(),
            responses: (!hidden).then_some(*n),
            small: *n < min_cell,
        })
        .collect();
    let whole: i64 = responses.iter().map(|r| r.1).sum();
    WaveResults { responses: (!guarded || whole >= min_cell).then_some(whole), territories, questions }
}

/// Which of a set of cells to hide, the whole being shown beside them, so that no figure
/// computed from fewer than `min_cell` responses is shown or can be derived by subtracting
/// the shown cells from the whole: those under the threshold (and those already `hidden`),
/// then, while the hidden cells together hold between one and `min_cell` - 1 responses, the
/// smallest shown one too.
pub fn hidden_cells(ns: &[i64], hidden: Vec<bool>, min_cell: i64) -> Vec<bool> {
    let mut hidden: Vec<bool> = ns.iter().enumerate().map(|(i, n)| *n < min_cell || hidden.get(i).copied().unwrap_or(false)).collect();
    loop {
        let sum: i64 = ns.iter().zip(&hidden).filter(|(_, h)| **h).map(|(n, _)| *n).sum();
        if sum == 0 || sum >= min_cell {
            return hidden;
        }
        let smallest = ns.iter().enumerate().filter(|(i, n)| !hidden[*i] && **n > 0).min_by_key(|(_, n)| **n).map(|(i, _)| i);
        match smallest {
            Some(i) => hidden[i] = true,
            None => return hidden,
        }
    }
}

/// A matrix's rows across territories, as [`hidden_cells`] does for whole cells: a row hidden
/// in one territory (too few answers to it, or the territory hidden) is hidden in enough others
/// that the whole's row minus the shown ones gives nothing under the threshold.
fn hide_matrix_complements(cells: &mut [Shown], hidden_territories: &[bool], min_cell: i64) {
    let rows = match cells.first().map(|s| &s.figures) {
        Some(Figures::Matrix { rows }) => rows.len(),
        _ => return,
    };
    for row in 0..rows {
        let ns: Vec<i64> = cells
            .iter()
            .map(|s| match &s.figures {
                Figures::Matrix { rows } => rows.get(row).and_then(|r| r.cell.shown()).map(|c| c.n).unwrap_or(0),
                _ => 0,
            })
            .collect();
        let hide = hidden_cells(&ns, hidden_territories.to_vec(), min_cell);
        for (s, h) in cells.iter_mut().zip(hide) {
            if let (true, Figures::Matrix { rows }) = (h, &mut s.figures)
                && let Some(r) = rows.get_mut(row)
            {
                r.cell = Cell::Suppressed(Suppressed { suppressed: true });
            }
        }
    }
}

/// Flag or suppress a cell (and its matrix rows) computed from too few responses; strip free
/// texts for those who are not managers.
fn restrict(s: Shown, min_cell: i64, audience: Audience) -> Cell {
    let Shown { n, figures, .. } = s;
    if n < min_cell && !audience.sees_small_cells() {
        return Cell::Suppressed(Suppressed { suppressed: true });
    }
    let figures = match figures {
        Figures::Matrix { rows } => Figures::Matrix {
            rows: rows
                .into_iter()
                .map(|r| {
                    let cell = match r.cell {
                        Cell::Shown(s) => restrict(s, min_cell, audience),
                        c => c,
                    };
                    RowFigure { cell, ..r }
                })
                .collect(),
        },
        Figures::Choices { options, .. } if audience != Audience::Manager => Figures::Choices { options, others: vec![] },
        Figures::Count { .. } if audience != Audience::Manager => Figures::Count { texts: vec![] },
        f => f,
    };
    Cell::Shown(Shown { n, small: n < min_cell, figures })
}

fn percent(count: i64, n: i64) -> f64 {
    if n == 0 { 0.0 } else { count as f64 * 100.0 / n as f64 }
}

/// The figures of one question from its tally, unrestricted.
pub fn figures_of(q: &Question, tally: &Tally, labels: &Labels) -> Shown {
    let answers: Vec<(Answer, i64)> = tally.iter().filter_map(|(v, n)| Answer::from_json(v).map(|a| (a, *n))).collect();
    let n: i64 = answers.iter().map(|(_, c)| c).sum();
    let options = |order: Vec<(String, String)>, counted: &BTreeMap<String, i64>| {
        let mut out: Vec<OptionFigure> = order
            .iter()
            .map(|(value, label)| {
                let c = counted.get(value).copied().unwrap_or(0);
                OptionFigure { value: value.clone(), label: label.clone(), count: c, percent: percent(c, n) }
            })
            .collect();
        // Values the version does not list (never, unless the data was changed by hand): after.
        for (value, c) in counted.iter().filter(|(v, _)| !order.iter().any(|(o, _)| o == *v)) {
            out.push(OptionFigure { value: value.clone(), label: value.clone(), count: *c, percent: percent(*c, n) });
        }
        out
    };
    let figures = match &q.kind {
        Kind::SingleChoice { choices } | Kind::MultipleChoice { choices, .. } => {
            let mut counted: BTreeMap<String, i64> = BTreeMap::new();
            let mut others = vec![];
            for (a, c) in &answers {
                match a {
                    Answer::Choice(s) => *counted.entry(s.clone()).or_default() += c,
                    Answer::Choices { selected, other } => {
                        for s in selected {
                            *counted.entry(s.clone()).or_default() += c;
                        }
                        if let Some(o) = other {
                            *counted.entry(OTHER.into()).or_default() += c;
                            others.extend(std::iter::repeat_n(o.clone(), *c as usize));
                        }
                    }
                    _ => {}
                }
            }
            let mut order: Vec<(String, String)> = choices.iter().map(|c| (c.clone(), c.clone())).collect();
            if matches!(q.kind, Kind::MultipleChoice { other: true, .. }) || counted.contains_key(OTHER) {
                order.push((OTHER.into(), labels.other.clone()));
            }
            others.sort();
            Figures::Choices { options: options(order, &counted), others }
        }
        Kind::YesNo => {
            let mut counted: BTreeMap<String, i64> = BTreeMap::new();
            for (a, c) in &answers {
                if let Answer::YesNo(b) = a {
                    *counted.entry(if *b { "yes" } else { "no" }.into()).or_default() += c;
                }
            }
            let order = vec![("yes".into(), labels.yes.clone()), ("no".into(), labels.no.clone())];
            Figures::Choices { options: options(order, &counted), others: vec![] }
        }
        Kind::Number { .. } => {
            let values: Vec<(f64, i64)> =
                answers.iter().filter_map(|(a, c)| if let Answer::Number(x) = a { Some((*x, *c)) } else { None }).collect();
            Figures::Stats(stats(&values, None))
        }
        Kind::Scale { max, low, high } => {
            let values: Vec<(f64, i64)> =
                answers.iter().filter_map(|(a, c)| if let Answer::Scale(x) = a { Some((f64::from(*x), *c)) } else { None }).collect();
            Figures::Stats(stats(&values, Some((*max, low, high))))
        }
        Kind::Matrix { rows, max, low, high } => {
            let rows = rows
                .iter()
                .map(|r| {
                    let values: Vec<(f64, i64)> = answers
                        .iter()
                        .filter_map(|(a, c)| match a {
                            Answer::Matrix(cells) => cells.get(&r.code).map(|x| (f64::from(*x), *c)),
                            _ => None,
                        })
                        .collect();
                    let n = values.iter().map(|v| v.1).sum();
                    let figures = Figures::Stats(stats(&values, Some((*max, low, high))));
                    RowFigure { code: r.code.clone(), label: r.label.clone(), cell: Cell::Shown(Shown { n, small: false, figures }) }
                })
                .collect();
            Figures::Matrix { rows }
        }
        Kind::ShortText | Kind::LongText => {
            let mut texts: Vec<String> = answers
                .iter()
                .filter_map(|(a, c)| if let Answer::Text(t) = a { Some(std::iter::repeat_n(t.clone(), *c as usize)) } else { None })
                .flatten()
                .collect();
            texts.sort();
            Figures::Count { texts }
        }
        Kind::Date | Kind::Email | Kind::File { .. } => Figures::Count { texts: vec![] },
    };
    Shown { n, small: false, figures }
}

/// The median of weighted values (sorted by value): the middle one, or the mean of the two
/// middle ones.
pub fn median(sorted: &[(f64, i64)]) -> f64 {
    let n: i64 = sorted.iter().map(|v| v.1).sum();
    if n == 0 {
        return 0.0;
    }
    let at = |k: i64| {
        let mut seen = 0;
        for (x, c) in sorted {
            seen += c;
            if seen > k {
                return *x;
            }
        }
        sorted.last().map(|v| v.0).unwrap_or(0.0)
    };
    if n % 2 == 1 { at(n / 2) } else { (at(n / 2 - 1) + at(n / 2)) / 2.0 }
}

/// Mean, median, range and distribution of weighted values; a scale's distribution has every
/// point 1..=max, its ends labelled.
fn stats(values: &[(f64, i64)], scale: Option<(u8, &String, &String)>) -> Stats {
    let mut sorted: Vec<(f64, i64)> = values.iter().filter(|v| v.1 > 0).copied().collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n: i64 = sorted.iter().map(|v| v.1).sum();
    let sum: f64 = sorted.iter().map(|(x, c)| x * *c as f64).sum();
    let min = sorted.first().map(|v| v.0).unwrap_or(0.0);
    let max = sorted.last().map(|v| v.0).unwrap_or(0.0);
    let bin = |label: String, count: i64| Bin { label, count, percent: percent(count, n) };
    let distribution = match scale {
        Some((top, low, high)) => (1..=top)
            .map(|k| {
                let count = sorted.iter().filter(|v| v.0 == f64::from(k)).map(|v| v.1).sum();
                let end = if k == 1 {
                    low
                } else if k == top {
                    high
                } else {
                    &String::new()
                };
                bin(if end.is_empty() { k.to_string() } else { format!("{k} – {end}") }, count)
            })
            .collect(),
        None if sorted.len() <= 8 => sorted.iter().map(|(x, c)| bin(number(*x), *c)).collect(),
        None => {
            let width = (max - min) / 5.0;
            (0..5)
                .map(|i| {
                    let (a, b) = (min + width * i as f64, if i == 4 { max } else { min + width * (i + 1) as f64 });
                    let count = sorted.iter().filter(|v| v.0 >= a && (v.0 < b || (i == 4 && v.0 <= b))).map(|v| v.1).sum();
                    bin(format!("{} – {}", number(a), number(b)), count)
                })
                .collect()
        }
    };
    Stats { mean: if n == 0 { 0.0 } else { sum / n as f64 }, median: median(&sorted), min, max, distribution }
}

/// A number without trailing zeros (one decimal at most past the units).
pub fn number(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 { format!("{}", x.round() as i64) } else { format!("{:.1}", x) }
}

// ---- year-over-year ----

/// One figure of a question in one wave, with its change since the wave before.
#[derive(Clone, Debug, PartialEq)]
pub enum Point {
    /// The question was not asked in this wave (or not published).
    Absent,
    /// Computed from too few responses.
    Suppressed,
    Value {
        /// A percentage (choices) or a mean (numbers, scales, matrix rows).
        value: f64,
        n: i64,
        small: bool,
        /// Percentage points, or difference of means, since the previous wave; None when the
        /// previous wave has no figure.
        change: Option<f64>,
    },
}

/// A line of a question's year-over-year: an option, or the mean, or a matrix row's mean.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub key: String,
    pub label: String,
    /// One per wave.
    pub points: Vec<Point>,
}

/// A question's year-over-year in one scope.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeSeries {
    /// None: the whole.
    pub club_id: Option<i64>,
    pub name: String,
    pub series: Vec<Series>,
}

/// A question across waves.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub code: String,
    /// From the latest wave that has the code.
    pub label: String,
    pub kind: &'static str,
    /// Percentages (true) or means.
    pub percent: bool,
    /// The whole first, then each territory.
    pub scopes: Vec<ScopeSeries>,
}

/// The year-over-year of several waves' results (oldest first), each restricted to the codes
/// given for it (None: all): the questions of the latest wave in its order, then those asked
/// only earlier; territories as they first appear.
pub fn evolution(waves: &[(&WaveResults, Option<&[String]>)], whole_name: &str) -> Vec<Trend> {
    let shown = |w: usize, code: &str| waves[w].1.is_none_or(|codes| codes.iter().any(|c| c == code));
    let mut codes: Vec<(&str, &str, &'static str)> = vec![];
    for w in (0..waves.len()).rev() {
        for q in &waves[w].0.questions {
            if shown(w, &q.code) && !codes.iter().any(|c| c.0 == q.code) {
                codes.push((&q.code, &q.label, q.kind));
            }
        }
    }
    let mut places: Vec<(i64, String)> = vec![];
    for (w, _) in waves {
        for t in &w.territories {
            if !places.iter().any(|p| p.0 == t.club_id) {
                places.push((t.club_id, t.name.clone()));
            }
        }
    }
    codes
        .into_iter()
        .map(|(code, label, kind)| {
            // The cell of this code in each wave and scope.
            let cell_of = |w: usize, club: Option<i64>| -> Option<&Cell> {
                if !shown(w, code) {
                    return None;
                }
                let r = waves[w].0;
                let q = r.questions.iter().find(|q| q.code == code)?;
                match club {
                    None => Some(&q.whole),
                    Some(id) => r.territories.iter().position(|t| t.club_id == id).and_then(|i| q.territories.get(i)),
                }
            };
            let whole_cells: Vec<Option<&Cell>> = (0..waves.len()).map(|w| cell_of(w, None)).collect();
            let whole = series_of(&whole_cells, &[]);
            // A territory whose every figure is suppressed keeps the whole's lines.
            let keys: Vec<(String, String)> = whole.iter().map(|s| (s.key.clone(), s.label.clone())).collect();
            let mut scopes = vec![ScopeSeries { club_id: None, name: whole_name.to_string(), series: whole }];
            for (id, name) in &places {
                let cells: Vec<Option<&Cell>> = (0..waves.len()).map(|w| cell_of(w, Some(*id))).collect();
                scopes.push(ScopeSeries { club_id: Some(*id), name: name.clone(), series: series_of(&cells, &keys) });
            }
            let percent = matches!(kind, "single_choice" | "multiple_choice" | "yes_no");
            Trend { code: code.to_string(), label: label.to_string(), kind, percent, scopes }
        })
        .collect()
}

/// The keyed values of one cell: option -> percentage, "mean" -> mean, row -> row's mean.
/// A cell's figures by key: (key, label, figure).
type Keyed = Vec<(String, String, Point)>;

fn values_of(cell: &Cell) -> Option<Keyed> {
    let s = cell.shown()?;
    let point = |value: f64, n: i64, small: bool| Point::Value { value, n, small, change: None };
    Some(match &s.figures {
        Figures::Choices { options, .. } => {
            options.iter().map(|o| (o.value.clone(), o.label.clone(), point(o.percent, s.n, s.small))).collect()
        }
        Figures::Stats(st) => vec![("mean".into(), String::new(), point(st.mean, s.n, s.small))],
        Figures::Matrix { rows } => rows
            .iter()
            .map(|r| {
                let p = match &r.cell {
                    Cell::Shown(Shown { n, small, figures: Figures::Stats(st) }) => point(st.mean, *n, *small),
                    _ => Point::Suppressed,
                };
                (r.code.clone(), r.label.clone(), p)
            })
            .collect(),
        Figures::Count { .. } => {
            vec![("count".into(), String::new(), Point::Value { value: s.n as f64, n: s.n, small: s.small, change: None })]
        }
    })
}

fn series_of(cells: &[Option<&Cell>], fallback: &[(String, String)]) -> Vec<Series> {
    let per_wave: Vec<Option<Option<Keyed>>> = cells.iter().map(|c| c.map(values_of)).collect();
    // Keys: the latest wave's first.
    let mut keys: Vec<(String, String)> = vec![];
    for w in per_wave.iter().rev() {
        if let Some(Some(vals)) = w {
            for (k, label, _) in vals {
                if !keys.iter().any(|x| &x.0 == k) {
                    keys.push((k.clone(), label.clone()));
                }
            }
        }
    }
    if keys.is_empty() && per_wave.iter().any(|w| matches!(w, Some(None))) {
        keys = if fallback.is_empty() { vec![("mean".into(), String::new())] } else { fallback.to_vec() };
    }
    keys.into_iter()
        .map(|(key, label)| {
            let mut points: Vec<Point> = per_wave
                .iter()
                .map(|w| match w {
                    None => Point::Absent,
                    Some(None) => Point::Suppressed,
                    Some(Some(vals)) => vals.iter().find(|v| v.0 == key).map(|v| v.2.clone()).unwrap_or(Point::Absent),
                })
                .collect();
            for i in 1..points.len() {
                let before = match &points[i - 1] {
                    Point::Value { value, .. } => Some(*value),
                    _ => None,
                };
                if let (Some(b), Point::Value { value, change, .. }) = (before, &mut points[i]) {
                    *change = Some(*value - b);
                }
            }
            Series { key, label, points }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::forms::{Item, MatrixRow};

    fn q(id: i64, code: &str, kind: Kind) -> Item {
        Item::Question(Question {
            id,
            code: code.into(),
            label: code.to_uppercase(),
            help: String::new(),
            required: false,
            condition: None,
            kind,
        })
    }

    fn labels() -> Labels {
        Labels { yes: "Oui".into(), no: "Non".into(), other: "Autre".into() }
    }

    fn def() -> FormDef {
        FormDef {
            items: vec![
                q(1, "m", Kind::MultipleChoice { choices: vec!["A".into(), "B".into(), "C".into()], other: true }),
                q(2, "s", Kind::Scale { max: 5, low: "Faible".into(), high: "Forte".into() }),
                q(3, "n", Kind::Number { min: None, max: None }),
                q(4, "y", Kind::YesNo),
                q(
                    5,
                    "x",
                    Kind::Matrix {
                        rows: vec![MatrixRow { code: "r1".into(), label: "R1".into() }],
                        max: 4,
                        low: String::new(),
                        high: String::new(),
                    },
                ),
                q(6, "t", Kind::ShortText),
            ],
        }
    }

    fn json(a: Answer) -> String {
        a.to_json()
    }

    fn choices(s: &[&str], other: Option<&str>) -> String {
        json(Answer::Choices { selected: s.iter().map(|x| x.to_string()).collect(), other: other.map(str::to_string) })
    }

    fn options(cell: &Cell) -> Vec<(String, i64, f64)> {
        match &cell.shown().unwrap().figures {
            Figures::Choices { options, .. } => {
                options.iter().map(|o| (o.value.clone(), o.count, (o.percent * 10.0).round() / 10.0)).collect()
            }
            f => panic!("{f:?}"),
        }
    }

    #[test]
    fn a_multiple_choice_is_counted_per_option() {
        let counts = vec![
            (1, "m".into(), choices(&["A", "B"], None), 1),
            (1, "m".into(), choices(&["A"], None), 1),
            (2, "m".into(), choices(&["B", "C"], Some("D")), 1),
        ];
        let places = vec![(1, "a".into(), "Un".into()), (2, "b".into(), "Deux".into())];
        let r = compute(&def(), &places, &counts, &[(1, 2), (2, 1)], 1, Audience::Manager, &labels());
        let m = &r.questions[0];
        assert_eq!(options(&m.whole), vec![("A".into(), 2, 66.7), ("B".into(), 2, 66.7), ("C".into(), 1, 33.3), (OTHER.into(), 1, 33.3)]);
        assert_eq!(m.whole.shown().unwrap().n, 3);
        assert_eq!(options(&m.territories[0])[0], ("A".into(), 2, 100.0));
        match &m.territories[1].shown().unwrap().figures {
            Figures::Choices { others, .. } => assert_eq!(others, &vec!["D".to_string()]),
            f => panic!("{f:?}"),
        }
        assert_eq!(r.responses, Some(3));
    }

    #[test]
    fn small_cells_are_flagged_for_managers_and_suppressed_for_others() {
        let counts = vec![
            (1, "m".into(), choices(&["A"], Some("secret")), 4),
            (2, "m".into(), choices(&["B"], None), 6),
            (1, "t".into(), json(Answer::Text("mon nom".into())), 6),
        ];
        let places = vec![(1, "a".into(), "Un".into()), (2, "b".into(), "Deux".into())];
        let m = compute(&def(), &places, &counts, &[(1, 4), (2, 6)], 5, Audience::Manager, &labels());
        let q = &m.questions[0];
        assert!(q.territories[0].shown().unwrap().small);
        assert!(!q.territories[1].shown().unwrap().small);
        assert!(!q.whole.shown().unwrap().small);
        assert_eq!(m.territories[0].responses, Some(4));
        assert!(m.territories[0].small);
        for audience in [Audience::Partner, Audience::Public] {
            let p = compute(&def(), &places, &counts, &[(1, 4), (2, 6)], 5, audience, &labels());
            let q = &p.questions[0];
            assert_eq!(q.territories[0], Cell::Suppressed(Suppressed { suppressed: true }));
            assert_eq!(serde_json::to_value(&q.territories[0]).unwrap(), serde_json::json!({"suppressed": true}));
            assert_eq!(p.territories[0].responses, None);
            // No free text leaves for them, even from a large cell.
            match &q.whole.shown().unwrap().figures {
                Figures::Choices { others, .. } => assert!(others.is_empty()),
                f => panic!("{f:?}"),
            }
            let t = &p.questions[5].whole;
            assert_eq!(t.shown().unwrap().figures, Figures::Count { texts: vec![] });
            assert!(!serde_json::to_string(&q.whole).unwrap().contains("secret"));
        }
    }

    #[test]
    fn scales_numbers_and_yes_no() {
        let counts = vec![
            (1, "s".into(), json(Answer::Scale(1)), 1),
            (1, "s".into(), json(Answer::Scale(4)), 2),
            (1, "s".into(), json(Answer::Scale(5)), 1),
            (1, "n".into(), json(Answer::Number(10.0)), 1),
            (1, "n".into(), json(Answer::Number(20.0)), 1),
            (1, "n".into(), json(Answer::Number(300.0)), 1),
            (1, "y".into(), json(Answer::YesNo(true)), 3),
            (1, "y".into(), json(Answer::YesNo(false)), 1),
        ];
        let r = compute(&def(), &[(1, "a".into(), "Un".into())], &counts, &[(1, 4)], 1, Audience::Manager, &labels());
        let Figures::Stats(s) = &r.questions[1].whole.shown().unwrap().figures else { panic!() };
        assert_eq!((s.mean, s.median, s.min, s.max), (3.5, 4.0, 1.0, 5.0));
        assert_eq!(s.distribution.iter().map(|b| b.count).collect::<Vec<_>>(), vec![1, 0, 0, 2, 1]);
        assert_eq!(s.distribution[0].label, "1 – Faible");
        assert_eq!(s.distribution[4].label, "5 – Forte");
        let Figures::Stats(s) = &r.questions[2].whole.shown().unwrap().figures else { panic!() };
        assert_eq!((s.mean, s.median), (110.0, 20.0));
        assert_eq!(options(&r.questions[3].whole), vec![("yes".into(), 3, 75.0), ("no".into(), 1, 25.0)]);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[(1.0, 1), (2.0, 1), (3.0, 1), (4.0, 1)]), 2.5);
        assert_eq!(median(&[(1.0, 3), (9.0, 1)]), 1.0);
        assert_eq!(median(&[(1.0, 2), (9.0, 2)]), 5.0);
        assert_eq!(median(&[(7.0, 1)]), 7.0);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn a_matrix_is_counted_per_row() {
        let mut cells = BTreeMap::new();
        cells.insert("r1".to_string(), 2u8);
        let mut high = BTreeMap::new();
        high.insert("r1".to_string(), 4u8);
        let counts = vec![(1, "x".into(), json(Answer::Matrix(cells)), 3), (1, "x".into(), json(Answer::Matrix(high)), 1)];
        let r = compute(&def(), &[(1, "a".into(), "Un".into())], &counts, &[(1, 4)], 1, Audience::Manager, &labels());
        let Figures::Matrix { rows } = &r.questions[4].whole.shown().unwrap().figures else { panic!() };
        let Cell::Shown(Shown { n, figures: Figures::Stats(s), .. }) = &rows[0].cell else { panic!() };
        assert_eq!((*n, s.mean, s.median), (4, 2.5, 2.0));
    }

    #[test]
    fn year_over_year_gives_changes_by_code() {
        let places = vec![(1, "a".into(), "Un".into())];
        let w1 = compute(
            &def(),
            &places,
            &[(1, "y".into(), json(Answer::YesNo(true)), 5), (1, "y".into(), json(Answer::YesNo(false)), 5)],
            &[(1, 10)],
            5,
            Audience::Public,
            &labels(),
        );
        let mut def2 = def();
        if let Item::Question(q) = &mut def2.items[3] {
            q.label = "Y reformulée".into();
        }
        def2.items.remove(5);
        let w2 = compute(
            &def2,
            &places,
            &[(1, "y".into(), json(Answer::YesNo(true)), 6), (1, "y".into(), json(Answer::YesNo(false)), 2)],
            &[(1, 8)],
            5,
            Audience::Public,
            &labels(),
        );
        let all = evolution(&[(&w1, None), (&w2, None)], "Ensemble");
        let y = all.iter().find(|t| t.code == "y").unwrap();
        assert_eq!(y.label, "Y reformulée");
        let yes = &y.scopes[0].series[0];
        assert_eq!(yes.key, "yes");
        let Point::Value { value, change: Some(change), .. } = yes.points[1] else { panic!("{:?}", yes.points) };
        assert_eq!((value, change), (75.0, 25.0));
        // A question removed later keeps its earlier wave; one not published is absent.
        let t = all.iter().find(|t| t.code == "t").unwrap();
        assert!(matches!(t.scopes[0].series[0].points[1], Point::Absent));
        let published = vec!["y".to_string()];
        let only = evolution(&[(&w1, Some(&published)), (&w2, Some(&published))], "Ensemble");
        assert_eq!(only.iter().map(|t| t.code.as_str()).collect::<Vec<_>>(), vec!["y"]);
        // Cells under the threshold: suppressed, and no change computed across them.
        let w3 = compute(&def2, &places, &[(1, "y".into(), json(Answer::YesNo(true)), 3)], &[(1, 3)], 5, Audience::Public, &labels());
        let small = evolution(&[(&w2, None), (&w3, None)], "Ensemble");
        let y = small.iter().find(|t| t.code == "y").unwrap();
        assert_eq!(y.scopes[0].series[0].points[1], Point::Suppressed);
        // A territory suppressed in every wave shows the whole's lines, suppressed.
        let w4 = compute(&def2, &places, &[(1, "y".into(), json(Answer::YesNo(true)), 2)], &[(1, 2)], 1, Audience::Public, &labels());
        let w5 = compute(&def2, &places, &[(1, "y".into(), json(Answer::YesNo(true)), 2)], &[(1, 2)], 5, Audience::Public, &labels());
        let mixed = evolution(&[(&w4, None), (&w5, None)], "Ensemble");
        let y = mixed.iter().find(|t| t.code == "y").unwrap();
        assert_eq!(y.scopes[0].series.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), vec!["yes", "no"]);
        let lone = evolution(&[(&w5, None)], "Ensemble");
        let y = lone.iter().find(|t| t.code == "y").unwrap();
        assert_eq!(y.scopes[1].series.len(), 1, "nothing to borrow from a suppressed whole");
    }

    #[test]
    fn a_hidden_territory_cannot_be_derived_from_the_whole() {
        assert_eq!(hidden_cells(&[12, 4, 3, 5, 6], vec![], 5), vec![false, true, true, false, false]);
        // One small cell: the next smallest is hidden with it, so that the whole minus the
        // shown ones gives at least the threshold.
        assert_eq!(hidden_cells(&[4, 9, 6], vec![], 5), vec![true, false, true]);
        assert_eq!(hidden_cells(&[1, 1, 7, 8], vec![], 5), vec![true, true, true, false]);
        // Nothing small, or only empty territories: nothing more to hide.
        assert_eq!(hidden_cells(&[5, 9], vec![], 5), vec![false, false]);
        assert_eq!(hidden_cells(&[0, 9, 6], vec![], 5), vec![true, false, false]);
        // Already hidden (a matrix row in a hidden territory) counts as hidden.
        assert_eq!(hidden_cells(&[6, 9, 6], vec![true], 5), vec![true, false, false]);
        assert_eq!(hidden_cells(&[2, 9, 6], vec![true], 5), vec![true, false, true]);

        // Territories of 4, 6 and 8 responses: the public sees the whole (18) and the 8 only;
        // nothing it sees subtracts to fewer than five responses.
        let counts = vec![
            (1, "m".into(), choices(&["A"], None), 4),
            (2, "m".into(), choices(&["B"], None), 6),
            (3, "m".into(), choices(&["A", "B"], None), 8),
            (1, "x".into(), json(Answer::Matrix([("r1".to_string(), 2u8)].into())), 4),
            (2, "x".into(), json(Answer::Matrix([("r1".to_string(), 3u8)].into())), 6),
            (3, "x".into(), json(Answer::Matrix([("r1".to_string(), 1u8)].into())), 8),
        ];
        let places = vec![(1, "a".into(), "Un".into()), (2, "b".into(), "Deux".into()), (3, "c".into(), "Trois".into())];
        let responses = [(1, 4), (2, 6), (3, 8)];
        let public = compute(&def(), &places, &counts, &responses, 5, Audience::Public, &labels());
        let m = &public.questions[0];
        assert_eq!(m.whole.shown().unwrap().n, 18);
        assert!(m.territories[0].shown().is_none() && m.territories[1].shown().is_none());
        assert_eq!(m.territories[2].shown().unwrap().n, 8);
        assert_eq!(public.territories.iter().map(|t| t.responses).collect::<Vec<_>>(), vec![None, None, Some(8)]);
        assert_eq!(public.responses, Some(18));
        let x = &public.questions[4];
        assert!(x.territories[0].shown().is_none() && x.territories[1].shown().is_none());
        // Managers see every figure, the small one flagged.
        let staff = compute(&def(), &places, &counts, &responses, 5, Audience::Manager, &labels());
        assert!(staff.questions[0].territories.iter().all(|c| c.shown().is_some()));
        assert_eq!(
            staff.territories.iter().map(|t| (t.responses, t.small)).collect::<Vec<_>>(),
            vec![(Some(4), true), (Some(6), false), (Some(8), false)]
        );

        // A wave of three responses: not even its count is shown to the public.
        let few = compute(&def(), &places[..1], &counts[..1], &[(1, 3)], 5, Audience::Public, &labels());
        assert_eq!(few.responses, None);
        assert_eq!(compute(&def(), &places[..1], &counts[..1], &[(1, 3)], 5, Audience::Manager, &labels()).responses, Some(3));
    }

    #[test]
    fn a_matrix_row_hidden_in_one_territory_is_hidden_in_another() {
        // Both territories are large enough, but row r1 was answered by 2 in the first.
        let counts = vec![
            (1, "x".into(), json(Answer::Matrix([("r1".to_string(), 2u8)].into())), 2),
            (1, "x".into(), json(Answer::Matrix(Default::default())), 5),
            (2, "x".into(), json(Answer::Matrix([("r1".to_string(), 3u8)].into())), 9),
            (3, "x".into(), json(Answer::Matrix([("r1".to_string(), 4u8)].into())), 7),
        ];
        let places = vec![(1, "a".into(), "Un".into()), (2, "b".into(), "Deux".into()), (3, "c".into(), "Trois".into())];
        let p = compute(&def(), &places, &counts, &[(1, 7), (2, 9), (3, 7)], 5, Audience::Partner, &labels());
        let row = |c: &Cell| match &c.shown().unwrap().figures {
            Figures::Matrix { rows } => rows[0].cell.shown().map(|s| s.n),
            f => panic!("{f:?}"),
        };
        let x = &p.questions[4];
        assert_eq!(x.territories.iter().map(row).collect::<Vec<_>>(), vec![None, Some(9), None]);
        assert_eq!(row(&x.whole), Some(18));
    }
}
