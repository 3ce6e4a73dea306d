//! The form kit: a form's definition (ordered items: questions, section breaks, statements),
//! one validation function from what a form or an API client sent to typed answers, the
//! accessible field markup (`view.rs`, `templates/forms/fields.html`), and versioned
//! definitions with stored responses (`store.rs`).
//!
//! A question has a numeric id, stable within its form (field names are built from it), and
//! a text `code`, unique in the form and kept across versions and rewording (what exports and
//! year-on-year comparisons key on). A condition shows a question only when an earlier
//! answer equals a value, contains it, or is given; the server is the truth: a question whose
//! condition is not met (directly or through a chain) is neither required nor stored,
//! whatever the browser sent.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::core::error::FieldError;

pub mod editor;
pub mod store;
pub mod view;

/// Longest answer kept for a short text (and the "other" text of a multiple choice).
pub const MAX_SHORT_TEXT: usize = 1000;
/// Longest answer kept for a long text.
pub const MAX_LONG_TEXT: usize = 10_000;
/// Largest scale (1 to N).
pub const MAX_SCALE: u8 = 10;
/// Most rows of a matrix.
pub const MAX_ROWS: usize = 30;

/// The form value of a yes/no answer.
pub const YES: &str = "yes";
pub const NO: &str = "no";

/// A form's definition: its items in the order they show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormDef {
    pub items: Vec<Item>,
}

/// One item of a form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum Item {
    Question(Question),
    /// A section break: a heading and an optional introduction.
    Section {
        title: String,
        #[serde(default)]
        help: String,
    },
    /// A paragraph of text that asks nothing.
    Statement {
        text: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within the form, never reused for another question (field `q-{id}`).
    pub id: i64,
    /// Stable across versions and rewording; unique in the form.
    pub code: String,
    pub label: String,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    pub kind: Kind,
}

/// Show a question only when an earlier question's answer passes `test`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub question: i64,
    pub test: Test,
    #[serde(default)]
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    /// The answer is the value (a yes/no condition may be written "oui"; numbers compare as numbers).
    Equals,
    /// One of the chosen options is the value, or a text contains it.
    Contains,
    /// Any valid answer.
    Answered,
}

impl Test {
    pub fn as_str(self) -> &'static str {
        match self {
            Test::Equals => "equals",
            Test::Contains => "contains",
            Test::Answered => "answered",
        }
    }
}

/// A question's kind and its settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    ShortText,
    LongText,
    SingleChoice {
        choices: Vec<String>,
    },
    MultipleChoice {
        choices: Vec<String>,
        /// An "other" text beside the options (field `q-{id}-other`).
        #[serde(default)]
        other: bool,
    },
    YesNo,
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    Date,
    Email,
    /// 1 to `max`, the ends labelled.
    Scale {
        max: u8,
        #[serde(default)]
        low: String,
        #[serde(default)]
        high: String,
    },
    /// Rows answered on one scale 1 to `max` (fields `q-{id}-{row code}`).
    Matrix {
        rows: Vec<MatrixRow>,
        max: u8,
        #[serde(default)]
        low: String,
        #[serde(default)]
        high: String,
    },
    /// A file: its content type (as checked by the module from the bytes) among `types`, at
    /// most `max_bytes`. The module stores the bytes and gives their reference.
    File {
        types: Vec<String>,
        max_bytes: u64,
    },
}

impl Kind {
    /// The kind's name, as the API and the editors write it.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::ShortText => "short_text",
            Kind::LongText => "long_text",
            Kind::SingleChoice { .. } => "single_choice",
            Kind::MultipleChoice { .. } => "multiple_choice",
            Kind::YesNo => "yes_no",
            Kind::Number { .. } => "number",
            Kind::Date => "date",
            Kind::Email => "email",
            Kind::Scale { .. } => "scale",
            Kind::Matrix { .. } => "matrix",
            Kind::File { .. } => "file",
        }
    }

    /// The options of a choice question.
    pub fn choices(&self) -> &[String] {
        match self {
            Kind::SingleChoice { choices } | Kind::MultipleChoice { choices, .. } => choices,
            _ => &[],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub code: String,
    pub label: String,
}

impl Question {
    /// The form field's name.
    pub fn field(&self) -> String {
        field(self.id)
    }
}

/// The field name of question `id`.
pub fn field(id: i64) -> String {
    format!("q-{id}")
}

impl FormDef {
    /// The questions, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.items.iter().filter_map(|i| match i {
            Item::Question(q) => Some(q),
            _ => None,
        })
    }

    pub fn question(&self, id: i64) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }

    /// The question a field name (`q-{id}`, `q-{id}-other`, `q-{id}-{row}`) belongs to.
    pub fn question_of_field(&self, name: &str) -> Option<&Question> {
        let rest = name.strip_prefix("q-")?;
        let id = rest.split('-').next()?.parse().ok()?;
        self.question(id)
    }

    /// The largest question id in this definition (0 without questions).
    pub fn max_id(&self) -> i64 {
        self.questions().map(|q| q.id).max().unwrap_or(0)
    }

    /// Check the definition: ids positive and unique, codes well formed and unique, labels
    /// given, conditions on an earlier question (not a matrix nor a file), settings that make
    /// sense. Each problem is (item index, message key).
    pub fn check(&self) -> Result<(), Vec<(usize, &'static str)>> {
        let mut errors = vec![];
        let mut ids = HashSet::new();
        let mut codes = HashSet::new();
        let mut earlier: HashMap<i64, &Question> = HashMap::new();
        for (i, item) in self.items.iter().enumerate() {
            let Item::Question(q) = item else { continue };
            if q.id <= 0 || !ids.insert(q.id) {
                errors.push((i, "forms-def-error-id"));
            }
            if !valid_code(&q.code) || !codes.insert(q.code.as_str()) {
                errors.push((i, "forms-def-error-code"));
            }
            if q.label.trim().is_empty() {
                errors.push((i, "forms-def-error-label"));
            }
            if let Some(c) = &q.condition {
                match earlier.get(&c.question) {
                    Some(p) if !matches!(p.kind, Kind::Matrix { .. } | Kind::File { .. }) => {
                        if c.test != Test::Answered && c.value.trim().is_empty() {
                            errors.push((i, "forms-def-error-condition-value"));
                        }
                    }
                    _ => errors.push((i, "forms-def-error-condition")),
                }
            }
            if let Some(key) = check_kind(&q.kind) {
                errors.push((i, key));
            }
            earlier.insert(q.id, q);
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// A code: 1 to 64 of a-z, 0-9, `_`, `-` and `.`.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= 64 && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b))
}

fn check_kind(kind: &Kind) -> Option<&'static str> {
    let distinct = |c: &[String]| c.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<HashSet<_>>().len() == c.len();
    match kind {
        Kind::SingleChoice { choices } | Kind::MultipleChoice { choices, .. } if choices.len() < 2 || !distinct(choices) => {
            Some("forms-def-error-choices")
        }
        Kind::Number { min: Some(a), max: Some(b) } if a > b => Some("forms-def-error-bounds"),
        Kind::Scale { max, .. } if !(2..=MAX_SCALE).contains(max) => Some("forms-def-error-scale"),
        Kind::Matrix { rows, max, .. } => {
            let codes: HashSet<_> = rows.iter().map(|r| r.code.as_str()).collect();
            if !(2..=MAX_SCALE).contains(max) {
                Some("forms-def-error-scale")
            } else if rows.is_empty()
                || rows.len() > MAX_ROWS
                || codes.len() != rows.len()
                || rows.iter().any(|r| !valid_code(&r.code) || r.label.trim().is_empty())
            {
                Some("forms-def-error-rows")
            } else {
                None
            }
        }
        Kind::File { types, max_bytes } if types.is_empty() || *max_bytes == 0 => Some("forms-def-error-file"),
        _ => None,
    }
}

// ---- what was sent ----

/// A file sent for a file question: its name, its content type as the module checked it from
/// the bytes, its size, and where the module keeps the bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileAnswer {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub reference: String,
}

/// What a form or an API client sent, by field name (`q-{id}`, repeated for a multiple
/// choice, `q-{id}-other`, `q-{id}-{row}`), and the files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawAnswers {
    values: HashMap<String, Vec<String>>,
    files: HashMap<String, FileAnswer>,
}

impl RawAnswers {
    /// The answer fields of a form (those named `q-…`), others ignored.
    pub fn from_fields(fields: &[(String, String)]) -> RawAnswers {
        let mut raw = RawAnswers::default();
        for (k, v) in fields.iter().filter(|(k, _)| k.starts_with("q-")) {
            raw.push(k, v);
        }
        raw
    }

    /// Answers sent as JSON, keyed by question id (or code): a string, number or boolean
    /// (true is "yes"); an array for a multiple choice; an object for a matrix (row code ->
    /// 1..N) or a multiple choice with "other" (`{"selected": [...], "other": "..."}`); null
    /// for no answer. Unknown questions and values of another shape are refused, each error
    /// named `answers.{key}`; the others are kept, so that `validate` can report their
    /// errors in the same response.
    pub fn from_json(def: &FormDef, given: &BTreeMap<String, serde_json::Value>) -> (RawAnswers, Vec<FieldError>) {
        use serde_json::Value;
        fn scalar(v: &Value) -> Option<String> {
            match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(if *b { YES } else { NO }.to_string()),
                Value::Null => Some(String::new()),
                _ => None,
            }
        }
        let mut raw = RawAnswers::default();
        let mut errors = vec![];
        for (k, v) in given {
            let key = k.trim();
            let q = key.parse::<i64>().ok().and_then(|id| def.question(id)).or_else(|| def.questions().find(|q| q.code == key));
            let bad = || FieldError { field: format!("answers.{k}"), message: "forms-error-unknown".into() };
            let Some(q) = q else {
                errors.push(bad());
                continue;
            };
            let f = q.field();
            let ok = match (v, &q.kind) {
                (Value::Array(items), Kind::MultipleChoice { .. }) => {
                    items.iter().map(scalar).collect::<Option<Vec<_>>>().map(|vs| vs.iter().for_each(|s| raw.push(&f, s))).is_some()
                }
                (Value::Object(o), Kind::MultipleChoice { .. }) => {
                    let selected = match o.get("selected") {
                        Some(Value::Array(items)) => items.iter().map(scalar).collect::<Option<Vec<_>>>(),
                        None => Some(vec![]),
                        _ => None,
                    };
                    let other = o.get("other").map(scalar).unwrap_or(Some(String::new()));
                    let known = o.keys().all(|k| k == "selected" || k == "other");
                    match (selected, other, known) {
                        (Some(s), Some(other), true) => {
                            s.iter().for_each(|x| raw.push(&f, x));
                            raw.push(&format!("{f}-other"), &other);
                            true
                        }
                        _ => false,
                    }
                }
                (Value::Object(o), Kind::Matrix { rows, .. }) => {
                    let known = o.keys().all(|k| rows.iter().any(|r| r.code == *k));
                    let cells: Option<Vec<_>> = o.iter().map(|(r, x)| scalar(x).map(|s| (format!("{f}-{r}"), s))).collect();
                    match (known, cells) {
                        (true, Some(cells)) => {
                            cells.iter().for_each(|(name, s)| raw.push(name, s));
                            true
                        }
                        _ => false,
                    }
                }
                (Value::Array(_) | Value::Object(_), _) | (_, Kind::Matrix { .. } | Kind::File { .. }) => false,
                (v, _) => scalar(v).map(|s| raw.push(&f, &s)).is_some(),
            };
            if !ok {
                errors.push(bad());
            }
        }
        (raw, errors)
    }

    /// The raw form of stored answers (to show them again in a form).
    pub fn from_answers(answers: &[Typed]) -> RawAnswers {
        let mut raw = RawAnswers::default();
        for t in answers {
            let f = field(t.question);
            match &t.answer {
                Answer::Choices { selected, other } => {
                    selected.iter().for_each(|s| raw.push(&f, s));
                    if let Some(o) = other {
                        raw.push(&format!("{f}-other"), o);
                    }
                }
                Answer::Matrix(cells) => cells.iter().for_each(|(row, n)| raw.push(&format!("{f}-{row}"), &n.to_string())),
                Answer::File(file) => {
                    raw.files.insert(f, file.clone());
                }
                a => raw.push(&f, &a.plain()),
            }
        }
        raw
    }

    /// Add a value to a field (repeated fields keep every value, in order).
    pub fn push(&mut self, field: &str, value: &str) {
        self.values.entry(field.to_string()).or_default().push(value.to_string());
    }

    /// Give the file sent for a file question's field.
    pub fn set_file(&mut self, field: &str, file: FileAnswer) {
        self.files.insert(field.to_string(), file);
    }

    /// The value of a single-valued field: the last one sent, "" when none.
    pub fn get(&self, field: &str) -> &str {
        self.values.get(field).and_then(|v| v.last()).map(String::as_str).unwrap_or("")
    }

    /// Every value sent under a field.
    pub fn all(&self, field: &str) -> &[String] {
        self.values.get(field).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn file(&self, field: &str) -> Option<&FileAnswer> {
        self.files.get(field)
    }
}

// ---- typed answers ----

/// A checked answer, one variant per kind; stored as JSON (`{"type": …, "value": …}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// Short or long text, trimmed.
    Text(String),
    /// The option as the form writes it.
    Choice(String),
    /// The chosen options in the form's order, and the "other" text.
    Choices {
        selected: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
    YesNo(bool),
    Number(f64),
    /// YYYY-MM-DD.
    Date(String),
    Email(String),
    Scale(u8),
    /// Row code -> 1..N, the rows answered.
    Matrix(BTreeMap<String, u8>),
    File(FileAnswer),
}

impl Answer {
    /// The answer as one line of text, language-neutral ("yes"/"no", "2.5", options joined
    /// by ", ", matrix rows as "code=n"): for lists, exports and conditions.
    pub fn plain(&self) -> String {
        match self {
            Answer::Text(s) | Answer::Choice(s) | Answer::Date(s) | Answer::Email(s) => s.clone(),
            Answer::Choices { selected, other } => selected.iter().chain(other.iter()).cloned().collect::<Vec<_>>().join(", "),
            Answer::YesNo(b) => if *b { YES } else { NO }.to_string(),
            Answer::Number(n) => n.to_string(),
            Answer::Scale(n) => n.to_string(),
            Answer::Matrix(cells) => cells.iter().map(|(r, n)| format!("{r}={n}")).collect::<Vec<_>>().join(", "),
            Answer::File(f) => f.name.clone(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(s: &str) -> Option<Answer> {
        serde_json::from_str(s).ok()
    }
}

/// A checked answer to one question: what `validate` returns and the store keeps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Typed {
    pub question: i64,
    pub code: String,
    pub answer: Answer,
}

/// A yes/no answer from what a form or a client sends.
pub fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "oui" | "true" | "1" => Some(true),
        "no" | "non" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// A number as typed ("12", "-3", "2,5" or "2.5").
pub fn number(s: &str) -> Option<f64> {
    let t = s.trim().replace(',', ".");
    if t.is_empty() || t.len() > 30 || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A real calendar date written YYYY-MM-DD.
pub fn date(s: &str) -> Option<String> {
    let t = s.trim();
    if t.len() != 10 || t.as_bytes()[4] != b'-' || t.as_bytes()[7] != b'-' {
        return None;
    }
    t.parse::<jiff::civil::Date>().ok().map(|d| d.to_string())
}

/// An e-mail address: one `@`, something before it, a domain with a dot after it, no
/// spaces; the domain lowercased.
pub fn email(s: &str) -> Option<String> {
    let t = s.trim();
    let (local, domain) = t.split_once('@')?;
    let ok = t.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !t.chars().any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c));
    ok.then(|| format!("{local}@{}", domain.to_lowercase()))
}

fn scale_value(s: &str, max: u8) -> Option<u8> {
    s.trim().parse::<u8>().ok().filter(|n| (1..=max).contains(n))
}

/// Whether nothing was sent for a question.
fn is_empty(q: &Question, raw: &RawAnswers) -> bool {
    let f = q.field();
    match &q.kind {
        Kind::MultipleChoice { other, .. } => {
            raw.all(&f).iter().all(|v| v.trim().is_empty()) && (!other || raw.get(&format!("{f}-other")).trim().is_empty())
        }
        Kind::Matrix { rows, .. } => rows.iter().all(|r| raw.get(&format!("{f}-{}", r.code)).trim().is_empty()),
        Kind::File { .. } => raw.file(&f).is_none(),
        _ => raw.get(&f).trim().is_empty(),
    }
}

/// Check one question's answer by its kind, something having been sent. Errors are
/// (field, message key).
fn check(q: &Question, raw: &RawAnswers) -> Result<Answer, Vec<(String, &'static str)>> {
    let f = q.field();
    let v = raw.get(&f);
    let one = |key: &'static str| vec![(f.clone(), key)];
    let text = |max: usize, key| {
        let t = v.trim();
        if t.chars().count() > max { Err(one(key)) } else { Ok(Answer::Text(t.to_string())) }
    };
    match &q.kind {
        Kind::ShortText => text(MAX_SHORT_TEXT, "forms-error-text"),
        Kind::LongText => text(MAX_LONG_TEXT, "forms-error-long-text"),
        Kind::SingleChoice { choices } => {
            choices.iter().find(|c| c.as_str() == v.trim()).map(|c| Answer::Choice(c.clone())).ok_or_else(|| one("forms-error-choice"))
        }
        Kind::MultipleChoice { choices, other } => {
            let sent: Vec<&str> = raw.all(&f).iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
            if sent.iter().any(|s| !choices.iter().any(|c| c == s)) {
                return Err(one("forms-error-choice"));
            }
            let selected = choices.iter().filter(|c| sent.contains(&c.as_str())).cloned().collect();
            let other_text = if *other { raw.get(&format!("{f}-other")).trim() } else { "" };
            if other_text.chars().count() > MAX_SHORT_TEXT {
                return Err(vec![(format!("{f}-other"), "forms-error-text")]);
            }
            Ok(Answer::Choices { selected, other: (!other_text.is_empty()).then(|| other_text.to_string()) })
        }
        Kind::YesNo => yes_no(v).map(Answer::YesNo).ok_or_else(|| one("forms-error-yesno")),
        Kind::Number { min, max } => {
            let n = number(v).ok_or_else(|| one("forms-error-number"))?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                Err(one("forms-error-number-range"))
            } else {
                Ok(Answer::Number(n))
            }
        }
        Kind::Date => date(v).map(Answer::Date).ok_or_else(|| one("forms-error-date")),
        Kind::Email => email(v).map(Answer::Email).ok_or_else(|| one("forms-error-email")),
        Kind::Scale { max, .. } => scale_value(v, *max).map(Answer::Scale).ok_or_else(|| one("forms-error-scale")),
        Kind::Matrix { rows, max, .. } => {
            let mut cells = BTreeMap::new();
            let mut errors = vec![];
            for r in rows {
                let name = format!("{f}-{}", r.code);
                let cell = raw.get(&name).trim();
                if cell.is_empty() {
                    if q.required {
                        errors.push((name, "forms-error-row"));
                    }
                    continue;
                }
                match scale_value(cell, *max) {
                    Some(n) => {
                        cells.insert(r.code.clone(), n);
                    }
                    None => errors.push((name, "forms-error-scale")),
                }
            }
            if errors.is_empty() { Ok(Answer::Matrix(cells)) } else { Err(errors) }
        }
        Kind::File { types, max_bytes } => {
            let Some(file) = raw.file(&f) else { return Err(one("forms-error-required")) };
            if !types.iter().any(|t| t.eq_ignore_ascii_case(&file.content_type)) {
                Err(one("forms-error-file-type"))
            } else if file.size > *max_bytes {
                Err(one("forms-error-file-size"))
            } else {
                Ok(Answer::File(file.clone()))
            }
        }
    }
}

/// Whether an answer passes a condition's test.
pub fn passes(answer: &Answer, c: &Condition) -> bool {
    let expected = c.value.trim();
    let same = |s: &str| s.trim().to_lowercase() == expected.to_lowercase();
    match (c.test, answer) {
        (Test::Answered, _) => true,
        (_, Answer::YesNo(b)) => yes_no(expected) == Some(*b),
        (_, Answer::Number(n)) => number(expected) == Some(*n),
        (Test::Equals, Answer::Choices { selected, other }) => {
            selected.len() + usize::from(other.is_some()) == 1 && selected.iter().chain(other.iter()).all(|s| same(s))
        }
        (Test::Contains, Answer::Choices { selected, other }) => {
            selected.iter().any(|s| same(s)) || other.as_ref().is_some_and(|o| o.to_lowercase().contains(&expected.to_lowercase()))
        }
        (Test::Contains, Answer::Text(s)) => s.to_lowercase().contains(&expected.to_lowercase()),
        (_, a) => same(&a.plain()),
    }
}

/// The form value that meets an "equals" condition on `parent`, as the browser compares it:
/// "yes"/"no" for a yes/no question, the option as the form writes it for a choice.
pub fn condition_value(parent: &Question, c: &Condition) -> String {
    let expected = c.value.trim();
    match &parent.kind {
        Kind::YesNo => yes_no(expected).map(|b| if b { YES } else { NO }).unwrap_or("").to_string(),
        Kind::SingleChoice { choices } | Kind::MultipleChoice { choices, .. } => {
            choices.iter().find(|o| o.to_lowercase() == expected.to_lowercase()).cloned().unwrap_or_else(|| expected.to_string())
        }
        _ => expected.to_string(),
    }
}

/// Whether each question is shown, given what was sent: shown when it has no condition, or
/// when the question it depends on is shown and its answer passes the test. A condition on
/// a missing question, or a loop of conditions, shows the question (nothing hidden by
/// mistake).
pub fn shown(def: &FormDef, raw: &RawAnswers) -> HashMap<i64, bool> {
    let parsed: HashMap<i64, Option<Answer>> =
        def.questions().map(|q| (q.id, if is_empty(q, raw) { None } else { check(q, raw).ok() })).collect();
    fn visit(q: &Question, def: &FormDef, parsed: &HashMap<i64, Option<Answer>>, depth: usize) -> bool {
        let Some(c) = &q.condition else { return true };
        let Some(parent) = def.question(c.question) else { return true };
        if depth > def.items.len() {
            return true;
        }
        let passed = match parsed.get(&parent.id) {
            Some(Some(a)) => passes(a, c),
            _ => false,
        };
        passed && visit(parent, def, parsed, depth + 1)
    }
    def.questions().map(|q| (q.id, visit(q, def, &parsed, 0))).collect()
}

/// THE validation of a form's answers, for HTML forms and the API alike: every shown
/// question's answer checked by its kind, the shown required ones present. Returns the typed
/// answers to store, in the form's order, or the errors named after the fields (`q-{id}`,
/// `q-{id}-other`, `q-{id}-{row}`) with a message key. Hidden questions, unknown fields and
/// empty answers are not stored.
pub fn validate(def: &FormDef, raw: &RawAnswers) -> Result<Vec<Typed>, Vec<FieldError>> {
    let shown = shown(def, raw);
    let mut out = vec![];
    let mut errors = vec![];
    for q in def.questions() {
        if !shown.get(&q.id).copied().unwrap_or(true) {
            continue;
        }
        if is_empty(q, raw) {
            if q.required {
                errors.push(FieldError { field: q.field(), message: "forms-error-required".into() });
            }
            continue;
        }
        match check(q, raw) {
            Ok(answer) => out.push(Typed { question: q.id, code: q.code.clone(), answer }),
            Err(e) => errors.extend(e.into_iter().map(|(field, key)| FieldError { field, message: key.into() })),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The name of a field error as the API reports it: `q-5` -> `answers.5`, `q-5-other` ->
/// `answers.5.other`, `q-5-row` -> `answers.5.row`.
pub fn api_field(field: &str) -> String {
    match field.strip_prefix("q-") {
        Some(rest) => match rest.split_once('-') {
            Some((id, sub)) => format!("answers.{id}.{sub}"),
            None => format!("answers.{rest}"),
        },
        None => field.to_string(),
    }
}

#[cfg(test)]
mod tests;
