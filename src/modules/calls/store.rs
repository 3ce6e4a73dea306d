//! Every SQL statement of the calls module (migration 0026): calls, categories, stages,
//! criteria, districts, and the plain writes of applications, jurors, assignments and reviews
//! here; the applicants' drafts and submissions in `store/applications.rs`, the managers'
//! lists and decisions on eligibility in `store/manage.rs`, the juries' work (assignment,
//! conflicts, progress, reminders) in `store/jury.rs`, ranking, decisions and publication in
//! `store/results.rs`.

use std::collections::BTreeMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{
    Application, ApplicationFields, Assignment, Call, CallInput, Category, CategoryInput, Criterion, CriterionInput, District, Juror,
    Place, Review, Stage, StageInput,
};
use crate::core::db::{Db, Tx};

pub(super) mod applications;
pub(super) mod jury;
pub(super) mod manage;
pub(super) mod results;

const CALL_COLUMNS: &str = "id, slug, club_id, kind, title, summary, rules, eligibility, status, opens_at, closes_at, \
    ceremony_event_id, created_at, updated_at";

fn call_from_row(r: &AnyRow) -> Result<Call, sqlx::Error> {
    Ok(Call {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        club_id: r.try_get(2)?,
        kind: r.try_get(3)?,
        title: r.try_get(4)?,
        summary: r.try_get(5)?,
        rules: r.try_get(6)?,
        eligibility: r.try_get(7)?,
        status: r.try_get(8)?,
        opens_at: r.try_get(9)?,
        closes_at: r.try_get(10)?,
        ceremony_event_id: r.try_get(11)?,
        created_at: r.try_get(12)?,
        updated_at: r.try_get(13)?,
    })
}

pub async fn insert_call(tx: &mut Tx, c: &CallInput, created_by: Option<i64>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO calls (slug, club_id, kind, title, summary, rules, eligibility, status, opens_at, closes_at, \
         ceremony_event_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) \
         RETURNING id",
    )
    .bind(c.slug.clone())
    .bind(c.club_id)
    .bind(c.kind.clone())
    .bind(c.title.clone())
    .bind(c.summary.clone())
    .bind(c.rules.clone())
    .bind(c.eligibility.clone())
    .bind(c.status.clone())
    .bind(c.opens_at)
    .bind(c.closes_at)
    .bind(c.ceremony_event_id)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update_call(tx: &mut Tx, id: i64, c: &CallInput, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE calls SET slug = $2, club_id = $3, kind = $4, title = $5, summary = $6, rules = $7, eligibility = $8, \
         status = $9, opens_at = $10, closes_at = $11, ceremony_event_id = $12, updated_at = $13 WHERE id = $1",
    )
    .bind(id)
    .bind(c.slug.clone())
    .bind(c.club_id)
    .bind(c.kind.clone())
    .bind(c.title.clone())
    .bind(c.summary.clone())
    .bind(c.rules.clone())
    .bind(c.eligibility.clone())
    .bind(c.status.clone())
    .bind(c.opens_at)
    .bind(c.closes_at)
    .bind(c.ceremony_event_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn call_by_id(db: &Db, id: i64) -> Result<Option<Call>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {CALL_COLUMNS} FROM calls WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(call_from_row).transpose()
}

pub async fn call_by_slug(db: &Db, slug: &str) -> Result<Option<Call>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {CALL_COLUMNS} FROM calls WHERE slug = $1")))
        .bind(slug.to_string())
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(call_from_row).transpose()
}

/// Every call (the back office), or only the published ones (`published_only`), deadline
/// first.
pub async fn list_calls(db: &Db, published_only: bool) -> Result<Vec<Call>, sqlx::Error> {
    let filter = if published_only { "WHERE status = 'published'" } else { "" };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {CALL_COLUMNS} FROM calls {filter} ORDER BY closes_at DESC, id DESC")))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(call_from_row).collect()
}

/// The next reference number of a call's applications (given at submission; a rolled-back
/// submission gives it back).
pub async fn next_reference(tx: &mut Tx, call_id: i64) -> Result<String, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("UPDATE calls SET next_reference = next_reference + 1 WHERE id = $1 RETURNING next_reference")
        .bind(call_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(super::model::reference(call_id, n))
}

pub async fn insert_category(tx: &mut Tx, call_id: i64, c: &CategoryInput) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO call_categories (call_id, position, name, description, prize, sponsor_id) \
         VALUES ($1, (SELECT COUNT(*) FROM call_categories WHERE call_id = $1), $2, $3, $4, $5) RETURNING id",
    )
    .bind(call_id)
    .bind(c.name.clone())
    .bind(c.description.clone())
    .bind(c.prize.clone())
    .bind(c.sponsor_id)
    .fetch_one(&mut **tx)
    .await
}

/// A call's categories in order, with their sponsor's name and logo.
pub async fn categories(db: &Db, call_id: i64) -> Result<Vec<Category>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT k.id, k.call_id, k.position, k.name, k.description, k.prize, k.sponsor_id, p.name, p.logo_media_id \
         FROM call_categories k LEFT JOIN partners p ON p.id = k.sponsor_id WHERE k.call_id = $1 ORDER BY k.position, k.id",
    )
    .bind(call_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Category {
                id: r.try_get(0)?,
                call_id: r.try_get(1)?,
                position: r.try_get(2)?,
                name: r.try_get(3)?,
                description: r.try_get(4)?,
                prize: r.try_get(5)?,
                sponsor_id: r.try_get(6)?,
                sponsor_name: r.try_get(7)?,
                sponsor_logo: r.try_get(8)?,
            })
        })
        .collect()
}

const STAGE_COLUMNS: &str = "id, call_id, position, name, kind, decides, advance_count, jurors_per_application, scale_min, \
    scale_max, blind, hidden_fields, review_deadline";

fn stage_from_row(r: &AnyRow) -> Result<Stage, sqlx::Error> {
    let hidden: String = r.try_get(11)?;
    Ok(Stage {
        id: r.try_get(0)?,
        call_id: r.try_get(1)?,
        position: r.try_get(2)?,
        name: r.try_get(3)?,
        kind: r.try_get(4)?,
        decides: r.try_get(5)?,
        advance_count: r.try_get(6)?,
        jurors_per_application: r.try_get(7)?,
        scale_min: r.try_get(8)?,
        scale_max: r.try_get(9)?,
        blind: r.try_get::<i64, _>(10)? != 0,
        hidden_fields: serde_json::from_str(&hidden).unwrap_or_default(),
        review_deadline: r.try_get(12)?,
    })
}

/// Add a stage after the call's last one.
pub async fn insert_stage(tx: &mut Tx, call_id: i64, s: &StageInput) -> Result<i64, sqlx::Error> {
    let hidden = serde_json::to_string(&s.hidden_fields).unwrap_or_else(|_| "[]".into());
    sqlx::query_scalar(
        "INSERT INTO call_stages (call_id, position, name, kind, decides, advance_count, jurors_per_application, scale_min, \
         scale_max, blind, hidden_fields, review_deadline) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM call_stages WHERE call_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         RETURNING id",
    )
    .bind(call_id)
    .bind(s.name.clone())
    .bind(s.kind.clone())
    .bind(s.decides.clone())
    .bind(s.advance_count)
    .bind(s.jurors_per_application)
    .bind(s.scale_min)
    .bind(s.scale_max)
    .bind(i64::from(s.blind))
    .bind(hidden)
    .bind(s.review_deadline)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update_stage(tx: &mut Tx, id: i64, s: &StageInput) -> Result<bool, sqlx::Error> {
    let hidden = serde_json::to_string(&s.hidden_fields).unwrap_or_else(|_| "[]".into());
    let r = sqlx::query(
        "UPDATE call_stages SET name = $2, kind = $3, decides = $4, advance_count = $5, jurors_per_application = $6, \
         scale_min = $7, scale_max = $8, blind = $9, hidden_fields = $10, review_deadline = $11 WHERE id = $1",
    )
    .bind(id)
    .bind(s.name.clone())
    .bind(s.kind.clone())
    .bind(s.decides.clone())
    .bind(s.advance_count)
    .bind(s.jurors_per_application)
    .bind(s.scale_min)
    .bind(s.scale_max)
    .bind(i64::from(s.blind))
    .bind(hidden)
    .bind(s.review_deadline)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A call's stages in order.
pub async fn stages(db: &Db, call_id: i64) -> Result<Vec<Stage>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {STAGE_COLUMNS} FROM call_stages WHERE call_id = $1 ORDER BY position")))
        .bind(call_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(stage_from_row).collect()
}

pub async fn stage(db: &Db, id: i64) -> Result<Option<Stage>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {STAGE_COLUMNS} FROM call_stages WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(stage_from_row).transpose()
}

pub async fn insert_criterion(tx: &mut Tx, stage_id: i64, c: &CriterionInput) -> Result<i64, sqlx::Error> {
    let levels = serde_json::to_string(&c.levels).unwrap_or_else(|_| "{}".into());
    sqlx::query_scalar(
        "INSERT INTO call_criteria (stage_id, position, name, description, weight, levels) \
         VALUES ($1, (SELECT COUNT(*) FROM call_criteria WHERE stage_id = $1), $2, $3, $4, $5) RETURNING id",
    )
    .bind(stage_id)
    .bind(c.name.clone())
    .bind(c.description.clone())
    .bind(c.weight.max(1))
    .bind(levels)
    .fetch_one(&mut **tx)
    .await
}

/// A stage's rubric in order.
pub async fn criteria(db: &Db, stage_id: i64) -> Result<Vec<Criterion>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, stage_id, position, name, description, weight, levels FROM call_criteria WHERE stage_id = $1 ORDER BY position, id",
    )
    .bind(stage_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let levels: String = r.try_get(6)?;
            Ok(Criterion {
                id: r.try_get(0)?,
                stage_id: r.try_get(1)?,
                position: r.try_get(2)?,
                name: r.try_get(3)?,
                description: r.try_get(4)?,
                weight: r.try_get(5)?,
                levels: serde_json::from_str(&levels).unwrap_or_default(),
            })
        })
        .collect()
}

/// Add a district, or update the one with the same code (or, without a code, the same name
/// and town). Returns its id.
pub async fn upsert_district(
    tx: &mut Tx,
    code: Option<&str>,
    name: &str,
    town: &str,
    priority: bool,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let existing: Option<i64> = match code {
        Some(code) => {
            sqlx::query_scalar("SELECT id FROM districts WHERE code = $1").bind(code.to_string()).fetch_optional(&mut **tx).await?
        }
        None => None,
    };
    let existing = match existing {
        Some(id) => Some(id),
        None => {
            sqlx::query_scalar("SELECT id FROM districts WHERE name = $1 AND town = $2")
                .bind(name.to_string())
                .bind(town.to_string())
                .fetch_optional(&mut **tx)
                .await?
        }
    };
    match existing {
        Some(id) => {
            sqlx::query("UPDATE districts SET code = COALESCE($2, code), name = $3, town = $4, priority = $5 WHERE id = $1")
                .bind(id)
                .bind(code.map(str::to_string))
                .bind(name.to_string())
                .bind(town.to_string())
                .bind(i64::from(priority))
                .execute(&mut **tx)
                .await?;
            Ok(id)
        }
        None => {
            sqlx::query_scalar("INSERT INTO districts (code, name, town, priority, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(code.map(str::to_string))
                .bind(name.to_string())
                .bind(town.to_string())
                .bind(i64::from(priority))
                .bind(now)
                .fetch_one(&mut **tx)
                .await
        }
    }
}

/// The network's districts (unsorted: callers sort with `i18n::collate`).
pub async fn districts(db: &Db) -> Result<Vec<District>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, code, name, town, priority FROM districts").fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| {
            Ok(District {
                id: r.try_get(0)?,
                code: r.try_get(1)?,
                name: r.try_get(2)?,
                town: r.try_get(3)?,
                priority: r.try_get::<i64, _>(4)? != 0,
            })
        })
        .collect()
}

const APPLICATION_COLUMNS: &str = "a.id, a.call_id, a.reference, a.email, a.lang, a.status, a.project_title, a.summary, \
    a.contact_name, a.contact_phone, a.org_name, a.org_legal_form, a.org_siret, a.org_rna, a.org_address, a.org_postcode, \
    a.org_town, a.district_id, a.district_other, a.category_id, a.club_id, a.project_url, a.video_url, a.draft, \
    a.eligibility, a.eligibility_reason, a.stage_id, a.outcome, a.outcome_category_id, a.created_at, a.updated_at, \
    a.submitted_at, a.withdrawn_at";

fn application_from_row(r: &AnyRow) -> Result<Application, sqlx::Error> {
    Ok(Application {
        id: r.try_get(0)?,
        call_id: r.try_get(1)?,
        reference: r.try_get(2)?,
        email: r.try_get(3)?,
        lang: r.try_get(4)?,
        status: r.try_get(5)?,
        fields: ApplicationFields {
            project_title: r.try_get(6)?,
            summary: r.try_get(7)?,
            contact_name: r.try_get(8)?,
            contact_phone: r.try_get(9)?,
            org_name: r.try_get(10)?,
            org_legal_form: r.try_get(11)?,
            org_siret: r.try_get(12)?,
            org_rna: r.try_get(13)?,
            org_address: r.try_get(14)?,
            org_postcode: r.try_get(15)?,
            org_town: r.try_get(16)?,
            district_id: r.try_get(17)?,
            district_other: r.try_get(18)?,
            category_id: r.try_get(19)?,
            club_id: r.try_get(20)?,
            project_url: r.try_get(21)?,
            video_url: r.try_get(22)?,
            reached: vec![],
        },
        draft: r.try_get(23)?,
        eligibility: r.try_get(24)?,
        eligibility_reason: r.try_get(25)?,
        stage_id: r.try_get(26)?,
        outcome: r.try_get(27)?,
        outcome_category_id: r.try_get(28)?,
        created_at: r.try_get(29)?,
        updated_at: r.try_get(30)?,
        submitted_at: r.try_get(31)?,
        withdrawn_at: r.try_get(32)?,
    })
}

/// Write an application whole, as `status` (`draft` or `submitted`; a submitted one gets its
/// reference and `submitted_at = now`), with the districts it reaches. For the demo, seeds,
/// benchmarks and tests: applicants go through `store::applications`.
pub async fn insert_application(
    tx: &mut Tx,
    call_id: i64,
    email: &str,
    lang: &str,
    f: &ApplicationFields,
    status: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (reference, submitted_at) =
        if status == "submitted" { (Some(next_reference(tx, call_id).await?), Some(now)) } else { (None, None) };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO call_applications (call_id, reference, email, lang, status, project_title, summary, contact_name, \
         contact_phone, org_name, org_legal_form, org_siret, org_rna, org_address, org_postcode, org_town, district_id, \
         district_other, category_id, club_id, project_url, video_url, created_at, updated_at, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23, $24) \
         RETURNING id",
    )
    .bind(call_id)
    .bind(reference)
    .bind(email.to_string())
    .bind(lang.to_string())
    .bind(status.to_string())
    .bind(f.project_title.clone())
    .bind(f.summary.clone())
    .bind(f.contact_name.clone())
    .bind(f.contact_phone.clone())
    .bind(f.org_name.clone())
    .bind(f.org_legal_form.clone())
    .bind(f.org_siret.clone())
    .bind(f.org_rna.clone())
    .bind(f.org_address.clone())
    .bind(f.org_postcode.clone())
    .bind(f.org_town.clone())
    .bind(f.district_id)
    .bind(f.district_other.clone())
    .bind(f.category_id)
    .bind(f.club_id)
    .bind(f.project_url.clone())
    .bind(f.video_url.clone())
    .bind(now)
    .bind(submitted_at)
    .fetch_one(&mut **tx)
    .await?;
    set_reached(tx, id, &f.reached).await?;
    Ok(id)
}

/// Replace the districts an application reaches.
pub async fn set_reached(tx: &mut Tx, application_id: i64, reached: &[Place]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM call_application_districts WHERE application_id = $1").bind(application_id).execute(&mut **tx).await?;
    for (i, p) in reached.iter().enumerate() {
        let (district, name) = match p {
            Place::Listed(id) => (Some(*id), String::new()),
            Place::Typed(name) => (None, name.clone()),
        };
        sqlx::query("INSERT INTO call_application_districts (application_id, position, district_id, name) VALUES ($1, $2, $3, $4)")
            .bind(application_id)
            .bind(i as i64)
            .bind(district)
            .bind(name)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// One application with the districts it reaches.
pub async fn application(db: &Db, id: i64) -> Result<Option<Application>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {APPLICATION_COLUMNS} FROM call_applications a WHERE a.id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    let Some(mut a) = row.as_ref().map(application_from_row).transpose()? else { return Ok(None) };
    a.fields.reached = reached(db, &[id]).await?.remove(&id).unwrap_or_default();
    Ok(Some(a))
}

/// A call's applications (every status) with the districts they reach, by id.
pub async fn applications(db: &Db, call_id: i64) -> Result<Vec<Application>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {APPLICATION_COLUMNS} FROM call_applications a WHERE a.call_id = $1 ORDER BY a.id"
    )))
    .bind(call_id)
    .fetch_all(db.pool())
    .await?;
    let mut apps: Vec<Application> = rows.iter().map(application_from_row).collect::<Result<_, _>>()?;
    let mut places = reached_of_call(db, call_id).await?;
    for a in &mut apps {
        a.fields.reached = places.remove(&a.id).unwrap_or_default();
    }
    Ok(apps)
}

/// What a ranking shows of each of a call's applications: (id, reference, project title,
/// organisation, category), without the rest of the file.
pub async fn ranking_entries(db: &Db, call_id: i64) -> Result<Vec<RankingEntry>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, reference, project_title, org_name, category_id FROM call_applications WHERE call_id = $1 ORDER BY id")
            .bind(call_id)
            .fetch_all(db.pool())
            .await?;
    rows.iter()
        .map(|r| {
            Ok(RankingEntry {
                id: r.try_get(0)?,
                reference: r.try_get(1)?,
                project_title: r.try_get(2)?,
                org_name: r.try_get(3)?,
                category_id: r.try_get(4)?,
            })
        })
        .collect()
}

/// An application as a ranking shows it.
#[derive(Clone, Debug)]
pub struct RankingEntry {
    pub id: i64,
    pub reference: Option<String>,
    pub project_title: String,
    pub org_name: String,
    pub category_id: Option<i64>,
}

async fn reached(db: &Db, ids: &[i64]) -> Result<BTreeMap<i64, Vec<Place>>, sqlx::Error> {
    let mut out: BTreeMap<i64, Vec<Place>> = BTreeMap::new();
    for id in ids {
        let rows = sqlx::query(
            "SELECT application_id, district_id, name FROM call_application_districts WHERE application_id = $1 ORDER BY position",
        )
        .bind(*id)
        .fetch_all(db.pool())
        .await?;
        for r in &rows {
            out.entry(r.try_get(0)?).or_default().push(place_from(r.try_get(1)?, r.try_get(2)?));
        }
    }
    Ok(out)
}

async fn reached_of_call(db: &Db, call_id: i64) -> Result<BTreeMap<i64, Vec<Place>>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.application_id, d.district_id, d.name FROM call_application_districts d \
         JOIN call_applications a ON a.id = d.application_id WHERE a.call_id = $1 ORDER BY d.application_id, d.position",
    )
    .bind(call_id)
    .fetch_all(db.pool())
    .await?;
    let mut out: BTreeMap<i64, Vec<Place>> = BTreeMap::new();
    for r in &rows {
        out.entry(r.try_get(0)?).or_default().push(place_from(r.try_get(1)?, r.try_get(2)?));
    }
    Ok(out)
}

fn place_from(district: Option<i64>, name: String) -> Place {
    match district {
        Some(id) => Place::Listed(id),
        None => Place::Typed(name),
    }
}

const JUROR_COLUMNS: &str = "id, stage_id, email, name, organisation, lang, invited_at, withdrawn_at, reminded_at";

fn juror_from_row(r: &AnyRow) -> Result<Juror, sqlx::Error> {
    Ok(Juror {
        id: r.try_get(0)?,
        stage_id: r.try_get(1)?,
        email: r.try_get(2)?,
        name: r.try_get(3)?,
        organisation: r.try_get(4)?,
        lang: r.try_get(5)?,
        invited_at: r.try_get(6)?,
        withdrawn_at: r.try_get(7)?,
        reminded_at: r.try_get(8)?,
    })
}

/// Add a juror to a stage's jury (not yet invited).
pub async fn insert_juror(
    tx: &mut Tx,
    stage_id: i64,
    email: &str,
    name: &str,
    organisation: &str,
    lang: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO call_jurors (stage_id, email, name, organisation, lang, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(stage_id)
    .bind(email.to_string())
    .bind(name.to_string())
    .bind(organisation.to_string())
    .bind(lang.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// A stage's jurors (withdrawn ones included), by id.
pub async fn jurors(db: &Db, stage_id: i64) -> Result<Vec<Juror>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {JUROR_COLUMNS} FROM call_jurors WHERE stage_id = $1 ORDER BY id")))
        .bind(stage_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(juror_from_row).collect()
}

pub async fn juror(db: &Db, id: i64) -> Result<Option<Juror>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {JUROR_COLUMNS} FROM call_jurors WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(juror_from_row).transpose()
}

/// Assign a juror to an application; `None` when already assigned.
pub async fn insert_assignment(
    tx: &mut Tx,
    stage_id: i64,
    application_id: i64,
    juror_id: i64,
    source: &str,
    conflict: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO call_assignments (stage_id, application_id, juror_id, source, conflict, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (stage_id, application_id, juror_id) DO NOTHING RETURNING id",
    )
    .bind(stage_id)
    .bind(application_id)
    .bind(juror_id)
    .bind(source.to_string())
    .bind(conflict.to_string())
    .bind(now)
    .fetch_optional(&mut **tx)
    .await
}

const ASSIGNMENT_COLUMNS: &str = "id, stage_id, application_id, juror_id, source, conflict, declared_at";

fn assignment_from_row(r: &AnyRow) -> Result<Assignment, sqlx::Error> {
    Ok(Assignment {
        id: r.try_get(0)?,
        stage_id: r.try_get(1)?,
        application_id: r.try_get(2)?,
        juror_id: r.try_get(3)?,
        source: r.try_get(4)?,
        conflict: r.try_get(5)?,
        declared_at: r.try_get(6)?,
    })
}

/// A stage's assignments, by id.
pub async fn assignments(db: &Db, stage_id: i64) -> Result<Vec<Assignment>, sqlx::Error> {
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {ASSIGNMENT_COLUMNS} FROM call_assignments WHERE stage_id = $1 ORDER BY id")))
            .bind(stage_id)
            .fetch_all(db.pool())
            .await?;
    rows.iter().map(assignment_from_row).collect()
}

/// Record a juror's declaration on an assignment (`none` or `declared`).
pub async fn declare(tx: &mut Tx, assignment_id: i64, conflict: &str, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE call_assignments SET conflict = $2, declared_at = $3 WHERE id = $1 AND conflict <> 'automatic'")
        .bind(assignment_id)
        .bind(conflict.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Save a review as a draft, or submit it (`review.submitted`). A submitted review is never
/// changed again: returns false then.
pub async fn save_review(tx: &mut Tx, review: &Review, now: i64) -> Result<bool, sqlx::Error> {
    let submitted_at = review.submitted.then_some(now);
    let r = sqlx::query(
        "INSERT INTO call_reviews (assignment_id, status, confidence, jury_note, feedback, updated_at, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (assignment_id) DO UPDATE SET status = excluded.status, confidence = excluded.confidence, \
         jury_note = excluded.jury_note, feedback = excluded.feedback, updated_at = excluded.updated_at, \
         submitted_at = excluded.submitted_at WHERE call_reviews.status = 'draft'",
    )
    .bind(review.assignment_id)
    .bind(if review.submitted { "submitted" } else { "draft" })
    .bind(review.confidence)
    .bind(review.jury_note.clone())
    .bind(review.feedback.clone())
    .bind(now)
    .bind(submitted_at)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM call_scores WHERE assignment_id = $1").bind(review.assignment_id).execute(&mut **tx).await?;
    for (criterion, score) in &review.scores {
        sqlx::query("INSERT INTO call_scores (assignment_id, criterion_id, score) VALUES ($1, $2, $3)")
            .bind(review.assignment_id)
            .bind(*criterion)
            .bind(*score)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}
