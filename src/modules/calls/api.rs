//! (being written) The calls' public JSON API; the managers' endpoints and the results are in
//! `api_manage.rs`.

use serde_json::{Value, json};

use crate::core::api::Endpoint;

pub fn endpoints() -> Vec<Endpoint> {
    let mut all = vec![];
    all.extend(super::api_manage::endpoints());
    all
}

pub fn schemas() -> Value {
    let mut s = json!({});
    if let (Value::Object(a), Value::Object(b)) = (&mut s, super::api_manage::schemas()) {
        a.extend(b);
    }
    s
}
