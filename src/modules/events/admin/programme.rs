//! The programme editor: add, edit and delete slots with their speakers and moderators (one
//! per line, "Name ; title ; organisation"). A workshop's capacity is never set below the seats
//! it already holds (a conditional UPDATE), and a slot that holds seats is not deleted.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::{layout, manageable};
use crate::core::error::{AppError, AppResult, too_long};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::events::Event;
use crate::modules::events::store::{self, programme::SlotInput};

pub const KINDS: [&str; 5] = ["talk", "workshop", "round-table", "break", "welcome"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/evenements/{id}/programme", get(show).post(create))
        .route("/admin/evenements/{id}/programme/{slot}", post(update))
        .route("/admin/evenements/{id}/programme/{slot}/supprimer", post(delete))
}

/// A slot as the editor shows it: the programme's own type, with its people.
pub type SlotRow = crate::modules::events::Slot;

async fn list_slots(db: &crate::core::db::Db, event_id: i64) -> Result<Vec<SlotRow>, sqlx::Error> {
    crate::modules::events::list_slots(db, event_id).await
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SlotForm {
    pub csrf: String,
    pub starts_at: String,
    pub ends_at: String,
    pub title: String,
    pub description: String,
    pub room: String,
    pub kind: String,
    pub capacity: String,
    pub speakers: String,
    pub moderators: String,
}

/// "Name ; title ; organisation" lines.
fn people_lines(s: &str, role: &str) -> Option<Vec<(String, String, String, String)>> {
    let mut out = vec![];
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.split(';').map(str::trim);
        let name = parts.next().unwrap_or("").to_string();
        let title = parts.next().unwrap_or("").to_string();
        let org = parts.next().unwrap_or("").to_string();
        if name.is_empty() || parts.next().is_some() || line.chars().count() > 300 {
            return None;
        }
        out.push((name, title, org, role.to_string()));
    }
    Some(out)
}

fn join_people(people: &[crate::modules::events::SlotPerson], role: &str) -> String {
    people
        .iter()
        .filter(|p| p.role == role)
        .map(|p| {
            let (t, o) = (&p.title, &p.organisation);
            let mut parts = vec![p.name.as_str()];
            if !t.is_empty() || !o.is_empty() {
                parts.push(t);
            }
            if !o.is_empty() {
                parts.push(o);
            }
            parts.join(" ; ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl SlotForm {
    fn of(s: &SlotRow, tr: &crate::core::i18n::Tr) -> SlotForm {
        SlotForm {
            csrf: String::new(),
            starts_at: tr.input_datetime(s.starts_at),
            ends_at: tr.input_datetime(s.ends_at),
            title: s.title.clone(),
            description: s.description.clone(),
            room: s.room.clone(),
            kind: s.kind.clone(),
            capacity: s.capacity.map(|c| c.to_string()).unwrap_or_default(),
            speakers: join_people(&s.people, "speaker"),
            moderators: join_people(&s.people, "moderator"),
        }
    }

    fn check(&self, parse: impl Fn(&str) -> Option<i64>, registered: i64) -> Result<SlotInput, FormErrors> {
        let mut errors = FormErrors::default();
        let title = self.title.trim();
        if title.is_empty() {
            errors.add("title", "field-required");
        } else if title.chars().count() > 300 {
            errors.add("title", &too_long(title.chars().count(), 300));
        }
        let starts = parse(&self.starts_at);
        if starts.is_none() {
            errors.add("starts_at", "field-date");
        }
        let ends = parse(&self.ends_at);
        if ends.is_none() {
            errors.add("ends_at", "field-date");
        }
        if let (Some(s), Some(e)) = (starts, ends)
            && e < s
        {
            errors.add("ends_at", "events-admin-error-end-before-start");
        }
        if !KINDS.contains(&self.kind.as_str()) {
            errors.add("kind", "events-admin-error-slot-kind");
        }
        let capacity = match self.capacity.trim() {
            "" => None,
            c => match c.parse::<i64>() {
                Ok(n) if n >= registered && n <= 100_000 => Some(n),
                Ok(n) if (0..registered).contains(&n) => {
                    errors.add("capacity", "events-admin-error-slot-capacity-below");
                    None
                }
                _ => {
                    errors.add("capacity", "events-admin-error-capacity");
                    None
                }
            },
        };
        let speakers = people_lines(&self.speakers, "speaker");
        if speakers.is_none() {
            errors.add("speakers", "events-admin-error-people");
        }
        let moderators = people_lines(&self.moderators, "moderator");
        if moderators.is_none() {
            errors.add("moderators", "events-admin-error-people");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SlotInput {
            starts_at: starts.unwrap_or_default(),
            ends_at: ends.unwrap_or_default(),
            title: title.to_string(),
            description: self.description.trim().to_string(),
            room: self.room.trim().to_string(),
            kind: self.kind.clone(),
            capacity,
            people: speakers.unwrap_or_default().into_iter().chain(moderators.unwrap_or_default()).collect(),
        })
    }
}

#[derive(serde::Deserialize, Default)]
struct EditQuery {
    modifier: Option<i64>,
    ok: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "admin/events/programme.html")]
struct ProgrammePage {
    l: Layout,
    event: Event,
    slots: Vec<SlotRow>,
    editing: Option<i64>,
    form: SlotForm,
    errors: FormErrors,
    flash: Option<String>,
}

impl ProgrammePage {
    fn kinds(&self) -> [&'static str; 5] {
        KINDS
    }

    fn kind_key(&self, kind: &str) -> String {
        format!("events-admin-slot-kind-{kind}")
    }

    fn people_of(&self, s: &SlotRow, role: &str) -> String {
        s.people.iter().filter(|p| p.role == role).map(|p| p.name.clone()).collect::<Vec<_>>().join(", ")
    }

    /// The error summary's lines, each message after its field's label.
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| self.field_label(f))
    }

    fn field_label(&self, field: &str) -> String {
        self.l.t(match field {
            "starts_at" => "events-admin-field-starts",
            "ends_at" => "events-admin-field-ends",
            "kind" => "events-admin-slot-kind",
            "capacity" => "events-admin-slot-capacity",
            "speakers" => "events-admin-slot-speakers",
            "moderators" => "events-admin-slot-moderators",
            _ => "admin-field-title",
        })
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    event: Event,
    editing: Option<i64>,
    form: SlotForm,
    errors: FormErrors,
) -> AppResult<ProgrammePage> {
    let slots = list_slots(&state.db, event.id).await?;
    let l = layout(state, ctx, ctx.tr.a("events-admin-programme-title", "title", &event.title)).await?;
    Ok(ProgrammePage { l, event, slots, editing, form, errors, flash: None })
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<EditQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    let slots = list_slots(&state.db, id).await?;
    let (editing, form) = match q.modifier {
        Some(sid) => (Some(sid), SlotForm::of(slots.iter().find(|s| s.id == sid).ok_or(AppError::NotFound)?, &ctx.tr)),
        None => {
            let start = ctx.tr.input_datetime(event.starts_at);
            (None, SlotForm { starts_at: start.clone(), ends_at: start, kind: "talk".into(), ..Default::default() })
        }
    };
    let mut p = page(&state, &ctx, event, editing, form, FormErrors::default()).await?;
    p.flash = match q.ok.as_deref() {
        Some("saved") => Some(ctx.tr.t("admin-flash-saved")),
        Some("deleted") => Some(ctx.tr.t("admin-flash-deleted")),
        Some("kept") => Some(ctx.tr.t("events-admin-slot-delete-refused")),
        _ => None,
    };
    html(&p)
}

async fn create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<SlotForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    let input = match form.check(|s| ctx.tr.parse_input_datetime(s), 0) {
        Ok(i) => i,
        Err(errors) => return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, event, None, form, errors).await?),
    };
    store::programme::create_slot(&state.db, id, &input).await?;
    Ok(see_other(&format!("/admin/evenements/{id}/programme?ok=saved")))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(i64, i64)>,
    Form(form): Form<SlotForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    let slots = list_slots(&state.db, id).await?;
    let slot = slots.iter().find(|s| s.id == sid).ok_or(AppError::NotFound)?;
    let input = match form.check(|s| ctx.tr.parse_input_datetime(s), slot.registered) {
        Ok(i) => i,
        Err(errors) => return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, event, Some(sid), form, errors).await?),
    };
    let saved = store::programme::update_slot(&state.db, id, sid, &input).await?;
    if !saved {
        let mut errors = FormErrors::default();
        errors.add("capacity", "events-admin-error-slot-capacity-below");
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, event, Some(sid), form, errors).await?);
    }
    Ok(see_other(&format!("/admin/evenements/{id}/programme?ok=saved")))
}

#[derive(serde::Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    manageable(&state, user, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let deleted = store::programme::delete_slot(&state.db, id, sid).await?;
    Ok(see_other(&format!("/admin/evenements/{id}/programme?ok={}", if deleted { "deleted" } else { "kept" })))
}
