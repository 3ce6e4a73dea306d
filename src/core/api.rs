//! The JSON API kit: bearer-token authentication, pagination, the endpoint list that builds
//! both the router and the OpenAPI document (so that no route goes undescribed).

use axum::Router;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use serde_json::{Value, json};

use crate::core::auth::{self, Principal};
use crate::core::error::{AppError, FieldError};
use crate::core::web::AppState;

/// One API route: its method, path, handler and OpenAPI operation, kept together.
pub struct Endpoint {
    /// Lowercase, as OpenAPI spells it: get, post, put, delete.
    pub method: &'static str,
    /// axum and OpenAPI share the `{param}` syntax.
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
    pub doc: Value,
}

/// The router of a list of endpoints (same path, several methods: merged).
pub fn router(endpoints: Vec<Endpoint>) -> Router<AppState> {
    endpoints.into_iter().fold(Router::new(), |r, e| r.route(e.path, e.handler))
}

/// The core's own endpoints: the OpenAPI document of the whole API.
fn own_endpoints() -> Vec<Endpoint> {
    vec![Endpoint {
        method: "get",
        path: "/api/v1/openapi.json",
        handler: axum::routing::get(openapi_document),
        doc: doc::read(
            "This document (OpenAPI 3.1)",
            vec![],
            json!({ "description": "The OpenAPI document", "content": { "application/json": {} } }),
            false,
        ),
    }]
}

/// The core's API routes.
pub fn routes() -> Router<AppState> {
    router(own_endpoints())
}

/// Every endpoint of the API: the core's and every module's (what the router serves under
/// `/api/v1`).
pub fn all_endpoints(modules: &crate::core::module::Modules) -> Vec<Endpoint> {
    own_endpoints().into_iter().chain(modules.endpoints()).collect()
}

/// The OpenAPI document, assembled from the core's endpoints and every module's.
async fn openapi_document(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let endpoints = all_endpoints(&state.modules);
    let all: Vec<&Endpoint> = endpoints.iter().collect();
    axum::Json(openapi(&state.config.public_url, &all, state.modules.api_schemas())).into_response()
}

/// The person behind `Authorization: Bearer <token>`; 401 with `WWW-Authenticate` otherwise.
pub struct ApiUser(pub Principal);

impl<S> FromRequestParts<S> for ApiUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 100);
        let principal = match token {
            Some(t) => auth::principal_for_api_token(&state.db, t, state.now()).await.map_err(|e| AppError::from(e).into_response())?,
            None => None,
        };
        principal.map(ApiUser).ok_or_else(unauthenticated)
    }
}

/// 401 with the challenge that tells a client to send a bearer token.
pub fn unauthenticated() -> Response {
    let mut r = AppError::Unauthenticated.into_response();
    r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"essaim\""));
    r
}

/// `?page=&per_page=` of a list, checked.
#[derive(Clone, Copy, Debug)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
}

pub const MAX_PER_PAGE: i64 = 100;

impl Paging {
    pub fn parse(page: Option<i64>, per_page: Option<i64>) -> Result<Paging, AppError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(20);
        let mut errors = vec![];
        if page < 1 {
            errors.push(FieldError { field: "page".into(), message: "api-error-page".into() });
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            errors.push(FieldError { field: "per_page".into(), message: "api-error-per-page".into() });
        }
        if errors.is_empty() { Ok(Paging { page, per_page }) } else { Err(AppError::Invalid(errors)) }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }

    /// `{ "data": [...], "meta": {...} }`
    pub fn body(&self, data: Vec<Value>, total: i64) -> Value {
        json!({ "data": data, "meta": self.meta(total) })
    }

    /// A page of typed items, serialized as [`Paging::body`].
    pub fn page<T: serde::Serialize>(&self, data: Vec<T>, total: i64) -> Page<T> {
        Page { data, meta: self.meta(total) }
    }

    pub fn meta(&self, total: i64) -> Meta {
        Meta { page: self.page, per_page: self.per_page, total }
    }
}

/// The `meta` of a list: the page, its size and how many items there are in all.
#[derive(Clone, Copy, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Meta {
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

/// A page of a list: `{ "data": [...], "meta": {...} }` (its schema: [`doc::list_of`]).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub meta: Meta,
}

/// The JSON body of every API error (`{ "error": {...} }`), written by the error renderer.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "Error")]
pub struct ApiError {
    pub error: ApiErrorBody,
}

#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "ErrorDetail")]
pub struct ApiErrorBody {
    /// The HTTP status.
    #[schemars(range(min = 400, max = 599))]
    pub status: u16,
    /// A stable message key, e.g. error-invalid.
    pub code: String,
    /// In the caller's language (Accept-Language).
    pub message: String,
    /// Each invalid field and its message (422, 409 of a taken value).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ApiFieldError>,
    /// A technical detail, e.g. where the JSON does not parse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "FieldError")]
pub struct ApiFieldError {
    pub field: String,
    pub message: String,
}

/// A date-time as the API writes it: RFC 3339 in UTC (its schema: a `date-time` string).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct DateTime(pub String);

impl DateTime {
    pub fn of(ts: i64) -> DateTime {
        DateTime(rfc3339(ts))
    }
}

impl schemars::JsonSchema for DateTime {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateTime".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

/// A unix timestamp as RFC 3339 (UTC).
pub fn rfc3339(ts: i64) -> String {
    jiff::Timestamp::from_second(ts).map(|t| t.to_string()).unwrap_or_default()
}

/// Parse an RFC 3339 date-time into a unix timestamp.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    s.trim().parse::<jiff::Timestamp>().ok().map(|t| t.as_second())
}

/// `201 Created` with `Location` and the created resource.
pub fn created(location: String, body: impl serde::Serialize) -> Response {
    (StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(body)).into_response()
}

pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// The strong `ETag` of a resource's version: `"<version>"`.
pub fn etag(version: i64) -> (header::HeaderName, HeaderValue) {
    let v = HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
    (header::ETAG, v)
}

/// A JSON response with the resource's `ETag`.
pub fn json_with_etag(status: StatusCode, version: i64, body: Value) -> Response {
    let mut r = (status, axum::Json(body)).into_response();
    let (k, v) = etag(version);
    r.headers_mut().insert(k, v);
    r
}

/// The version a write must find still current: None without `If-Match` (the write
/// proceeds whatever the version), `current` when `If-Match` names it (strong comparison: a
/// weak `W/"…"` never matches) or is `*`, and 412 otherwise. The store's conditional UPDATE
/// then checks it again, atomically.
pub fn if_match(headers: &axum::http::HeaderMap, current: i64) -> Result<Option<i64>, AppError> {
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let wanted = format!("\"{current}\"");
    let matches = value.to_str().is_ok_and(|v| v.split(',').map(str::trim).any(|t| t == "*" || t == wanted));
    if matches { Ok(Some(current)) } else { Err(AppError::PreconditionFailed("api-error-stale")) }
}

/// A replacement (`PUT`) must name every field: one 422 listing each missing one.
pub fn require_fields(missing: &[&str]) -> Result<(), AppError> {
    if missing.is_empty() {
        return Ok(());
    }
    Err(AppError::Invalid(missing.iter().map(|f| FieldError { field: (*f).into(), message: "api-error-missing-field".into() }).collect()))
}

/// Deserialize a field of a partial update so that absent (`None`, by `#[serde(default)]`)
/// and `null` (`Some(None)`) differ: JSON merge-patch semantics.
pub fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// The schemas of one write type under its three uses: `<name>Input` (POST: only `create_required`
/// required), `<name>Replace` (PUT: every writable field required), and the type's own (PATCH:
/// nothing required). Read-only properties (`readOnly: true`, accepted and ignored) are never
/// required.
pub fn write_schemas(schemas: &mut Value, patch: &str, input: &str, replace: &str, create_required: &[&str]) {
    let Some(base) = schemas.get(patch).cloned() else { return };
    let writable: Vec<Value> = base["properties"]
        .as_object()
        .map(|m| m.iter().filter(|(_, s)| s["readOnly"] != json!(true)).map(|(k, _)| json!(k)).collect())
        .unwrap_or_default();
    let mut replace_schema = base.clone();
    replace_schema["required"] = Value::Array(writable);
    let mut input_schema = base;
    input_schema["required"] = json!(create_required);
    if let Some(m) = schemas.as_object_mut() {
        m.insert(replace.into(), replace_schema);
        m.insert(input.into(), input_schema);
    }
}

/// Component schemas derived from Rust types (`#[derive(schemars::JsonSchema)]`): `add` calls
/// `g.subschema_for::<T>()` for each type an endpoint names; the types they contain land beside
/// them. References read `#/components/schemas/T` (JSON Schema 2020-12, as OpenAPI 3.1 uses), so
/// [`doc::schema_ref`] names a derived type as it names any other schema.
pub fn derived_schemas(add: impl FnOnce(&mut schemars::SchemaGenerator)) -> Value {
    let mut g =
        schemars::generate::SchemaSettings::draft2020_12().with(|s| s.definitions_path = "/components/schemas/".into()).into_generator();
    add(&mut g);
    Value::Object(g.take_definitions(true))
}

/// Reusable OpenAPI pieces.
pub mod doc {
    use serde_json::{Value, json};

    pub fn error_ref(description: &str) -> Value {
        json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
    }

    pub fn ok(description: &str, schema: Value) -> Value {
        json!({ "description": description, "content": { "application/json": { "schema": schema } } })
    }

    pub fn schema_ref(name: &str) -> Value {
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    pub fn list_of(name: &str) -> Value {
        json!({ "type": "object", "required": ["data", "meta"], "properties": {
            "data": { "type": "array", "items": schema_ref(name) },
            "meta": schema_ref("Meta") } })
    }

    pub fn slug_param() -> Value {
        json!({ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } })
    }

    pub fn paging_params() -> Vec<Value> {
        vec![
            json!({ "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1, "default": 1 } }),
            json!({ "name": "per_page", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 } }),
        ]
    }

    /// A public read operation.
    pub fn read(summary: &str, params: Vec<Value>, response: Value, not_found: bool) -> Value {
        let mut responses = json!({ "200": response, "400": error_ref("Bad parameter"), "422": error_ref("Invalid parameter") });
        if not_found {
            responses["404"] = error_ref("Not found");
        }
        json!({ "summary": summary, "parameters": params, "security": [], "responses": responses })
    }

    /// A read operation whose success answers the resource's `ETag`.
    pub fn with_etag(mut op: Value) -> Value {
        op["responses"]["200"]["headers"] = json!({ "ETag": { "description": "The resource's version, strong: \"<version>\"; send it back in If-Match", "schema": { "type": "string" } } });
        op
    }

    /// A write that may collide with another resource's unique value (409).
    pub fn with_conflict(mut op: Value) -> Value {
        op["responses"]["409"] = error_ref("A value (such as the slug) another resource already has");
        op
    }

    /// A write operation on a versioned resource: the optional `If-Match`, and 412 when it no
    /// longer names the current version (409: a value already taken).
    pub fn with_if_match(op: Value) -> Value {
        let mut op = with_conflict(op);
        if let Some(params) = op["parameters"].as_array_mut() {
            params.push(json!({ "name": "If-Match", "in": "header", "required": false,
                "description": "The ETag read earlier: the write happens only if nobody changed the resource since. Without it the write proceeds.",
                "schema": { "type": "string" } }));
        }
        op["responses"]["412"] = error_ref("If-Match no longer names the current version: nothing was written; read it again");
        op
    }

    /// A write operation with a bearer token. `body` None: no request body (DELETE).
    pub fn write(summary: &str, params: Vec<Value>, body: Option<&str>, success: (&str, Value)) -> Value {
        let mut op = json!({
            "summary": summary,
            "parameters": params,
            "security": [{ "bearer": [] }],
            "responses": {
                success.0: success.1,
                "400": error_ref("Malformed JSON or wrong types; `detail` says where"),
                "401": error_ref("Missing, invalid or revoked token (with WWW-Authenticate: Bearer)"),
                "403": error_ref("The token's person may not do this"),
                "404": error_ref("Not found"),
                "422": error_ref("Invalid fields; `fields` lists each field and a message"),
            }
        });
        if let Some(name) = body {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": schema_ref(name) } } });
        }
        op
    }

    /// The core's own schemas, derived from its types: `Error` (every error body) and `Meta`
    /// (the `meta` of every list).
    pub fn error_schemas() -> Value {
        super::derived_schemas(|g| {
            g.subschema_for::<super::ApiError>();
            g.subschema_for::<super::Meta>();
        })
    }
}

/// The OpenAPI 3.1 document of a list of endpoints, with the given component schemas.
pub fn openapi(base_url: &str, endpoints: &[&Endpoint], schemas: Value) -> Value {
    let mut paths = serde_json::Map::new();
    for e in endpoints {
        let entry = paths.entry(e.path.to_string()).or_insert_with(|| json!({}));
        entry[e.method] = e.doc.clone();
    }
    let mut all = doc::error_schemas();
    if let (Some(all), Some(extra)) = (all.as_object_mut(), schemas.as_object()) {
        all.extend(extra.clone());
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "essaim API", "version": "1", "description":
            "Read published content without a token; write with a personal API token (Authorization: Bearer …), \
             with the same rights as in the back office. Errors are JSON objects in the caller's language." },
        "servers": [{ "url": base_url }],
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "A personal API token issued by a network administrator" } },
            "schemas": all
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test
    use super::*;

    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)] // only its schema is used
    struct Inner {
        name: String,
    }

    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)] // only its schema is used
    struct Outer {
        inner: Inner,
        count: Option<i64>,
    }

    #[test]
    fn derived_schemas_refer_to_components() {
        let s = derived_schemas(|g| {
            g.subschema_for::<Outer>();
        });
        assert_eq!(s["Outer"]["properties"]["inner"]["$ref"], "#/components/schemas/Inner");
        assert_eq!(s["Inner"]["properties"]["name"]["type"], "string");
        assert_eq!(s["Outer"]["required"], json!(["inner"]));
    }
}
