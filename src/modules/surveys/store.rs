//! Every SQL statement of the surveys module (migration 0029): surveys, waves and their
//! territories, invitations, drafts, and the submission that turns a draft into a response
//! (unlinked in an anonymous wave). The results' aggregates are read here too.

pub mod respond;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{
    Draft, Holder, Invitation, InvitationInput, InvitationState, Mode, QuotaGuard, Submitted, Survey, SurveyInput, Territory, Wave,
    WaveInput, day, owner, random_key,
};
use crate::core::db::{Db, Tx};
use crate::core::forms::{self, Typed};

fn decode_err(what: &str, e: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Decode(format!("{what}: {e}").into())
}

// ---- surveys ----

const SURVEY: &str = "SELECT id, slug, club_id, title, summary, intro, min_cell, created_at, updated_at FROM surveys";

fn survey_of(r: &AnyRow) -> Result<Survey, sqlx::Error> {
    Ok(Survey {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        club_id: r.try_get(2)?,
        title: r.try_get(3)?,
        summary: r.try_get(4)?,
        intro: r.try_get(5)?,
        min_cell: r.try_get(6)?,
        created_at: r.try_get(7)?,
        updated_at: r.try_get(8)?,
    })
}

pub async fn insert_survey(tx: &mut Tx, s: &SurveyInput, created_by: Option<i64>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO surveys (slug, club_id, title, summary, intro, min_cell, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(s.slug.clone())
    .bind(s.club_id)
    .bind(s.title.clone())
    .bind(s.summary.clone())
    .bind(s.intro.clone())
    .bind(s.min_cell)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update_survey(tx: &mut Tx, id: i64, s: &SurveyInput, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE surveys SET slug = $2, club_id = $3, title = $4, summary = $5, intro = $6, min_cell = $7, updated_at = $8 WHERE id = $1",
    )
    .bind(id)
    .bind(s.slug.clone())
    .bind(s.club_id)
    .bind(s.title.clone())
    .bind(s.summary.clone())
    .bind(s.intro.clone())
    .bind(s.min_cell)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn survey(db: &Db, id: i64) -> Result<Option<Survey>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SURVEY} WHERE id = $1"))).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(survey_of).transpose()
}

pub async fn survey_by_slug(db: &Db, slug: &str) -> Result<Option<Survey>, sqlx::Error> {
    let row =
        sqlx::query(sqlx::AssertSqlSafe(format!("{SURVEY} WHERE slug = $1"))).bind(slug.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(survey_of).transpose()
}

/// Every survey, newest first.
pub async fn surveys(db: &Db) -> Result<Vec<Survey>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SURVEY} ORDER BY created_at DESC, id DESC"))).fetch_all(db.pool()).await?;
    rows.iter().map(survey_of).collect()
}

// ---- waves ----

const WAVE: &str = "SELECT id, survey_id, label, mode, opens_at, closes_at, form_version, opened_at, open_link, published_at, \
    published_codes, created_at FROM survey_waves";

fn wave_of(r: &AnyRow) -> Result<Wave, sqlx::Error> {
    let mode: String = r.try_get(3)?;
    let codes: String = r.try_get(10)?;
    Ok(Wave {
        id: r.try_get(0)?,
        survey_id: r.try_get(1)?,
        label: r.try_get(2)?,
        mode: Mode::parse(&mode).ok_or_else(|| decode_err("wave mode", &mode))?,
        opens_at: r.try_get(4)?,
        closes_at: r.try_get(5)?,
        form_version: r.try_get(6)?,
        opened_at: r.try_get(7)?,
        open_link: r.try_get::<i64, _>(8)? == 1,
        published_at: r.try_get(9)?,
        published_codes: serde_json::from_str(&codes).map_err(|e| decode_err("published codes", e))?,
        created_at: r.try_get(11)?,
    })
}

pub async fn insert_wave(tx: &mut Tx, survey_id: i64, w: &WaveInput, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO survey_waves (survey_id, label, mode, opens_at, closes_at, open_link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(survey_id)
    .bind(w.label.clone())
    .bind(w.mode.as_str())
    .bind(w.opens_at)
    .bind(w.closes_at)
    .bind(i64::from(w.open_link))
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// Change a wave's settings. Its mode cannot change once it is opened (respondents were told
/// it); the label and dates can.
pub async fn update_wave(tx: &mut Tx, id: i64, w: &WaveInput) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE survey_waves SET label = $2, mode = CASE WHEN form_version IS NULL THEN $3 ELSE mode END, opens_at = $4, \
         closes_at = $5, open_link = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(w.label.clone())
    .bind(w.mode.as_str())
    .bind(w.opens_at)
    .bind(w.closes_at)
    .bind(i64::from(w.open_link))
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn wave(db: &Db, id: i64) -> Result<Option<Wave>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{WAVE} WHERE id = $1"))).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(wave_of).transpose()
}

pub async fn wave_tx(tx: &mut Tx, id: i64) -> Result<Option<Wave>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{WAVE} WHERE id = $1"))).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(wave_of).transpose()
}

/// A survey's waves, oldest first.
pub async fn waves(db: &Db, survey_id: i64) -> Result<Vec<Wave>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{WAVE} WHERE survey_id = $1 ORDER BY opens_at, id")))
        .bind(survey_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(wave_of).collect()
}

/// Open a wave: freeze the survey's current form version and run the wave on it. Returns the
/// version, or None when the wave was already opened or the survey has no form.
pub async fn open_wave(tx: &mut Tx, wave_id: i64, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let Some(w) = wave_tx(tx, wave_id).await? else { return Ok(None) };
    if w.form_version.is_some() {
        return Ok(None);
    }
    let Some(version) = forms::store::freeze(tx, &owner(w.survey_id)).await? else { return Ok(None) };
    let r = sqlx::query("UPDATE survey_waves SET form_version = $2, opened_at = $3 WHERE id = $1 AND form_version IS NULL")
        .bind(wave_id)
        .bind(version)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok((r.rows_affected() == 1).then_some(version))
}

/// Publish a wave's results with the question codes shown publicly, or withdraw them (None).
pub async fn publish_wave(tx: &mut Tx, wave_id: i64, codes: Option<&[String]>, now: i64) -> Result<bool, sqlx::Error> {
    let json = serde_json::to_string(codes.unwrap_or(&[])).map_err(|e| sqlx::Error::Encode(e.into()))?;
    let r = sqlx::query("UPDATE survey_waves SET published_at = $2, published_codes = $3 WHERE id = $1")
        .bind(wave_id)
        .bind(codes.map(|_| now))
        .bind(json)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

// ---- territories ----

/// Set a wave's territories and quotas: those listed are added or their quota changed (their
/// count kept), the others removed.
pub async fn set_territories(tx: &mut Tx, wave_id: i64, territories: &[(i64, Option<i64>)]) -> Result<(), sqlx::Error> {
    let keep: Vec<String> = territories.iter().map(|(c, _)| c.to_string()).collect();
    let mut del = String::from("DELETE FROM survey_wave_territories WHERE wave_id = $1");
    if !keep.is_empty() {
        del.push_str(&format!(" AND club_id NOT IN ({})", keep.join(", ")));
    }
    sqlx::query(sqlx::AssertSqlSafe(del)).bind(wave_id).execute(&mut **tx).await?;
    for (club_id, quota) in territories {
        sqlx::query(
            "INSERT INTO survey_wave_territories (wave_id, club_id, quota) VALUES ($1, $2, $3) \
             ON CONFLICT (wave_id, club_id) DO UPDATE SET quota = excluded.quota",
        )
        .bind(wave_id)
        .bind(*club_id)
        .bind(*quota)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A wave's territories with their clubs' names, in the order of the names.
pub async fn territories(db: &Db, wave_id: i64) -> Result<Vec<Territory>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT t.club_id, c.slug, c.name, t.quota, t.complete FROM survey_wave_territories t JOIN clubs c ON c.id = t.club_id \
         WHERE t.wave_id = $1 ORDER BY c.name, c.id",
    )
    .bind(wave_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Territory {
                club_id: r.try_get(0)?,
                club_slug: r.try_get(1)?,
                club_name: r.try_get(2)?,
                quota: r.try_get(3)?,
                complete: r.try_get(4)?,
            })
        })
        .collect()
}

// ---- invitations ----

const INVITATION: &str = "SELECT id, wave_id, club_id, name, email, attributes, state, invited_at, reminded_at, reminders, created_at \
    FROM survey_invitations";

fn invitation_of(r: &AnyRow) -> Result<Invitation, sqlx::Error> {
    let attributes: String = r.try_get(5)?;
    let state: String = r.try_get(6)?;
    Ok(Invitation {
        id: r.try_get(0)?,
        wave_id: r.try_get(1)?,
        club_id: r.try_get(2)?,
        name: r.try_get(3)?,
        email: r.try_get(4)?,
        attributes: serde_json::from_str(&attributes).map_err(|e| decode_err("invitation attributes", e))?,
        state: InvitationState::parse(&state).ok_or_else(|| decode_err("invitation state", &state))?,
        invited_at: r.try_get(7)?,
        reminded_at: r.try_get(8)?,
        reminders: r.try_get(9)?,
        created_at: r.try_get(10)?,
    })
}

/// Add an invitation; None when the wave already has one for this address (the e-mail is
/// stored as given: normalise it first).
pub async fn insert_invitation(tx: &mut Tx, wave_id: i64, i: &InvitationInput, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let attributes = serde_json::to_string(&i.attributes).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query_scalar(
        "INSERT INTO survey_invitations (wave_id, club_id, name, email, attributes, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (wave_id, email) DO NOTHING RETURNING id",
    )
    .bind(wave_id)
    .bind(i.club_id)
    .bind(i.name.clone())
    .bind(i.email.clone())
    .bind(attributes)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await
}

pub async fn invitation(db: &Db, id: i64) -> Result<Option<Invitation>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{INVITATION} WHERE id = $1"))).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(invitation_of).transpose()
}

/// A wave's invitations, by name.
pub async fn invitations(db: &Db, wave_id: i64) -> Result<Vec<Invitation>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{INVITATION} WHERE wave_id = $1 ORDER BY name, id")))
        .bind(wave_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(invitation_of).collect()
}

/// Count a wave's invitations by state: (invited, started, answered).
pub async fn invitation_counts(db: &Db, wave_id: i64) -> Result<(i64, i64, i64), sqlx::Error> {
    let rows = sqlx::query("SELECT state, COUNT(*) FROM survey_invitations WHERE wave_id = $1 GROUP BY state")
        .bind(wave_id)
        .fetch_all(db.pool())
        .await?;
    let mut counts = (0, 0, 0);
    for r in rows {
        let n: i64 = r.try_get(1)?;
        match r.try_get::<String, _>(0)?.as_str() {
            "invited" => counts.0 = n,
            "started" => counts.1 = n,
            _ => counts.2 = n,
        }
    }
    Ok(counts)
}

// ---- drafts ----

fn holder_where(h: &Holder) -> (&'static str, String) {
    match h {
        Holder::Invitation(id) => ("invitation_id = $1", id.to_string()),
        Holder::OpenKey(hash) => ("key_hash = $1", hash.clone()),
    }
}

/// The draft held by an invitation or an open link's key.
pub async fn draft(db: &Db, holder: &Holder) -> Result<Option<Draft>, sqlx::Error> {
    let sql = "SELECT id, wave_id, club_id, invitation_id, key_hash, fields, page, updated_at FROM survey_drafts WHERE ";
    let row = match holder {
        Holder::Invitation(id) => {
            sqlx::query(sqlx::AssertSqlSafe(format!("{sql}invitation_id = $1"))).bind(*id).fetch_optional(db.pool()).await?
        }
        Holder::OpenKey(hash) => {
            sqlx::query(sqlx::AssertSqlSafe(format!("{sql}key_hash = $1"))).bind(hash.clone()).fetch_optional(db.pool()).await?
        }
    };
    let Some(r) = row else { return Ok(None) };
    let invitation: Option<i64> = r.try_get(3)?;
    let key: Option<String> = r.try_get(4)?;
    let fields: String = r.try_get(5)?;
    Ok(Some(Draft {
        id: r.try_get(0)?,
        wave_id: r.try_get(1)?,
        club_id: r.try_get(2)?,
        holder: match (invitation, key) {
            (Some(id), _) => Holder::Invitation(id),
            (None, Some(k)) => Holder::OpenKey(k),
            (None, None) => return Err(decode_err("draft", "no holder")),
        },
        fields: serde_json::from_str(&fields).map_err(|e| decode_err("draft fields", e))?,
        page: r.try_get(6)?,
        updated_at: r.try_get(7)?,
    }))
}

/// Keep what a respondent typed so far (replacing the earlier draft) and the section
/// reached; an invitation that had done nothing is now "started". False when nothing was
/// kept because the response was submitted meanwhile (from another tab, say): the invitation
/// is used up, or the open link's draft is gone. The invitation is written first, which holds
/// it against a submission in progress, so that no draft outlives its submission.
pub async fn save_draft(
    tx: &mut Tx,
    wave_id: i64,
    club_id: i64,
    holder: &Holder,
    fields: &[(String, String)],
    page: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let json = serde_json::to_string(fields).map_err(|e| sqlx::Error::Encode(e.into()))?;
    match holder {
        Holder::Invitation(id) => {
            let live = sqlx::query(
                "UPDATE survey_invitations SET state = CASE WHEN state = 'invited' THEN 'started' ELSE state END \
                 WHERE id = $1 AND state <> 'answered'",
            )
            .bind(*id)
            .execute(&mut **tx)
            .await?;
            if live.rows_affected() == 0 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO survey_drafts (wave_id, club_id, invitation_id, fields, page, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (invitation_id) DO UPDATE SET fields = excluded.fields, page = excluded.page, updated_at = excluded.updated_at",
            )
            .bind(wave_id)
            .bind(club_id)
            .bind(*id)
            .bind(json)
            .bind(page)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            Ok(true)
        }
        Holder::OpenKey(hash) => {
            let kept = sqlx::query("UPDATE survey_drafts SET fields = $2, page = $3, updated_at = $4 WHERE key_hash = $1")
                .bind(hash.clone())
                .bind(json)
                .bind(page)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            Ok(kept.rows_affected() == 1)
        }
    }
}

/// An open link's new key: its empty draft, which the key's answers are kept in until it is
/// submitted (and deleted).
pub async fn start_open_draft(tx: &mut Tx, wave_id: i64, club_id: i64, key_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO survey_drafts (wave_id, club_id, key_hash, fields, page, updated_at) VALUES ($1, $2, $3, '[]', 0, $4)")
        .bind(wave_id)
        .bind(club_id)
        .bind(key_hash.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes the holder's draft; whether there was one.
async fn delete_draft(tx: &mut Tx, holder: &Holder) -> Result<bool, sqlx::Error> {
    let (cond, value) = holder_where(holder);
    let q = sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM survey_drafts WHERE {cond}")));
    let done = match holder {
        Holder::Invitation(id) => q.bind(*id),
        Holder::OpenKey(_) => q.bind(value),
    }
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

// ---- submission ----

/// Turn a respondent's answers (checked by `forms::validate` against the wave's version) into
/// a complete response, in the caller's transaction: the invitation is used up (a second
/// submission through it is refused), the territory's count is raised within its quota,
/// the response is stored under a random key with the day alone, its answers with it, the
/// draft deleted. In an anonymous wave nothing written links the response to the invitation;
/// in the others `survey_response_links` does. On `AlreadyAnswered` or `QuotaFull` the caller
/// must roll back (nothing is half written only if it does).
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    tx: &mut Tx,
    wave: &Wave,
    club_id: i64,
    holder: &Holder,
    answers: &[Typed],
    guard: QuotaGuard,
    now: i64,
) -> Result<Submitted, sqlx::Error> {
    let Some(version) = wave.form_version else { return Ok(Submitted::QuotaFull) };
    if let Holder::Invitation(id) = holder {
        let used = sqlx::query("UPDATE survey_invitations SET state = 'answered' WHERE id = $1 AND state <> 'answered'")
            .bind(*id)
            .execute(&mut **tx)
            .await?;
        if used.rows_affected() == 0 {
            return Ok(Submitted::AlreadyAnswered);
        }
    }
    // An open link's key is used up with its draft: a second "Envoyer" finds none.
    if matches!(holder, Holder::OpenKey(_)) && !delete_draft(tx, holder).await? {
        return Ok(Submitted::AlreadyAnswered);
    }
    let counted = match guard {
        QuotaGuard::Database => sqlx::query(
            "UPDATE survey_wave_territories SET complete = complete + 1 \
                 WHERE wave_id = $1 AND club_id = $2 AND (quota IS NULL OR complete < quota)",
        )
        .bind(wave.id)
        .bind(club_id)
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        QuotaGuard::Unguarded => {
            sqlx::query("UPDATE survey_wave_territories SET complete = complete + 1 WHERE wave_id = $1 AND club_id = $2")
                .bind(wave.id)
                .bind(club_id)
                .execute(&mut **tx)
                .await?
                .rows_affected()
        }
    };
    if counted == 0 {
        return Ok(Submitted::QuotaFull);
    }
    let id = loop {
        let key = random_key();
        let inserted = sqlx::query(
            "INSERT INTO survey_responses (id, wave_id, club_id, version, submitted_on) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(key)
        .bind(wave.id)
        .bind(club_id)
        .bind(version)
        .bind(day(now))
        .execute(&mut **tx)
        .await?;
        if inserted.rows_affected() == 1 {
            break key;
        }
    };
    insert_answers(tx, id, wave.id, club_id, answers).await?;
    if let (Holder::Invitation(invitation), true) = (holder, wave.mode.linked()) {
        sqlx::query("INSERT INTO survey_response_links (response_id, invitation_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*invitation)
            .execute(&mut **tx)
            .await?;
    }
    if let Holder::Invitation(_) = holder {
        delete_draft(tx, holder).await?;
    }
    Ok(Submitted::Stored(id))
}

/// The answers of one response, many rows per statement.
async fn insert_answers(tx: &mut Tx, response_id: i64, wave_id: i64, club_id: i64, answers: &[Typed]) -> Result<(), sqlx::Error> {
    for chunk in answers.chunks(50) {
        let marks: Vec<String> = (0..chunk.len()).map(|i| format!("($1, $2, $3, ${}, ${})", 4 + 2 * i, 5 + 2 * i)).collect();
        let sql = format!("INSERT INTO survey_answers (response_id, wave_id, club_id, code, value) VALUES {}", marks.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(response_id).bind(wave_id).bind(club_id);
        for a in chunk {
            q = q.bind(a.code.clone()).bind(a.answer.to_json());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

// ---- what results read ----

/// Complete responses of a wave per territory: (club id, count).
pub async fn response_counts(db: &Db, wave_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows = sqlx::query("SELECT club_id, COUNT(*) FROM survey_responses WHERE wave_id = $1 GROUP BY club_id ORDER BY club_id")
        .bind(wave_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// A wave's answers counted per territory, question code and stored value: (club id, code,
/// value, count), ordered by code, territory and value. Read from the counts kept in
/// `survey_wave_counts` when they were computed from the wave's present responses (their
/// fingerprint is the wave's `counts_key`); otherwise aggregated again by
/// [`count_answers`] and kept.
pub async fn answer_counts(db: &Db, wave_id: i64) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    // The fingerprint first: responses that arrive while the answers are counted then make
    // the next read count again, never keep counts under a fingerprint newer than they are.
    let key = responses_key(db, wave_id).await?;
    let kept: Option<String> =
        sqlx::query_scalar("SELECT counts_key FROM survey_waves WHERE id = $1").bind(wave_id).fetch_optional(db.pool()).await?.flatten();
    if kept.as_deref() == Some(key.as_str()) {
        let rows = sqlx::query("SELECT club_id, code, value, n FROM survey_wave_counts WHERE wave_id = $1 ORDER BY code, club_id, value")
            .bind(wave_id)
            .fetch_all(db.pool())
            .await?;
        return rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect();
    }
    let counts = count_answers(db, wave_id).await?;
    keep_counts(db, wave_id, &key, &counts).await?;
    Ok(counts)
}

/// The fingerprint of a wave's responses: their number and the sum of their random keys
/// (reduced so that the sum cannot overflow), as "n:sum".
async fn responses_key(db: &Db, wave_id: i64) -> Result<String, sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*), CAST(COALESCE(SUM(id % 1000000007), 0) AS BIGINT) FROM survey_responses WHERE wave_id = $1")
        .bind(wave_id)
        .fetch_one(db.pool())
        .await?;
    Ok(format!("{}:{}", row.try_get::<i64, _>(0)?, row.try_get::<i64, _>(1)?))
}

/// Keeps a wave's counts under their fingerprint, in one transaction. When several instances
/// count at once, the first to mark the wave writes the rows; the others find it marked.
async fn keep_counts(db: &Db, wave_id: i64, key: &str, counts: &[(i64, String, String, i64)]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let marked = sqlx::query("UPDATE survey_waves SET counts_key = $2 WHERE id = $1 AND (counts_key IS NULL OR counts_key <> $2)")
        .bind(wave_id)
        .bind(key)
        .execute(&mut *tx)
        .await?;
    if marked.rows_affected() == 0 {
        return Ok(());
    }
    sqlx::query("DELETE FROM survey_wave_counts WHERE wave_id = $1").bind(wave_id).execute(&mut *tx).await?;
    for chunk in counts.chunks(200) {
        let marks: Vec<String> =
            (0..chunk.len()).map(|i| format!("($1, ${}, ${}, ${}, ${})", 2 + 4 * i, 3 + 4 * i, 4 + 4 * i, 5 + 4 * i)).collect();
        let sql = format!("INSERT INTO survey_wave_counts (wave_id, club_id, code, value, n) VALUES {}", marks.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(wave_id);
        for (club, code, value, n) in chunk {
            q = q.bind(*club).bind(code.clone()).bind(value.clone()).bind(*n);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// A wave's answers aggregated from every stored answer (one indexed aggregate), as
/// [`answer_counts`] returns them.
pub async fn count_answers(db: &Db, wave_id: i64) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT club_id, code, value, COUNT(*) FROM survey_answers WHERE wave_id = $1 GROUP BY code, club_id, value ORDER BY code, club_id, value",
    )
    .bind(wave_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

/// One response as exports read it: its key, territory, form version, day, and answers by code.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredResponse {
    pub id: i64,
    pub club_id: i64,
    pub version: i64,
    pub submitted_on: i64,
    pub answers: Vec<(String, forms::Answer)>,
}

/// A wave's responses with their answers, in the order of their random keys.
pub async fn responses(db: &Db, wave_id: i64) -> Result<Vec<StoredResponse>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.id, r.club_id, r.version, r.submitted_on, a.code, a.value FROM survey_responses r \
         LEFT JOIN survey_answers a ON a.response_id = r.id WHERE r.wave_id = $1 ORDER BY r.id, a.code",
    )
    .bind(wave_id)
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<StoredResponse> = vec![];
    for r in rows {
        let id: i64 = r.try_get(0)?;
        if out.last().is_none_or(|l| l.id != id) {
            out.push(StoredResponse { id, club_id: r.try_get(1)?, version: r.try_get(2)?, submitted_on: r.try_get(3)?, answers: vec![] });
        }
        if let (Some(code), Some(value)) = (r.try_get::<Option<String>, _>(4)?, r.try_get::<Option<String>, _>(5)?) {
            let answer = forms::Answer::from_json(&value).ok_or_else(|| decode_err("survey answer", &code))?;
            if let Some(last) = out.last_mut() {
                last.answers.push((code, answer));
            }
        }
    }
    Ok(out)
}

/// The invitation behind each response of a linked (pseudonymous or identified) wave.
pub async fn response_links(db: &Db, wave_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT l.response_id, l.invitation_id FROM survey_response_links l JOIN survey_responses r ON r.id = l.response_id \
         WHERE r.wave_id = $1",
    )
    .bind(wave_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// The back office's statements (the list's counts, closing, sending, personal data).
pub mod admin;
