//! The OpenAPI document states the constraints the handlers enforce, from the types they parse
//! and return (derived schemas): what schemathesis (`scripts/api-fuzz`) generates and checks
//! against. The events' inputs, the Idempotency-Key header, the events' and the core's
//! responses (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::TestApp;
use serde_json::{Value, json};

async fn document(app: &TestApp) -> Value {
    crate::common::client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn the_events_schemas_carry_the_handlers_constraints() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let s = &doc["components"]["schemas"];

    let booking = &s["BookingInput"];
    assert_eq!(booking["additionalProperties"], false);
    assert_eq!(booking["required"], json!(["contact_name", "email"]));
    assert_eq!(booking["properties"]["contact_name"]["maxLength"], 100);
    assert_eq!(booking["properties"]["email"]["format"], "email");
    assert_eq!(booking["properties"]["seats"]["maximum"], 10);
    assert_eq!(booking["properties"]["attendees"]["maxItems"], 10);
    assert_eq!(booking["properties"]["attendees"]["items"]["maxLength"], 100);
    assert_eq!(booking["properties"]["idempotency_key"]["pattern"], "^[A-Za-z0-9_-]{16,64}$");
    let book = &doc["paths"]["/api/v1/events/{slug}/registrations"]["post"];
    let key = book["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "Idempotency-Key").unwrap();
    assert_eq!((key["schema"]["minLength"].clone(), key["schema"]["maxLength"].clone()), (json!(16), json!(64)));

    let input = &s["EventInput"];
    assert_eq!(input["required"], json!(["title", "starts_at", "ends_at", "capacity"]));
    assert_eq!(input["properties"]["title"]["maxLength"], 200);
    assert_eq!(input["properties"]["capacity"]["maximum"], 100000);
    assert_eq!(input["properties"]["retention_days"]["minimum"], 1);
    assert_eq!(input["properties"]["starts_at"]["format"], "date-time");
    let patch = &s["EventPatch"];
    assert_eq!(patch["additionalProperties"], false);
    assert!(patch["properties"]["status"]["enum"].as_array().unwrap().contains(&json!("cancelled")));
    let stale = &doc["paths"]["/api/v1/events/{slug}"]["patch"];
    assert!(stale["responses"]["412"].is_object() && stale["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "If-Match"));

    // Responses: every field the handlers write is described, with its type.
    let event = &s["Event"];
    for field in ["id", "slug", "url", "club", "starts_at", "places_left", "registration", "description_html", "programme", "questions"] {
        assert!(event["properties"][field].is_object(), "Event.{field}: {event}");
    }
    assert_eq!(event["properties"]["starts_at"]["format"], "date-time");
    assert!(s["Booking"]["required"].as_array().unwrap().contains(&json!("token")));
    assert!(s["Registration"]["properties"]["anonymised"]["type"] == "boolean");
}

#[tokio::test]
async fn the_core_error_and_meta_schemas_are_derived_and_match_the_bodies() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let error = &doc["components"]["schemas"]["Error"];
    assert_eq!(error["required"], json!(["error"]));
    let body = &doc["components"]["schemas"][error["properties"]["error"]["$ref"].as_str().unwrap().rsplit('/').next().unwrap()];
    assert_eq!(body["required"], json!(["status", "code", "message"]));
    assert_eq!(doc["components"]["schemas"]["Meta"]["required"], json!(["page", "per_page", "total"]));

    // A 422 with fields, as the schema says.
    let r = crate::common::client().get(app.url("/api/v1/events?per_page=1000&from=hier")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let e: Value = r.json().await.unwrap();
    let keys: Vec<&String> = e["error"].as_object().unwrap().keys().collect();
    assert_eq!(keys, vec!["code", "fields", "message", "status"]);
    assert_eq!(e["error"]["fields"][0].as_object().unwrap().keys().collect::<Vec<_>>(), vec!["field", "message"]);
    // A list's meta.
    let list: Value = crate::common::client().get(app.url("/api/v1/events")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["meta"].as_object().unwrap().keys().collect::<Vec<_>>(), vec!["page", "per_page", "total"]);
}
