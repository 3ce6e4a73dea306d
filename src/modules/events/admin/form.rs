//! The event form as typed, and its checks.

use crate::core::error::FieldError;
use crate::core::i18n::Tr;
use crate::core::values::Slug;
use crate::modules::events::model::{Event, EventDraft, EventInput, TypedTime};

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
    /// The version of the event the form was opened on (hidden): a save from another one
    /// is refused, the form shown again with the other person's values.
    pub version: String,
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
            version: e.version.to_string(),
        }
    }

    /// The version the form was opened on (`None` when the form carries none).
    pub fn version(&self) -> Option<i64> {
        self.version.trim().parse().ok()
    }

    /// The fields a person types, by name, with their values.
    fn values(&self) -> [(&'static str, &str); 22] {
        [
            ("title", &self.title),
            ("slug", &self.slug),
            ("summary", &self.summary),
            ("description", &self.description),
            ("club_id", &self.club_id),
            ("starts_at", &self.starts_at),
            ("ends_at", &self.ends_at),
            ("place_name", &self.place_name),
            ("address", &self.address),
            ("online_url", &self.online_url),
            ("theme", &self.theme),
            ("capacity", &self.capacity),
            ("opens_at", &self.opens_at),
            ("closes_at", &self.closes_at),
            ("id_required", &self.id_required),
            ("waitlist", &self.waitlist),
            ("offer_hours", &self.offer_hours),
            ("partner_seats", &self.partner_seats),
            ("contact_email", &self.contact_email),
            ("reminder_hours", &self.reminder_hours),
            ("retention_days", &self.retention_days),
            ("status", &self.status),
        ]
    }

    /// The fields where `saved` (the event as someone else saved it) differs from what was
    /// typed here: each field's name and the saved value.
    pub fn differences(&self, saved: &EventForm) -> Vec<(&'static str, String)> {
        self.values()
            .into_iter()
            .zip(saved.values())
            .filter(|((_, mine), (_, theirs))| mine.trim() != theirs.trim())
            .map(|((name, _), (_, theirs))| (name, theirs.to_string()))
            .collect()
    }

    /// The slug that will be used: the one typed, or one made from the title.
    pub fn effective_slug(&self) -> String {
        Slug::typed_or_from(&self.slug, &self.title)
    }

    /// Check everything through the events' one parser (`EventDraft::parse`, the API's too);
    /// `parse_dt` reads a datetime-local value in the site's time zone, `may_use_club` says
    /// whether this person may put the event in that club (`None`: the whole network),
    /// `slug_taken` whether another event has the `effective_slug`.
    pub fn check(
        &self,
        parse_dt: impl Fn(&str) -> Option<i64>,
        may_use_club: impl Fn(Option<i64>) -> bool,
        slug_taken: bool,
    ) -> Result<EventInput, Vec<FieldError>> {
        let club = if self.club_id.trim().is_empty() { Some(None) } else { int(&self.club_id).map(Some) };
        let club = match club {
            Some(c) if may_use_club(c) => Ok(c),
            _ => Err("events-admin-error-club"),
        };
        let offer_hours = match self.waitlist.as_str() {
            "offer" => Some(int(&self.offer_hours)),
            _ => None,
        };
        let draft = EventDraft {
            title: self.title.clone(),
            slug: self.slug.clone(),
            slug_taken,
            summary: self.summary.clone(),
            description: self.description.clone(),
            club,
            starts_at: TypedTime::read(&self.starts_at, &parse_dt),
            ends_at: TypedTime::read(&self.ends_at, &parse_dt),
            place_name: self.place_name.clone(),
            address: self.address.clone(),
            online_url: self.online_url.clone(),
            theme: self.theme.clone(),
            capacity: int(&self.capacity),
            registration_opens_at: TypedTime::read(&self.opens_at, &parse_dt),
            registration_closes_at: TypedTime::read(&self.closes_at, &parse_dt),
            id_required: !self.id_required.is_empty(),
            status: self.status.clone(),
            offer_hours,
            partner_seats: int(&self.partner_seats),
            contact_email: self.contact_email.clone(),
            reminder_hours: int(&self.reminder_hours),
            retention_days: int(&self.retention_days),
        };
        let mut result = draft.parse().map_err(|errors| errors.into_iter().map(form_field).collect::<Vec<_>>());
        if !["auto", "offer"].contains(&self.waitlist.as_str()) {
            let e = FieldError { field: "waitlist".into(), message: "events-admin-error-waitlist".into() };
            match &mut result {
                Err(errors) => errors.push(e),
                Ok(_) => result = Err(vec![e]),
            }
        }
        result
    }
}

/// The form's name of a field the parser names as the API does.
fn form_field(mut e: FieldError) -> FieldError {
    let name = match e.field.as_str() {
        "club" => "club_id",
        "registration_opens_at" => "opens_at",
        "registration_closes_at" => "closes_at",
        _ => return e,
    };
    e.field = name.into();
    e
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
        f.check(parse, |_| true, false).unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_good_form_gives_the_event_with_a_slug_from_the_title() {
        let e = form().check(parse, |_| true, false).unwrap();
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
        assert_eq!(f.check(parse, |_| true, false).unwrap().offer_hours, Some(24));
        assert_eq!(f.check(parse, |c| c.is_some(), false).map(|_| ()), Ok(()));
        f.club_id = String::new();
        assert!(f.check(parse, |c| c.is_some(), false).is_err());
    }
}
