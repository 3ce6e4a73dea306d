//! Youth programs: a national program (its age band, skills, completion rule, consent texts
//! and path template) opened in clubs; a cohort ("promotion") per club and school year with
//! its path of sessions; participants who are minors, each with the consents their age calls
//! for (a guardian's authorisation under 18, their own consent too under 15), given and
//! withdrawn through access links and recorded with the text's version, the time and who gave
//! them; places in sessions written only when those consents hold; attendance with arrival
//! and departure times; completion computed from the program's rule.
//!
//! Who does what: `model.rs` (the types and the pure rules: consents needed, minutes,
//! completion), `store.rs` (every SQL statement; `store::place` is the one writer of places
//! and checks the consents in its statement).

pub mod model;
mod store;

pub use model::{
    Attendance, Cohort, CohortInput, CompletionRule, Consent, ConsentKind, ConsentText, Gender, Giver, Needs, Participant,
    ParticipantInput, PathStep, Placed, Program, ProgramInput, Progress, Session, SessionInput, SessionKind, Skill, Status, age_on,
    consent_complete, progress,
};
/// Programs in the demo, seeds and tests are written through these (staff and families go
/// through their pages).
pub use store::{
    add_text, cohort, cohort_attendance, cohorts, consents, current_texts, enrolled, insert_cohort, insert_participant, insert_program,
    insert_session, open_in_club, participant, participants, place, places, program, program_by_slug, program_clubs, programs,
    record_attendance, record_consent, session, sessions, set_status, withdraw_consent,
};
