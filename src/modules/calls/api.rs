//! (being written) The calls' JSON API.

use serde_json::{Value, json};

use crate::core::api::Endpoint;

pub fn endpoints() -> Vec<Endpoint> {
    vec![]
}

pub fn schemas() -> Value {
    json!({})
}
