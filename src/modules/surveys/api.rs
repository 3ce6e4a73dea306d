//! SCAFFOLD (exports helper): the JSON API.

use crate::core::api::Endpoint;

pub fn endpoints() -> Vec<Endpoint> {
    super::api_results::endpoints()
}

pub fn schemas() -> serde_json::Value {
    super::api_results::schemas()
}
