//! SCAFFOLD (exports helper): the JSON API.

use crate::core::api::Endpoint;

pub fn endpoints() -> Vec<Endpoint> {
    vec![]
}

pub fn schemas() -> serde_json::Value {
    serde_json::json!({})
}
