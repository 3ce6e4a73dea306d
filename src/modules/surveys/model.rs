//! The surveys' types: a survey (its questionnaire is a form of the form kit, owner
//! `surveys:{id}`), its waves with their territories and mode, the invitations, and the
//! drafts kept while a respondent answers. No type here links a response to an invitation
//! except `Linked`, which only pseudonymous and identified waves write.

use serde::{Deserialize, Serialize};

/// Cells computed from fewer responses than this are suppressed unless the survey says
/// otherwise.
pub const DEFAULT_MIN_CELL: i64 = 5;

/// The form kit's owner of a survey's questionnaire.
pub fn owner(survey_id: i64) -> String {
    format!("surveys:{survey_id}")
}

/// Midnight (UTC) of the day `ts` falls in: the only time kept of a response.
pub fn day(ts: i64) -> i64 {
    ts - ts.rem_euclid(86_400)
}

/// A random key for a response: positive, below 2^53 (exact in JSON), so that no order the
/// responses are kept or read in follows their submission.
pub fn random_key() -> i64 {
    use rand::Rng;
    rand::rng().random_range(1..(1_i64 << 53))
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Survey {
    pub id: i64,
    pub slug: String,
    /// None: the network's.
    pub club_id: Option<i64>,
    pub title: String,
    pub summary: String,
    /// Markdown, on the first page before the questions.
    pub intro: String,
    /// Figures from fewer responses are suppressed on public pages and partners' views.
    pub min_cell: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurveyInput {
    pub slug: String,
    pub club_id: Option<i64>,
    pub title: String,
    pub summary: String,
    pub intro: String,
    pub min_cell: i64,
}

/// What a wave promises respondents about who they are, stated on the first page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// No response can be traced to an invitation or a person, by construction.
    Anonymous,
    /// Responses are linked to their invitation, but results and exports never name it.
    Pseudonymous,
    /// Responses are linked to their invitation and staff see who answered what.
    Identified,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Anonymous, Mode::Pseudonymous, Mode::Identified];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Anonymous => "anonymous",
            Mode::Pseudonymous => "pseudonymous",
            Mode::Identified => "identified",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether a response is linked to its invitation.
    pub fn linked(self) -> bool {
        self != Mode::Anonymous
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Wave {
    pub id: i64,
    pub survey_id: i64,
    /// For example "2025".
    pub label: String,
    pub mode: Mode,
    pub opens_at: i64,
    /// Answers are taken before this second.
    pub closes_at: i64,
    /// The form's version the wave runs on, frozen when the wave was opened.
    pub form_version: Option<i64>,
    pub opened_at: Option<i64>,
    /// A public link takes answers too (rate-limited).
    pub open_link: bool,
    pub published_at: Option<i64>,
    /// The question codes shown on the public results page.
    pub published_codes: Vec<String>,
    pub created_at: i64,
}

/// Where a wave stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not opened yet: its form is not frozen, nobody can answer.
    Draft,
    /// Opened (the form frozen) but before its opening date.
    Scheduled,
    /// Taking answers.
    Open,
    /// Past its closing date.
    Closed,
}

impl Phase {
    /// The phase's name in pages' classes and the API (`draft`, `scheduled`, `open`, `closed`).
    pub fn name(self) -> &'static str {
        match self {
            Phase::Draft => "draft",
            Phase::Scheduled => "scheduled",
            Phase::Open => "open",
            Phase::Closed => "closed",
        }
    }
}

impl Wave {
    pub fn phase(&self, now: i64) -> Phase {
        if self.form_version.is_none() {
            Phase::Draft
        } else if now < self.opens_at {
            Phase::Scheduled
        } else if now < self.closes_at {
            Phase::Open
        } else {
            Phase::Closed
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct WaveInput {
    pub label: String,
    pub mode: Mode,
    pub opens_at: i64,
    pub closes_at: i64,
    pub open_link: bool,
}

/// A territory (club) of a wave with its quota and its count of complete responses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Territory {
    pub club_id: i64,
    pub club_slug: String,
    pub club_name: String,
    pub quota: Option<i64>,
    pub complete: i64,
}

impl Territory {
    pub fn full(&self) -> bool {
        self.quota.is_some_and(|q| self.complete >= q)
    }
}

/// Where an invitation stands. No time of answering is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationState {
    Invited,
    Started,
    Answered,
}

impl InvitationState {
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationState::Invited => "invited",
            InvitationState::Started => "started",
            InvitationState::Answered => "answered",
        }
    }

    pub fn parse(s: &str) -> Option<InvitationState> {
        [InvitationState::Invited, InvitationState::Started, InvitationState::Answered].into_iter().find(|m| m.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Invitation {
    pub id: i64,
    pub wave_id: i64,
    pub club_id: i64,
    pub name: String,
    pub email: String,
    /// Optional attributes from the import (sector, size…).
    pub attributes: serde_json::Map<String, serde_json::Value>,
    pub state: InvitationState,
    pub invited_at: Option<i64>,
    pub reminded_at: Option<i64>,
    pub reminders: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct InvitationInput {
    pub club_id: i64,
    pub name: String,
    pub email: String,
    pub attributes: serde_json::Map<String, serde_json::Value>,
}

/// Who holds a draft: an invitation, or the SHA-256 (hex) of an open link's random key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holder {
    Invitation(i64),
    OpenKey(String),
}

/// Answers saved before submission, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub id: i64,
    pub wave_id: i64,
    pub club_id: i64,
    pub holder: Holder,
    pub fields: Vec<(String, String)>,
    /// The section reached (0: the first).
    pub page: i64,
    pub updated_at: i64,
}

/// What a submission did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Submitted {
    /// Stored under this random key.
    Stored(i64),
    /// The invitation had already answered: its link works once.
    AlreadyAnswered,
    /// The territory's quota of complete responses is reached.
    QuotaFull,
}

/// How a submission keeps a territory's quota. `Database` (one conditional UPDATE in the
/// submission's transaction) is the only one the application uses; `Unguarded` counts
/// without the condition, so that a test checking the quota itself before submitting shows
/// the race the database's guard closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaGuard {
    Database,
    Unguarded,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_is_midnight_utc() {
        assert_eq!(day(1_767_225_600 + 13 * 3600 + 7), 1_767_225_600);
        assert_eq!(day(1_767_225_600), 1_767_225_600);
        assert_eq!(day(-1), -86_400);
    }

    #[test]
    fn random_keys_are_positive_and_json_exact() {
        for _ in 0..1000 {
            let k = random_key();
            assert!(k > 0 && k < (1 << 53));
        }
    }

    #[test]
    fn modes_round_trip() {
        for m in Mode::ALL {
            assert_eq!(Mode::parse(m.as_str()), Some(m));
        }
        assert_eq!(Mode::parse("secret"), None);
        assert!(!Mode::Anonymous.linked() && Mode::Identified.linked());
    }
}
