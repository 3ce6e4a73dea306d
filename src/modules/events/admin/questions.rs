//! The questions editor: add, edit, delete and move the organiser's questions. They are the
//! event's form in the core's form kit: read with `questions::list`, each change saved whole
//! with `questions::save` (a new version of the form once it has answers, the earlier
//! answers keeping theirs). A choice needs two options at least, a condition names an
//! earlier question of the same event, at most `MAX_QUESTIONS`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::{layout, manageable};
use crate::core::error::{AppError, AppResult, too_long};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::events::Event;
use crate::modules::events::questions::{self, Kind, MAX_QUESTIONS, Question, split_choices};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/evenements/{id}/questions", get(show).post(create))
        .route("/admin/evenements/{id}/questions/{q}", post(update))
        .route(
            "/admin/evenements/{id}/questions/{q}/monter",
            post(|s: State<AppState>, c: Ctx, p: Path<(i64, i64)>, f: Form<CsrfForm>| mv(s, c, p, f, true)),
        )
        .route(
            "/admin/evenements/{id}/questions/{q}/descendre",
            post(|s: State<AppState>, c: Ctx, p: Path<(i64, i64)>, f: Form<CsrfForm>| mv(s, c, p, f, false)),
        )
        .route("/admin/evenements/{id}/questions/{q}/supprimer", get(confirm_delete).post(delete))
}

#[derive(serde::Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct QuestionForm {
    pub csrf: String,
    pub label: String,
    pub help: String,
    pub kind: String,
    pub choices: String,
    pub required: String,
    pub show_if_question: String,
    pub show_if_value: String,
}

/// A question that passed the checks.
pub struct QuestionInput {
    pub label: String,
    pub help: String,
    pub kind: Kind,
    pub choices: Vec<String>,
    pub required: bool,
    pub show_if_question: Option<i64>,
    pub show_if_value: String,
}

impl QuestionInput {
    /// The question with its id (the form's, kept when edited; a new one for a new question).
    fn into_question(self, id: i64, event_id: i64) -> Question {
        Question {
            id,
            event_id,
            position: 0,
            label: self.label,
            help: self.help,
            kind: self.kind,
            choices: self.choices,
            required: self.required,
            show_if_question: self.show_if_question,
            show_if_value: self.show_if_value,
        }
    }
}

impl QuestionForm {
    fn of(q: &Question) -> QuestionForm {
        QuestionForm {
            csrf: String::new(),
            label: q.label.clone(),
            help: q.help.clone(),
            kind: q.kind.as_str().into(),
            choices: q.choices.join("\n"),
            required: if q.required { "1".into() } else { String::new() },
            show_if_question: q.show_if_question.map(|i| i.to_string()).unwrap_or_default(),
            show_if_value: q.show_if_value.clone(),
        }
    }

    /// Check the form; `earlier` are the questions before this one (all of them for a new one).
    pub fn check(&self, earlier: &[Question]) -> Result<QuestionInput, FormErrors> {
        let mut errors = FormErrors::default();
        let label = self.label.trim();
        if label.is_empty() {
            errors.add("label", "field-required");
        } else if label.chars().count() > 300 {
            errors.add("label", &too_long(label.chars().count(), 300));
        }
        if self.help.chars().count() > 1000 {
            errors.add("help", &too_long(self.help.chars().count(), 1000));
        }
        let kind = Kind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "events-admin-error-question-kind");
        }
        let choices = split_choices(&self.choices);
        if kind == Some(Kind::Choice) && choices.len() < 2 {
            errors.add("choices", "events-admin-error-question-choices");
        }
        let condition = match self.show_if_question.trim() {
            "" => None,
            s => match s.parse::<i64>().ok().and_then(|id| earlier.iter().find(|q| q.id == id)) {
                Some(q) => Some(q.id),
                None => {
                    errors.add("show_if_question", "events-admin-error-question-condition");
                    None
                }
            },
        };
        if self.show_if_question.trim().is_empty() != self.show_if_value.trim().is_empty() && !errors.has("show_if_question") {
            errors
                .add(if condition.is_some() { "show_if_value" } else { "show_if_question" }, "events-admin-error-question-condition-value");
        }
        let Some(kind) = kind else { return Err(errors) };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(QuestionInput {
            label: label.to_string(),
            help: self.help.trim().to_string(),
            kind,
            choices: if kind == Kind::Choice { choices } else { vec![] },
            required: !self.required.is_empty(),
            show_if_question: condition,
            show_if_value: if condition.is_some() { self.show_if_value.trim().to_string() } else { String::new() },
        })
    }
}

#[derive(serde::Deserialize, Default)]
struct EditQuery {
    modifier: Option<i64>,
    ok: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "admin/events/questions.html")]
struct QuestionsPage {
    l: Layout,
    event: Event,
    questions: Vec<Question>,
    /// The question being edited, if any.
    editing: Option<i64>,
    form: QuestionForm,
    errors: FormErrors,
    flash: Option<String>,
}

impl QuestionsPage {
    fn kinds(&self) -> [Kind; 5] {
        Kind::ALL
    }

    fn label_of(&self, id: &i64) -> String {
        self.questions.iter().find(|q| q.id == *id).map(|q| q.label.clone()).unwrap_or_default()
    }

    /// The questions a condition may name: those before the one edited.
    fn earlier(&self) -> Vec<&Question> {
        match self.editing {
            Some(id) => self.questions.iter().take_while(|q| q.id != id).collect(),
            None => self.questions.iter().collect(),
        }
    }

    /// The error summary's lines, each message after its field's label.
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| self.field_label(f))
    }

    fn field_label(&self, field: &str) -> String {
        self.l.t(match field {
            "label" => "events-admin-question-label",
            "help" => "events-admin-question-help",
            "kind" => "events-admin-question-kind",
            "choices" => "events-admin-question-choices",
            "show_if_question" => "events-admin-question-condition",
            "show_if_value" => "events-admin-question-condition-value",
            _ => "events-admin-questions",
        })
    }

    fn is_full(&self) -> bool {
        self.editing.is_none() && self.questions.len() >= MAX_QUESTIONS
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    event: Event,
    editing: Option<i64>,
    form: QuestionForm,
    errors: FormErrors,
) -> AppResult<QuestionsPage> {
    let questions = questions::list(&state.db, event.id).await?;
    let l = layout(state, ctx, ctx.tr.a("events-admin-questions-title", "title", &event.title)).await?;
    Ok(QuestionsPage { l, event, questions, editing, form, errors, flash: None })
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<EditQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    let list = questions::list(&state.db, id).await?;
    let (editing, form) = match q.modifier {
        Some(qid) => {
            let question = list.iter().find(|x| x.id == qid).ok_or(AppError::NotFound)?;
            (Some(qid), QuestionForm::of(question))
        }
        None => (None, QuestionForm { kind: "text".into(), ..Default::default() }),
    };
    let mut p = page(&state, &ctx, event, editing, form, FormErrors::default()).await?;
    p.flash = match q.ok.as_deref() {
        Some("saved") => Some(ctx.tr.t("admin-flash-saved")),
        Some("deleted") => Some(ctx.tr.t("admin-flash-deleted")),
        Some("refused") => Some(ctx.tr.t("events-admin-question-move-refused")),
        _ => None,
    };
    html(&p)
}

async fn create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<QuestionForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    // The form locked while it is read, changed and saved (another organiser's change waits).
    let mut tx = state.db.begin().await?;
    let mut list = questions::list_for_update(&mut tx, id).await?;
    let checked = form.check(&list);
    let input = match checked {
        Ok(i) if list.len() < MAX_QUESTIONS => i,
        Ok(_) => {
            tx.rollback().await?;
            let mut errors = FormErrors::default();
            errors.add("label", "events-admin-error-question-max");
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, event, None, form, errors).await?);
        }
        Err(errors) => {
            tx.rollback().await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, event, None, form, errors).await?);
        }
    };
    let qid = questions::next_id(&mut tx).await?;
    list.push(input.into_question(qid, id));
    questions::save(&mut tx, id, &list, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/evenements/{id}/questions?ok=saved")))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, qid)): Path<(i64, i64)>,
    Form(form): Form<QuestionForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    let mut tx = state.db.begin().await?;
    let mut list = questions::list_for_update(&mut tx, id).await?;
    if !list.iter().any(|q| q.id == qid) {
        return Err(AppError::NotFound);
    }
    let earlier: Vec<Question> = list.iter().take_while(|q| q.id != qid).cloned().collect();
    let input = match form.check(&earlier) {
        Ok(i) => i,
        Err(errors) => {
            tx.rollback().await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, event, Some(qid), form, errors).await?);
        }
    };
    if let Some(q) = list.iter_mut().find(|q| q.id == qid) {
        *q = input.into_question(qid, id);
    }
    questions::save(&mut tx, id, &list, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/evenements/{id}/questions?ok=saved")))
}

/// Swap a question with the one before (or after) it; refused when that would put a
/// question before the one its condition names.
async fn mv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, qid)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
    up: bool,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    manageable(&state, user, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut tx = state.db.begin().await?;
    let mut list = questions::list_for_update(&mut tx, id).await?;
    let i = list.iter().position(|q| q.id == qid).ok_or(AppError::NotFound)?;
    let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < list.len()) };
    let Some(j) = j else { return Ok(see_other(&format!("/admin/evenements/{id}/questions"))) };
    let (first, second) = if up { (&list[j], &list[i]) } else { (&list[i], &list[j]) };
    if second.show_if_question == Some(first.id) {
        return Ok(see_other(&format!("/admin/evenements/{id}/questions?ok=refused")));
    }
    list.swap(i, j);
    questions::save(&mut tx, id, &list, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/evenements/{id}/questions?ok=saved")))
}

#[derive(askama::Template)]
#[template(path = "admin/events/confirm_delete.html")]
struct ConfirmPage {
    l: Layout,
    question: String,
    action: String,
    back: String,
}

async fn confirm_delete(State(state): State<AppState>, ctx: Ctx, Path((id, qid)): Path<(i64, i64)>) -> AppResult<Response> {
    let user = ctx.staff()?;
    manageable(&state, user, id).await?;
    let list = questions::list(&state.db, id).await?;
    let q = list.iter().find(|q| q.id == qid).ok_or(AppError::NotFound)?;
    let l = layout(&state, &ctx, ctx.tr.t("admin-confirm-title")).await?;
    html(&ConfirmPage {
        l,
        question: ctx.tr.a("events-admin-question-delete-question", "label", &q.label),
        action: format!("/admin/evenements/{id}/questions/{qid}/supprimer"),
        back: format!("/admin/evenements/{id}/questions"),
    })
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, qid)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    manageable(&state, user, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut tx = state.db.begin().await?;
    let mut list = questions::list_for_update(&mut tx, id).await?;
    if !list.iter().any(|q| q.id == qid) {
        return Err(AppError::NotFound);
    }
    // Conditions on it are dropped with it; its answers stay with the form's earlier version.
    list.retain(|q| q.id != qid);
    for q in list.iter_mut().filter(|q| q.show_if_question == Some(qid)) {
        q.show_if_question = None;
        q.show_if_value.clear();
    }
    questions::save(&mut tx, id, &list, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/evenements/{id}/questions?ok=deleted")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i64, label: &str) -> Question {
        Question {
            id,
            event_id: 1,
            position: id,
            label: label.into(),
            help: String::new(),
            kind: Kind::YesNo,
            choices: vec![],
            required: false,
            show_if_question: None,
            show_if_value: String::new(),
        }
    }

    #[test]
    fn choices_need_two_options_and_conditions_an_earlier_question() {
        let mut f = QuestionForm { label: "Repas".into(), kind: "choice".into(), choices: "Oui\n\n".into(), ..Default::default() };
        assert!(f.check(&[]).err().unwrap().has("choices"));
        f.choices = "Végétarien\nSans porc\n".into();
        assert_eq!(f.check(&[]).ok().unwrap().choices, vec!["Végétarien", "Sans porc"]);
        f.show_if_question = "7".into();
        f.show_if_value = "oui".into();
        assert!(f.check(&[q(3, "Venez-vous ?")]).err().unwrap().has("show_if_question"));
        assert_eq!(f.check(&[q(7, "Déjeunez-vous ?")]).ok().unwrap().show_if_question, Some(7));
        f.show_if_value.clear();
        assert!(f.check(&[q(7, "Déjeunez-vous ?")]).err().unwrap().has("show_if_value"));
    }
}
