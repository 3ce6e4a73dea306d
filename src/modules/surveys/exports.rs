//! Exports of a survey's responses, for its managers (`admin::manageable`), every download
//! written in the audit log:
//!
//! - one wave: `/admin/enquetes/{id}/vagues/{wave}/export.csv|.xlsx|.json`;
//! - every wave together: `/admin/enquetes/{id}/export.csv|.xlsx` (a `wave` column first);
//! - the codebook: `/admin/enquetes/{id}/codebook.csv|.json`.
//!
//! One row per response, in the order of its random key (never the order of submission), with
//! the columns `territory` (the club's name), `version` (the form's), `day` (YYYY-MM-DD, the
//! only time kept), then who answered where the wave's mode allows it (identified: `name` and
//! `email`; pseudonymous: `pseudonym`, an HMAC of the invitation under the site's secret, stable
//! from one export to the next and never the invitation's id; anonymous: nothing), then the
//! questions by code:
//!
//! - single choice (the option as written), text, number, scale, date, e-mail, file (its
//!   name): one column named by the code; yes/no: one column, 1 or 0;
//! - multiple choice: one 0/1 column per option, `{code}_{letter}` where the letter is the
//!   option's rank in the order options first appeared across the form's versions (`a`, `b`…
//!   `z`, `aa`…, so a letter never changes meaning when a later version adds options), then
//!   `{code}_other` with the "other" text right after its options;
//! - matrix: one column per row, `{code}_{row code}` (`q5_recrutement`).
//!
//! A question not answered (skipped, or hidden by its condition) leaves its cells empty, so a
//! 0 always means "offered and not chosen". The combined export has one column per code across
//! every version: a reworded question keeps its column, a question removed later keeps its
//! earlier waves' values and is empty after. The codebook says, per code, its latest label,
//! its type, its options, rows and their columns, the versions and waves it is in, and its
//! label in each version (`reworded` when they differ).
//!
//! CSV and XLSX go through `core::export` (`;`, BOM, formulas neutralised; the XLSX has a
//! second sheet `codebook`); the JSON export is `{survey, wave, codebook, responses}`, each
//! response an object by column, numbers as numbers and empty cells as null. The staff's API
//! (`api.rs`) serves the same JSON.

use std::collections::{BTreeMap, HashMap};

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::model::{Mode, Survey, Wave, owner};
use super::store::{self, StoredResponse};
use crate::core::audit::{self, Subject};
use crate::core::error::{AppError, AppResult};
use crate::core::export::{self, Sheet};
use crate::core::forms::{self, Answer, FormDef, Kind};
use crate::core::web::{AppState, Ctx};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/enquetes/{id}/vagues/{wave}/export.csv", get(wave_csv))
        .route("/admin/enquetes/{id}/vagues/{wave}/export.xlsx", get(wave_xlsx))
        .route("/admin/enquetes/{id}/vagues/{wave}/export.json", get(wave_json))
        .route("/admin/enquetes/{id}/export.csv", get(combined_csv))
        .route("/admin/enquetes/{id}/export.xlsx", get(combined_xlsx))
        .route("/admin/enquetes/{id}/codebook.csv", get(codebook_csv))
        .route("/admin/enquetes/{id}/codebook.json", get(codebook_json))
}

// ---- the codebook ----

/// An option of a choice question and the column that holds it (a multiple choice's 0/1
/// column; a single choice's options share the question's column).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveyCodebookOption")]
pub struct OptionColumn {
    pub label: String,
    pub column: String,
}

/// A row of a matrix and its column.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveyCodebookRow")]
pub struct RowColumn {
    pub code: String,
    pub label: String,
    pub column: String,
}

/// A question's label in one version of the form.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveyCodebookLabel")]
pub struct VersionLabel {
    pub version: i64,
    pub label: String,
}

/// One question code, across every version of the form.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SurveyCodebookEntry")]
pub struct Entry {
    pub code: String,
    /// The label in the latest version that has the code.
    pub label: String,
    /// The form kit's kind: short_text, long_text, single_choice, multiple_choice, yes_no
    /// (1 or 0), number, date (YYYY-MM-DD), email, scale, matrix, file (its name).
    #[serde(rename = "type")]
    pub kind: String,
    /// Every column of the exports this code fills, in order.
    pub columns: Vec<String>,
    pub options: Vec<OptionColumn>,
    /// A multiple choice's "other" text, right after its options.
    pub other_column: Option<String>,
    pub rows: Vec<RowColumn>,
    /// The largest value of a scale or a matrix (from 1).
    pub scale_max: Option<u8>,
    /// The versions of the form that have the code.
    pub versions: Vec<i64>,
    /// The waves (labels) that ran on those versions.
    pub waves: Vec<String>,
    /// The label in each of those versions.
    pub labels: Vec<VersionLabel>,
    /// The label differs between versions.
    pub reworded: bool,
}

/// `a`, `b`, … `z`, `aa`, `ab`…: the letter of the option at `i` (from 0).
pub fn letters(mut i: usize) -> String {
    let mut out = vec![];
    loop {
        out.push(b'a' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The codes of every version in one order: the latest version's, each code only in earlier
/// versions placed right after the code it followed there.
fn merged_order(versions: &[(i64, FormDef)]) -> Vec<String> {
    let mut order: Vec<String> = vec![];
    for (_, def) in versions.iter().rev() {
        let mut after: Option<usize> = None;
        for q in def.questions() {
            match order.iter().position(|c| *c == q.code) {
                Some(p) => after = Some(p),
                None => {
                    let at = after.map_or(0, |p| p + 1);
                    order.insert(at, q.code.clone());
                    after = Some(at);
                }
            }
        }
    }
    order
}

/// The codebook of a form's versions (oldest first) and the waves that ran on them, in the
/// combined export's order of codes.
pub fn codebook(versions: &[(i64, FormDef)], waves: &[Wave]) -> Vec<Entry> {
    let mut entries = vec![];
    for code in merged_order(versions) {
        let present: Vec<(i64, &forms::Question)> =
            versions.iter().filter_map(|(v, def)| def.questions().find(|q| q.code == code).map(|q| (*v, q))).collect();
        let Some((_, latest)) = present.last() else { continue };
        let mut options: Vec<String> = vec![];
        let mut rows: Vec<(String, String)> = vec![];
        let mut other = false;
        for (_, q) in &present {
            match &q.kind {
                Kind::SingleChoice { choices } | Kind::MultipleChoice { choices, .. } => {
                    for c in choices {
                        if !options.contains(c) {
                            options.push(c.clone());
                        }
                    }
                }
                Kind::Matrix { rows: rs, .. } => {
                    for r in rs {
                        match rows.iter_mut().find(|(c, _)| *c == r.code) {
                            Some(known) => known.1 = r.label.clone(),
                            None => rows.push((r.code.clone(), r.label.clone())),
                        }
                    }
                }
                _ => {}
            }
            if let Kind::MultipleChoice { other: true, .. } = q.kind {
                other = true;
            }
        }
        let (mut columns, mut option_columns, mut row_columns, mut other_column) = (vec![], vec![], vec![], None);
        match &latest.kind {
            Kind::MultipleChoice { .. } => {
                for (i, o) in options.iter().enumerate() {
                    let column = format!("{code}_{}", letters(i));
                    columns.push(column.clone());
                    option_columns.push(OptionColumn { label: o.clone(), column });
                }
                if other {
                    let column = format!("{code}_other");
                    columns.push(column.clone());
                    other_column = Some(column);
                }
            }
            Kind::Matrix { .. } => {
                for (row, label) in &rows {
                    let column = format!("{code}_{row}");
                    columns.push(column.clone());
                    row_columns.push(RowColumn { code: row.clone(), label: label.clone(), column });
                }
            }
            _ => {
                columns.push(code.clone());
                option_columns = options.iter().map(|o| OptionColumn { label: o.clone(), column: code.clone() }).collect();
            }
        }
        let scale_max = match latest.kind {
            Kind::Scale { max, .. } | Kind::Matrix { max, .. } => Some(max),
            _ => None,
        };
        let labels: Vec<VersionLabel> = present.iter().map(|(v, q)| VersionLabel { version: *v, label: q.label.clone() }).collect();
        let reworded = labels.windows(2).any(|w| w[0].label != w[1].label);
        let in_versions: Vec<i64> = present.iter().map(|(v, _)| *v).collect();
        entries.push(Entry {
            code: code.clone(),
            label: latest.label.clone(),
            kind: latest.kind.name().to_string(),
            columns,
            options: option_columns,
            other_column,
            rows: row_columns,
            scale_max,
            waves: waves.iter().filter(|w| w.form_version.is_some_and(|v| in_versions.contains(&v))).map(|w| w.label.clone()).collect(),
            versions: in_versions,
            labels,
            reworded,
        });
    }
    entries
}

/// The codebook as a table: one line per column of the exports.
pub fn codebook_table(entries: &[Entry]) -> (Vec<String>, Vec<Vec<String>>) {
    let head = ["code", "column", "type", "label", "part", "value", "versions", "waves", "labels"].map(String::from).to_vec();
    let mut rows = vec![];
    for e in entries {
        let versions = e.versions.iter().map(i64::to_string).collect::<Vec<_>>().join(" ");
        let waves = e.waves.join(" ");
        let labels = if e.reworded {
            e.labels.iter().map(|l| format!("{}: {}", l.version, l.label)).collect::<Vec<_>>().join(" | ")
        } else {
            String::new()
        };
        let line = |column: &str, part: &str, value: String| {
            vec![
                e.code.clone(),
                column.to_string(),
                e.kind.clone(),
                e.label.clone(),
                part.to_string(),
                value,
                versions.clone(),
                waves.clone(),
                labels.clone(),
            ]
        };
        match e.kind.as_str() {
            "multiple_choice" => {
                rows.extend(e.options.iter().map(|o| line(&o.column, "option", o.label.clone())));
                if let Some(c) = &e.other_column {
                    rows.push(line(c, "other", String::new()));
                }
            }
            "matrix" => rows.extend(e.rows.iter().map(|r| line(&r.column, "row", r.label.clone()))),
            _ => {
                let values = match (e.kind.as_str(), e.scale_max) {
                    ("yes_no", _) => "1 | 0".to_string(),
                    (_, Some(max)) => format!("1-{max}"),
                    _ => e.options.iter().map(|o| o.label.clone()).collect::<Vec<_>>().join(" | "),
                };
                rows.push(line(&e.code, "answer", values));
            }
        }
    }
    (head, rows)
}

// ---- the table ----

/// A cell: empty, a text, or a number.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
        }
    }

    pub fn json(&self) -> Value {
        match self {
            Cell::Empty => Value::Null,
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Value::from(*n as i64),
            Cell::Number(n) => serde_json::Number::from_f64(*n).map(Value::Number).unwrap_or(Value::Null),
        }
    }
}

/// Who gave a response, where the wave's mode lets the export say it.
#[derive(Clone, Debug, PartialEq)]
pub enum Who {
    Person { name: String, email: String },
    Pseudonym(String),
}

/// One wave's responses as the table reads them.
pub struct WaveResponses {
    pub wave: Wave,
    pub responses: Vec<StoredResponse>,
    /// By response id (linked waves only).
    pub who: HashMap<i64, Who>,
}

/// A table of responses: the header and one row of cells per response.
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows.iter().map(|r| r.iter().map(Cell::text).collect()).collect()
    }

    /// Each row as an object by column.
    pub fn json_rows(&self) -> Vec<serde_json::Map<String, Value>> {
        self.rows.iter().map(|r| self.head.iter().cloned().zip(r.iter().map(Cell::json)).collect()).collect()
    }
}

/// The cell of `column` (one of `entry`'s) for an answer.
fn cell(entry: &Entry, column: &str, answer: Option<&Answer>) -> Cell {
    let Some(answer) = answer else { return Cell::Empty };
    if let Some(o) = entry.options.iter().find(|o| o.column == column && column != entry.code) {
        let chosen = match answer {
            Answer::Choices { selected, .. } => selected.contains(&o.label),
            Answer::Choice(c) => *c == o.label,
            _ => false,
        };
        return Cell::Number(if chosen { 1.0 } else { 0.0 });
    }
    if entry.other_column.as_deref() == Some(column) {
        return match answer {
            Answer::Choices { other: Some(t), .. } => Cell::Text(t.clone()),
            _ => Cell::Empty,
        };
    }
    if let Some(r) = entry.rows.iter().find(|r| r.column == column) {
        return match answer {
            Answer::Matrix(cells) => cells.get(&r.code).map_or(Cell::Empty, |n| Cell::Number(f64::from(*n))),
            _ => Cell::Empty,
        };
    }
    match answer {
        Answer::YesNo(b) => Cell::Number(if *b { 1.0 } else { 0.0 }),
        Answer::Number(n) => Cell::Number(*n),
        Answer::Scale(n) => Cell::Number(f64::from(*n)),
        other => Cell::Text(other.plain()),
    }
}

/// The date (YYYY-MM-DD, UTC) of a day's midnight.
fn day_text(ts: i64) -> String {
    crate::core::api::rfc3339(ts).chars().take(10).collect()
}

/// The table of `waves`' responses over the codebook's `entries` (their columns in order);
/// `with_wave` puts the wave's label first. Identity columns appear when a wave's mode has
/// them (identified: name and e-mail; pseudonymous: the pseudonym).
pub fn table(entries: &[&Entry], waves: &[WaveResponses], clubs: &HashMap<i64, String>, with_wave: bool) -> Table {
    let identified = waves.iter().any(|w| w.wave.mode == Mode::Identified);
    let pseudonymous = waves.iter().any(|w| w.wave.mode == Mode::Pseudonymous);
    let mut head: Vec<String> = vec![];
    if with_wave {
        head.push("wave".into());
    }
    head.extend(["territory", "version", "day"].map(String::from));
    if identified {
        head.extend(["name", "email"].map(String::from));
    }
    if pseudonymous {
        head.push("pseudonym".into());
    }
    let columns: Vec<(&Entry, &String)> = entries.iter().flat_map(|e| e.columns.iter().map(move |c| (*e, c))).collect();
    head.extend(columns.iter().map(|(_, c)| (*c).clone()));
    let mut rows = vec![];
    for w in waves {
        for r in &w.responses {
            let mut row = vec![];
            if with_wave {
                row.push(Cell::Text(w.wave.label.clone()));
            }
            row.push(Cell::Text(clubs.get(&r.club_id).cloned().unwrap_or_else(|| r.club_id.to_string())));
            row.push(Cell::Number(r.version as f64));
            row.push(Cell::Text(day_text(r.submitted_on)));
            let who = w.who.get(&r.id);
            if identified {
                match who {
                    Some(Who::Person { name, email }) => row.extend([Cell::Text(name.clone()), Cell::Text(email.clone())]),
                    _ => row.extend([Cell::Empty, Cell::Empty]),
                }
            }
            if pseudonymous {
                row.push(match who {
                    Some(Who::Pseudonym(p)) => Cell::Text(p.clone()),
                    _ => Cell::Empty,
                });
            }
            let answers: BTreeMap<&str, &Answer> = r.answers.iter().map(|(c, a)| (c.as_str(), a)).collect();
            row.extend(columns.iter().map(|(e, c)| cell(e, c, answers.get(e.code.as_str()).copied())));
            rows.push(row);
        }
    }
    Table { head, rows }
}

// ---- loading ----

/// A survey's form versions (oldest first), its waves and its codebook.
pub struct Book {
    pub versions: Vec<(i64, FormDef)>,
    pub waves: Vec<Wave>,
    pub entries: Vec<Entry>,
}

impl Book {
    pub async fn load(state: &AppState, survey: &Survey) -> Result<Book, sqlx::Error> {
        let versions = match forms::store::get(&state.db, &owner(survey.id)).await? {
            Some(f) => forms::store::list_versions(&state.db, f.id).await?.into_iter().map(|(v, def, _)| (v, def)).collect(),
            None => vec![],
        };
        let waves = store::waves(&state.db, survey.id).await?;
        let entries = codebook(&versions, &waves);
        Ok(Book { versions, waves, entries })
    }

    /// The entries of the codes in `version`, in that version's order.
    pub fn entries_of(&self, version: Option<i64>) -> Vec<&Entry> {
        let Some(def) = version.and_then(|v| self.versions.iter().find(|(n, _)| *n == v)).map(|(_, d)| d) else { return vec![] };
        def.questions().filter_map(|q| self.entries.iter().find(|e| e.code == q.code)).collect()
    }
}

/// The pseudonym of an invitation: an HMAC under the site's secret, stable across exports,
/// from which the invitation's id cannot be read back.
pub fn pseudonym(state: &AppState, invitation_id: i64) -> String {
    let mac = state.sign(&format!("surveys.pseudonym|{invitation_id}"));
    format!("P{}", mac.chars().filter(char::is_ascii_alphanumeric).take(12).collect::<String>())
}

/// A wave's responses with who gave them, as its mode allows.
pub async fn wave_responses(state: &AppState, wave: Wave) -> Result<WaveResponses, sqlx::Error> {
    let responses = store::responses(&state.db, wave.id).await?;
    let mut who = HashMap::new();
    if wave.mode.linked() {
        let links = store::response_links(&state.db, wave.id).await?;
        let people: HashMap<i64, (String, String)> = if wave.mode == Mode::Identified {
            store::invitations(&state.db, wave.id).await?.into_iter().map(|i| (i.id, (i.name, i.email))).collect()
        } else {
            HashMap::new()
        };
        for (response, invitation) in links {
            let w = match wave.mode {
                Mode::Identified => match people.get(&invitation) {
                    Some((name, email)) => Who::Person { name: name.clone(), email: email.clone() },
                    None => continue,
                },
                _ => Who::Pseudonym(pseudonym(state, invitation)),
            };
            who.insert(response, w);
        }
    }
    Ok(WaveResponses { wave, responses, who })
}

/// The names of the clubs of `waves`' territories, by id.
async fn club_names(state: &AppState, waves: &[Wave]) -> Result<HashMap<i64, String>, sqlx::Error> {
    let mut names = HashMap::new();
    for w in waves {
        for t in store::territories(&state.db, w.id).await? {
            names.insert(t.club_id, t.club_name);
        }
    }
    Ok(names)
}

/// A wave's JSON export (also the staff API's body).
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyResponses")]
pub struct WaveExport {
    pub survey: SurveyRef,
    pub wave: WaveRef,
    pub codebook: Vec<Entry>,
    /// One object per response by column (see the codebook): numbers as numbers, texts as
    /// strings, null where the question was not answered.
    pub responses: Vec<serde_json::Map<String, Value>>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyRef")]
pub struct SurveyRef {
    pub slug: String,
    pub title: String,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyWaveRef")]
pub struct WaveRef {
    pub label: String,
    #[schemars(extend("enum" = ["anonymous", "pseudonymous", "identified"]))]
    pub mode: &'static str,
    /// The form's version the wave ran on.
    pub version: Option<i64>,
}

/// A survey's codebook (its JSON export and the staff API's body).
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyCodebook")]
pub struct CodebookExport {
    pub survey: SurveyRef,
    pub codebook: Vec<Entry>,
}

/// One wave's table and its codebook.
pub async fn wave_export(state: &AppState, survey: &Survey, wave: Wave) -> Result<(Table, Vec<Entry>), sqlx::Error> {
    let book = Book::load(state, survey).await?;
    let entries: Vec<Entry> = book.entries_of(wave.form_version).into_iter().cloned().collect();
    let clubs = club_names(state, std::slice::from_ref(&wave)).await?;
    let data = wave_responses(state, wave).await?;
    let refs: Vec<&Entry> = entries.iter().collect();
    Ok((table(&refs, &[data], &clubs, false), entries))
}

/// The JSON export of one wave.
pub async fn wave_json_body(state: &AppState, survey: &Survey, wave: Wave) -> Result<WaveExport, sqlx::Error> {
    let wave_ref = WaveRef { label: wave.label.clone(), mode: wave.mode.as_str(), version: wave.form_version };
    let (t, codebook) = wave_export(state, survey, wave).await?;
    Ok(WaveExport {
        survey: SurveyRef { slug: survey.slug.clone(), title: survey.title.clone() },
        wave: wave_ref,
        codebook,
        responses: t.json_rows(),
    })
}

/// Whether a wave's responses may leave row by row at `now`: an anonymous wave's only once it
/// has closed. While it takes answers, staff who see one invitation's link turn "used" could
/// otherwise compare two exports and find that person's row.
pub fn rows_released(wave: &Wave, now: i64) -> bool {
    wave.mode != Mode::Anonymous || now >= wave.closes_at
}

/// [`rows_released`], or 409 with the reason.
pub fn check_released(wave: &Wave, now: i64) -> AppResult<()> {
    if rows_released(wave, now) { Ok(()) } else { Err(AppError::Conflict("surveys-exports-anonymous-open")) }
}

/// Every wave's responses in one table (the waves in their order, a `wave` column first): the
/// opened waves whose rows are released at `now` ([`rows_released`]).
pub async fn combined_export(state: &AppState, survey: &Survey, now: i64) -> Result<(Table, Vec<Entry>), sqlx::Error> {
    let book = Book::load(state, survey).await?;
    let opened: Vec<Wave> = book.waves.iter().filter(|w| w.form_version.is_some() && rows_released(w, now)).cloned().collect();
    let clubs = club_names(state, &opened).await?;
    let mut data = vec![];
    for w in opened {
        data.push(wave_responses(state, w).await?);
    }
    let used: Vec<i64> = data.iter().filter_map(|d| d.wave.form_version).collect();
    let entries: Vec<Entry> = book.entries.into_iter().filter(|e| e.versions.iter().any(|v| used.contains(v))).collect();
    let refs: Vec<&Entry> = entries.iter().collect();
    Ok((table(&refs, &data, &clubs, true), entries))
}

// ---- handlers ----

/// The survey and its wave, for someone who may manage the survey (404 for a wave of another
/// survey).
async fn managed_wave(state: &AppState, ctx: &Ctx, id: i64, wave_id: i64) -> AppResult<(Survey, Wave)> {
    let survey = super::admin::manageable(state, ctx.staff()?, id).await?;
    let wave = store::wave(&state.db, wave_id).await?.filter(|w| w.survey_id == survey.id).ok_or(AppError::NotFound)?;
    Ok((survey, wave))
}

async fn record(state: &AppState, ctx: &Ctx, survey: &Survey, wave: Option<&Wave>, format: &str, rows: usize) -> AppResult<()> {
    let detail = match wave {
        Some(w) => format!("wave={} format={format} rows={rows}", w.id),
        None => format!("waves=all format={format} rows={rows}"),
    };
    audit::record(&state.db, ctx, "surveys.responses.export", &Subject::new("survey", survey.id, &survey.title), &detail).await
}

fn file_name(survey: &Survey, wave: Option<&Wave>, ext: &str) -> String {
    match wave {
        Some(w) => format!("reponses-{}-{}.{ext}", survey.slug, w.label),
        None => format!("reponses-{}.{ext}", survey.slug),
    }
}

fn csv(name: &str, head: &[String], rows: &[Vec<String>]) -> Response {
    export::attachment(export::CSV, name, export::to_csv(head, rows).into_bytes())
}

async fn xlsx(ctx: &Ctx, name: &str, t: &Table, entries: &[Entry]) -> AppResult<Response> {
    let (code_head, code_rows) = codebook_table(entries);
    let sheets = vec![
        Sheet { name: ctx.tr.t("surveys-exports-sheet-responses"), head: t.head.clone(), rows: t.text_rows() },
        Sheet { name: "codebook".into(), head: code_head, rows: code_rows },
    ];
    Ok(export::attachment(export::XLSX, name, export::xlsx_sheets(sheets).await?))
}

async fn wave_csv(State(state): State<AppState>, ctx: Ctx, Path((id, wave_id)): Path<(i64, i64)>) -> AppResult<Response> {
    let (survey, wave) = managed_wave(&state, &ctx, id, wave_id).await?;
    check_released(&wave, ctx.now)?;
    let name = file_name(&survey, Some(&wave), "csv");
    let (t, _) = wave_export(&state, &survey, wave.clone()).await?;
    record(&state, &ctx, &survey, Some(&wave), "csv", t.rows.len()).await?;
    Ok(csv(&name, &t.head, &t.text_rows()))
}

async fn wave_xlsx(State(state): State<AppState>, ctx: Ctx, Path((id, wave_id)): Path<(i64, i64)>) -> AppResult<Response> {
    let (survey, wave) = managed_wave(&state, &ctx, id, wave_id).await?;
    check_released(&wave, ctx.now)?;
    let name = file_name(&survey, Some(&wave), "xlsx");
    let (t, entries) = wave_export(&state, &survey, wave.clone()).await?;
    record(&state, &ctx, &survey, Some(&wave), "xlsx", t.rows.len()).await?;
    xlsx(&ctx, &name, &t, &entries).await
}

async fn wave_json(State(state): State<AppState>, ctx: Ctx, Path((id, wave_id)): Path<(i64, i64)>) -> AppResult<Response> {
    let (survey, wave) = managed_wave(&state, &ctx, id, wave_id).await?;
    check_released(&wave, ctx.now)?;
    let name = file_name(&survey, Some(&wave), "json");
    let body = wave_json_body(&state, &survey, wave.clone()).await?;
    record(&state, &ctx, &survey, Some(&wave), "json", body.responses.len()).await?;
    let bytes = serde_json::to_vec_pretty(&body).map_err(|e| AppError::Internal(e.into()))?;
    Ok(export::attachment("application/json", &name, bytes))
}

async fn combined_csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let survey = super::admin::manageable(&state, ctx.staff()?, id).await?;
    let (t, _) = combined_export(&state, &survey, ctx.now).await?;
    record(&state, &ctx, &survey, None, "csv", t.rows.len()).await?;
    Ok(csv(&file_name(&survey, None, "csv"), &t.head, &t.text_rows()))
}

async fn combined_xlsx(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let survey = super::admin::manageable(&state, ctx.staff()?, id).await?;
    let (t, entries) = combined_export(&state, &survey, ctx.now).await?;
    record(&state, &ctx, &survey, None, "xlsx", t.rows.len()).await?;
    xlsx(&ctx, &file_name(&survey, None, "xlsx"), &t, &entries).await
}

async fn codebook_csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let survey = super::admin::manageable(&state, ctx.staff()?, id).await?;
    let book = Book::load(&state, &survey).await?;
    let (head, rows) = codebook_table(&book.entries);
    Ok(csv(&format!("codebook-{}.csv", survey.slug), &head, &rows))
}

async fn codebook_json(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let survey = super::admin::manageable(&state, ctx.staff()?, id).await?;
    let book = Book::load(&state, &survey).await?;
    let body = CodebookExport { survey: SurveyRef { slug: survey.slug.clone(), title: survey.title.clone() }, codebook: book.entries };
    Ok(axum::Json(body).into_response())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::core::forms::{Item, MatrixRow, Question};

    fn q(id: i64, code: &str, label: &str, kind: Kind) -> Item {
        Item::Question(Question { id, code: code.into(), label: label.into(), help: String::new(), required: false, condition: None, kind })
    }

    fn multi(choices: &[&str]) -> Kind {
        Kind::MultipleChoice { choices: choices.iter().map(|s| s.to_string()).collect(), other: true }
    }

    #[test]
    fn letters_count_like_spreadsheet_columns() {
        assert_eq!(letters(0), "a");
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
        assert_eq!(letters(27), "ab");
        assert_eq!(letters(26 + 26 * 26), "aaa");
    }

    #[test]
    fn codes_keep_their_place_across_versions_and_options_their_letters() {
        let v1 = FormDef {
            items: vec![q(1, "q1", "Un", Kind::ShortText), q(2, "q2", "Deux", multi(&["A", "B"])), q(3, "q3", "Trois", Kind::YesNo)],
        };
        let v2 = FormDef {
            items: vec![
                q(1, "q1", "Un (reformulé)", Kind::ShortText),
                q(4, "q4", "Quatre", Kind::Date),
                q(2, "q2", "Deux", multi(&["C", "A", "B"])),
            ],
        };
        let book = codebook(&[(1, v1), (2, v2)], &[]);
        let codes: Vec<&str> = book.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["q1", "q4", "q2", "q3"], "q3, removed, stays after the code it followed");
        assert!(book[0].reworded && book[0].label == "Un (reformulé)");
        assert_eq!(book[0].labels.len(), 2);
        assert!(!book[2].reworded);
        assert_eq!(book[2].columns, ["q2_a", "q2_b", "q2_c", "q2_other"], "C came last, so it is c");
        assert_eq!(book[2].options[2], OptionColumn { label: "C".into(), column: "q2_c".into() });
        assert_eq!(book[3].versions, [1]);
    }

    #[test]
    fn cells_of_each_kind() {
        let def = FormDef {
            items: vec![
                q(2, "q2", "Deux", multi(&["A", "B", "C"])),
                q(
                    5,
                    "q5",
                    "Cinq",
                    Kind::Matrix {
                        rows: vec![MatrixRow { code: "r".into(), label: "R".into() }],
                        max: 5,
                        low: String::new(),
                        high: String::new(),
                    },
                ),
                q(9, "q9", "Neuf", Kind::YesNo),
            ],
        };
        let book = codebook(&[(1, def)], &[]);
        let choices = Answer::Choices { selected: vec!["A".into(), "C".into()], other: Some("D".into()) };
        let got: Vec<Cell> = book[0].columns.iter().map(|c| cell(&book[0], c, Some(&choices))).collect();
        assert_eq!(got, [Cell::Number(1.0), Cell::Number(0.0), Cell::Number(1.0), Cell::Text("D".into())]);
        assert_eq!(cell(&book[0], "q2_a", None), Cell::Empty, "not answered is not 0");
        let m = Answer::Matrix([("r".to_string(), 4u8)].into());
        assert_eq!(cell(&book[1], "q5_r", Some(&m)), Cell::Number(4.0));
        assert_eq!(cell(&book[2], "q9", Some(&Answer::YesNo(false))), Cell::Number(0.0));
        assert_eq!(Cell::Number(3.0).json(), serde_json::json!(3));
        assert_eq!(Cell::Number(2.5).text(), "2.5");
    }
}
