//! JSON API v1 of the network: clubs and partners.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post, put};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
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
            handler: put(write_club::<true>),
            doc: doc::with_conflict(doc::write(
                "Replace a club's details: every writable field must be sent, 422 names each missing one (network administrators, or the club's administrators)",
                one(),
                Some("ClubReplace"),
                ("200", doc::ok("The club", doc::schema_ref("Club"))),
            )),
        },
        Endpoint {
            method: "patch",
            path: "/api/v1/clubs/{slug}",
            handler: patch(write_club::<false>),
            doc: doc::with_conflict(doc::write(
                "Change some of a club's details: only the fields sent change, null empties one (network administrators, or the club's administrators)",
                one(),
                Some("ClubPatch"),
                ("200", doc::ok("The club", doc::schema_ref("Club"))),
            )),
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
            handler: put(write_partner::<true>),
            doc: doc::with_conflict(doc::write(
                "Replace a partner's details: every writable field must be sent, 422 names each missing one (network administrators)",
                one(),
                Some("PartnerReplace"),
                ("200", doc::ok("The partner", doc::schema_ref("Partner"))),
            )),
        },
        Endpoint {
            method: "patch",
            path: "/api/v1/partners/{slug}",
            handler: patch(write_partner::<false>),
            doc: doc::with_conflict(doc::write(
                "Change some of a partner's details: only the fields sent change, null restores a field's default (network administrators)",
                one(),
                Some("PartnerPatch"),
                ("200", doc::ok("The partner", doc::schema_ref("Partner"))),
            )),
        },
        Endpoint {
            method: "delete",
            path: "/api/v1/partners/{slug}",
            handler: delete(delete_partner),
            doc: doc::write("Delete a partner (network administrators)", one(), None, ("204", json!({ "description": "Deleted" }))),
        },
    ]
}

/// The schemas the network endpoints refer to, derived from the types the handlers read and
/// write (each write body under its three uses: `…Input` for POST, `…Replace` for PUT,
/// `…Patch` for PATCH).
pub fn schemas() -> Value {
    let mut s = api::derived_schemas(|g| {
        g.subschema_for::<ClubOut>();
        g.subschema_for::<ClubWrite>();
        g.subschema_for::<PartnerOut>();
        g.subschema_for::<PartnerWrite>();
    });
    api::write_schemas(&mut s, "ClubPatch", "ClubInput", "ClubReplace", &["name"]);
    api::write_schemas(&mut s, "PartnerPatch", "PartnerInput", "PartnerReplace", &["name", "kind"]);
    s
}

/// A club as the API shows it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Club")]
pub struct ClubOut {
    slug: String,
    name: String,
    national: bool,
    territory: String,
    director: String,
    email: String,
    phone: String,
    city: String,
    description: String,
    #[schemars(url)]
    url: String,
}

/// A club as written by an API client: POST takes the defaults of absent fields, PUT
/// requires every writable field, PATCH changes only the fields sent (null empties one).
/// The read-only fields of `Club` are accepted and ignored, so that a GET can be sent back.
#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ClubPatch")]
pub struct ClubWrite {
    /// Made from the name when empty.
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 80))]
    slug: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 200))]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 200))]
    territory: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 200))]
    director: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", email)]
    email: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>")]
    phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 200))]
    city: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 5000))]
    description: Option<Option<String>>,
    // Read-only fields of `Club`: accepted, ignored.
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    national: Option<Value>,
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    url: Option<Value>,
}

/// Set `target` when the field was sent (null empties it).
fn set(target: &mut String, v: Option<Option<String>>) {
    if let Some(v) = v {
        *target = v.unwrap_or_default();
    }
}

impl ClubWrite {
    fn missing(&self) -> Vec<&'static str> {
        let f = [
            ("slug", &self.slug),
            ("name", &self.name),
            ("territory", &self.territory),
            ("director", &self.director),
            ("email", &self.email),
            ("phone", &self.phone),
            ("city", &self.city),
            ("description", &self.description),
        ];
        f.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| *k).collect()
    }

    /// The fields sent, over `d`.
    fn apply(self, d: &mut ClubDraft) {
        set(&mut d.slug, self.slug);
        set(&mut d.name, self.name);
        set(&mut d.territory, self.territory);
        set(&mut d.director, self.director);
        set(&mut d.email, self.email);
        set(&mut d.phone, self.phone);
        set(&mut d.city, self.city);
        set(&mut d.description, self.description);
    }
}

/// A partner as the API shows it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Partner")]
pub struct PartnerOut {
    slug: String,
    name: String,
    #[schemars(extend("enum" = super::model::PARTNER_KINDS))]
    kind: String,
    website: String,
    description: String,
    position: i64,
    #[schemars(url)]
    logo_url: Option<String>,
}

/// A partner as written by an API client (POST, PUT, PATCH as for clubs).
#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PartnerPatch")]
pub struct PartnerWrite {
    /// Made from the name when empty.
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 80))]
    slug: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 200))]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", extend("enum" = super::model::PARTNER_KINDS))]
    kind: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", url, length(max = 500))]
    website: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 5000))]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<i64>", range(min = 0, max = 100_000), extend("default" = 0))]
    position: Option<Option<i64>>,
    // Read-only field of `Partner`: accepted, ignored.
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    logo_url: Option<Value>,
}

impl PartnerWrite {
    fn missing(&self) -> Vec<&'static str> {
        let strings = [
            ("slug", &self.slug),
            ("name", &self.name),
            ("kind", &self.kind),
            ("website", &self.website),
            ("description", &self.description),
        ];
        let mut m: Vec<&'static str> = strings.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| *k).collect();
        if self.position.is_none() {
            m.push("position");
        }
        m
    }

    /// The fields sent, over `d`.
    fn apply(self, d: &mut PartnerDraft) {
        set(&mut d.slug, self.slug);
        set(&mut d.name, self.name);
        set(&mut d.kind, self.kind);
        set(&mut d.website, self.website);
        set(&mut d.description, self.description);
        if let Some(p) = self.position {
            d.position = p.map(|n| n.to_string()).unwrap_or_default();
        }
    }
}

fn club_json(state: &AppState, c: &Club) -> Value {
    let out = ClubOut {
        slug: c.slug.clone(),
        name: c.name.clone(),
        national: c.national,
        territory: c.territory.clone(),
        director: c.director.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        city: c.city.clone(),
        description: c.description.clone(),
        url: state.absolute(&c.url()),
    };
    serde_json::to_value(out).unwrap_or(Value::Null)
}

fn partner_json(state: &AppState, p: &Partner) -> Value {
    let out = PartnerOut {
        slug: p.slug.clone(),
        name: p.name.clone(),
        kind: p.kind.clone(),
        website: p.website.clone(),
        description: p.description.clone(),
        position: p.position,
        logo_url: p.logo_url().map(|u| state.absolute(&u)),
    };
    serde_json::to_value(out).unwrap_or(Value::Null)
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

async fn create_club(State(state): State<AppState>, ApiUser(user): ApiUser, Json(body): Json<ClubWrite>) -> AppResult<Response> {
    network_admin(&user)?;
    let mut draft = ClubDraft::default();
    body.apply(&mut draft);
    let club = draft.check().map_err(AppError::Invalid)?;
    if store::slug_taken(&state.db, store::Sluggy::Clubs, &club.slug, 0).await? {
        return Err(slug_taken());
    }
    let id = store::insert_club(&state.db, &club, state.now()).await?;
    let club = store::get_club(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(api::created(format!("/api/v1/clubs/{}", club.slug), club_json(&state, &club)))
}

/// PUT (`replace`: every field required) or PATCH (over the stored club).
async fn update_club(state: &AppState, user: &Principal, slug: &str, body: ClubWrite, replace: bool) -> AppResult<Response> {
    let existing = store::get_club_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if !user.can_manage_club(existing.id) {
        return Err(AppError::Forbidden);
    }
    let mut draft = if replace {
        api::require_fields(&body.missing())?;
        ClubDraft::default()
    } else {
        ClubDraft::of(&existing)
    };
    body.apply(&mut draft);
    let club = draft.check().map_err(AppError::Invalid)?;
    if store::slug_taken(&state.db, store::Sluggy::Clubs, &club.slug, existing.id).await? {
        return Err(slug_taken());
    }
    store::update_club(&state.db, existing.id, &club).await?;
    let club = store::get_club(&state.db, existing.id).await?.ok_or(AppError::NotFound)?;
    Ok(axum::Json(club_json(state, &club)).into_response())
}

/// PUT (`REPLACE`, a full replacement) or PATCH of a club.
async fn write_club<const REPLACE: bool>(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<ClubWrite>,
) -> AppResult<Response> {
    update_club(&state, &user, &slug, body, REPLACE).await
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

async fn create_partner(State(state): State<AppState>, ApiUser(user): ApiUser, Json(body): Json<PartnerWrite>) -> AppResult<Response> {
    network_admin(&user)?;
    let mut draft = PartnerDraft::default();
    body.apply(&mut draft);
    let partner = draft.check().map_err(AppError::Invalid)?;
    if store::slug_taken(&state.db, store::Sluggy::Partners, &partner.slug, 0).await? {
        return Err(slug_taken());
    }
    let id = store::save_partner(&state.db, None, &partner, state.now()).await?;
    let p = store::get_partner(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(api::created(format!("/api/v1/partners/{}", p.slug), partner_json(&state, &p)))
}

/// PUT (`replace`: every field required) or PATCH (over the stored partner).
async fn update_partner(state: &AppState, user: &Principal, slug: &str, body: PartnerWrite, replace: bool) -> AppResult<Response> {
    network_admin(user)?;
    let existing = store::get_partner_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let mut draft = if replace {
        api::require_fields(&body.missing())?;
        PartnerDraft::default()
    } else {
        PartnerDraft::of(&existing)
    };
    body.apply(&mut draft);
    let mut partner = draft.check().map_err(AppError::Invalid)?;
    if store::slug_taken(&state.db, store::Sluggy::Partners, &partner.slug, existing.id).await? {
        return Err(slug_taken());
    }
    partner.logo_media_id = existing.logo_media_id;
    store::save_partner(&state.db, Some(existing.id), &partner, state.now()).await?;
    let p = store::get_partner(&state.db, existing.id).await?.ok_or(AppError::NotFound)?;
    Ok(axum::Json(partner_json(state, &p)).into_response())
}

/// PUT (`REPLACE`, a full replacement) or PATCH of a partner.
async fn write_partner<const REPLACE: bool>(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<PartnerWrite>,
) -> AppResult<Response> {
    update_partner(&state, &user, &slug, body, REPLACE).await
}

async fn delete_partner(State(state): State<AppState>, ApiUser(user): ApiUser, Path(slug): Path<String>) -> AppResult<Response> {
    network_admin(&user)?;
    let existing = store::get_partner_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    store::delete_partner(&state.db, existing.id).await?;
    Ok(api::no_content())
}
