//! JSON API v1 of the network: clubs and partners.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde_json::{Value, json};

use super::model::{Club, ClubDraft, Partner, PartnerDraft};
use super::store;
use crate::core::api::{self, ApiUser, Endpoint, doc};
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::web::{AppState, Json};

/// Every route of the network API (and the OpenAPI document) with its OpenAPI operation.
pub fn endpoints() -> Vec<Endpoint> {
    let one = || vec![doc::slug_param()];
    let all = |name: &str| doc::ok("Every one of them", doc::list_of(name));
    vec![
        Endpoint {
            method: "get",
            path: "/api/v1/clubs",
            handler: get(list_clubs),
            doc: doc::read("The clubs, national first", vec![], all("Club"), false),
        },
        Endpoint {
            method: "post",
            path: "/api/v1/clubs",
            handler: post(create_club),
            doc: doc::write(
                "Create a club (network administrators)",
                vec![],
                Some("ClubInput"),
                ("201", doc::ok("The club", doc::schema_ref("Club"))),
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/clubs/{slug}",
            handler: get(show_club),
            doc: doc::read("A club", one(), doc::ok("The club", doc::schema_ref("Club")), true),
        },
        Endpoint {
            method: "put",
            path: "/api/v1/clubs/{slug}",
            handler: put(update_club),
            doc: doc::write(
                "Replace a club's details (network administrators, or the club's administrators)",
                one(),
                Some("ClubInput"),
                ("200", doc::ok("The club", doc::schema_ref("Club"))),
            ),
        },
        Endpoint {
            method: "delete",
            path: "/api/v1/clubs/{slug}",
            handler: delete(delete_club),
            doc: {
                let mut d = doc::write(
                    "Delete a club that holds nothing (network administrators)",
                    one(),
                    None,
                    ("204", json!({ "description": "Deleted" })),
                );
                d["responses"]["409"] = doc::error_ref("The club still holds posts, events or members; `detail` says what");
                d
            },
        },
        Endpoint {
            method: "get",
            path: "/api/v1/partners",
            handler: get(list_partners),
            doc: doc::read("The partners, in their display order", vec![], all("Partner"), false),
        },
        Endpoint {
            method: "post",
            path: "/api/v1/partners",
            handler: post(create_partner),
            doc: doc::write(
                "Create a partner (network administrators)",
                vec![],
                Some("PartnerInput"),
                ("201", doc::ok("The partner", doc::schema_ref("Partner"))),
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/partners/{slug}",
            handler: get(show_partner),
            doc: doc::read("A partner", one(), doc::ok("The partner", doc::schema_ref("Partner")), true),
        },
        Endpoint {
            method: "put",
            path: "/api/v1/partners/{slug}",
            handler: put(update_partner),
            doc: doc::write(
                "Replace a partner's details (network administrators)",
                one(),
                Some("PartnerInput"),
                ("200", doc::ok("The partner", doc::schema_ref("Partner"))),
            ),
        },
        Endpoint {
            method: "delete",
            path: "/api/v1/partners/{slug}",
            handler: delete(delete_partner),
            doc: doc::write("Delete a partner (network administrators)", one(), None, ("204", json!({ "description": "Deleted" }))),
        },
    ]
}

pub fn schemas() -> Value {
    let s = json!({ "type": "string" });
    json!({
        "Club": { "type": "object", "properties": {
            "slug": s, "name": s, "national": { "type": "boolean" }, "territory": s, "director": s,
            "email": s, "phone": s, "city": s, "description": s, "url": { "type": "string", "format": "uri" } } },
        "ClubInput": { "type": "object", "additionalProperties": false, "required": ["name"], "properties": {
            "slug": { "type": "string", "description": "Made from the name when empty" }, "name": s, "territory": s,
            "director": s, "email": { "type": "string", "format": "email" }, "phone": s, "city": s, "description": s } },
        "Partner": { "type": "object", "properties": {
            "slug": s, "name": s, "kind": { "type": "string", "enum": super::model::PARTNER_KINDS },
            "website": s, "description": s, "position": { "type": "integer" },
            "logo_url": { "type": ["string", "null"], "format": "uri" } } },
        "PartnerInput": { "type": "object", "additionalProperties": false, "required": ["name", "kind"], "properties": {
            "slug": s, "name": s, "kind": { "type": "string", "enum": super::model::PARTNER_KINDS },
            "website": { "type": "string", "format": "uri" }, "description": s,
            "position": { "type": "integer", "minimum": 0, "default": 0 } } }
    })
}

/// A partner as written by an API client.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct PartnerBody {
    slug: String,
    name: String,
    kind: String,
    website: String,
    description: String,
    position: i64,
}

impl PartnerBody {
    fn draft(self) -> PartnerDraft {
        PartnerDraft {
            slug: self.slug,
            name: self.name,
            kind: self.kind,
            website: self.website,
            description: self.description,
            position: self.position.to_string(),
        }
    }
}

fn club_json(state: &AppState, c: &Club) -> Value {
    json!({
        "slug": c.slug, "name": c.name, "national": c.national, "territory": c.territory, "director": c.director,
        "email": c.email, "phone": c.phone, "city": c.city, "description": c.description, "url": state.absolute(&c.url()),
    })
}

fn partner_json(state: &AppState, p: &Partner) -> Value {
    json!({
        "slug": p.slug, "name": p.name, "kind": p.kind, "website": p.website, "description": p.description,
        "position": p.position, "logo_url": p.logo_url().map(|u| state.absolute(&u)),
    })
}

fn everything(data: Vec<Value>) -> Response {
    let n = data.len();
    axum::Json(json!({ "data": data, "meta": { "page": 1, "per_page": n, "total": n } })).into_response()
}

fn network_admin(user: &Principal) -> AppResult<()> {
    if user.is_network_admin() { Ok(()) } else { Err(AppError::Forbidden) }
}

fn slug_taken() -> AppError {
    AppError::Invalid(vec![FieldError { field: "slug".into(), message: "field-slug-taken".into() }])
}

async fn list_clubs(State(state): State<AppState>) -> AppResult<Response> {
    let clubs = store::list_clubs(&state.db).await?;
    Ok(everything(clubs.iter().map(|c| club_json(&state, c)).collect()))
}

async fn show_club(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let club = store::get_club_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    Ok(axum::Json(club_json(&state, &club)).into_response())
}

async fn create_club(State(state): State<AppState>, ApiUser(user): ApiUser, Json(body): Json<ClubDraft>) -> AppResult<Response> {
    network_admin(&user)?;
    let club = body.check().map_err(AppError::Invalid)?;
    if store::slug_taken(&state.db, store::Sluggy::Clubs, &club.slug, 0).await? {
        return Err(slug_taken());
    }
    let id = store::insert_club(&state.db, &club, state.now()).await?;
    let club = store::get_club(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(api::created(format!("/api/v1/clubs/{}", club.slug), club_json(&state, &club)))
}

async fn update_club(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<ClubDraft>,
) -> AppResult<Response> {
    let existing = store::get_club_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    if !user.can_manage_club(existing.id) {
        return Err(AppError::Forbidden);
    }
    let club = body.check().map_err(AppError::Invalid)?;
    if store::slug_taken(&state.db, store::Sluggy::Clubs, &club.slug, existing.id).await? {
        return Err(slug_taken());
    }
    store::update_club(&state.db, existing.id, &club).await?;
    let club = store::get_club(&state.db, existing.id).await?.ok_or(AppError::NotFound)?;
    Ok(axum::Json(club_json(&state, &club)).into_response())
}

/// Only a club that holds nothing goes: one with posts, events or members gets a 409 that says
/// what it holds (its content is never silently moved to the network, nor its members' roles
/// dropped).
async fn delete_club(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ctx: crate::core::web::Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let existing = store::get_club_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    network_admin(&user)?;
    if store::delete_empty_club(&state.db, existing.id).await? {
        return Ok(api::no_content());
    }
    let (posts, events, members) = store::club_holdings(&state.db, existing.id).await?;
    let holds: Vec<String> =
        [("network-club-holds-posts", posts), ("network-club-holds-events", events), ("network-club-holds-members", members)]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(key, n)| ctx.tr.n(key, n))
            .collect();
    Err(AppError::ConflictWith("network-club-not-empty", holds.join(", ")))
}

async fn list_partners(State(state): State<AppState>) -> AppResult<Response> {
    let partners = store::list_partners(&state.db).await?;
    Ok(everything(partners.iter().map(|p| partner_json(&state, p)).collect()))
}

async fn show_partner(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let p = store::get_partner_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    Ok(axum::Json(partner_json(&state, &p)).into_response())
}

async fn create_partner(State(state): State<AppState>, ApiUser(user): ApiUser, Json(body): Json<PartnerBody>) -> AppResult<Response> {
    network_admin(&user)?;
    let partner = body.draft().check().map_err(AppError::Invalid)?;
    if store::slug_taken(&state.db, store::Sluggy::Partners, &partner.slug, 0).await? {
        return Err(slug_taken());
    }
    let id = store::save_partner(&state.db, None, &partner, state.now()).await?;
    let p = store::get_partner(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(api::created(format!("/api/v1/partners/{}", p.slug), partner_json(&state, &p)))
}

async fn update_partner(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<PartnerBody>,
) -> AppResult<Response> {
    network_admin(&user)?;
    let existing = store::get_partner_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let mut partner = body.draft().check().map_err(AppError::Invalid)?;
    if store::slug_taken(&state.db, store::Sluggy::Partners, &partner.slug, existing.id).await? {
        return Err(slug_taken());
    }
    partner.logo_media_id = existing.logo_media_id;
    store::save_partner(&state.db, Some(existing.id), &partner, state.now()).await?;
    let p = store::get_partner(&state.db, existing.id).await?.ok_or(AppError::NotFound)?;
    Ok(axum::Json(partner_json(&state, &p)).into_response())
}

async fn delete_partner(State(state): State<AppState>, ApiUser(user): ApiUser, Path(slug): Path<String>) -> AppResult<Response> {
    network_admin(&user)?;
    let existing = store::get_partner_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    store::delete_partner(&state.db, existing.id).await?;
    Ok(api::no_content())
}
