//! The event form as typed, and its checks.

use crate::core::error::FieldError;
use crate::core::i18n::Tr;
use crate::core::values::{Email, Slug};
use crate::modules::events::model::{Event, EventInput};

/// Longest offer, reminder delay and retention an organiser may set.
const MAX_HOURS: i64 = 24 * 30;
const MAX_DAYS: i64 = 3650;
const MAX_CAPACITY: i64 = 100_000;

/// What the organiser typed (kept to show the form again with its errors).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub csrf: String,
    pub title: String,
    pub slug: String,
    pub summary: String,
    pub description: String,
    pub club_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place_name: String,
    pub address: String,
    pub online_url: String,
    pub theme: String,
    pub capacity: String,
    pub opens_at: String,
    pub closes_at: String,
    pub id_required: String,
    /// auto | offer
    pub waitlist: String,
    pub offer_hours: String,
    pub partner_seats: String,
    pub contact_email: String,
    pub reminder_hours: String,
    pub retention_days: String,
    pub status: String,
}

fn err(errors: &mut Vec<FieldError>, field: &str, message: &str) {
    errors.push(FieldError { field: field.into(), message: message.into() });
}

fn int(s: &str) -> Option<i64> {
    s.trim().parse::<i64>().ok()
}

impl EventForm {
    /// A blank form: a draft of the organiser's first club, 48-hour reminders, 180 days kept.
    pub fn blank(club: Option<i64>, contact_email: &str) -> EventForm {
        EventForm {
            club_id: club.map(|c| c.to_string()).unwrap_or_default(),
            capacity: "30".into(),
            waitlist: "auto".into(),
            offer_hours: "48".into(),
            partner_seats: "0".into(),
            contact_email: contact_email.into(),
            reminder_hours: "48".into(),
            retention_days: "180".into(),
            status: "draft".into(),
            ..Default::default()
        }
    }

    pub fn of(e: &Event, tr: &Tr) -> EventForm {
        EventForm {
            csrf: String::new(),
            title: e.title.clone(),
            slug: e.slug.clone(),
            summary: e.summary.clone(),
            description: e.description.clone(),
            club_id: e.club_id.map(|c| c.to_string()).unwrap_or_default(),
            starts_at: tr.input_datetime(e.starts_at),
            ends_at: tr.input_datetime(e.ends_at),
            place_name: e.place_name.clone(),
            address: e.address.clone(),
            online_url: e.online_url.clone(),
            theme: e.theme.clone(),
            capacity: e.capacity.to_string(),
            opens_at: e.registration_opens_at.map(|t| tr.input_datetime(t)).unwrap_or_default(),
            closes_at: e.registration_closes_at.map(|t| tr.input_datetime(t)).unwrap_or_default(),
            id_required: if e.id_required { "1".into() } else { String::new() },
            waitlist: if e.offer_hours.is_some() { "offer".into() } else { "auto".into() },
            offer_hours: e.offer_hours.unwrap_or(48).to_string(),
            partner_seats: e.partner_seats.to_string(),
            contact_email: e.contact_email.clone(),
            reminder_hours: e.reminder_hours.to_string(),
            retention_days: e.retention_days.to_string(),
            status: e.status.clone(),
        }
    }

    /// The slug that will be used: the one typed, or one made from the title.
    pub fn effective_slug(&self) -> String {
        Slug::typed_or_from(&self.slug, &self.title)
    }

    /// Check everything; `parse_dt` reads a datetime-local value in the site's time zone,
    /// `may_use_club` says whether this person may put the event in that club (`None`: the
    /// whole network).
    pub fn check(
        &self,
        parse_dt: impl Fn(&str) -> Option<i64>,
        may_use_club: impl Fn(Option<i64>) -> bool,
    ) -> Result<EventInput, Vec<FieldError>> {
        let mut errors = vec![];
        let e = &mut errors;
        let title = self.title.trim();
        if title.is_empty() {
            err(e, "title", "field-required");
        } else if title.chars().count() > 200 {
            err(e, "title", "field-too-long");
        }
        let slug = self.effective_slug();
        if let (false, Err(message)) = (title.is_empty(), Slug::parse(&slug)) {
            err(e, "slug", message);
        }
        if self.summary.chars().count() > 500 {
            err(e, "summary", "field-too-long");
        }
        if self.description.chars().count() > 50_000 {
            err(e, "description", "field-too-long");
        }
        let club_id = if self.club_id.trim().is_empty() { Some(None) } else { int(&self.club_id).map(Some) };
        let club_id = match club_id {
            Some(c) if may_use_club(c) => c,
            _ => {
                err(e, "club_id", "events-admin-error-club");
                None
            }
        };
        let required_dt = |e: &mut Vec<FieldError>, field: &str, v: &str| {
            if v.trim().is_empty() {
                err(e, field, "field-required");
                None
            } else {
                let t = parse_dt(v);
                if t.is_none() {
                    err(e, field, "field-date");
                }
                t
            }
        };
        let starts_at = required_dt(e, "starts_at", &self.starts_at);
        let ends_at = required_dt(e, "ends_at", &self.ends_at);
        if let (Some(s), Some(t)) = (starts_at, ends_at)
            && t <= s
        {
            err(e, "ends_at", "events-admin-error-end-before-start");
        }
        for (field, v) in [("place_name", &self.place_name), ("address", &self.address), ("theme", &self.theme)] {
            if v.chars().count() > 300 {
                err(e, field, "field-too-long");
            }
        }
        let online_url = self.online_url.trim();
        let web = online_url.starts_with("https://") || online_url.starts_with("http://");
        if !(online_url.is_empty() || web) || online_url.len() > 500 {
            err(e, "online_url", "field-url");
        }
        let capacity = match int(&self.capacity) {
            Some(n) if (0..=MAX_CAPACITY).contains(&n) => n,
            _ => {
                err(e, "capacity", "events-admin-error-capacity");
                0
            }
        };
        let optional_dt = |e: &mut Vec<FieldError>, field: &str, v: &str| {
            if v.trim().is_empty() {
                return None;
            }
            let t = parse_dt(v);
            if t.is_none() {
                err(e, field, "field-date");
            }
            t
        };
        let opens = optional_dt(e, "opens_at", &self.opens_at);
        let closes = optional_dt(e, "closes_at", &self.closes_at);
        if let (Some(o), Some(c)) = (opens, closes)
            && c <= o
        {
            err(e, "closes_at", "events-admin-error-closes-before-opens");
        }
        let offer_hours = match self.waitlist.as_str() {
            "auto" => None,
            "offer" => match int(&self.offer_hours) {
                Some(h) if (1..=MAX_HOURS).contains(&h) => Some(h),
                _ => {
                    err(e, "offer_hours", "events-admin-error-offer-hours");
                    None
                }
            },
            _ => {
                err(e, "waitlist", "events-admin-error-waitlist");
                None
            }
        };
        let partner_seats = match int(&self.partner_seats) {
            Some(n) if n >= 0 && n <= capacity => n,
            _ => {
                err(e, "partner_seats", "events-admin-error-partner-seats");
                0
            }
        };
        let contact_email = self.contact_email.trim();
        if let Err(message) = Email::parse_optional(contact_email) {
            err(e, "contact_email", message);
        }
        let reminder_hours = match int(&self.reminder_hours) {
            Some(h) if (0..=MAX_HOURS).contains(&h) => h,
            _ => {
                err(e, "reminder_hours", "events-admin-error-reminder");
                0
            }
        };
        let retention_days = match int(&self.retention_days) {
            Some(d) if (1..=MAX_DAYS).contains(&d) => d,
            _ => {
                err(e, "retention_days", "events-admin-error-retention");
                0
            }
        };
        if !["draft", "published", "cancelled"].contains(&self.status.as_str()) {
            err(e, "status", "events-admin-error-status");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(EventInput {
            slug,
            title: title.to_string(),
            summary: self.summary.trim().to_string(),
            description: self.description.trim().to_string(),
            club_id,
            starts_at: starts_at.unwrap_or_default(),
            ends_at: ends_at.unwrap_or_default(),
            place_name: self.place_name.trim().to_string(),
            address: self.address.trim().to_string(),
            online_url: online_url.to_string(),
            theme: self.theme.trim().to_string(),
            capacity,
            registration_opens_at: opens,
            registration_closes_at: closes,
            id_required: !self.id_required.is_empty(),
            status: self.status.clone(),
            offer_hours,
            partner_seats,
            contact_email: contact_email.to_lowercase(),
            reminder_hours,
            retention_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<i64> {
        let dt: jiff::civil::DateTime = s.parse().ok()?;
        dt.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_second())
    }

    fn form() -> EventForm {
        EventForm {
            title: "Forum de l’emploi".into(),
            starts_at: "2026-12-03T09:00".into(),
            ends_at: "2026-12-03T12:30".into(),
            ..EventForm::blank(Some(1), "orga@exemple.fr")
        }
    }

    fn fields(f: &EventForm) -> Vec<String> {
        f.check(parse, |_| true).unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_good_form_gives_the_event_with_a_slug_from_the_title() {
        let e = form().check(parse, |_| true).unwrap();
        assert_eq!(e.slug, "forum-de-l-emploi");
        assert_eq!(e.club_id, Some(1));
        assert_eq!(e.offer_hours, None);
    }

    #[test]
    fn the_end_must_follow_the_start_and_partner_seats_fit() {
        let mut f = form();
        f.ends_at = "2026-12-03T08:00".into();
        f.partner_seats = "31".into();
        f.contact_email = "pas-une-adresse".into();
        assert_eq!(fields(&f), vec!["ends_at", "partner_seats", "contact_email"]);
    }

    #[test]
    fn offers_need_hours_and_clubs_are_checked() {
        let mut f = form();
        f.waitlist = "offer".into();
        f.offer_hours = "0".into();
        assert_eq!(fields(&f), vec!["offer_hours"]);
        f.offer_hours = "24".into();
        assert_eq!(f.check(parse, |_| true).unwrap().offer_hours, Some(24));
        assert_eq!(f.check(parse, |c| c.is_some()).map(|_| ()), Ok(()));
        f.club_id = String::new();
        assert!(f.check(parse, |c| c.is_some()).is_err());
    }
}
