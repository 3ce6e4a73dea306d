//! A form's items as `templates/forms/fields.html` shows them: every text translated and
//! every id computed here, so that the template holds no logic. A module includes the
//! template with `form_fields` in its own template's context.

use super::{Answer, Condition, FormDef, Item, Kind, Question, RawAnswers, Test, condition_value, yes_no};
use crate::core::error::FieldError;
use crate::core::i18n::Tr;

/// One option of a group of radios or checkboxes, or of a select.
pub struct OptionView {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// The "other" text of a multiple choice.
pub struct OtherView {
    pub id: String,
    pub field: String,
    pub label: String,
    pub value: String,
    pub error: String,
}

/// A row of a matrix: its header and one radio per point of the scale (each cell's `label`
/// holds the ids of its row and column headers, for `aria-labelledby`).
pub struct RowView {
    pub header_id: String,
    pub label: String,
    pub field: String,
    pub cells: Vec<OptionView>,
    pub error: String,
    /// The error after the row's label ("Contenu : Répondez à cette ligne."), or "".
    pub labelled_error: String,
}

/// One item of the form as shown.
pub struct ItemView {
    /// section | statement | input | textarea | select | radios | checkboxes | matrix | file
    pub widget: &'static str,
    pub field: String,
    /// The id of the field's first control (`{prefix}{field}`, a matrix's first row), which
    /// error summaries link to.
    pub id: String,
    /// `{prefix}{field}`: the ids of the help, condition, hint and error start with it.
    pub base: String,
    pub label: String,
    /// "(optional)" in the visitor's language, or "".
    pub optional: String,
    pub help: String,
    /// A hint about the expected format (number, date, bounds, file types), or "".
    pub hint: String,
    pub required: bool,
    /// text | date | email (for `input`).
    pub input_type: &'static str,
    /// decimal | numeric | "" (for `input`).
    pub inputmode: &'static str,
    pub maxlength: usize,
    pub value: String,
    /// The first, empty option of a select ("Choose…").
    pub choose: String,
    pub options: Vec<OptionView>,
    pub other: Option<OtherView>,
    /// The matrix's scale: (column header id, label).
    pub columns: Vec<(String, String)>,
    pub rows: Vec<RowView>,
    /// The file types a file input accepts.
    pub accept: String,
    /// The condition: (the field it depends on, the value, the test, in words); the test is
    /// empty for "equals".
    pub condition: Option<(String, String, &'static str, String)>,
    /// The translated error, or "".
    pub error: String,
    /// The ids of help, condition, hint and error, for `aria-describedby`.
    pub described_by: String,
}

impl ItemView {
    pub fn show_if(&self) -> &str {
        self.condition.as_ref().map(|c| c.0.as_str()).unwrap_or("")
    }

    pub fn show_value(&self) -> &str {
        self.condition.as_ref().map(|c| c.1.as_str()).unwrap_or("")
    }

    pub fn show_test(&self) -> &str {
        self.condition.as_ref().map(|c| c.2).unwrap_or("")
    }

    pub fn condition_text(&self) -> &str {
        self.condition.as_ref().map(|c| c.3.as_str()).unwrap_or("")
    }

    pub fn invalid(&self) -> bool {
        !self.error.is_empty()
    }
}

/// Choice questions with more options than this show as a select.
const SELECT_FROM: usize = 7;

fn error_of(tr: &Tr, errors: &[FieldError], field: &str) -> String {
    errors.iter().find(|e| e.field == field).map(|e| tr.t(&e.message)).unwrap_or_default()
}

/// A number as the visitor's language writes it ("2,5" in French).
fn num(tr: &Tr, n: f64) -> String {
    let s = n.to_string();
    if tr.lang() == "fr" { s.replace('.', ",") } else { s }
}

/// The condition in words, for visitors without JavaScript.
fn condition_view(tr: &Tr, def: &FormDef, c: &Condition) -> Option<(String, String, &'static str, String)> {
    let parent = def.question(c.question)?;
    let expected = condition_value(parent, c);
    let answer = match parent.kind {
        Kind::YesNo => tr.t(if yes_no(&expected) == Some(true) { "forms-yes" } else { "forms-no" }),
        _ => expected.clone(),
    };
    let args = [("question", parent.label.as_str()), ("answer", answer.as_str())];
    let (test, text) = match c.test {
        Test::Equals => ("", tr.args("forms-condition-equals", &args)),
        Test::Contains => ("contains", tr.args("forms-condition-contains", &args)),
        Test::Answered => ("answered", tr.args("forms-condition-answered", &args)),
    };
    Some((parent.field(), expected, test, text))
}

/// The views of a form's items: `raw` is what was sent (or the stored answers through
/// `RawAnswers::from_answers`), `errors` what `validate` found, `prefix` starts every id
/// (so that two forms on a page never share one).
pub fn items(tr: &Tr, def: &FormDef, raw: &RawAnswers, errors: &[FieldError], prefix: &str) -> Vec<ItemView> {
    def.items
        .iter()
        .map(|item| match item {
            Item::Question(q) => question(tr, def, q, raw, errors, prefix),
            Item::Section { title, help } => ItemView { widget: "section", label: title.clone(), help: help.clone(), ..blank() },
            Item::Statement { text } => ItemView { widget: "statement", help: text.clone(), ..blank() },
        })
        .collect()
}

fn blank() -> ItemView {
    ItemView {
        widget: "",
        field: String::new(),
        id: String::new(),
        base: String::new(),
        label: String::new(),
        optional: String::new(),
        help: String::new(),
        hint: String::new(),
        required: false,
        input_type: "text",
        inputmode: "",
        maxlength: 0,
        value: String::new(),
        choose: String::new(),
        options: vec![],
        other: None,
        columns: vec![],
        rows: vec![],
        accept: String::new(),
        condition: None,
        error: String::new(),
        described_by: String::new(),
    }
}

fn question(tr: &Tr, def: &FormDef, q: &Question, raw: &RawAnswers, errors: &[FieldError], prefix: &str) -> ItemView {
    let field = q.field();
    let id = format!("{prefix}{field}");
    let value = raw.get(&field).to_string();
    let radios = |values: Vec<(String, String)>, checked: &dyn Fn(&str) -> bool| -> Vec<OptionView> {
        values
            .into_iter()
            .enumerate()
            .map(|(i, (v, label))| OptionView {
                id: if i == 0 { id.clone() } else { format!("{id}-{}", i + 1) },
                checked: checked(&v),
                value: v,
                label,
            })
            .collect()
    };
    let mut v = ItemView {
        field: field.clone(),
        id: id.clone(),
        base: id.clone(),
        label: q.label.clone(),
        optional: if q.required { String::new() } else { tr.t("forms-optional") },
        help: q.help.clone(),
        required: q.required,
        condition: q.condition.as_ref().and_then(|c| condition_view(tr, def, c)),
        error: error_of(tr, errors, &field),
        ..blank()
    };
    match &q.kind {
        Kind::ShortText | Kind::Email | Kind::Date | Kind::Number { .. } => {
            v.widget = "input";
            v.value = value;
            match &q.kind {
                Kind::ShortText => v.maxlength = super::MAX_SHORT_TEXT,
                Kind::Email => v.input_type = "email",
                Kind::Date => {
                    // A wrong date shows as text, so that what was typed stays visible.
                    v.input_type = if v.error.is_empty() { "date" } else { "text" };
                    v.hint = tr.t("forms-date-hint");
                }
                Kind::Number { min, max } => {
                    v.inputmode = "decimal";
                    v.hint = match (min, max) {
                        (Some(a), Some(b)) => tr.args("forms-number-between", &[("min", &num(tr, *a)), ("max", &num(tr, *b))]),
                        (Some(a), None) => tr.args("forms-number-min", &[("min", &num(tr, *a))]),
                        (None, Some(b)) => tr.args("forms-number-max", &[("max", &num(tr, *b))]),
                        (None, None) => tr.t("forms-number-hint"),
                    };
                }
                _ => {}
            }
        }
        Kind::LongText => {
            v.widget = "textarea";
            v.value = value;
            v.maxlength = super::MAX_LONG_TEXT;
        }
        Kind::SingleChoice { choices } => {
            let values = choices.iter().map(|c| (c.clone(), c.clone())).collect();
            v.widget = if choices.len() >= SELECT_FROM { "select" } else { "radios" };
            v.options = radios(values, &|o| o == value.trim());
            if v.widget == "select" {
                v.choose = tr.t("forms-choose");
            }
        }
        Kind::YesNo => {
            v.widget = "radios";
            let answer = yes_no(&value);
            v.options = radios(vec![(super::YES.into(), tr.t("forms-yes")), (super::NO.into(), tr.t("forms-no"))], &|o| {
                answer == Some(o == super::YES)
            });
        }
        Kind::Scale { max, low, high } => {
            v.widget = "radios";
            let values = (1..=*max).map(|n| (n.to_string(), end_label(n, *max, low, high))).collect();
            v.options = radios(values, &|o| o == value.trim());
        }
        Kind::MultipleChoice { choices, other } => {
            v.widget = "checkboxes";
            let sent = raw.all(&field);
            let values = choices.iter().map(|c| (c.clone(), c.clone())).collect();
            v.options = radios(values, &|o| sent.iter().any(|s| s.trim() == o));
            if *other {
                let f = format!("{field}-other");
                v.other = Some(OtherView {
                    id: format!("{prefix}{f}"),
                    label: tr.t("forms-other"),
                    value: raw.get(&f).to_string(),
                    error: error_of(tr, errors, &f),
                    field: f,
                });
            }
        }
        Kind::Matrix { rows, max, low, high } => {
            v.widget = "matrix";
            v.columns = (1..=*max).map(|n| (format!("{id}-col-{n}"), end_label(n, *max, low, high))).collect();
            v.rows = rows
                .iter()
                .map(|r| {
                    let f = format!("{field}-{}", r.code);
                    let cell_value = raw.get(&f).trim().to_string();
                    RowView {
                        header_id: format!("{prefix}{f}-row"),
                        label: r.label.clone(),
                        cells: (1..=*max)
                            .map(|n| OptionView {
                                id: if n == 1 { format!("{prefix}{f}") } else { format!("{prefix}{f}-{n}") },
                                value: n.to_string(),
                                label: format!("{prefix}{f}-row {id}-col-{n}"),
                                checked: cell_value == n.to_string(),
                            })
                            .collect(),
                        labelled_error: match error_of(tr, errors, &f) {
                            e if e.is_empty() => e,
                            e => tr.args("forms-error-question", &[("question", &r.label), ("error", &e)]),
                        },
                        error: error_of(tr, errors, &f),
                        field: f,
                    }
                })
                .collect();
            // A matrix's own error (nothing answered) links to its first row.
            if let Some(first) = v.rows.first() {
                v.id = format!("{prefix}{}", first.field);
            }
        }
        Kind::File { types, max_bytes } => {
            v.widget = "file";
            v.accept = types.join(",");
            let size = format!("{}", max_bytes.div_ceil(1024 * 1024).max(1));
            v.hint = tr.args("forms-file-hint", &[("types", &types.join(", ")), ("size", &size)]);
            if let Some(f) = raw.file(&field) {
                v.value = tr.args("forms-file-kept", &[("name", &f.name)]);
            }
        }
    }
    v.described_by = described_by(&v);
    v
}

/// The label of point `n` of a scale: the number, with the end's label at either end.
fn end_label(n: u8, max: u8, low: &str, high: &str) -> String {
    match n {
        1 if !low.is_empty() => format!("1 – {low}"),
        n if n == max && !high.is_empty() => format!("{n} – {high}"),
        n => n.to_string(),
    }
}

fn described_by(v: &ItemView) -> String {
    let f = &v.base;
    let mut ids = vec![];
    if !v.help.is_empty() {
        ids.push(format!("{f}-help"));
    }
    if v.condition.is_some() {
        ids.push(format!("{f}-cond"));
    }
    if !v.hint.is_empty() {
        ids.push(format!("{f}-kind"));
    }
    if !v.error.is_empty() {
        ids.push(format!("{f}-error"));
    }
    ids.join(" ")
}

/// The error summary's lines, (field, text): a question's error names the question.
pub fn summary(tr: &Tr, def: &FormDef, errors: &[FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| {
            let text = tr.t(&e.message);
            match def.question_of_field(&e.field) {
                Some(q) => (e.field.clone(), tr.args("forms-error-question", &[("question", &q.label), ("error", &text)])),
                None => (e.field.clone(), text),
            }
        })
        .collect()
}

/// An answer as a person reads it, in their language ("Oui", "2,5", options joined).
pub fn answer_text(tr: &Tr, def: &FormDef, question: i64, answer: &Answer) -> String {
    match answer {
        Answer::YesNo(b) => tr.t(if *b { "forms-yes" } else { "forms-no" }),
        Answer::Matrix(cells) => {
            let rows = match def.question(question).map(|q| &q.kind) {
                Some(Kind::Matrix { rows, .. }) => rows.as_slice(),
                _ => &[],
            };
            cells
                .iter()
                .map(|(code, n)| {
                    let label = rows.iter().find(|r| r.code == *code).map(|r| r.label.as_str()).unwrap_or(code);
                    format!("{label}{} {n}", tr.colon())
                })
                .collect::<Vec<_>>()
                .join(if tr.locale == crate::core::i18n::Locale::Fr { "\u{202f}; " } else { "; " })
        }
        a => a.plain(),
    }
}
