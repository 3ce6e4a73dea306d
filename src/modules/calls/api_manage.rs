//! (being written) The calls' results and managers' JSON API.

use serde_json::{Value, json};

use crate::core::api::Endpoint;

pub fn endpoints() -> Vec<Endpoint> {
    vec![]
}

pub fn schemas() -> Value {
    json!({})
}
