//! Answers to the organiser's questions: which questions are shown (conditions), and the
//! check of each answer by its kind. A plain function of the questions and the answers, so
//! that the registration form, the personal page and the JSON API apply the same rules.
//!
//! The server is the truth: a question whose condition is not met is neither required nor
//! stored, whatever the browser sent.

use std::collections::HashMap;

use super::questions::{Kind, Question};
use crate::core::error::FieldError;

/// Longest answer kept for a text question.
pub const MAX_TEXT: usize = 1000;

/// The stored value of a yes/no answer.
pub const YES: &str = "yes";
pub const NO: &str = "no";

fn err(q: &Question, message: &str) -> FieldError {
    FieldError { field: q.field(), message: message.into() }
}

/// A yes/no answer as stored ("yes" | "no"), from what a form or a client sends.
pub fn yes_no(s: &str) -> Option<&'static str> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "oui" | "true" | "1" => Some(YES),
        "no" | "non" | "false" | "0" => Some(NO),
        _ => None,
    }
}

/// Whether an answer meets a condition's value (a yes/no condition may be written "oui").
fn matches(kind: Kind, answer: &str, expected: &str) -> bool {
    if answer.is_empty() {
        return false;
    }
    match kind {
        Kind::YesNo => yes_no(expected).is_some_and(|e| e == answer),
        _ => answer.trim().eq_ignore_ascii_case(expected.trim()),
    }
}

/// A number as typed ("12", "-3", "2,5" or "2.5"), normalised with a dot.
fn number(s: &str) -> Option<String> {
    let t = s.trim().replace(',', ".");
    let ok = !t.is_empty()
        && t.len() <= 30
        && t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && t.parse::<f64>().is_ok_and(f64::is_finite);
    ok.then_some(t)
}

/// A real calendar date written YYYY-MM-DD.
fn date(s: &str) -> Option<String> {
    let t = s.trim();
    if t.len() != 10 || t.as_bytes()[4] != b'-' || t.as_bytes()[7] != b'-' {
        return None;
    }
    t.parse::<jiff::civil::Date>().ok().map(|d| d.to_string())
}

/// The form value that meets a condition on `parent` (what the browser compares, the
/// server comparing the same way): "yes"/"no" for a yes/no question, the option as written
/// for a choice.
pub fn condition_value(parent: &Question, expected: &str) -> String {
    match parent.kind {
        Kind::YesNo => yes_no(expected).unwrap_or("").to_string(),
        Kind::Choice => {
            parent.choices.iter().find(|c| c.eq_ignore_ascii_case(expected.trim())).cloned().unwrap_or_else(|| expected.trim().to_string())
        }
        _ => expected.trim().to_string(),
    }
}

/// Check one non-empty answer by its question's kind; the value to store.
fn check(q: &Question, raw: &str) -> Result<String, &'static str> {
    match q.kind {
        Kind::Text => {
            let t = raw.trim();
            if t.chars().count() > MAX_TEXT { Err("events-booking-error-text") } else { Ok(t.to_string()) }
        }
        Kind::Choice => q.choices.iter().find(|c| c.as_str() == raw.trim()).cloned().ok_or("events-booking-error-choice"),
        Kind::YesNo => yes_no(raw).map(str::to_string).ok_or("events-booking-error-yesno"),
        Kind::Number => number(raw).ok_or("events-booking-error-number"),
        Kind::Date => date(raw).ok_or("events-booking-error-date"),
    }
}

/// Whether each question is shown, given the answers (by question id): shown when it has no
/// condition, or when the question it depends on is shown and answered with its value.
pub fn shown(questions: &[Question], answers: &HashMap<i64, String>) -> HashMap<i64, bool> {
    fn visit(q: &Question, all: &[Question], answers: &HashMap<i64, String>, depth: usize) -> bool {
        let Some(parent_id) = q.show_if_question else { return true };
        // A missing parent or a loop of conditions: shown (nothing is hidden by mistake).
        let Some(parent) = all.iter().find(|p| p.id == parent_id) else { return true };
        if depth > all.len() {
            return true;
        }
        let answer = answers.get(&parent_id).map(String::as_str).unwrap_or("");
        let answer = check(parent, answer).unwrap_or_default();
        visit(parent, all, answers, depth + 1) && matches(parent.kind, &answer, &q.show_if_value)
    }
    questions.iter().map(|q| (q.id, visit(q, questions, answers, 0))).collect()
}

/// Check the answers (by question id) against the questions: every shown question's answer
/// by its kind, the shown required ones present. Returns what to store, (question id,
/// value) in the questions' order, or errors named after the fields (`q-{id}`) with a
/// message key. Answers to hidden or unknown questions, and empty ones, are not stored.
pub fn validate(questions: &[Question], answers: &HashMap<i64, String>) -> Result<Vec<(i64, String)>, Vec<FieldError>> {
    let shown = shown(questions, answers);
    let mut out = vec![];
    let mut errors = vec![];
    for q in questions {
        if !shown.get(&q.id).copied().unwrap_or(true) {
            continue;
        }
        let raw = answers.get(&q.id).map(String::as_str).unwrap_or("");
        if raw.trim().is_empty() {
            if q.required {
                errors.push(err(q, "events-booking-error-required"));
            }
            continue;
        }
        match check(q, raw) {
            Ok(v) => out.push((q.id, v)),
            Err(key) => errors.push(err(q, key)),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The answers of a form's fields (`q-{id}` -> value) by question id.
pub fn from_fields(fields: &[(String, String)]) -> HashMap<i64, String> {
    fields.iter().filter_map(|(k, v)| Some((k.strip_prefix("q-")?.parse().ok()?, v.clone()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i64, kind: Kind, required: bool) -> Question {
        Question {
            id,
            event_id: 1,
            position: id,
            label: format!("Q{id}"),
            help: String::new(),
            kind,
            choices: vec!["Végétarien".into(), "Sans gluten".into()],
            required,
            show_if_question: None,
            show_if_value: String::new(),
        }
    }

    fn answers(pairs: &[(i64, &str)]) -> HashMap<i64, String> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn each_kind_is_checked() {
        let qs = [
            q(1, Kind::Number, false),
            q(2, Kind::Date, false),
            q(3, Kind::Choice, false),
            q(4, Kind::YesNo, false),
            q(5, Kind::Text, false),
        ];
        let errs = validate(&qs, &answers(&[(1, "douze"), (2, "2026-02-30"), (3, "Vegan"), (4, "peut-être"), (5, &"x".repeat(1001))]))
            .unwrap_err();
        let keys: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
        assert_eq!(
            keys,
            vec![
                ("q-1", "events-booking-error-number"),
                ("q-2", "events-booking-error-date"),
                ("q-3", "events-booking-error-choice"),
                ("q-4", "events-booking-error-yesno"),
                ("q-5", "events-booking-error-text")
            ]
        );
        let ok = validate(&qs, &answers(&[(1, "2,5"), (2, "2028-02-29"), (3, "Sans gluten"), (4, "oui"), (5, " Bonjour ")])).unwrap();
        assert_eq!(
            ok,
            vec![(1, "2.5".into()), (2, "2028-02-29".into()), (3, "Sans gluten".into()), (4, "yes".into()), (5, "Bonjour".into())]
        );
        assert!(date("2026-1-01").is_none() && date("20260101").is_none());
    }

    #[test]
    fn a_conditional_question_counts_only_when_shown() {
        let mut child = q(2, Kind::Text, true);
        child.show_if_question = Some(1);
        child.show_if_value = "oui".into();
        let mut grandchild = q(3, Kind::Number, true);
        grandchild.show_if_question = Some(2);
        grandchild.show_if_value = "x".into();
        let qs = [q(1, Kind::YesNo, true), child, grandchild];
        // Hidden: neither required nor stored, whatever was sent.
        assert_eq!(validate(&qs, &answers(&[(1, "no"), (2, "x"), (3, "pas un nombre")])).unwrap(), vec![(1, "no".into())]);
        // Shown: required.
        let errs = validate(&qs, &answers(&[(1, "yes")])).unwrap_err();
        assert_eq!(errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["q-2"]);
        let errs = validate(&qs, &answers(&[(1, "yes"), (2, "x")])).unwrap_err();
        assert_eq!(errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["q-3"]);
        assert!(validate(&qs, &answers(&[])).unwrap_err().iter().any(|e| e.field == "q-1"));
    }
}
