//! The SQL of the programme editor (`events::admin::programme`): slots with their speakers
//! and moderators.

use crate::core::db::{Db, Tx};

/// A slot as the programme editor saves it (checked).
pub struct SlotInput {
    pub starts_at: i64,
    pub ends_at: i64,
    pub title: String,
    pub description: String,
    pub room: String,
    pub kind: String,
    pub capacity: Option<i64>,
    /// (name, title, organisation, role), in order.
    pub people: Vec<(String, String, String, String)>,
}

async fn write_people(tx: &mut Tx, slot: i64, people: &[(String, String, String, String)]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM slot_people WHERE slot_id = $1").bind(slot).execute(&mut **tx).await?;
    for (i, (name, title, org, role)) in people.iter().enumerate() {
        sqlx::query("INSERT INTO slot_people (slot_id, name, title, organisation, role, position) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(slot)
            .bind(name.clone())
            .bind(title.clone())
            .bind(org.clone())
            .bind(role.clone())
            .bind(i as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A new slot of the event's programme, with its people; returns its id.
pub async fn create_slot(db: &Db, event_id: i64, input: &SlotInput) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let slot: i64 = sqlx::query_scalar(
        "INSERT INTO event_slots (event_id, starts_at, ends_at, title, description, room, kind, capacity) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(event_id)
    .bind(input.starts_at)
    .bind(input.ends_at)
    .bind(input.title.clone())
    .bind(input.description.clone())
    .bind(input.room.clone())
    .bind(input.kind.clone())
    .bind(input.capacity)
    .fetch_one(&mut *tx)
    .await?;
    write_people(&mut tx, slot, &input.people).await?;
    tx.commit().await?;
    Ok(slot)
}

/// Save a slot and its people; false (nothing changed) when its capacity would fall below the
/// seats it holds, or it holds seats and would lose its capacity.
pub async fn update_slot(db: &Db, event_id: i64, slot_id: i64, input: &SlotInput) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Never below the seats the slot holds, even if some were taken since the check.
    let r = sqlx::query(
        "UPDATE event_slots SET starts_at = $3, ends_at = $4, title = $5, description = $6, room = $7, kind = $8, \
         capacity = CASE WHEN $9 = 1 THEN $10 ELSE NULL END WHERE id = $1 AND event_id = $2 \
         AND (($9 = 1 AND registered <= $10) OR ($9 = 0 AND registered = 0))",
    )
    .bind(slot_id)
    .bind(event_id)
    .bind(input.starts_at)
    .bind(input.ends_at)
    .bind(input.title.clone())
    .bind(input.description.clone())
    .bind(input.room.clone())
    .bind(input.kind.clone())
    .bind(i64::from(input.capacity.is_some()))
    .bind(input.capacity.unwrap_or(0))
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    write_people(&mut tx, slot_id, &input.people).await?;
    tx.commit().await?;
    Ok(true)
}

/// Delete a slot that holds no seat; false when it holds some (or is not the event's).
pub async fn delete_slot(db: &Db, event_id: i64, slot_id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM event_slots WHERE id = $1 AND event_id = $2 AND registered = 0")
        .bind(slot_id)
        .bind(event_id)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}
