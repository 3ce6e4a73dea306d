//! The form kit's one editor: the screen where staff build a form of the kit (sections,
//! statements, questions of every kind with their settings, a stable code per question, a
//! condition on an earlier question) and see it as respondents will.
//!
//! A module mounts it under its own path with a [`Mount`]: the path (`{id}` standing for the
//! module's id, such as a call's or a survey's), the kinds of question it offers, and its
//! authorisation, which answers for one request with the form's owner, the page's layout (its
//! title, its back-office section) and the module's breadcrumb and tabs as HTML ([`Chrome`]).
//! The editor never names a module.
//!
//! Routes, under the mount's path `P`: `GET P` (the items, the item form; `?modifier=N` edits
//! item N), `POST P` (add), `POST P/{n}` (replace item n), `POST P/{n}/monter|descendre|supprimer`,
//! `GET P/apercu` (the form as respondents see it, the kit's view) and `POST P/apercu` (the
//! same, checked by `forms::validate`, nothing stored). Each change reads the form with
//! `store::get_for_update` and saves the whole definition with `store::save` in one
//! transaction: a frozen or answered version stays as it is and the change makes a new
//! version, which the page says before it happens.

use std::future::Future;
use std::pin::Pin;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::{Condition, FormDef, Item, Kind, MatrixRow, Question, RawAnswers, Test, store, valid_code, view};
use crate::core::error::{AppError, AppResult, too_long};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};

/// A boxed future, as a module's authorisation returns it.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a module's authorisation gives the editor for one request.
pub struct Chrome {
    /// The form kit's owner of the form (`calls:7`, `surveys:3`).
    pub owner: String,
    /// The module's back-office layout; its title is the page's heading.
    pub layout: Layout,
    /// The module's breadcrumb and tabs, rendered by its own template (escaped there).
    pub nav: String,
}

/// The authorisation of a mount: for the signed-in person and the id in the path, the
/// chrome of the page, or 401/403/404 as the module decides.
pub type Authorise = for<'a> fn(&'a AppState, &'a Ctx, i64) -> BoxFuture<'a, AppResult<Chrome>>;

/// Where and how a module mounts the editor.
pub struct Mount {
    /// The editor's path, `{id}` standing for the module's id: `/admin/enquetes/{id}/formulaire`.
    pub path: &'static str,
    /// The kinds of question offered (the kit's names, see [`KINDS`]).
    pub kinds: &'static [&'static str],
    /// Most items the form may hold.
    pub max_items: usize,
    pub authorise: Authorise,
}

impl Mount {
    fn base(&self, id: i64) -> String {
        self.path.replace("{id}", &id.to_string())
    }

    fn offers(&self, kind: &str) -> bool {
        self.kinds.contains(&kind)
    }
}

/// Every kind of question, in the order the editor offers them.
pub const KINDS: &[&str] =
    &["short_text", "long_text", "single_choice", "multiple_choice", "yes_no", "number", "date", "email", "scale", "matrix", "file"];

/// Every kind but the file (what a survey offers).
pub const KINDS_WITHOUT_FILE: &[&str] =
    &["short_text", "long_text", "single_choice", "multiple_choice", "yes_no", "number", "date", "email", "scale", "matrix"];

/// The file types a file question may allow: (content type, what people call it).
pub const FILE_TYPES: &[(&str, &str)] = &[
    ("application/pdf", "PDF"),
    ("image/jpeg", "JPEG"),
    ("image/png", "PNG"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)"),
    ("application/vnd.oasis.opendocument.text", "OpenDocument (.odt)"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)"),
];

/// Largest file limit a question may set, in megabytes.
pub const MAX_FILE_MB: u64 = 20;

/// The routes of a mount (the module merges them into its router).
pub fn routes(m: &'static Mount) -> Router<AppState> {
    let p = m.path;
    Router::new()
        .route(
            p,
            get(move |s: State<AppState>, c: Ctx, Path(id): Path<i64>, q: Query<PageQuery>| show(m, s, c, id, q))
                .post(move |s: State<AppState>, c: Ctx, Path(id): Path<i64>, f: Form<Vec<(String, String)>>| change(m, s, c, id, None, f)),
        )
        .route(
            &format!("{p}/apercu"),
            get(move |s: State<AppState>, c: Ctx, Path(id): Path<i64>| preview(m, s, c, id, None)).post(
                move |s: State<AppState>, c: Ctx, Path(id): Path<i64>, f: Form<Vec<(String, String)>>| preview(m, s, c, id, Some(f.0)),
            ),
        )
        .route(
            &format!("{p}/{{item}}"),
            post(move |s: State<AppState>, c: Ctx, Path((id, i)): Path<(i64, usize)>, f: Form<Vec<(String, String)>>| {
                change(m, s, c, id, Some(i), f)
            }),
        )
        .route(
            &format!("{p}/{{item}}/supprimer"),
            post(move |s: State<AppState>, c: Ctx, p: Path<(i64, usize)>, f: Form<Vec<(String, String)>>| {
                act(m, s, c, p, f, Action::Delete)
            }),
        )
        .route(
            &format!("{p}/{{item}}/monter"),
            post(move |s: State<AppState>, c: Ctx, p: Path<(i64, usize)>, f: Form<Vec<(String, String)>>| act(m, s, c, p, f, Action::Up)),
        )
        .route(
            &format!("{p}/{{item}}/descendre"),
            post(move |s: State<AppState>, c: Ctx, p: Path<(i64, usize)>, f: Form<Vec<(String, String)>>| act(m, s, c, p, f, Action::Down)),
        )
}

/// `?ok=` after a change, `?erreur=` after a refused move, `?modifier=` to edit an item.
#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    pub ok: Option<String>,
    pub erreur: Option<String>,
    pub modifier: Option<usize>,
}

fn get_field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

fn text_error(errors: &mut FormErrors, field: &str, value: &str, required: bool, max: usize) {
    let n = value.trim().chars().count();
    if required && n == 0 {
        errors.add(field, "field-required");
    } else if n > max {
        errors.add(field, &too_long(n, max));
    }
}

/// A number as the editor shows it back ("2.5", "10").
fn show_number(n: Option<f64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// A code made from a label: its words folded to lowercase ASCII, joined by `_`, at most 40
/// characters, not among `taken` (`_2`, `_3`… added), `fallback` when the label has no letter.
pub fn code_from(label: &str, taken: &[&str], fallback: &str) -> String {
    let slug = crate::core::markup::slugify(label).replace('-', "_");
    let mut base: String = slug.chars().take(40).collect::<String>().trim_end_matches('_').to_string();
    if base.is_empty() {
        base = fallback.to_string();
    }
    let mut code = base.clone();
    let mut n = 2;
    while taken.contains(&code.as_str()) {
        code = format!("{base}_{n}");
        n += 1;
    }
    code
}

/// A matrix's rows as typed, one a line: `code: label`, or a label alone (its code made from it).
pub fn parse_rows(text: &str) -> Vec<MatrixRow> {
    let mut rows: Vec<MatrixRow> = vec![];
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let typed = line.split_once(':').map(|(c, l)| (c.trim(), l.trim())).filter(|(c, l)| valid_code(c) && !l.is_empty());
        let row = match typed {
            Some((code, label)) => MatrixRow { code: code.to_string(), label: label.to_string() },
            None => {
                let taken: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
                let code = code_from(line, &taken, &format!("r{}", rows.len() + 1));
                MatrixRow { code, label: line.to_string() }
            }
        };
        rows.push(row);
    }
    rows
}

/// An item as typed in the editor (every field kept as typed, to show it again).
#[derive(Clone, Debug, Default)]
pub struct ItemForm {
    /// question | section | statement
    pub item: String,
    pub label: String,
    pub help: String,
    pub code: String,
    pub kind: String,
    pub required: bool,
    pub choices: String,
    pub other: bool,
    pub min: String,
    pub max: String,
    pub scale_max: String,
    pub low: String,
    pub high: String,
    pub rows: String,
    pub types: Vec<String>,
    pub max_mb: String,
    /// The id of the question the condition names, "" for none.
    pub cond_question: String,
    pub cond_test: String,
    pub cond_value: String,
}

impl ItemForm {
    pub fn blank() -> ItemForm {
        ItemForm {
            item: "question".into(),
            kind: "short_text".into(),
            scale_max: "5".into(),
            max_mb: "5".into(),
            cond_test: "equals".into(),
            ..Default::default()
        }
    }

    pub fn of(item: &Item) -> ItemForm {
        let blank = ItemForm::blank();
        let q = match item {
            Item::Section { title, help } => return ItemForm { item: "section".into(), label: title.clone(), help: help.clone(), ..blank },
            Item::Statement { text } => return ItemForm { item: "statement".into(), help: text.clone(), ..blank },
            Item::Question(q) => q,
        };
        let mut f = ItemForm {
            label: q.label.clone(),
            help: q.help.clone(),
            code: q.code.clone(),
            kind: q.kind.name().into(),
            required: q.required,
            choices: q.kind.choices().join("\n"),
            ..blank
        };
        match &q.kind {
            Kind::MultipleChoice { other, .. } => f.other = *other,
            Kind::Number { min, max } => (f.min, f.max) = (show_number(*min), show_number(*max)),
            Kind::Scale { max, low, high } => (f.scale_max, f.low, f.high) = (max.to_string(), low.clone(), high.clone()),
            Kind::Matrix { rows, max, low, high } => {
                (f.scale_max, f.low, f.high) = (max.to_string(), low.clone(), high.clone());
                f.rows = rows.iter().map(|r| format!("{}: {}", r.code, r.label)).collect::<Vec<_>>().join("\n");
            }
            Kind::File { types, max_bytes } => (f.types, f.max_mb) = (types.clone(), (max_bytes / 1_000_000).max(1).to_string()),
            _ => {}
        }
        if let Some(c) = &q.condition {
            (f.cond_question, f.cond_test, f.cond_value) = (c.question.to_string(), c.test.as_str().into(), c.value.clone());
        }
        f
    }

    pub fn read(fields: &[(String, String)]) -> ItemForm {
        let g = |name: &str| get_field(fields, name).to_string();
        ItemForm {
            item: g("item"),
            label: g("label"),
            help: g("help"),
            code: g("code"),
            kind: g("kind"),
            required: !get_field(fields, "required").is_empty(),
            choices: g("choices"),
            other: !get_field(fields, "other").is_empty(),
            min: g("min"),
            max: g("max"),
            scale_max: g("scale_max"),
            low: g("low"),
            high: g("high"),
            rows: g("rows"),
            types: fields.iter().filter(|(k, _)| k == "types").map(|(_, v)| v.clone()).collect(),
            max_mb: g("max_mb"),
            cond_question: g("cond_question"),
            cond_test: g("cond_test"),
            cond_value: g("cond_value"),
        }
    }

    pub fn allows(&self, t: &str) -> bool {
        self.types.iter().any(|x| x == t)
    }

    /// The question's kind from its settings, the settings' own errors added to `errors`.
    fn kind(&self, m: &Mount, errors: &mut FormErrors) -> Option<Kind> {
        let lines = |s: &str| s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect::<Vec<_>>();
        // Only the settings of the chosen kind are read (the others may hold anything).
        let bound = |errors: &mut FormErrors, field: &str, s: &str| {
            let t = s.trim();
            if t.is_empty() {
                return None;
            }
            let n = super::number(t);
            if n.is_none() {
                errors.add(field, "forms-error-number");
            }
            n
        };
        let ends = |errors: &mut FormErrors| {
            text_error(errors, "low", &self.low, false, 100);
            text_error(errors, "high", &self.high, false, 100);
            (self.scale_max.trim().parse::<u8>().unwrap_or(0), self.low.trim().to_string(), self.high.trim().to_string())
        };
        if !m.offers(&self.kind) {
            errors.add("kind", "forms-editor-error-kind");
            return None;
        }
        Some(match self.kind.as_str() {
            "short_text" => Kind::ShortText,
            "long_text" => Kind::LongText,
            "single_choice" => Kind::SingleChoice { choices: lines(&self.choices) },
            "multiple_choice" => Kind::MultipleChoice { choices: lines(&self.choices), other: self.other },
            "yes_no" => Kind::YesNo,
            "number" => Kind::Number { min: bound(errors, "min", &self.min), max: bound(errors, "max", &self.max) },
            "date" => Kind::Date,
            "email" => Kind::Email,
            "scale" => {
                let (max, low, high) = ends(errors);
                Kind::Scale { max, low, high }
            }
            "matrix" => {
                let (max, low, high) = ends(errors);
                Kind::Matrix { rows: parse_rows(&self.rows), max, low, high }
            }
            "file" => {
                let types: Vec<String> = FILE_TYPES.iter().filter(|(t, _)| self.allows(t)).map(|(t, _)| t.to_string()).collect();
                if types.is_empty() || types.len() != self.types.len() {
                    errors.add("types", "forms-editor-error-file-types");
                }
                let mb = self.max_mb.trim().parse::<u64>().ok().filter(|n| (1..=MAX_FILE_MB).contains(n));
                if mb.is_none() {
                    errors.add("max_mb", "forms-editor-error-file-size");
                }
                Kind::File { types, max_bytes: mb.unwrap_or(1) * 1_000_000 }
            }
            _ => return None,
        })
    }

    /// The condition as typed (None when no question is chosen).
    fn condition(&self, errors: &mut FormErrors) -> Option<Condition> {
        let q = self.cond_question.trim();
        if q.is_empty() {
            return None;
        }
        let test = match self.cond_test.as_str() {
            "contains" => Test::Contains,
            "answered" => Test::Answered,
            _ => Test::Equals,
        };
        text_error(errors, "cond_value", &self.cond_value, false, 300);
        match q.parse::<i64>() {
            Ok(id) => Some(Condition { question: id, test, value: self.cond_value.trim().to_string() }),
            Err(_) => {
                errors.add("cond_question", "forms-def-error-condition");
                None
            }
        }
    }

    /// Put the item in `def` (at `index`, or at the end), checked whole by `FormDef::check`:
    /// the new definition, or the errors named after the editor's fields. `new_id` is the id
    /// of a new question.
    pub fn apply(&self, m: &Mount, def: &FormDef, index: Option<usize>, new_id: i64) -> Result<FormDef, FormErrors> {
        let mut errors = FormErrors::default();
        let item = match self.item.as_str() {
            "section" => {
                text_error(&mut errors, "label", &self.label, true, 300);
                text_error(&mut errors, "help", &self.help, false, 2000);
                Item::Section { title: self.label.trim().into(), help: self.help.trim().into() }
            }
            "statement" => {
                text_error(&mut errors, "help", &self.help, true, 4000);
                Item::Statement { text: self.help.trim().into() }
            }
            "question" => {
                text_error(&mut errors, "label", &self.label, true, 300);
                text_error(&mut errors, "help", &self.help, false, 1000);
                let existing = index.and_then(|i| match def.items.get(i) {
                    Some(Item::Question(q)) => Some(q),
                    _ => None,
                });
                let id = existing.map(|q| q.id).unwrap_or(new_id);
                let code = match self.code.trim() {
                    "" => {
                        let taken: Vec<&str> = def.questions().filter(|q| q.id != id).map(|q| q.code.as_str()).collect();
                        code_from(&self.label, &taken, &format!("q{id}"))
                    }
                    typed => typed.to_string(),
                };
                let condition = self.condition(&mut errors);
                let Some(kind) = self.kind(m, &mut errors) else { return Err(errors) };
                Item::Question(Question {
                    id,
                    code,
                    label: self.label.trim().into(),
                    help: self.help.trim().into(),
                    required: self.required,
                    condition,
                    kind,
                })
            }
            _ => {
                errors.add("item", "forms-editor-error-item");
                return Err(errors);
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut def = def.clone();
        let at = match index {
            Some(i) => {
                def.items[i] = item;
                i
            }
            None => {
                if def.items.len() >= m.max_items {
                    errors.add("label", "forms-editor-error-full");
                    return Err(errors);
                }
                def.items.push(item);
                def.items.len() - 1
            }
        };
        if let Err(problems) = def.check() {
            for (i, key) in problems {
                let field = if i != at {
                    "kind"
                } else {
                    match key {
                        "forms-def-error-code" => "code",
                        "forms-def-error-condition" => "cond_question",
                        "forms-def-error-condition-value" => "cond_value",
                        "forms-def-error-choices" => "choices",
                        "forms-def-error-bounds" => "max",
                        "forms-def-error-scale" => "scale_max",
                        "forms-def-error-rows" => "rows",
                        "forms-def-error-file" => "types",
                        _ => "label",
                    }
                };
                let key = if i != at { "forms-editor-error-dependent" } else { key };
                if !errors.has(field) {
                    errors.add(field, key);
                }
            }
            return Err(errors);
        }
        Ok(def)
    }
}

// ---- the page ----

/// One item in the editor's list, every text computed.
pub struct Row {
    pub index: usize,
    pub title: String,
    pub code: String,
    pub kind: String,
    pub details: String,
    pub condition: String,
    pub required: bool,
    pub section: bool,
}

#[derive(askama::Template)]
#[template(path = "forms/editor.html")]
struct EditorPage {
    l: Layout,
    nav: String,
    base: String,
    rows: Vec<Row>,
    editing: Option<usize>,
    form: ItemForm,
    errors: FormErrors,
    flash: Option<String>,
    problem: Option<String>,
    /// (kit name, label) of the kinds offered.
    kinds: Vec<(&'static str, String)>,
    file: bool,
    /// The questions a condition may name: (id, "label (code)").
    earlier: Vec<(String, String)>,
    /// "This change makes version N." when the current version is frozen or answered.
    version_note: String,
}

impl EditorPage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| self.l.t(&field_label(f)))
    }

    fn file_types(&self) -> &'static [(&'static str, &'static str)] {
        FILE_TYPES
    }

    fn err(&self, field: &str) -> String {
        match self.errors.get(field) {
            "" => String::new(),
            key => self.l.t(key),
        }
    }

    /// The condition's tests: (value, label, selected).
    fn tests(&self) -> Vec<(&'static str, String, bool)> {
        [Test::Equals, Test::Contains, Test::Answered]
            .into_iter()
            .map(|t| (t.as_str(), self.l.t(&format!("forms-editor-test-{}", t.as_str())), self.form.cond_test == t.as_str()))
            .collect()
    }

    /// The kinds of item: (value, label, checked); a question unless another was chosen.
    fn items(&self) -> Vec<(&'static str, String, bool)> {
        let chosen = if matches!(self.form.item.as_str(), "section" | "statement") { self.form.item.as_str() } else { "question" };
        ["question", "section", "statement"].into_iter().map(|i| (i, self.l.t(&format!("forms-editor-item-{i}")), i == chosen)).collect()
    }

    /// The kinds of question offered: (value, label, selected).
    fn kind_options(&self) -> Vec<(&'static str, String, bool)> {
        self.kinds.iter().map(|(k, label)| (*k, label.clone(), self.form.kind == *k)).collect()
    }

    /// The questions a condition may name: (id, label, selected).
    fn condition_options(&self) -> Vec<(String, String, bool)> {
        self.earlier.iter().map(|(id, label)| (id.clone(), label.clone(), self.form.cond_question.trim() == id)).collect()
    }
}

/// The label key of an editor field (for the error summary).
fn field_label(field: &str) -> String {
    format!("forms-editor-f-{}", field.replace('_', "-"))
}

fn kind_label(l: &Layout, kind: &str) -> String {
    l.t(&format!("forms-editor-kind-{}", kind.replace('_', "-")))
}

/// A question's settings in words.
fn details(l: &Layout, q: &Question) -> String {
    let ends = |max: u8, low: &str, high: &str| {
        let mut s = format!("1–{max}");
        if !low.is_empty() || !high.is_empty() {
            s.push_str(&format!(" ({low} … {high})"));
        }
        s
    };
    match &q.kind {
        Kind::SingleChoice { choices } => choices.join(" · "),
        Kind::MultipleChoice { choices, other } => {
            let mut s = choices.join(" · ");
            if *other {
                s.push_str(&format!(" · {}", l.t("forms-other")));
            }
            s
        }
        Kind::Number { min, max } => match (min, max) {
            (None, None) => String::new(),
            _ => format!("{} … {}", show_number(*min), show_number(*max)),
        },
        Kind::Scale { max, low, high } => ends(*max, low, high),
        Kind::Matrix { rows, max, low, high } => {
            format!("{} · {}", rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>().join(" · "), ends(*max, low, high))
        }
        Kind::File { types, max_bytes } => {
            let names: Vec<&str> = types.iter().map(|t| FILE_TYPES.iter().find(|(x, _)| x == t).map(|(_, n)| *n).unwrap_or(t)).collect();
            format!("{} · {} Mo", names.join(", "), max_bytes / 1_000_000)
        }
        _ => String::new(),
    }
}

fn rows(l: &Layout, def: &FormDef) -> Vec<Row> {
    def.items
        .iter()
        .enumerate()
        .map(|(index, item)| match item {
            Item::Question(q) => {
                let condition = q
                    .condition
                    .as_ref()
                    .and_then(|c| {
                        let parent = def.question(c.question)?;
                        let key = format!("forms-editor-when-{}", c.test.as_str());
                        let answer = match (&parent.kind, super::yes_no(&c.value)) {
                            (Kind::YesNo, Some(b)) => l.t(if b { "forms-yes" } else { "forms-no" }),
                            _ => super::condition_value(parent, c),
                        };
                        Some(l.tr.args(&key, &[("question", &parent.label), ("answer", &answer)]))
                    })
                    .unwrap_or_default();
                Row {
                    index,
                    title: q.label.clone(),
                    code: q.code.clone(),
                    kind: kind_label(l, q.kind.name()),
                    details: details(l, q),
                    condition,
                    required: q.required,
                    section: false,
                }
            }
            Item::Section { title, help } => Row {
                index,
                title: title.clone(),
                code: String::new(),
                kind: l.t("forms-editor-item-section"),
                details: help.clone(),
                condition: String::new(),
                required: false,
                section: true,
            },
            Item::Statement { text } => Row {
                index,
                title: text.chars().take(80).collect(),
                code: String::new(),
                kind: l.t("forms-editor-item-statement"),
                details: String::new(),
                condition: String::new(),
                required: false,
                section: true,
            },
        })
        .collect()
}

/// The questions a condition of the item at `index` (None: a new item, at the end) may name:
/// those before it, but matrices and files.
fn earlier(def: &FormDef, index: Option<usize>) -> Vec<(String, String)> {
    let end = index.unwrap_or(def.items.len()).min(def.items.len());
    def.items[..end]
        .iter()
        .filter_map(|i| match i {
            Item::Question(q) if !matches!(q.kind, Kind::Matrix { .. } | Kind::File { .. }) => {
                Some((q.id.to_string(), format!("{} ({})", q.label, q.code)))
            }
            _ => None,
        })
        .collect()
}

async fn version_note(state: &AppState, l: &Layout, owner: &str) -> AppResult<String> {
    Ok(match store::version_state(&state.db, owner).await? {
        Some((v, true)) => l.tr.args("forms-editor-new-version", &[("version", &(v + 1).to_string()), ("current", &v.to_string())]),
        _ => String::new(),
    })
}

async fn current(state: &AppState, owner: &str) -> AppResult<FormDef> {
    Ok(store::get(&state.db, owner).await?.map(|f| f.def).unwrap_or_default())
}

#[allow(clippy::too_many_arguments)]
async fn page(
    m: &Mount,
    state: &AppState,
    id: i64,
    chrome: Chrome,
    def: &FormDef,
    editing: Option<usize>,
    form: ItemForm,
    errors: FormErrors,
) -> AppResult<EditorPage> {
    let Chrome { owner, layout: l, nav } = chrome;
    let version_note = version_note(state, &l, &owner).await?;
    let kinds = m.kinds.iter().map(|k| (*k, kind_label(&l, k))).collect();
    Ok(EditorPage {
        rows: rows(&l, def),
        nav,
        base: m.base(id),
        editing,
        form,
        errors,
        flash: None,
        problem: None,
        kinds,
        file: m.offers("file"),
        earlier: earlier(def, editing),
        version_note,
        l,
    })
}

async fn show(m: &'static Mount, State(state): State<AppState>, ctx: Ctx, id: i64, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let chrome = (m.authorise)(&state, &ctx, id).await?;
    let def = current(&state, &chrome.owner).await?;
    let form = match q.modifier {
        Some(i) => ItemForm::of(def.items.get(i).ok_or(AppError::NotFound)?),
        None => ItemForm::blank(),
    };
    let mut p = page(m, &state, id, chrome, &def, q.modifier, form, FormErrors::default()).await?;
    p.flash = match q.ok.as_deref() {
        Some("saved") => Some(p.l.t("forms-editor-flash-saved")),
        Some("deleted") => Some(p.l.t("forms-editor-flash-deleted")),
        Some("moved") => Some(p.l.t("forms-editor-flash-moved")),
        _ => None,
    };
    if q.erreur.as_deref() == Some("ordre") {
        p.problem = Some(p.l.t("forms-editor-error-order"));
    }
    html(&p)
}

/// Add (`index` None) or replace the item at `index`, the form locked while it is read and saved.
async fn change(
    m: &'static Mount,
    State(state): State<AppState>,
    ctx: Ctx,
    id: i64,
    index: Option<usize>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let chrome = (m.authorise)(&state, &ctx, id).await?;
    ctx.check_csrf(get_field(&fields, "csrf"))?;
    let form = ItemForm::read(&fields);
    let mut tx = state.db.begin().await?;
    let def = store::get_for_update(&mut tx, &chrome.owner).await?.map(|f| f.def).unwrap_or_default();
    if index.is_some_and(|i| i >= def.items.len()) {
        return Err(AppError::NotFound);
    }
    let new_id = store::next_question_id(&mut tx).await?;
    match form.apply(m, &def, index, new_id) {
        Ok(changed) => {
            store::save(&mut tx, &chrome.owner, &changed, ctx.now).await?;
            tx.commit().await?;
            Ok(see_other(&format!("{}?ok=saved", m.base(id))))
        }
        Err(errors) => {
            tx.rollback().await?;
            let p = page(m, &state, id, chrome, &def, index, form, errors).await?;
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
    }
}

enum Action {
    Up,
    Down,
    Delete,
}

/// Move an item up or down (refused when a question would come before the one its condition
/// names), or delete it (conditions on a deleted question are dropped; its answers stay with
/// the version they answered).
async fn act(
    m: &'static Mount,
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, usize)>,
    Form(fields): Form<Vec<(String, String)>>,
    action: Action,
) -> AppResult<Response> {
    let chrome = (m.authorise)(&state, &ctx, id).await?;
    ctx.check_csrf(get_field(&fields, "csrf"))?;
    let mut tx = state.db.begin().await?;
    let mut def = store::get_for_update(&mut tx, &chrome.owner).await?.map(|f| f.def).ok_or(AppError::NotFound)?;
    if item >= def.items.len() {
        return Err(AppError::NotFound);
    }
    let base = m.base(id);
    let flag = match action {
        Action::Delete => {
            if let Item::Question(q) = def.items.remove(item) {
                for other in def.items.iter_mut() {
                    if let Item::Question(o) = other
                        && o.condition.as_ref().is_some_and(|c| c.question == q.id)
                    {
                        o.condition = None;
                    }
                }
            }
            "ok=deleted"
        }
        Action::Up | Action::Down => {
            let other = match action {
                Action::Up => item.checked_sub(1),
                _ => Some(item + 1).filter(|j| *j < def.items.len()),
            };
            let Some(j) = other else {
                tx.rollback().await?;
                return Ok(see_other(&base));
            };
            def.items.swap(item, j);
            if def.check().is_err() {
                tx.rollback().await?;
                return Ok(see_other(&format!("{base}?erreur=ordre")));
            }
            "ok=moved"
        }
    };
    store::save(&mut tx, &chrome.owner, &def, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("{base}?{flag}")))
}

// ---- the preview ----

#[derive(askama::Template)]
#[template(path = "forms/editor_preview.html")]
struct PreviewPage {
    l: Layout,
    nav: String,
    base: String,
    form_fields: Vec<view::ItemView>,
    error_lines: Vec<(String, String)>,
    /// The answers were checked and are valid.
    valid: bool,
    empty: bool,
}

/// The form as respondents see it (the kit's view); sent, its answers are checked by the
/// kit's validation and nothing is stored.
async fn preview(
    m: &'static Mount,
    State(state): State<AppState>,
    ctx: Ctx,
    id: i64,
    sent: Option<Vec<(String, String)>>,
) -> AppResult<Response> {
    let chrome = (m.authorise)(&state, &ctx, id).await?;
    let def = current(&state, &chrome.owner).await?;
    let Chrome { layout: mut l, nav, .. } = chrome;
    l.title = l.tr.a("forms-editor-preview-title", "title", &l.title);
    let (raw, errors, valid) = match &sent {
        Some(fields) => {
            ctx.check_csrf(get_field(fields, "csrf"))?;
            let raw = RawAnswers::from_fields(fields);
            match super::validate(&def, &raw) {
                Ok(_) => (raw, vec![], true),
                Err(e) => (raw, e, false),
            }
        }
        None => (RawAnswers::default(), vec![], false),
    };
    let page = PreviewPage {
        form_fields: view::items(&l.tr, &def, &raw, &errors, "p-"),
        error_lines: view::summary(&l.tr, &def, &errors),
        base: m.base(id),
        nav,
        valid,
        empty: def.items.is_empty(),
        l,
    };
    if errors.is_empty() { html(&page) } else { html_status(StatusCode::UNPROCESSABLE_ENTITY, &page) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mount(kinds: &'static [&'static str]) -> Mount {
        fn never<'a>(_: &'a AppState, _: &'a Ctx, _: i64) -> BoxFuture<'a, AppResult<Chrome>> {
            Box::pin(async { Err(AppError::NotFound) })
        }
        Mount { path: "/x/{id}/formulaire", kinds, max_items: 3, authorise: never }
    }

    fn question(def: &FormDef, i: usize) -> &Question {
        match &def.items[i] {
            Item::Question(q) => q,
            _ => panic!("a question"),
        }
    }

    #[test]
    fn codes_are_made_from_labels_and_kept_unique() {
        assert_eq!(code_from("Taille de l’entreprise ?", &[], "q1"), "taille_de_l_entreprise");
        assert_eq!(code_from("Âge", &["age"], "q1"), "age_2");
        assert_eq!(code_from("???", &[], "q9"), "q9");
        let rows = parse_rows("recrut: Recrutement des seniors\nFormation continue\n\nformation_continue: Encore");
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, vec!["recrut", "formation_continue", "formation_continue"]);
        assert!(
            FormDef {
                items: vec![Item::Question(Question {
                    id: 1,
                    code: "m".into(),
                    label: "M".into(),
                    help: String::new(),
                    required: false,
                    condition: None,
                    kind: Kind::Matrix { rows, max: 5, low: String::new(), high: String::new() }
                })]
            }
            .check()
            .is_err()
        );
    }

    #[test]
    fn every_setting_is_read_and_bad_input_is_named_after_its_field() {
        let m = mount(KINDS_WITHOUT_FILE);
        let scale = ItemForm {
            label: "Satisfaction".into(),
            kind: "scale".into(),
            scale_max: "7".into(),
            low: "Pas du tout".into(),
            high: "Tout à fait".into(),
            ..ItemForm::blank()
        };
        let def = scale.apply(&m, &FormDef::default(), None, 4).unwrap();
        let q = question(&def, 0);
        assert_eq!((q.id, q.code.as_str()), (4, "satisfaction"));
        assert_eq!(q.kind, Kind::Scale { max: 7, low: "Pas du tout".into(), high: "Tout à fait".into() });
        // The form shown again holds what was saved.
        let again = ItemForm::of(&def.items[0]);
        assert_eq!((again.scale_max.as_str(), again.code.as_str()), ("7", "satisfaction"));

        let bad = ItemForm { scale_max: "11".into(), ..scale.clone() };
        assert_eq!(bad.apply(&m, &def, Some(0), 5).unwrap_err().get("scale_max"), "forms-def-error-scale");
        let file = ItemForm { label: "Pièce".into(), kind: "file".into(), ..ItemForm::blank() };
        assert_eq!(file.apply(&m, &def, None, 5).unwrap_err().get("kind"), "forms-editor-error-kind");
        let dup = ItemForm { label: "Autre".into(), code: "satisfaction".into(), ..ItemForm::blank() };
        assert_eq!(dup.apply(&m, &def, None, 5).unwrap_err().get("code"), "forms-def-error-code");
        let number = ItemForm { label: "Effectif".into(), kind: "number".into(), min: "10".into(), max: "2,5".into(), ..ItemForm::blank() };
        assert_eq!(number.apply(&m, &def, None, 5).unwrap_err().get("max"), "forms-def-error-bounds");
        let words = ItemForm { min: "dix".into(), ..number };
        assert_eq!(words.apply(&m, &def, None, 5).unwrap_err().get("min"), "forms-error-number");
        // Another kind's settings are not read (they may hide in the page).
        let text = ItemForm { kind: "short_text".into(), scale_max: "99".into(), ..words };
        assert_eq!(question(&text.apply(&m, &def, None, 5).unwrap(), 1).kind, Kind::ShortText);

        // A condition names an earlier question; a matrix cannot be one.
        let when = ItemForm { label: "Pourquoi ?".into(), cond_question: "4".into(), cond_test: "answered".into(), ..ItemForm::blank() };
        let def = when.apply(&m, &def, None, 6).unwrap();
        assert_eq!(question(&def, 1).condition, Some(Condition { question: 4, test: Test::Answered, value: String::new() }));
        let matrix = ItemForm { kind: "matrix".into(), rows: "Recrutement\nFormation".into(), ..scale };
        assert_eq!(matrix.apply(&m, &def, Some(0), 7).unwrap_err().get("kind"), "forms-editor-error-dependent");
        let self_first = ItemForm { cond_question: "6".into(), ..when };
        assert_eq!(self_first.apply(&m, &def, Some(1), 7).unwrap_err().get("cond_question"), "forms-def-error-condition");
        // The form is full at three items.
        let section = ItemForm { item: "section".into(), label: "Partie 2".into(), ..ItemForm::blank() };
        let def = section.apply(&m, &def, None, 7).unwrap();
        assert_eq!(section.apply(&m, &def, None, 8).unwrap_err().get("label"), "forms-editor-error-full");
    }
}
