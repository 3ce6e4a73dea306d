//! The organiser's questions of an event: typed (text, choice, yes/no, number, date),
//! required or not, and shown on a condition (another question's answer equals a value).
//! They are a form of the core's form kit owned by the event (`event:{id}`): this is the
//! events' view of it (the back office's editor and the API speak these five kinds), read
//! and written through `core::forms`; answers are checked by `forms::validate` and stored
//! by the kit, one response per registration.

use crate::core::db::{Db, Tx};
use crate::core::forms::{self, Condition, FormDef, Item, Test, Typed, store as form_store};

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

/// One question, as the editor and the API show it.
#[derive(Clone, Debug)]
pub struct Question {
    /// The form kit's question id (stable within the event's form).
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
        forms::field(self.id)
    }
}

/// Split the options as typed (one per line), without blanks.
pub fn split_choices(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The form kit's owner of an event's questions.
pub fn owner(event_id: i64) -> String {
    format!("event:{event_id}")
}

/// The kit's reference of a registration's answers.
pub fn reference(registration_id: i64) -> String {
    registration_id.to_string()
}

/// The questions as a kit definition (their order is the form's). Codes are `q{id}`: stable
/// whatever the organiser rewords.
pub fn to_def(questions: &[Question]) -> FormDef {
    let items = questions
        .iter()
        .map(|q| {
            Item::Question(forms::Question {
                id: q.id,
                code: format!("q{}", q.id),
                label: q.label.clone(),
                help: q.help.clone(),
                required: q.required,
                condition: q.show_if_question.map(|p| Condition { question: p, test: Test::Equals, value: q.show_if_value.clone() }),
                kind: match q.kind {
                    Kind::Text => forms::Kind::ShortText,
                    Kind::Choice => forms::Kind::SingleChoice { choices: q.choices.clone() },
                    Kind::YesNo => forms::Kind::YesNo,
                    Kind::Number => forms::Kind::Number { min: None, max: None },
                    Kind::Date => forms::Kind::Date,
                },
            })
        })
        .collect();
    FormDef { items }
}

/// The events' view of a kit definition (kinds the events' editor does not offer read as text).
pub fn from_def(event_id: i64, def: &FormDef) -> Vec<Question> {
    def.questions()
        .enumerate()
        .map(|(i, q)| {
            let kind = match &q.kind {
                forms::Kind::SingleChoice { .. } => Kind::Choice,
                forms::Kind::YesNo => Kind::YesNo,
                forms::Kind::Number { .. } => Kind::Number,
                forms::Kind::Date => Kind::Date,
                _ => Kind::Text,
            };
            Question {
                id: q.id,
                event_id,
                position: i as i64 + 1,
                label: q.label.clone(),
                help: q.help.clone(),
                kind,
                choices: q.kind.choices().to_vec(),
                required: q.required,
                show_if_question: q.condition.as_ref().map(|c| c.question),
                show_if_value: q.condition.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

/// The event's registration form (empty when it asks nothing).
pub async fn form(db: &Db, event_id: i64) -> Result<FormDef, sqlx::Error> {
    Ok(form_store::get(db, &owner(event_id)).await?.map(|f| f.def).unwrap_or_default())
}

/// The questions of an event, in the order the form shows them.
pub async fn list(db: &Db, event_id: i64) -> Result<Vec<Question>, sqlx::Error> {
    Ok(from_def(event_id, &form(db, event_id).await?))
}

/// Save the event's questions (a new version of its form when the current one has answers).
pub async fn save(tx: &mut Tx, event_id: i64, questions: &[Question], now: i64) -> Result<(), sqlx::Error> {
    form_store::save(tx, &owner(event_id), &to_def(questions), now).await?;
    Ok(())
}

/// The id for a new question (never one a form used before, so unique across events too,
/// as the API has always shown them).
pub async fn next_id(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    form_store::next_question_id(tx).await
}

/// The event's questions, the form locked until the transaction ends (read, change, `save`).
pub async fn list_for_update(tx: &mut Tx, event_id: i64) -> Result<Vec<Question>, sqlx::Error> {
    let def = form_store::get_for_update(tx, &owner(event_id)).await?.map(|f| f.def).unwrap_or_default();
    Ok(from_def(event_id, &def))
}

/// Store a registration's answers (checked by `forms::validate`) in its transaction,
/// replacing those it had.
pub async fn save_answers(tx: &mut Tx, event_id: i64, registration_id: i64, answers: &[Typed], now: i64) -> Result<(), sqlx::Error> {
    form_store::save_response(tx, &owner(event_id), &reference(registration_id), answers, now).await?;
    Ok(())
}

/// A registration's answers, by question id.
pub async fn answers(db: &Db, event_id: i64, registration_id: i64) -> Result<Vec<Typed>, sqlx::Error> {
    Ok(form_store::response(db, &owner(event_id), &reference(registration_id)).await?.map(|(_, a)| a).unwrap_or_default())
}
