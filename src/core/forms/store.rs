//! Every SQL statement of the form kit: versioned definitions and stored responses.
//!
//! Saving a definition and saving a response both start by updating the form's row, so on
//! PostgreSQL they take its row lock (on SQLite the writer's lock) and never interleave: a
//! version that gained a response while it was being edited is never replaced under it.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Answer, FormDef, Typed};
use crate::core::db::{Db, Tx};

/// A form with its current definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub id: i64,
    pub owner: String,
    pub version: i64,
    pub def: FormDef,
}

/// What saving a definition did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Saved {
    pub form_id: i64,
    pub version: i64,
    /// True when the edit made a new version (the previous one had responses).
    pub new_version: bool,
}

fn decode_def(json: &str) -> Result<FormDef, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(format!("form definition: {e}").into()))
}

fn encode_def(def: &FormDef) -> Result<String, sqlx::Error> {
    serde_json::to_string(def).map_err(|e| sqlx::Error::Encode(e.into()))
}

fn form_of(r: &AnyRow) -> Result<Form, sqlx::Error> {
    Ok(Form { id: r.try_get(0)?, owner: r.try_get(1)?, version: r.try_get(2)?, def: decode_def(&r.try_get::<String, _>(3)?)? })
}

const FORM: &str = "SELECT f.id, f.owner, f.version, v.definition FROM forms f \
     JOIN form_versions v ON v.form_id = f.id AND v.version = f.version";

/// The form of `owner` with its current definition.
pub async fn get(db: &Db, owner: &str) -> Result<Option<Form>, sqlx::Error> {
    let row =
        sqlx::query(sqlx::AssertSqlSafe(format!("{FORM} WHERE f.owner = $1"))).bind(owner.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(form_of).transpose()
}

/// The same, inside a write transaction.
pub async fn get_tx(tx: &mut Tx, owner: &str) -> Result<Option<Form>, sqlx::Error> {
    let row =
        sqlx::query(sqlx::AssertSqlSafe(format!("{FORM} WHERE f.owner = $1"))).bind(owner.to_string()).fetch_optional(&mut **tx).await?;
    row.as_ref().map(form_of).transpose()
}

/// The forms of several owners (one query), by owner.
pub async fn get_many(db: &Db, owners: &[String]) -> Result<HashMap<String, Form>, sqlx::Error> {
    if owners.is_empty() {
        return Ok(HashMap::new());
    }
    let marks: Vec<String> = (1..=owners.len()).map(|i| format!("${i}")).collect();
    let sql = format!("{FORM} WHERE f.owner IN ({})", marks.join(", "));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for o in owners {
        q = q.bind(o.clone());
    }
    q.fetch_all(db.pool()).await?.iter().map(|r| form_of(r).map(|f| (f.owner.clone(), f))).collect()
}

/// One version of a form's definition.
pub async fn get_version(db: &Db, form_id: i64, version: i64) -> Result<Option<FormDef>, sqlx::Error> {
    let json: Option<String> = sqlx::query_scalar("SELECT definition FROM form_versions WHERE form_id = $1 AND version = $2")
        .bind(form_id)
        .bind(version)
        .fetch_optional(db.pool())
        .await?;
    json.as_deref().map(decode_def).transpose()
}

/// Every version of a form, oldest first: (version, definition, created_at).
pub async fn list_versions(db: &Db, form_id: i64) -> Result<Vec<(i64, FormDef, i64)>, sqlx::Error> {
    let rows = sqlx::query("SELECT version, definition, created_at FROM form_versions WHERE form_id = $1 ORDER BY version")
        .bind(form_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, decode_def(&r.try_get::<String, _>(1)?)?, r.try_get(2)?))).collect()
}

/// The id for a new question: above every id any version of any form used (one counter for
/// all forms), so that a removed question's id never comes back meaning something else and
/// an id names one question across forms.
pub async fn next_question_id(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    let max: Option<i64> = sqlx::query_scalar("SELECT MAX(max_question_id) FROM forms").fetch_one(&mut **tx).await?;
    Ok(max.unwrap_or(0) + 1)
}

/// The form of `owner` with its current definition, its row locked until the transaction
/// ends (on PostgreSQL; on SQLite the write transaction holds the database): read, change
/// and `save` without losing another person's concurrent change.
pub async fn get_for_update(tx: &mut Tx, owner: &str) -> Result<Option<Form>, sqlx::Error> {
    sqlx::query("UPDATE forms SET updated_at = updated_at WHERE owner = $1").bind(owner.to_string()).execute(&mut **tx).await?;
    get_tx(tx, owner).await
}

/// Save `owner`'s definition: the form is created at version 1; a current version without
/// responses that is not frozen is replaced; one with responses or frozen stays as it is,
/// and the definition becomes a new version.
pub async fn save(tx: &mut Tx, owner: &str, def: &FormDef, now: i64) -> Result<Saved, sqlx::Error> {
    let json = encode_def(def)?;
    let max_id = def.max_id();
    let current: Option<(i64, i64)> = sqlx::query(
        "UPDATE forms SET updated_at = $2, max_question_id = CASE WHEN max_question_id < $3 THEN $3 ELSE max_question_id END \
         WHERE owner = $1 RETURNING id, version",
    )
    .bind(owner.to_string())
    .bind(now)
    .bind(max_id)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
    .transpose()?;
    let Some((form_id, version)) = current else {
        let form_id: i64 = sqlx::query_scalar(
            "INSERT INTO forms (owner, version, max_question_id, created_at, updated_at) VALUES ($1, 1, $3, $2, $2) RETURNING id",
        )
        .bind(owner.to_string())
        .bind(now)
        .bind(max_id)
        .fetch_one(&mut **tx)
        .await?;
        insert_version(tx, form_id, 1, &json, now).await?;
        return Ok(Saved { form_id, version: 1, new_version: true });
    };
    let answered: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM form_responses WHERE form_id = $1 AND version = $2) \
         + (SELECT frozen FROM form_versions WHERE form_id = $1 AND version = $2)",
    )
    .bind(form_id)
    .bind(version)
    .fetch_one(&mut **tx)
    .await?;
    if answered == 0 {
        sqlx::query("UPDATE form_versions SET definition = $3, created_at = $4 WHERE form_id = $1 AND version = $2")
            .bind(form_id)
            .bind(version)
            .bind(json)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        return Ok(Saved { form_id, version, new_version: false });
    }
    insert_version(tx, form_id, version + 1, &json, now).await?;
    sqlx::query("UPDATE forms SET version = $2 WHERE id = $1").bind(form_id).bind(version + 1).execute(&mut **tx).await?;
    Ok(Saved { form_id, version: version + 1, new_version: true })
}

/// Freeze the current version of `owner`'s form (a module runs something on it, such as a
/// survey's wave): it is never replaced, and the next edit makes a new version. Returns the
/// frozen version, or None without a form.
pub async fn freeze(tx: &mut Tx, owner: &str) -> Result<Option<i64>, sqlx::Error> {
    let Some(form) = get_for_update(tx, owner).await? else { return Ok(None) };
    sqlx::query("UPDATE form_versions SET frozen = 1 WHERE form_id = $1 AND version = $2")
        .bind(form.id)
        .bind(form.version)
        .execute(&mut **tx)
        .await?;
    Ok(Some(form.version))
}

async fn insert_version(tx: &mut Tx, form_id: i64, version: i64, json: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO form_versions (form_id, version, definition, created_at) VALUES ($1, $2, $3, $4)")
        .bind(form_id)
        .bind(version)
        .bind(json.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Delete `owner`'s form with its versions and responses.
pub async fn delete(tx: &mut Tx, owner: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM form_answers WHERE response_id IN (SELECT r.id FROM form_responses r JOIN forms f ON f.id = r.form_id WHERE f.owner = $1)")
        .bind(owner.to_string())
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM form_responses WHERE form_id IN (SELECT id FROM forms WHERE owner = $1)")
        .bind(owner.to_string())
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM forms WHERE owner = $1").bind(owner.to_string()).execute(&mut **tx).await?;
    Ok(())
}

/// Store the answers of `reference` (the module's key, such as a registration's id) to the
/// current version of `owner`'s form, replacing any it had: the answers were checked by
/// `validate` against that version. Returns the response's id, or None without a form.
pub async fn save_response(tx: &mut Tx, owner: &str, reference: &str, answers: &[Typed], now: i64) -> Result<Option<i64>, sqlx::Error> {
    // The form's row first: the edit of a definition waits for this response, or this
    // response for the edit (see the module comment).
    let Some(row) = sqlx::query("UPDATE forms SET updated_at = updated_at WHERE owner = $1 RETURNING id, version")
        .bind(owner.to_string())
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(None);
    };
    let (form_id, version): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO form_responses (form_id, version, reference, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (form_id, reference) DO UPDATE SET version = $2, updated_at = $4 RETURNING id",
    )
    .bind(form_id)
    .bind(version)
    .bind(reference.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM form_answers WHERE response_id = $1").bind(id).execute(&mut **tx).await?;
    for a in answers {
        sqlx::query("INSERT INTO form_answers (response_id, question_id, code, value) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(a.question)
            .bind(a.code.clone())
            .bind(a.answer.to_json())
            .execute(&mut **tx)
            .await?;
    }
    Ok(Some(id))
}

fn typed_of(r: &AnyRow, at: usize) -> Result<Typed, sqlx::Error> {
    let json: String = r.try_get(at + 2)?;
    let answer = Answer::from_json(&json).ok_or_else(|| sqlx::Error::Decode(format!("form answer: {json}").into()))?;
    Ok(Typed { question: r.try_get(at)?, code: r.try_get(at + 1)?, answer })
}

/// The answers of `reference` to `owner`'s form, by question id, with the version they
/// answered (None without a response).
pub async fn response(db: &Db, owner: &str, reference: &str) -> Result<Option<(i64, Vec<Typed>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.version, a.question_id, a.code, a.value FROM form_responses r JOIN forms f ON f.id = r.form_id \
         LEFT JOIN form_answers a ON a.response_id = r.id WHERE f.owner = $1 AND r.reference = $2 ORDER BY a.question_id",
    )
    .bind(owner.to_string())
    .bind(reference.to_string())
    .fetch_all(db.pool())
    .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let version: i64 = first.try_get(0)?;
    let mut answers = vec![];
    for r in &rows {
        if r.try_get::<Option<i64>, _>(1)?.is_some() {
            answers.push(typed_of(r, 1)?);
        }
    }
    Ok(Some((version, answers)))
}

/// The answers to `owner`'s form by reference, for the given references (or all of them
/// when `references` is None), each list by question id.
pub async fn answers_by_reference(db: &Db, owner: &str, references: Option<&[String]>) -> Result<HashMap<String, Vec<Typed>>, sqlx::Error> {
    let mut sql = "SELECT r.reference, a.question_id, a.code, a.value FROM form_answers a \
         JOIN form_responses r ON r.id = a.response_id JOIN forms f ON f.id = r.form_id WHERE f.owner = $1"
        .to_string();
    if let Some(refs) = references {
        if refs.is_empty() {
            return Ok(HashMap::new());
        }
        let marks: Vec<String> = (2..refs.len() + 2).map(|i| format!("${i}")).collect();
        sql.push_str(&format!(" AND r.reference IN ({})", marks.join(", ")));
    }
    sql.push_str(" ORDER BY r.reference, a.question_id");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner.to_string());
    for r in references.unwrap_or(&[]) {
        q = q.bind(r.clone());
    }
    let mut out: HashMap<String, Vec<Typed>> = HashMap::new();
    for r in q.fetch_all(db.pool()).await? {
        out.entry(r.try_get(0)?).or_default().push(typed_of(&r, 1)?);
    }
    Ok(out)
}

/// Empty the answers of some responses (anonymisation), keeping the responses themselves
/// (so counts stay). `references` are the module's keys.
pub async fn clear_answers(tx: &mut Tx, owner: &str, references: &[String]) -> Result<u64, sqlx::Error> {
    if references.is_empty() {
        return Ok(0);
    }
    let marks: Vec<String> = (2..references.len() + 2).map(|i| format!("${i}")).collect();
    let sql = format!(
        "DELETE FROM form_answers WHERE response_id IN (SELECT r.id FROM form_responses r JOIN forms f ON f.id = r.form_id \
         WHERE f.owner = $1 AND r.reference IN ({}))",
        marks.join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner.to_string());
    for r in references {
        q = q.bind(r.clone());
    }
    Ok(q.execute(&mut **tx).await?.rows_affected())
}

/// Empty the answers of every response to `owner`'s form (anonymisation of a whole event).
pub async fn clear_all_answers(tx: &mut Tx, owner: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "DELETE FROM form_answers WHERE response_id IN (SELECT r.id FROM form_responses r JOIN forms f ON f.id = r.form_id WHERE f.owner = $1)",
    )
    .bind(owner.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected())
}

/// How many responses each version of a form has: (version, count), oldest first.
pub async fn responses_per_version(db: &Db, owner: &str) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.version, COUNT(r.id) FROM form_versions v JOIN forms f ON f.id = v.form_id \
         LEFT JOIN form_responses r ON r.form_id = v.form_id AND r.version = v.version WHERE f.owner = $1 \
         GROUP BY v.version ORDER BY v.version",
    )
    .bind(owner.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// The current version of `owner`'s form and whether it is locked (frozen, or answered):
/// the next edit of a locked version makes a new one. None without a form.
pub async fn version_state(db: &Db, owner: &str) -> Result<Option<(i64, bool)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT f.version, v.frozen + (SELECT COUNT(*) FROM form_responses r WHERE r.form_id = f.id AND r.version = f.version) \
         FROM forms f JOIN form_versions v ON v.form_id = f.id AND v.version = f.version WHERE f.owner = $1",
    )
    .bind(owner.to_string())
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get::<i64, _>(1)? > 0))).transpose()
}
