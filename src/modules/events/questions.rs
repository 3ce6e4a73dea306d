//! The organiser's questions of an event: typed (text, choice, yes/no, number, date),
//! required or not, and shown on a condition (another question's answer).

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::core::db::Db;

/// Most questions one event may ask.
pub const MAX_QUESTIONS: usize = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Choice,
    YesNo,
    Number,
    Date,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Text, Kind::Choice, Kind::YesNo, Kind::Number, Kind::Date];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Choice => "choice",
            Kind::YesNo => "yesno",
            Kind::Number => "number",
            Kind::Date => "date",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The message key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Kind::Text => "events-question-kind-text",
            Kind::Choice => "events-question-kind-choice",
            Kind::YesNo => "events-question-kind-yesno",
            Kind::Number => "events-question-kind-number",
            Kind::Date => "events-question-kind-date",
        }
    }
}

/// One question as stored.
#[derive(Clone, Debug)]
pub struct Question {
    pub id: i64,
    pub event_id: i64,
    pub position: i64,
    pub label: String,
    pub help: String,
    pub kind: Kind,
    /// The options of a `Choice` question, in order.
    pub choices: Vec<String>,
    pub required: bool,
    /// Shown only when this other question's answer equals `show_if_value`.
    pub show_if_question: Option<i64>,
    pub show_if_value: String,
}

impl Question {
    /// The form field's name.
    pub fn field(&self) -> String {
        format!("q-{}", self.id)
    }
}

/// Split the stored options (one per line), without blanks.
pub fn split_choices(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The columns of a question, in the order `from_row_at` reads them (`q.` for a join).
pub(super) const COLUMNS: &str =
    "q.id, q.event_id, q.position, q.label, q.help, q.kind, q.choices, q.required, q.show_if_question, q.show_if_value";

fn from_row(r: &AnyRow) -> Result<Question, sqlx::Error> {
    from_row_at(r, 0)
}

/// A question from `COLUMNS`, starting at column `at` of the row.
pub(super) fn from_row_at(r: &AnyRow, at: usize) -> Result<Question, sqlx::Error> {
    let kind: String = r.try_get(at + 5)?;
    Ok(Question {
        id: r.try_get(at)?,
        event_id: r.try_get(at + 1)?,
        position: r.try_get(at + 2)?,
        label: r.try_get(at + 3)?,
        help: r.try_get(at + 4)?,
        kind: Kind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("unknown question kind {kind}").into()))?,
        choices: split_choices(&r.try_get::<String, _>(at + 6)?),
        required: r.try_get::<i64, _>(at + 7)? != 0,
        show_if_question: r.try_get(at + 8)?,
        show_if_value: r.try_get(at + 9)?,
    })
}

/// The questions of an event, in the order the form shows them.
pub async fn list(db: &Db, event_id: i64) -> Result<Vec<Question>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, event_id, position, label, help, kind, choices, required, show_if_question, show_if_value \
         FROM event_questions WHERE event_id = $1 ORDER BY position, id",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}
