//! The call's own form: a form of the core's form kit owned by `calls:{id}`, which applicants
//! fill in after the organisation and the places. Sections and typed questions (short and long
//! text, choices, yes/no, number, date, e-mail, file with its allowed types and size limit) are
//! added, edited, moved and deleted here; each change saves the whole definition
//! (`forms::store::save`: a new version once the form has answers, the earlier answers
//! keeping theirs), the form locked while it is read and changed.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;

use super::{CallNav, CsrfForm, PageQuery, layout, manageable, text_error};
use crate::core::error::{AppError, AppResult};
use crate::core::forms::{self, FormDef, Item, Kind, store as form_store};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::calls::model::Call;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/appels/{id}/formulaire", axum::routing::get(show).post(create))
        .route("/admin/appels/{id}/formulaire/{item}", post(update))
        .route("/admin/appels/{id}/formulaire/{item}/supprimer", post(delete))
        .route(
            "/admin/appels/{id}/formulaire/{item}/monter",
            post(|s: State<AppState>, c: Ctx, p: Path<(i64, usize)>, f: Form<CsrfForm>| mv(s, c, p, f, true)),
        )
        .route(
            "/admin/appels/{id}/formulaire/{item}/descendre",
            post(|s: State<AppState>, c: Ctx, p: Path<(i64, usize)>, f: Form<CsrfForm>| mv(s, c, p, f, false)),
        )
}

/// The form kit's owner of a call's form.
pub fn owner(call_id: i64) -> String {
    format!("calls:{call_id}")
}

/// Most items a call's form may hold.
pub const MAX_ITEMS: usize = 60;

/// The kinds of question the editor offers (the kit's names) and their label keys.
pub const KINDS: &[(&str, &str)] = &[
    ("short_text", "calls-admin-q-short-text"),
    ("long_text", "calls-admin-q-long-text"),
    ("single_choice", "calls-admin-q-single-choice"),
    ("multiple_choice", "calls-admin-q-multiple-choice"),
    ("yes_no", "calls-admin-q-yes-no"),
    ("number", "calls-admin-q-number"),
    ("date", "calls-admin-q-date"),
    ("email", "calls-admin-q-email"),
    ("file", "calls-admin-q-file"),
];

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

fn get_field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// An item as typed: a section (`item = section`: its title and introduction) or a question.
#[derive(Clone, Debug, Default)]
pub struct ItemForm {
    pub item: String,
    pub label: String,
    pub help: String,
    pub kind: String,
    pub choices: String,
    pub required: bool,
    pub types: Vec<String>,
    pub max_mb: String,
}

impl ItemForm {
    fn blank() -> ItemForm {
        ItemForm { item: "question".into(), kind: "short_text".into(), max_mb: "5".into(), ..Default::default() }
    }

    fn of(item: &Item) -> ItemForm {
        match item {
            Item::Section { title, help } => {
                ItemForm { item: "section".into(), label: title.clone(), help: help.clone(), ..ItemForm::blank() }
            }
            Item::Statement { text } => ItemForm { item: "section".into(), help: text.clone(), ..ItemForm::blank() },
            Item::Question(q) => {
                let (types, max_mb) = match &q.kind {
                    Kind::File { types, max_bytes } => (types.clone(), (max_bytes / 1_000_000).max(1).to_string()),
                    _ => (vec![], "5".into()),
                };
                ItemForm {
                    item: "question".into(),
                    label: q.label.clone(),
                    help: q.help.clone(),
                    kind: q.kind.name().into(),
                    choices: q.kind.choices().join("\n"),
                    required: q.required,
                    types,
                    max_mb,
                }
            }
        }
    }

    fn read(fields: &[(String, String)]) -> ItemForm {
        ItemForm {
            item: get_field(fields, "item").into(),
            label: get_field(fields, "label").into(),
            help: get_field(fields, "help").into(),
            kind: get_field(fields, "kind").into(),
            choices: get_field(fields, "choices").into(),
            required: !get_field(fields, "required").is_empty(),
            types: fields.iter().filter(|(k, _)| k == "types").map(|(_, v)| v.clone()).collect(),
            max_mb: get_field(fields, "max_mb").into(),
        }
    }

    pub fn allows(&self, t: &str) -> bool {
        self.types.iter().any(|x| x == t)
    }

    /// The item, keeping `existing`'s id and code for an edited question (`id` for a new one).
    pub fn check(&self, id: i64, existing: Option<&forms::Question>) -> Result<Item, FormErrors> {
        let mut errors = FormErrors::default();
        if self.item == "section" {
            text_error(&mut errors, "label", &self.label, true, 300);
            text_error(&mut errors, "help", &self.help, false, 2000);
            return if errors.is_empty() {
                Ok(Item::Section { title: self.label.trim().into(), help: self.help.trim().into() })
            } else {
                Err(errors)
            };
        }
        if self.item != "question" {
            errors.add("item", "calls-admin-error-choice");
        }
        text_error(&mut errors, "label", &self.label, true, 300);
        text_error(&mut errors, "help", &self.help, false, 1000);
        let choices: Vec<String> = self.choices.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        let kind = match self.kind.as_str() {
            "short_text" => Some(Kind::ShortText),
            "long_text" => Some(Kind::LongText),
            "single_choice" => Some(Kind::SingleChoice { choices: choices.clone() }),
            "multiple_choice" => Some(Kind::MultipleChoice { choices: choices.clone(), other: false }),
            "yes_no" => Some(Kind::YesNo),
            "number" => Some(Kind::Number { min: None, max: None }),
            "date" => Some(Kind::Date),
            "email" => Some(Kind::Email),
            "file" => {
                let types: Vec<String> = FILE_TYPES.iter().filter(|(t, _)| self.allows(t)).map(|(t, _)| t.to_string()).collect();
                if types.is_empty() || types.len() != self.types.len() {
                    errors.add("types", "calls-admin-error-file-types");
                }
                let mb = self.max_mb.trim().parse::<u64>().ok().filter(|n| (1..=MAX_FILE_MB).contains(n));
                if mb.is_none() {
                    errors.add("max_mb", "calls-admin-error-file-size");
                }
                Some(Kind::File { types, max_bytes: mb.unwrap_or(1) * 1_000_000 })
            }
            _ => {
                errors.add("kind", "calls-admin-error-choice");
                None
            }
        };
        if let Some(k) = &kind
            && matches!(k, Kind::SingleChoice { .. } | Kind::MultipleChoice { .. })
        {
            let mut distinct = choices.clone();
            distinct.sort();
            distinct.dedup();
            if choices.len() < 2 || distinct.len() != choices.len() {
                errors.add("choices", "forms-def-error-choices");
            }
        }
        let Some(kind) = kind else { return Err(errors) };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Item::Question(forms::Question {
            id: existing.map(|q| q.id).unwrap_or(id),
            code: existing.map(|q| q.code.clone()).unwrap_or_else(|| format!("q{id}")),
            label: self.label.trim().into(),
            help: self.help.trim().into(),
            required: self.required,
            condition: existing.and_then(|q| q.condition.clone()),
            kind,
        }))
    }
}

#[derive(askama::Template)]
#[template(path = "calls/admin_form.html")]
struct FormPage {
    l: Layout,
    nav: CallNav,
    items: Vec<Item>,
    editing: Option<usize>,
    form: ItemForm,
    errors: FormErrors,
    flash: Option<String>,
}

impl FormPage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| {
            self.l.t(match f {
                "label" => "calls-admin-q-label",
                "help" => "calls-admin-q-help",
                "kind" => "calls-admin-q-kind",
                "choices" => "calls-admin-q-choices",
                "types" => "calls-admin-q-types",
                "max_mb" => "calls-admin-q-max-mb",
                _ => "calls-admin-q-item",
            })
        })
    }

    fn kinds(&self) -> &'static [(&'static str, &'static str)] {
        KINDS
    }

    fn file_types(&self) -> &'static [(&'static str, &'static str)] {
        FILE_TYPES
    }

    /// The label key of a question's kind.
    fn kind_key(&self, item: &Item) -> &'static str {
        match item {
            Item::Question(q) => KINDS.iter().find(|(k, _)| *k == q.kind.name()).map(|(_, key)| *key).unwrap_or("calls-admin-q-short-text"),
            _ => "calls-admin-q-section",
        }
    }

    /// A question's settings in words (its options, its file types and limit).
    fn details(&self, item: &Item) -> String {
        match item {
            Item::Question(q) => match &q.kind {
                Kind::File { types, max_bytes } => {
                    let names: Vec<&str> =
                        types.iter().map(|t| FILE_TYPES.iter().find(|(x, _)| x == t).map(|(_, n)| *n).unwrap_or(t)).collect();
                    format!("{} · {} Mo", names.join(", "), max_bytes / 1_000_000)
                }
                k => k.choices().join(" · "),
            },
            Item::Section { help, .. } => help.clone(),
            Item::Statement { text } => text.clone(),
        }
    }

    fn title_of(&self, item: &Item) -> String {
        match item {
            Item::Question(q) => q.label.clone(),
            Item::Section { title, .. } => title.clone(),
            Item::Statement { .. } => String::new(),
        }
    }

    fn is_required(&self, item: &Item) -> bool {
        matches!(item, Item::Question(q) if q.required)
    }

    fn is_section(&self, item: &Item) -> bool {
        !matches!(item, Item::Question(_))
    }
}

async fn current(state: &AppState, call_id: i64) -> AppResult<FormDef> {
    Ok(form_store::get(&state.db, &owner(call_id)).await?.map(|f| f.def).unwrap_or_default())
}

async fn page(state: &AppState, ctx: &Ctx, call: &Call, editing: Option<usize>, form: ItemForm, errors: FormErrors) -> AppResult<FormPage> {
    let l = layout(state, ctx, ctx.tr.a("calls-admin-form-title", "title", &call.title)).await?;
    let items = current(state, call.id).await?.items;
    Ok(FormPage { l, nav: CallNav::new(call, "form"), items, editing, form, errors, flash: None })
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let (editing, form) = match q.modifier {
        Some(i) => {
            let def = current(&state, id).await?;
            let item = def.items.get(i as usize).ok_or(AppError::NotFound)?;
            (Some(i as usize), ItemForm::of(item))
        }
        None => (None, ItemForm::blank()),
    };
    let mut p = page(&state, &ctx, &call, editing, form, FormErrors::default()).await?;
    p.flash = super::flash(&ctx, q.ok.as_deref());
    html(&p)
}

/// Add (`index` None) or replace the item at `index`, in one transaction with the form locked.
async fn change(state: AppState, ctx: Ctx, id: i64, index: Option<usize>, fields: Vec<(String, String)>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    ctx.check_csrf(get_field(&fields, "csrf"))?;
    let form = ItemForm::read(&fields);
    let mut tx = state.db.begin().await?;
    let mut def = form_store::get_for_update(&mut tx, &owner(id)).await?.map(|f| f.def).unwrap_or_default();
    let existing = match index {
        Some(i) => match def.items.get(i) {
            Some(Item::Question(q)) => Some(q.clone()),
            Some(_) => None,
            None => return Err(AppError::NotFound),
        },
        None => None,
    };
    let new_id = form_store::next_question_id(&mut tx).await?;
    let mut result = form.check(new_id, existing.as_ref());
    if index.is_none() && def.items.len() >= MAX_ITEMS {
        let mut errors = FormErrors::default();
        errors.add("label", "calls-admin-error-form-full");
        result = Err(errors);
    }
    if let Ok(item) = &result {
        match index {
            Some(i) => def.items[i] = item.clone(),
            None => def.items.push(item.clone()),
        }
        if let Err(problems) = def.check() {
            let mut errors = FormErrors::default();
            for (_, key) in problems {
                errors.add("label", key);
            }
            result = Err(errors);
        }
    }
    match result {
        Ok(_) => {
            form_store::save(&mut tx, &owner(id), &def, ctx.now).await?;
            tx.commit().await?;
            Ok(see_other(&format!("/admin/appels/{id}/formulaire?ok=saved")))
        }
        Err(errors) => {
            tx.rollback().await?;
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, &call, index, form, errors).await?)
        }
    }
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    change(state, ctx, id, None, fields).await
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, usize)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    change(state, ctx, id, Some(item), fields).await
}

/// Remove an item (conditions on a removed question are dropped; its answers stay with the
/// form's earlier version).
async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, usize)>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    manageable(&state, user, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut tx = state.db.begin().await?;
    let mut def = form_store::get_for_update(&mut tx, &owner(id)).await?.map(|f| f.def).ok_or(AppError::NotFound)?;
    if item >= def.items.len() {
        return Err(AppError::NotFound);
    }
    let removed = def.items.remove(item);
    if let Item::Question(q) = removed {
        for other in def.items.iter_mut() {
            if let Item::Question(o) = other
                && o.condition.as_ref().is_some_and(|c| c.question == q.id)
            {
                o.condition = None;
            }
        }
    }
    form_store::save(&mut tx, &owner(id), &def, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/appels/{id}/formulaire?ok=deleted")))
}

/// Swap an item with the one before (or after) it; nothing changes when that would put a
/// question before the one its condition names.
async fn mv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, usize)>,
    Form(f): Form<CsrfForm>,
    up: bool,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    manageable(&state, user, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut tx = state.db.begin().await?;
    let mut def = form_store::get_for_update(&mut tx, &owner(id)).await?.map(|f| f.def).ok_or(AppError::NotFound)?;
    if item >= def.items.len() {
        return Err(AppError::NotFound);
    }
    let other = if up { item.checked_sub(1) } else { Some(item + 1).filter(|j| *j < def.items.len()) };
    if let Some(j) = other {
        def.items.swap(item, j);
        if def.check().is_ok() {
            form_store::save(&mut tx, &owner(id), &def, ctx.now).await?;
        }
    }
    tx.commit().await?;
    Ok(see_other(&format!("/admin/appels/{id}/formulaire?ok=saved")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_question_needs_known_types_and_a_size() {
        let f =
            ItemForm { label: "Budget du projet".into(), kind: "file".into(), types: vec!["application/pdf".into()], ..ItemForm::blank() };
        match f.check(7, None).unwrap() {
            Item::Question(q) => {
                assert_eq!(q.code, "q7");
                assert_eq!(q.kind, Kind::File { types: vec!["application/pdf".into()], max_bytes: 5_000_000 });
            }
            _ => panic!("a question"),
        }
        let bad = ItemForm { types: vec!["text/html".into()], max_mb: "500".into(), ..f };
        let e = bad.check(7, None).unwrap_err();
        assert!(e.has("types") && e.has("max_mb"));
        let choice = ItemForm { label: "Public".into(), kind: "single_choice".into(), choices: "Jeunes\n".into(), ..ItemForm::blank() };
        assert!(choice.check(8, None).unwrap_err().has("choices"));
    }
}
