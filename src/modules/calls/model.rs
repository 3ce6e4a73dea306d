//! The calls' domain types and their parsing: a call, its prize categories, stages and rubric,
//! an application with its organisation and places, jurors, assignments and reviews. The
//! organisation's numbers are checked here once (`check_siret`, `check_rna`), for the form,
//! the API and the imports alike.

use serde::{Deserialize, Serialize};

/// A call for projects or a competition.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    pub id: i64,
    pub slug: String,
    pub club_id: Option<i64>,
    /// `competition` or `call`.
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub rules: String,
    /// Markdown.
    pub eligibility: String,
    /// `draft`, `published` or `archived`.
    pub status: String,
    pub opens_at: i64,
    /// The deadline, to the second: a submission at `closes_at` or later is refused.
    pub closes_at: i64,
    pub ceremony_event_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Where a call stands for applicants at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Published, not open yet.
    Upcoming,
    /// Applications are accepted.
    Open,
    /// The deadline has passed; results not published.
    Closed,
    /// Results published.
    Results,
}

impl Call {
    /// Whether an application may be submitted at `now` (to the second: `closes_at` itself is
    /// too late).
    pub fn accepts_at(&self, now: i64) -> bool {
        self.status == "published" && now >= self.opens_at && now < self.closes_at
    }

    /// The call's phase at `now`, given whether results are published.
    pub fn phase(&self, now: i64, results_published: bool) -> Phase {
        if results_published {
            Phase::Results
        } else if now < self.opens_at {
            Phase::Upcoming
        } else if now < self.closes_at {
            Phase::Open
        } else {
            Phase::Closed
        }
    }
}

/// What creates or changes a call (the back office, the demo, the API).
#[derive(Debug, Clone, Default)]
pub struct CallInput {
    pub slug: String,
    pub club_id: Option<i64>,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub rules: String,
    pub eligibility: String,
    pub status: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub ceremony_event_id: Option<i64>,
}

/// A prize category, sponsored by a partner.
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: i64,
    pub call_id: i64,
    pub position: i64,
    pub name: String,
    pub description: String,
    pub prize: String,
    pub sponsor_id: Option<i64>,
    /// The sponsor's name, joined from the partners.
    pub sponsor_name: Option<String>,
    /// The sponsor's logo (a media id), joined from the partners.
    pub sponsor_logo: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct CategoryInput {
    pub name: String,
    pub description: String,
    pub prize: String,
    pub sponsor_id: Option<i64>,
}

/// What a stage decides.
pub const DECIDES_ADVANCE: &str = "advance";
pub const DECIDES_LAUREATES: &str = "laureates";

/// The fields a blind stage may hide from its jurors.
pub const IDENTIFYING_FIELDS: &[&str] = &["organisation", "names", "emails", "siret", "files"];

/// A stage of a call, in order (screening, first jury, grand jury).
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub id: i64,
    pub call_id: i64,
    pub position: i64,
    pub name: String,
    /// `screening` or `jury`.
    pub kind: String,
    /// `advance` or `laureates`.
    pub decides: String,
    pub advance_count: Option<i64>,
    /// k: how many jurors the automatic assignment gives each application.
    pub jurors_per_application: i64,
    pub scale_min: i64,
    pub scale_max: i64,
    pub blind: bool,
    /// Among `IDENTIFYING_FIELDS`: what this stage's jurors do not see when `blind`.
    pub hidden_fields: Vec<String>,
    pub review_deadline: Option<i64>,
}

impl Stage {
    /// Whether jurors of this stage must not see `field` (one of `IDENTIFYING_FIELDS`).
    pub fn hides(&self, field: &str) -> bool {
        self.blind && self.hidden_fields.iter().any(|f| f == field)
    }
}

#[derive(Debug, Clone)]
pub struct StageInput {
    pub name: String,
    pub kind: String,
    pub decides: String,
    pub advance_count: Option<i64>,
    pub jurors_per_application: i64,
    pub scale_min: i64,
    pub scale_max: i64,
    pub blind: bool,
    pub hidden_fields: Vec<String>,
    pub review_deadline: Option<i64>,
}

impl Default for StageInput {
    fn default() -> Self {
        StageInput {
            name: String::new(),
            kind: "jury".into(),
            decides: DECIDES_ADVANCE.into(),
            advance_count: None,
            jurors_per_application: 3,
            scale_min: 0,
            scale_max: 5,
            blind: false,
            hidden_fields: vec![],
            review_deadline: None,
        }
    }
}

/// A criterion of a stage's rubric, its weight, and the description of each level of the
/// stage's scale (`levels`: score -> description; a level without one shows its number).
#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub id: i64,
    pub stage_id: i64,
    pub position: i64,
    pub name: String,
    pub description: String,
    pub weight: i64,
    pub levels: std::collections::BTreeMap<i64, String>,
}

#[derive(Debug, Clone, Default)]
pub struct CriterionInput {
    pub name: String,
    pub description: String,
    pub weight: i64,
    pub levels: std::collections::BTreeMap<i64, String>,
}

/// The legal forms an applicant's organisation may have (the value stored, its label key).
pub const LEGAL_FORMS: &[(&str, &str)] = &[
    ("association", "calls-legal-association"),
    ("local_authority", "calls-legal-local-authority"),
    ("cooperative", "calls-legal-cooperative"),
    ("company", "calls-legal-company"),
];

/// Whether `s` is one of `LEGAL_FORMS`.
pub fn valid_legal_form(s: &str) -> bool {
    LEGAL_FORMS.iter().any(|(v, _)| *v == s)
}

/// A SIRET number: 14 digits (spaces and dots ignored) whose Luhn key is right (the
/// establishments of La Poste, SIREN 356 000 000, follow their own rule: the digits' sum is a
/// multiple of 5). Returns the 14 digits, or the message key to show next to the field.
pub fn check_siret(typed: &str) -> Result<String, &'static str> {
    let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '.' | '\u{a0}' | '\u{202f}')).collect();
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("calls-error-siret-digits");
    }
    let ok = if digits.starts_with("356000000") {
        digits.bytes().map(|b| u32::from(b - b'0')).sum::<u32>().is_multiple_of(5)
    } else {
        luhn(&digits)
    };
    if ok { Ok(digits) } else { Err("calls-error-siret-key") }
}

/// The Luhn check over ASCII digits.
pub fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// An RNA number (the register of associations): `W` and 9 digits (spaces ignored, the `W`
/// in either case). Returns it with a capital `W`, or the message key.
pub fn check_rna(typed: &str) -> Result<String, &'static str> {
    let s: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let mut chars = s.chars();
    match chars.next() {
        Some('W' | 'w') => {}
        _ => return Err("calls-error-rna"),
    }
    let rest = chars.as_str();
    if rest.len() == 9 && rest.bytes().all(|b| b.is_ascii_digit()) { Ok(format!("W{rest}")) } else { Err("calls-error-rna") }
}

/// An application's reference number, given at submission: the call's id and the
/// application's rank in it (`A7-0042`), short enough to read on the phone.
pub fn reference(call_id: i64, n: i64) -> String {
    format!("A{call_id}-{n:04}")
}

/// A district of the network's list.
#[derive(Debug, Clone, Serialize)]
pub struct District {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
    pub town: String,
    pub priority: bool,
}

/// A place of an application: a district of the list, or a name typed when not listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    Listed(i64),
    Typed(String),
}

/// An application's own fields (what the applicant typed besides the call's form), as stored.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApplicationFields {
    pub project_title: String,
    pub summary: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub org_name: String,
    pub org_legal_form: String,
    pub org_siret: String,
    pub org_rna: String,
    pub org_address: String,
    pub org_postcode: String,
    pub org_town: String,
    pub district_id: Option<i64>,
    pub district_other: String,
    pub category_id: Option<i64>,
    pub club_id: Option<i64>,
    pub project_url: String,
    pub video_url: String,
    /// The districts the project reaches, in order.
    pub reached: Vec<Place>,
}

/// An application as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Application {
    pub id: i64,
    pub call_id: i64,
    pub reference: Option<String>,
    pub email: String,
    pub lang: String,
    /// `draft`, `submitted` or `withdrawn`.
    pub status: String,
    pub fields: ApplicationFields,
    /// The form's fields as typed while a draft (JSON object: field name -> list of values).
    pub draft: String,
    /// `pending`, `eligible` or `ineligible`.
    pub eligibility: String,
    pub eligibility_reason: String,
    pub stage_id: Option<i64>,
    pub outcome: Option<String>,
    pub outcome_category_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
}

/// A juror of one stage's jury.
#[derive(Debug, Clone, Serialize)]
pub struct Juror {
    pub id: i64,
    pub stage_id: i64,
    pub email: String,
    pub name: String,
    pub organisation: String,
    pub lang: String,
    pub invited_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub reminded_at: Option<i64>,
}

/// Conflict states of an assignment.
pub const CONFLICT_UNKNOWN: &str = "unknown";
pub const CONFLICT_NONE: &str = "none";
pub const CONFLICT_DECLARED: &str = "declared";
pub const CONFLICT_AUTOMATIC: &str = "automatic";

/// Who reviews what.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    pub id: i64,
    pub stage_id: i64,
    pub application_id: i64,
    pub juror_id: i64,
    /// `manual`, `automatic` or `replacement`.
    pub source: String,
    /// `unknown`, `none`, `declared` or `automatic`.
    pub conflict: String,
    pub declared_at: Option<i64>,
}

impl Assignment {
    /// A juror in conflict never sees the application and their score does not count.
    pub fn in_conflict(&self) -> bool {
        self.conflict == CONFLICT_DECLARED || self.conflict == CONFLICT_AUTOMATIC
    }
}

/// A review: a score per criterion, a confidence, a note for the jury, feedback for the
/// applicant; `submitted` once sent (a draft before).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Review {
    pub assignment_id: i64,
    pub submitted: bool,
    /// criterion id -> score.
    pub scores: std::collections::BTreeMap<i64, i64>,
    /// 1 low .. 3 high.
    pub confidence: Option<i64>,
    pub jury_note: String,
    pub feedback: String,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
}

/// Outcomes an application can be told.
pub const OUTCOME_LAUREATE: &str = "laureate";
pub const OUTCOME_MENTION: &str = "mention";
pub const OUTCOME_NOMINEE: &str = "nominee";
pub const OUTCOME_NOT_SELECTED: &str = "not_selected";

/// One line of a stage's decision: what happens to an application (`advance` for a stage that
/// advances; `laureate` with its category or `mention` for the last one), and the rest is
/// not selected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionLine {
    pub application_id: i64,
    /// `advance`, `laureate` or `mention`.
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
}

/// A stage's decision (seq 1) or one of its amendments (seq > 1), never changed once written.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub id: i64,
    pub stage_id: i64,
    pub seq: i64,
    pub rationale: String,
    pub outcomes: Vec<DecisionLine>,
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    pub decided_at: i64,
}

/// A published version of a call's results, frozen.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub id: i64,
    pub call_id: i64,
    pub version: i64,
    /// The canonical JSON that was published (its SHA-256 is `fingerprint`).
    pub body: String,
    pub fingerprint: String,
    pub reason: String,
    pub published_by: Option<i64>,
    pub published_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siret_needs_fourteen_digits_and_its_luhn_key() {
        // A real SIRET shape: 732 829 320 00074 (Luhn-valid).
        assert_eq!(check_siret("732 829 320 00074"), Ok("73282932000074".into()));
        assert_eq!(check_siret("73282932000075"), Err("calls-error-siret-key"));
        assert_eq!(check_siret("7328293200007"), Err("calls-error-siret-digits"));
        assert_eq!(check_siret("7328293200007A"), Err("calls-error-siret-digits"));
        assert_eq!(check_siret(""), Err("calls-error-siret-digits"));
        // La Poste's establishments: the digits' sum is a multiple of 5.
        assert_eq!(check_siret("35600000000051"), Ok("35600000000051".into()));
        assert_eq!(check_siret("35600000000052"), Err("calls-error-siret-key"));
    }

    #[test]
    fn rna_is_w_and_nine_digits() {
        assert_eq!(check_rna("W751234567"), Ok("W751234567".into()));
        assert_eq!(check_rna("w 751 234 567"), Ok("W751234567".into()));
        assert_eq!(check_rna("W75123456"), Err("calls-error-rna"));
        assert_eq!(check_rna("X751234567"), Err("calls-error-rna"));
        assert_eq!(check_rna("W75123456A"), Err("calls-error-rna"));
    }

    #[test]
    fn the_deadline_is_exclusive_to_the_second() {
        let call = Call {
            id: 1,
            slug: "c".into(),
            club_id: None,
            kind: "competition".into(),
            title: "t".into(),
            summary: String::new(),
            rules: String::new(),
            eligibility: String::new(),
            status: "published".into(),
            opens_at: 100,
            closes_at: 200,
            ceremony_event_id: None,
            created_at: 0,
            updated_at: 0,
        };
        assert!(!call.accepts_at(99));
        assert!(call.accepts_at(100));
        assert!(call.accepts_at(199));
        assert!(!call.accepts_at(200));
        assert_eq!(call.phase(150, false), Phase::Open);
        assert_eq!(call.phase(200, false), Phase::Closed);
        assert_eq!(call.phase(200, true), Phase::Results);
    }
}
