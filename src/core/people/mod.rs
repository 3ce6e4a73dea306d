//! A person's data: everything the site holds for one e-mail address, found, exported as one
//! JSON document, or erased, across the core and every module.
//!
//! Each module declares what it holds (`Module::personal_data`): a label, a function that
//! finds the records for an address, and one that erases them inside the erasure's single
//! transaction. Erasing anonymises where counts must stay (a booking keeps its seats and
//! status, a comment its place in its thread) and deletes the rest; nothing is half-erased:
//! every module's part runs in one transaction, committed at the end or not at all.

mod store;

use std::path::Path;

use serde_json::{Value, json};

use crate::core::db::{Db, Tx};
use crate::core::module::{BoxFuture, Modules};
use crate::core::values::Email;

/// Finds what one kind of record holds for an address (already normalised, lowercase).
pub type Find = for<'a> fn(&'a Db, &'a str) -> BoxFuture<'a, Result<Vec<Value>, sqlx::Error>>;

/// Erases it inside the erasure's transaction at `now`; returns the records changed.
pub type Erase = for<'a> fn(&'a mut Tx, &'a str, i64) -> BoxFuture<'a, Result<u64, sqlx::Error>>;

/// One kind of personal data a module (or the core) holds.
#[derive(Clone, Copy)]
pub struct PersonalData {
    /// Stable name in the export (`events.registrations`).
    pub key: &'static str,
    /// The i18n key of what it is, for the back office.
    pub label: &'static str,
    pub find: Find,
    pub erase: Erase,
}

/// What the core itself holds: the account (with its sessions, API tokens and failed
/// sign-ins), the e-mails queued or sent to the address and the access links sent to it.
pub const CORE: &[PersonalData] = &[
    PersonalData { key: "core.account", label: "people-kind-account", find: find_account, erase: erase_account },
    PersonalData { key: "core.mail", label: "people-kind-mail", find: find_mail, erase: erase_mail },
    PersonalData { key: "core.access_links", label: "people-kind-access-links", find: find_links, erase: erase_links },
];

fn find_links<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<Value>, sqlx::Error>> {
    Box::pin(crate::core::access::store::find_by_email(db, email))
}

fn erase_links<'a>(tx: &'a mut Tx, email: &'a str, now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(crate::core::access::store::erase_email(tx, email, now))
}

fn find_account<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<Value>, sqlx::Error>> {
    Box::pin(store::find_account(db, email))
}

fn erase_account<'a>(tx: &'a mut Tx, email: &'a str, _now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(store::erase_account(tx, email))
}

fn find_mail<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<Value>, sqlx::Error>> {
    Box::pin(store::find_mail(db, email))
}

fn erase_mail<'a>(tx: &'a mut Tx, email: &'a str, _now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(store::erase_mail(tx, email))
}

/// Every declaration: the modules' first (their records may point at the account), then the
/// core's.
fn declarations(modules: &Modules) -> Vec<PersonalData> {
    modules.iter().flat_map(|m| m.personal_data.iter().copied()).chain(CORE.iter().copied()).collect()
}

/// What was found for an address, kind by kind (kinds with nothing are left out).
pub struct Found {
    pub email: String,
    pub parts: Vec<(PersonalData, Vec<Value>)>,
}

impl Found {
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    pub fn records(&self) -> usize {
        self.parts.iter().map(|(_, r)| r.len()).sum()
    }

    /// The export: one JSON document with every record, by kind.
    pub fn to_json(&self, now: i64) -> Value {
        let data: serde_json::Map<String, Value> = self.parts.iter().map(|(d, r)| (d.key.to_string(), Value::Array(r.clone()))).collect();
        json!({ "email": self.email, "exported_at": crate::core::api::rfc3339(now), "data": data })
    }
}

/// Parse the address a person is looked up by (`values::Email`: trimmed, lowercase); the
/// i18n key of the problem otherwise.
pub fn parse_email(raw: &str) -> Result<String, &'static str> {
    if raw.trim().is_empty() {
        return Err("people-error-email-missing");
    }
    Email::parse(raw).map(Email::into_string)
}

/// Everything held for `email` (lowercase).
pub async fn find(db: &Db, modules: &Modules, email: &str) -> Result<Found, sqlx::Error> {
    let mut parts = vec![];
    for d in declarations(modules) {
        let records = (d.find)(db, email).await?;
        if !records.is_empty() {
            parts.push((d, records));
        }
    }
    Ok(Found { email: email.to_string(), parts })
}

/// Erase everything held for `email` (lowercase) in one transaction; the records changed.
/// The file outbox's copies of the messages to the address (under `data_dir/outbox`) go too.
pub async fn erase(db: &Db, modules: &Modules, data_dir: &Path, email: &str, now: i64) -> Result<u64, sqlx::Error> {
    let mails = store::mail_ids(db, email).await?;
    let mut tx = db.begin().await?;
    let mut changed = 0;
    for d in declarations(modules) {
        changed += (d.erase)(&mut tx, email, now).await?;
    }
    tx.commit().await?;
    remove_outbox_copies(&data_dir.join("outbox"), &mails);
    Ok(changed)
}

/// The file outbox names each copy after its row (`{id:08}-….eml`).
fn remove_outbox_copies(dir: &Path, ids: &[i64]) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let prefixes: Vec<String> = ids.iter().map(|id| format!("{id:08}-")).collect();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".eml")
            && prefixes.iter().any(|p| name.starts_with(p.as_str()))
            && let Err(e) = std::fs::remove_file(entry.path())
        {
            tracing::warn!(error = %e, "an erased person's e-mail copy could not be removed");
        }
    }
}

/// How the audit log names a person without keeping their address: a keyed digest that
/// someone holding the address can recompute, nobody can reverse.
pub fn subject(sign: impl Fn(&str) -> String, email: &str) -> String {
    let digest = sign(&format!("person|{email}"));
    format!("person:{}", &digest[..digest.len().min(16)])
}
