//! The programs' types and their pure rules: who must consent (from the age at the cohort's
//! start), minutes attended, and completion computed from the program's rule.

use serde::{Deserialize, Serialize};

/// A national program, opened in clubs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Program {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub age_min: i64,
    pub age_max: i64,
    pub skills: Vec<Skill>,
    pub rule: CompletionRule,
    pub path: Vec<PathStep>,
    pub retention_days: i64,
    pub created_at: i64,
}

/// What a program is written with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgramInput {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub age_min: i64,
    pub age_max: i64,
    pub skills: Vec<Skill>,
    pub rule: CompletionRule,
    pub path: Vec<PathStep>,
    pub retention_days: i64,
}

/// A skill the path works on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skill {
    pub code: String,
    pub label: String,
}

/// A session of the program's path template, which a club's cohort copies and adapts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathStep {
    pub kind: SessionKind,
    pub title: String,
    /// Skill codes.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Its usual length.
    pub minutes: i64,
}

/// When a participant has completed the path: at least `min_attendance` % of the cohort's
/// sessions attended, and the final event when `final_required`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CompletionRule {
    pub min_attendance: i64,
    pub final_required: bool,
}

impl Default for CompletionRule {
    fn default() -> Self {
        CompletionRule { min_attendance: 80, final_required: true }
    }
}

/// A kind of session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Workshop,
    Coaching,
    Tutoring,
    Visit,
    Final,
}

impl SessionKind {
    pub const ALL: [SessionKind; 5] =
        [SessionKind::Workshop, SessionKind::Coaching, SessionKind::Tutoring, SessionKind::Visit, SessionKind::Final];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Workshop => "workshop",
            SessionKind::Coaching => "coaching",
            SessionKind::Tutoring => "tutoring",
            SessionKind::Visit => "visit",
            SessionKind::Final => "final",
        }
    }

    pub fn parse(s: &str) -> Option<SessionKind> {
        SessionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A cohort ("promotion") of a program in a club for a school year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cohort {
    pub id: i64,
    pub program_id: i64,
    pub club_id: i64,
    pub school_year: String,
    pub label: String,
    pub capacity: i64,
    /// Midnight (UTC) of its first and last days.
    pub starts_on: i64,
    pub ends_on: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CohortInput {
    pub program_id: i64,
    pub club_id: i64,
    pub school_year: String,
    pub label: String,
    pub capacity: i64,
    pub starts_on: i64,
    pub ends_on: i64,
}

/// A session of a cohort's path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Session {
    pub id: i64,
    pub cohort_id: i64,
    pub kind: SessionKind,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub lead: String,
    pub skills: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SessionInput {
    pub kind: SessionKind,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub lead: String,
    pub skills: Vec<String>,
}

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applied,
    Waiting,
    Selected,
    Declined,
    Withdrawn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Waiting => "waiting",
            Status::Selected => "selected",
            Status::Declined => "declined",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Applied, Status::Waiting, Status::Selected, Status::Declined, Status::Withdrawn].into_iter().find(|x| x.as_str() == s)
    }
}

/// How a participant describes themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Girl,
    Boy,
    Other,
    Unsaid,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Girl => "girl",
            Gender::Boy => "boy",
            Gender::Other => "other",
            Gender::Unsaid => "unsaid",
        }
    }

    pub fn parse(s: &str) -> Option<Gender> {
        [Gender::Girl, Gender::Boy, Gender::Other, Gender::Unsaid].into_iter().find(|x| x.as_str() == s)
    }
}

/// A participant (a minor): seen by the staff of the cohort's club and network administrators
/// only.
#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    pub id: i64,
    pub cohort_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: String,
    pub gender: Gender,
    pub email: String,
    pub phone: String,
    pub guardian_name: String,
    pub guardian_email: String,
    pub age_at_start: i64,
    pub needs: Needs,
    pub status: Status,
    pub created_at: i64,
    pub anonymised_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParticipantInput {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: String,
    pub gender: Gender,
    pub email: String,
    pub phone: String,
    pub guardian_name: String,
    pub guardian_email: String,
}

/// The consents a participant needs before they may take part (from their age at the
/// cohort's start).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Needs {
    /// Under 18: a guardian's authorisation to take part.
    pub guardian: bool,
    /// Under 15: the participant's own consent too, for any processing online.
    pub own: bool,
}

impl Needs {
    pub fn at_age(age: i64) -> Needs {
        Needs { guardian: age < 18, own: age < 15 }
    }
}

/// What a consent is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// A guardian's authorisation to take part.
    Participation,
    /// A guardian's authorisation to take and publish pictures (never required).
    Image,
    /// The participant's own consent (under 15).
    Own,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 3] = [ConsentKind::Participation, ConsentKind::Image, ConsentKind::Own];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::Participation => "participation",
            ConsentKind::Image => "image",
            ConsentKind::Own => "own",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentKind> {
        ConsentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Who gives it.
    pub fn giver(self) -> Giver {
        match self {
            ConsentKind::Own => Giver::Participant,
            _ => Giver::Guardian,
        }
    }
}

/// Who gave a consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Giver {
    Guardian,
    Participant,
}

impl Giver {
    pub fn as_str(self) -> &'static str {
        match self {
            Giver::Guardian => "guardian",
            Giver::Participant => "participant",
        }
    }
}

/// A consent text (one version of one kind).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsentText {
    pub id: i64,
    pub program_id: i64,
    pub kind: ConsentKind,
    pub version: i64,
    pub body: String,
}

/// A consent given or refused, live or withdrawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Consent {
    pub id: i64,
    pub participant_id: i64,
    pub kind: ConsentKind,
    pub text_id: i64,
    pub version: i64,
    pub given_by: Giver,
    pub signer: String,
    pub granted: bool,
    pub at: i64,
    pub withdrawn_at: Option<i64>,
}

impl Consent {
    pub fn live(&self) -> bool {
        self.withdrawn_at.is_none()
    }
}

/// Whether a participant's required consents are all given (live and granted).
pub fn consent_complete(needs: Needs, consents: &[Consent]) -> bool {
    let given = |k: ConsentKind| consents.iter().any(|c| c.kind == k && c.live() && c.granted);
    (!needs.guardian || given(ConsentKind::Participation)) && (!needs.own || given(ConsentKind::Own))
}

/// A program's public figures: counts only, never a name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "ProgramFigures")]
pub struct Figures {
    /// Clubs that run the program.
    pub clubs: i64,
    /// Cohorts under way.
    pub cohorts: i64,
    /// Participants enrolled in them (selected, every consent given).
    pub enrolled: i64,
    /// Pupils (girls and boys) reached this school year by the actions in schools attached
    /// to the program.
    pub pupils_reached: i64,
}

/// What placing a participant in a session did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placed {
    Placed,
    AlreadyThere,
    /// Not selected, or a required consent is missing: nothing written.
    Refused,
}

/// A participant's attendance at a session.
#[derive(Clone, Debug, PartialEq)]
pub struct Attendance {
    pub session_id: i64,
    pub participant_id: i64,
    pub arrived_at: Option<i64>,
    pub left_at: Option<i64>,
    pub excused: bool,
}

impl Attendance {
    /// Whole minutes between arrival and departure (14:02 to 16:00: 118).
    pub fn minutes(&self) -> i64 {
        match (self.arrived_at, self.left_at) {
            (Some(a), Some(l)) if l > a => (l - a) / 60,
            _ => 0,
        }
    }

    /// Came (an arrival recorded, not excused).
    pub fn present(&self) -> bool {
        self.arrived_at.is_some() && !self.excused
    }
}

/// Where a participant stands against the completion rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Progress {
    /// Sessions attended, of those held so far and of the whole path.
    pub attended: i64,
    pub held: i64,
    pub total: i64,
    pub minutes: i64,
    pub final_attended: bool,
    /// The rule is met (the path is over or not).
    pub completed: bool,
    /// Attending every session still to come would meet the rule.
    pub on_track: bool,
}

/// A participant's progress on a cohort's `sessions` at `now`, from their attendance: never
/// typed, always computed.
pub fn progress(rule: CompletionRule, sessions: &[Session], attendance: &[Attendance], now: i64) -> Progress {
    let came = |s: &Session| attendance.iter().any(|a| a.session_id == s.id && a.present());
    let total = sessions.len() as i64;
    let held = sessions.iter().filter(|s| s.starts_at <= now).count() as i64;
    let attended = sessions.iter().filter(|s| came(s)).count() as i64;
    let minutes = attendance.iter().filter(|a| sessions.iter().any(|s| s.id == a.session_id)).map(Attendance::minutes).sum();
    let finals: Vec<&Session> = sessions.iter().filter(|s| s.kind == SessionKind::Final).collect();
    let final_attended = finals.iter().any(|s| came(s));
    let enough = |n: i64| total > 0 && n * 100 >= rule.min_attendance * total;
    let final_ok = |f: bool| !rule.final_required || f;
    let completed = enough(attended) && final_ok(final_attended);
    let to_come = total - held;
    let final_possible = final_attended || finals.iter().any(|s| s.starts_at > now);
    let on_track = completed || (enough(attended + to_come) && final_ok(final_possible));
    Progress { attended, held, total, minutes, final_attended, completed, on_track }
}

/// Age in whole years on `on` of someone born on `birth` (both `YYYY-MM-DD`); None when a date
/// is not one.
pub fn age_on(birth: &str, on: &str) -> Option<i64> {
    let b: jiff::civil::Date = birth.parse().ok()?;
    let d: jiff::civil::Date = on.parse().ok()?;
    let mut age = i64::from(d.year()) - i64::from(b.year());
    if (d.month(), d.day()) < (b.month(), b.day()) {
        age -= 1;
    }
    Some(age)
}

/// The UTC date (`YYYY-MM-DD`) of a unix time.
pub fn utc_date(t: i64) -> String {
    jiff::Timestamp::from_second(t).map(|ts| ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: i64, kind: SessionKind, starts_at: i64) -> Session {
        Session {
            id,
            cohort_id: 1,
            kind,
            title: String::new(),
            starts_at,
            ends_at: starts_at + 7200,
            place: String::new(),
            lead: String::new(),
            skills: vec![],
        }
    }

    fn came(session_id: i64) -> Attendance {
        Attendance { session_id, participant_id: 1, arrived_at: Some(1000), left_at: Some(1000 + 3600), excused: false }
    }

    #[test]
    fn minutes_are_counted_from_arrival_to_departure() {
        // 14:02 to 16:00 on 2026-10-14 (UTC).
        let arrived = 1_791_986_520;
        let a =
            Attendance { session_id: 1, participant_id: 1, arrived_at: Some(arrived), left_at: Some(arrived + 118 * 60), excused: false };
        assert_eq!(utc_date(arrived), "2026-10-14");
        assert_eq!(a.minutes(), 118);
        assert_eq!(Attendance { left_at: None, ..a.clone() }.minutes(), 0);
        assert!(!Attendance { excused: true, ..a }.present());
    }

    #[test]
    fn ages_and_the_consents_they_need() {
        assert_eq!(age_on("2012-03-10", "2026-09-15"), Some(14));
        assert_eq!(age_on("2011-09-15", "2026-09-15"), Some(15));
        assert_eq!(age_on("2011-09-16", "2026-09-15"), Some(14));
        assert_eq!(age_on("2011-02-30", "2026-09-15"), None);
        assert_eq!(Needs::at_age(14), Needs { guardian: true, own: true });
        assert_eq!(Needs::at_age(15), Needs { guardian: true, own: false });
        assert_eq!(Needs::at_age(18), Needs { guardian: false, own: false });
    }

    #[test]
    fn consent_is_complete_only_with_every_required_one_live_and_granted() {
        let c = |kind, granted, withdrawn_at| Consent {
            id: 1,
            participant_id: 1,
            kind,
            text_id: 1,
            version: 1,
            given_by: kind_giver(kind),
            signer: "X".into(),
            granted,
            at: 1,
            withdrawn_at,
        };
        fn kind_giver(k: ConsentKind) -> Giver {
            k.giver()
        }
        let under15 = Needs::at_age(14);
        assert!(!consent_complete(under15, &[c(ConsentKind::Participation, true, None)]));
        assert!(consent_complete(under15, &[c(ConsentKind::Participation, true, None), c(ConsentKind::Own, true, None)]));
        assert!(!consent_complete(under15, &[c(ConsentKind::Participation, true, Some(5)), c(ConsentKind::Own, true, None)]));
        assert!(!consent_complete(Needs::at_age(16), &[c(ConsentKind::Participation, false, None)]));
        // Image rights are never required.
        assert!(consent_complete(Needs::at_age(16), &[c(ConsentKind::Participation, true, None), c(ConsentKind::Image, false, None)]));
    }

    #[test]
    fn completion_follows_the_rule_and_says_who_is_on_track() {
        let rule = CompletionRule::default();
        let sessions: Vec<Session> =
            (1..=9).map(|i| session(i, SessionKind::Workshop, i * 100)).chain([session(10, SessionKind::Final, 1000)]).collect();
        // 8 of 10 with the final: complete.
        let a: Vec<Attendance> = [1, 2, 3, 4, 5, 6, 7, 10].into_iter().map(came).collect();
        let p = progress(rule, &sessions, &a, 2000);
        assert_eq!((p.attended, p.total, p.completed), (8, 10, true));
        // 9 of 10 without the final: not complete.
        let b: Vec<Attendance> = (1..=9).map(came).collect();
        assert!(!progress(rule, &sessions, &b, 2000).completed);
        // Halfway (5 held, 3 attended): 3 + 5 to come = 8 of 10, on track; 2 attended is not.
        let c: Vec<Attendance> = [1, 2, 3].into_iter().map(came).collect();
        let mid = progress(rule, &sessions, &c, 550);
        assert!(mid.on_track && !mid.completed);
        let d: Vec<Attendance> = [1, 2].into_iter().map(came).collect();
        assert!(!progress(rule, &sessions, &d, 550).on_track);
        // An excused absence is not attendance.
        let e = vec![Attendance { excused: true, ..came(1) }];
        assert_eq!(progress(rule, &sessions, &e, 2000).attended, 0);
    }
}
