//! Events domain types: an event, its programme, a booking, and the registration form.

use crate::core::error::FieldError;
use crate::core::values::{DateRange, Email, Slug, WebUrl};

/// Most seats one booking may take (the form offers 1 to 10).
pub const MAX_SEATS: i64 = 10;

/// An event as stored.
#[derive(Clone, Debug)]
pub struct Event {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub club_id: Option<i64>,
    pub club_name: Option<String>,
    pub club_slug: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place_name: String,
    pub address: String,
    pub online_url: String,
    pub theme: String,
    pub capacity: i64,
    pub registered: i64,
    pub waiting: i64,
    pub registration_opens_at: Option<i64>,
    pub registration_closes_at: Option<i64>,
    pub id_required: bool,
    pub status: String,
    /// `None`: the waiting list confirms the next people automatically; `Some(h)`: they are
    /// offered the freed place for `h` hours.
    pub offer_hours: Option<i64>,
    /// Places of the capacity kept for bookings made with `partner_code`.
    pub partner_seats: i64,
    pub partner_registered: i64,
    pub partner_code: String,
    /// The organiser's address (accessibility needs are routed there).
    pub contact_email: String,
    /// Reminders go this many hours before the start (0: none).
    pub reminder_hours: i64,
    /// Names and answers are anonymised this many days after the end.
    pub retention_days: i64,
    pub anonymised_at: Option<i64>,
    /// The iCalendar SEQUENCE of the event's invitations (grows with each change sent).
    pub ics_sequence: i64,
    /// Raised by each save of the event (`store::update_event`): the API's ETag, the back
    /// office form's hidden field; a save started from another version is refused.
    pub version: i64,
}

/// At most this many places left (or a tenth of the capacity) is "only N places left".
pub const FEW_PLACES: i64 = 10;

/// What the calendar's card of an event says about its places (`Event::availability`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// Nothing to say: places enough, not yet open, past or cancelled.
    Quiet,
    /// Only this many places left.
    Few(i64),
    /// Full: a new booking goes on the waiting list.
    Full,
    /// Registration closed before the event.
    Closed,
}

/// Whether a visitor may register now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registration {
    Open,
    NotYetOpen,
    Closed,
    Cancelled,
}

impl Event {
    pub fn url(&self) -> String {
        format!("/evenements/{}", self.slug)
    }

    pub fn is_public(&self) -> bool {
        self.status == "published" || self.status == "cancelled"
    }

    pub fn is_past(&self, now: i64) -> bool {
        self.ends_at < now
    }

    /// Registration is open between its opening and closing times, and never once the event
    /// has started.
    pub fn registration(&self, now: i64) -> Registration {
        if self.status == "cancelled" {
            return Registration::Cancelled;
        }
        if self.registration_opens_at.is_some_and(|t| now < t) {
            return Registration::NotYetOpen;
        }
        let closes = self.registration_closes_at.unwrap_or(self.starts_at).min(self.starts_at);
        if now >= closes || self.status != "published" {
            return Registration::Closed;
        }
        Registration::Open
    }

    pub fn is_open(&self, now: i64) -> bool {
        self.registration(now) == Registration::Open
    }

    /// Public seats a new booking could still take (the unused partner reserve and pending
    /// offers are taken); 0 when full or when people are waiting (the waiting list is served
    /// first, in order).
    pub fn remaining(&self) -> i64 {
        let reserve = (self.partner_seats - self.partner_registered).max(0);
        if self.waiting > 0 { 0 } else { (self.capacity - self.registered - reserve).max(0) }
    }

    /// What a card of the calendar says about registering: full, few places left or closed
    /// (nothing for a past or cancelled event, or one with plenty of places).
    pub fn availability(&self, now: i64) -> Availability {
        if self.is_past(now) || self.status == "cancelled" {
            return Availability::Quiet;
        }
        match self.registration(now) {
            Registration::Closed => Availability::Closed,
            Registration::Open if self.remaining() == 0 => Availability::Full,
            Registration::Open if self.remaining() <= FEW_PLACES || self.remaining() * 10 <= self.capacity => {
                Availability::Few(self.remaining())
            }
            _ => Availability::Quiet,
        }
    }

    /// Whether `code` is this event's partner link (an event without partner places has none).
    pub fn is_partner_code(&self, code: &str) -> bool {
        self.partner_seats > 0 && !self.partner_code.is_empty() && code.trim() == self.partner_code
    }

    /// Places of the partner reserve still free.
    pub fn partner_remaining(&self) -> i64 {
        (self.partner_seats - self.partner_registered).max(0)
    }

    pub fn is_online(&self) -> bool {
        self.address.trim().is_empty() && !self.online_url.trim().is_empty()
    }

    /// A link to the address on OpenStreetMap.
    pub fn map_url(&self) -> String {
        let q = format!("{} {}", self.place_name, self.address);
        let query = serde_urlencoded::to_string([("query", q.trim())]).unwrap_or_default();
        format!("https://www.openstreetmap.org/search?{query}")
    }

    /// Same calendar day in the site's time zone (the page shows "9h00 – 12h30" then).
    pub fn same_day(&self, tr: &crate::core::i18n::Tr) -> bool {
        tr.date(self.starts_at) == tr.date(self.ends_at)
    }
}

/// What writes an event (the demo, the tests, later the back office).
#[derive(Clone, Debug)]
pub struct EventInput {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub club_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place_name: String,
    pub address: String,
    pub online_url: String,
    pub theme: String,
    pub capacity: i64,
    pub registration_opens_at: Option<i64>,
    pub registration_closes_at: Option<i64>,
    pub id_required: bool,
    pub status: String,
    pub offer_hours: Option<i64>,
    pub partner_seats: i64,
    pub contact_email: String,
    pub reminder_hours: i64,
    pub retention_days: i64,
}

impl Event {
    /// What the organiser set, to save it back with some changes (`events::update_event`).
    pub fn to_input(&self) -> EventInput {
        EventInput {
            slug: self.slug.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            club_id: self.club_id,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            place_name: self.place_name.clone(),
            address: self.address.clone(),
            online_url: self.online_url.clone(),
            theme: self.theme.clone(),
            capacity: self.capacity,
            registration_opens_at: self.registration_opens_at,
            registration_closes_at: self.registration_closes_at,
            id_required: self.id_required,
            status: self.status.clone(),
            offer_hours: self.offer_hours,
            partner_seats: self.partner_seats,
            contact_email: self.contact_email.clone(),
            reminder_hours: self.reminder_hours,
            retention_days: self.retention_days,
        }
    }
}

impl Default for EventInput {
    fn default() -> Self {
        EventInput {
            slug: String::new(),
            title: String::new(),
            summary: String::new(),
            description: String::new(),
            club_id: None,
            starts_at: 0,
            ends_at: 0,
            place_name: String::new(),
            address: String::new(),
            online_url: String::new(),
            theme: String::new(),
            capacity: 0,
            registration_opens_at: None,
            registration_closes_at: None,
            id_required: false,
            status: "draft".into(),
            offer_hours: None,
            partner_seats: 0,
            contact_email: String::new(),
            reminder_hours: 48,
            retention_days: 180,
        }
    }
}

/// Longest offer and reminder delay (hours), longest retention (days), most places.
pub const MAX_HOURS: i64 = 24 * 30;
pub const MAX_RETENTION_DAYS: i64 = 3650;
pub const MAX_CAPACITY: i64 = 100_000;
/// Longest texts, in characters.
pub const MAX_TITLE: usize = 200;
pub const MAX_SUMMARY: usize = 1000;
pub const MAX_DESCRIPTION: usize = 100_000;
pub const MAX_SHORT_TEXT: usize = 300;
pub const MAX_URL: usize = 500;
/// The statuses an event may have.
pub const EVENT_STATUSES: [&str; 3] = ["draft", "published", "cancelled"];

/// An instant as the back office or the API gave it, read by the surface (a datetime-local in
/// the site's time zone, or RFC 3339).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TypedTime {
    #[default]
    Missing,
    Invalid,
    At(i64),
}

impl TypedTime {
    /// Read `s` with `parse`; empty text is `Missing`.
    pub fn read(s: &str, parse: impl Fn(&str) -> Option<i64>) -> TypedTime {
        if s.trim().is_empty() { TypedTime::Missing } else { parse(s.trim()).map_or(TypedTime::Invalid, TypedTime::At) }
    }
}

/// An event as the back office's form or the API's JSON gave it, before it is checked. Field
/// errors carry the API's field names (`club`, `registration_opens_at`,
/// `registration_closes_at`); the form renames them to its own.
#[derive(Clone, Debug)]
pub struct EventDraft {
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    /// Whether another event already has the slug (`effective_slug`), found by the caller.
    pub slug_taken: bool,
    pub summary: String,
    pub description: String,
    /// The club as resolved by the caller, or the message key of why it cannot be used.
    pub club: Result<Option<i64>, &'static str>,
    pub starts_at: TypedTime,
    pub ends_at: TypedTime,
    pub place_name: String,
    pub address: String,
    pub online_url: String,
    pub theme: String,
    /// `None`: missing or not a whole number.
    pub capacity: Option<i64>,
    pub registration_opens_at: TypedTime,
    pub registration_closes_at: TypedTime,
    pub id_required: bool,
    pub status: String,
    /// `None`: automatic waiting list; `Some(None)`: offers with hours missing or not a number.
    pub offer_hours: Option<Option<i64>>,
    pub partner_seats: Option<i64>,
    pub contact_email: String,
    pub reminder_hours: Option<i64>,
    pub retention_days: Option<i64>,
}

impl EventDraft {
    /// The draft of a stored event, to change some fields and check the whole again.
    pub fn of(e: &Event) -> EventDraft {
        let at = |t: Option<i64>| t.map_or(TypedTime::Missing, TypedTime::At);
        EventDraft {
            title: e.title.clone(),
            slug: e.slug.clone(),
            slug_taken: false,
            summary: e.summary.clone(),
            description: e.description.clone(),
            club: Ok(e.club_id),
            starts_at: TypedTime::At(e.starts_at),
            ends_at: TypedTime::At(e.ends_at),
            place_name: e.place_name.clone(),
            address: e.address.clone(),
            online_url: e.online_url.clone(),
            theme: e.theme.clone(),
            capacity: Some(e.capacity),
            registration_opens_at: at(e.registration_opens_at),
            registration_closes_at: at(e.registration_closes_at),
            id_required: e.id_required,
            status: e.status.clone(),
            offer_hours: e.offer_hours.map(Some),
            partner_seats: Some(e.partner_seats),
            contact_email: e.contact_email.clone(),
            reminder_hours: Some(e.reminder_hours),
            retention_days: Some(e.retention_days),
        }
    }

    /// The slug that will be used: the one typed, or one made from the title.
    pub fn effective_slug(&self) -> String {
        Slug::typed_or_from(&self.slug, &self.title)
    }

    /// The one check of an event, for the back office and the API alike; errors come in the
    /// order of the fields, each with an i18n message key.
    pub fn parse(&self) -> Result<EventInput, Vec<FieldError>> {
        let mut errors = vec![];
        let e = &mut errors;
        let text = |e: &mut Vec<FieldError>, field: &str, v: &str, max: usize| {
            if v.trim().chars().count() > max {
                e.push(FieldError::too_long(field, v.trim().chars().count(), max));
            }
            v.trim().to_string()
        };
        let title = self.title.trim().to_string();
        if title.is_empty() {
            e.push(err("title", "field-required"));
        }
        let title = text(e, "title", &title, MAX_TITLE);
        let slug = self.effective_slug();
        if !title.is_empty() {
            if let Err(message) = Slug::parse(&slug) {
                e.push(err("slug", message));
            } else if self.slug_taken {
                e.push(err("slug", "field-slug-taken"));
            }
        }
        let summary = text(e, "summary", &self.summary, MAX_SUMMARY);
        let description = text(e, "description", &self.description, MAX_DESCRIPTION);
        let time = |e: &mut Vec<FieldError>, field: &str, t: TypedTime, required: bool| match t {
            TypedTime::At(t) => Some(t),
            TypedTime::Invalid => {
                e.push(err(field, "field-date"));
                None
            }
            TypedTime::Missing => {
                if required {
                    e.push(err(field, "field-required"));
                }
                None
            }
        };
        let starts_at = time(e, "starts_at", self.starts_at, true);
        let ends_at = time(e, "ends_at", self.ends_at, true);
        if let (Some(s), Some(t)) = (starts_at, ends_at)
            && let Err(message) = DateRange::new(s, t)
        {
            e.push(err("ends_at", message));
        }
        let place_name = text(e, "place_name", &self.place_name, MAX_SHORT_TEXT);
        let address = text(e, "address", &self.address, MAX_SHORT_TEXT);
        let online_url = self.online_url.trim().to_string();
        if WebUrl::parse_optional(&online_url).is_err() || online_url.len() > MAX_URL {
            e.push(err("online_url", WebUrl::ERROR));
        }
        let theme = text(e, "theme", &self.theme, MAX_SHORT_TEXT);
        let capacity = match self.capacity {
            Some(n) if (0..=MAX_CAPACITY).contains(&n) => n,
            _ => {
                e.push(err("capacity", "events-admin-error-capacity"));
                0
            }
        };
        let opens = time(e, "registration_opens_at", self.registration_opens_at, false);
        let closes = time(e, "registration_closes_at", self.registration_closes_at, false);
        if let (Some(o), Some(c)) = (opens, closes)
            && c <= o
        {
            e.push(err("registration_closes_at", "events-admin-error-closes-before-opens"));
        }
        let offer_hours = match self.offer_hours {
            None => None,
            Some(Some(h)) if (1..=MAX_HOURS).contains(&h) => Some(h),
            Some(_) => {
                e.push(err("offer_hours", "events-admin-error-offer-hours"));
                None
            }
        };
        let partner_seats = match self.partner_seats {
            Some(n) if n >= 0 && n <= capacity => n,
            _ => {
                e.push(err("partner_seats", "events-admin-error-partner-seats"));
                0
            }
        };
        let contact_email = match Email::parse_optional(&self.contact_email) {
            Ok(email) => email.map(Email::into_string).unwrap_or_default(),
            Err(message) => {
                e.push(err("contact_email", message));
                String::new()
            }
        };
        let reminder_hours = match self.reminder_hours {
            Some(h) if (0..=MAX_HOURS).contains(&h) => h,
            _ => {
                e.push(err("reminder_hours", "events-admin-error-reminder"));
                0
            }
        };
        let retention_days = match self.retention_days {
            Some(d) if (1..=MAX_RETENTION_DAYS).contains(&d) => d,
            _ => {
                e.push(err("retention_days", "events-admin-error-retention"));
                0
            }
        };
        if !EVENT_STATUSES.contains(&self.status.as_str()) {
            e.push(err("status", "events-admin-error-status"));
        }
        let club_id = match self.club {
            Ok(c) => c,
            Err(message) => {
                e.push(err("club", message));
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(EventInput {
            slug,
            title,
            summary,
            description,
            club_id,
            starts_at: starts_at.unwrap_or_default(),
            ends_at: ends_at.unwrap_or_default(),
            place_name,
            address,
            online_url,
            theme,
            capacity,
            registration_opens_at: opens,
            registration_closes_at: closes,
            id_required: self.id_required,
            status: self.status.clone(),
            offer_hours,
            partner_seats,
            contact_email,
            reminder_hours,
            retention_days,
        })
    }
}

/// One slot of the programme.
#[derive(Clone, Debug, Default)]
pub struct Slot {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub title: String,
    pub description: String,
    pub room: String,
    /// talk | workshop | break | round-table | welcome
    pub kind: String,
    pub people: Vec<SlotPerson>,
    /// A workshop's own capacity (None: a plain slot) and the seats it holds.
    pub capacity: Option<i64>,
    pub registered: i64,
}

impl Slot {
    pub fn speakers(&self) -> Vec<&SlotPerson> {
        self.people.iter().filter(|p| p.role == "speaker").collect()
    }

    pub fn moderators(&self) -> Vec<&SlotPerson> {
        self.people.iter().filter(|p| p.role == "moderator").collect()
    }
}

/// A speaker or a moderator of a slot.
#[derive(Clone, Debug, Default)]
pub struct SlotPerson {
    pub name: String,
    pub title: String,
    pub organisation: String,
    /// speaker | moderator
    pub role: String,
}

impl SlotPerson {
    /// "Directrice, Fondation X" (what follows the name).
    pub fn affiliation(&self) -> String {
        [self.title.trim(), self.organisation.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
    }
}

/// A booking as its holder sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booking {
    pub id: i64,
    pub event_id: i64,
    pub token: String,
    pub contact_name: String,
    pub email: String,
    pub seats: i64,
    pub accessibility: String,
    pub status: String,
    /// The number taken in the waiting list (kept after promotion).
    pub waiting_position: Option<i64>,
    /// The place in the waiting list now (1 = next), for a waiting booking.
    pub rank: Option<i64>,
    pub attendees: Vec<String>,
    pub created_at: i64,
    /// An open offer of a freed place: its holder may accept it until then.
    pub offered_until: Option<i64>,
    /// Seated in the partner reserve.
    pub partner: bool,
}

/// What a booking became.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Confirmed,
    /// Waiting, with its position.
    Waiting(i64),
    /// Refused: this workshop (slot id) has not enough places left; nothing was written.
    SlotFull(i64),
}

/// What asking for a booking gave (`events::book`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Booked {
    /// A new booking, confirmed or waiting, as it was stored.
    New(Booking),
    /// The booking made earlier with the same idempotency key (its token, what it became):
    /// nothing new.
    Again { token: String, outcome: Outcome },
    /// Refused: this workshop (slot id) has not enough places left; nothing was written.
    SlotFull(i64),
    /// Refused: the client address made `BOOKINGS_PER_WINDOW` bookings within the window;
    /// retry after this many seconds. Nothing was written.
    TooMany { retry_after: i64 },
}

/// New bookings one client address may make per window, across events: a family, or a school
/// booking its classes one by one, stays far below; a script filling an event does not.
pub const BOOKINGS_PER_WINDOW: i64 = 20;
/// The window of the booking limit, in seconds.
pub const BOOKING_WINDOW: i64 = 3600;

/// A slot of the programme with its own capacity, chosen on the registration form.
#[derive(Clone, Debug, Default)]
pub struct Workshop {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub title: String,
    pub room: String,
    pub capacity: i64,
    pub registered: i64,
}

impl Workshop {
    pub fn remaining(&self) -> i64 {
        (self.capacity - self.registered).max(0)
    }

    pub fn overlaps(&self, other: &Workshop) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }
}

/// A booking that passed every check.
#[derive(Clone, Debug, Default)]
pub struct NewBooking {
    pub idempotency_key: String,
    pub contact_name: String,
    pub email: String,
    pub seats: i64,
    pub attendees: Vec<String>,
    pub accessibility: String,
    /// Answers to the organiser's questions, checked by `forms::validate`.
    pub answers: Vec<crate::core::forms::Typed>,
    /// The workshops chosen (slot ids), without overlaps; each takes the booking's seats.
    pub workshops: Vec<i64>,
    /// The language of the page the booking was made on ("fr", "en"): its e-mails follow it.
    pub lang: String,
}

/// The registration form as typed (kept to show it again with its errors).
#[derive(Clone, Debug, Default)]
pub struct BookingForm {
    pub csrf: String,
    pub key: String,
    pub contact_name: String,
    pub email: String,
    pub seats: String,
    /// Always ten entries, one per possible attendee.
    pub attendees: Vec<String>,
    pub accessibility: String,
    /// The partner code the page was opened with (`?partenaire=`), carried as a hidden field.
    pub partner_code: String,
    /// The answers as typed, by field name (`q-{id}`).
    pub answers: Vec<(String, String)>,
    /// The workshops ticked (slot ids as sent).
    pub workshops: Vec<String>,
}

fn err(field: &str, message: &str) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

impl BookingForm {
    /// A blank form with a fresh idempotency key.
    pub fn blank(key: String) -> BookingForm {
        BookingForm { key, seats: "1".into(), attendees: vec![String::new(); MAX_SEATS as usize], ..Default::default() }
    }

    /// Read the urlencoded pairs (`attendee` repeats).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> BookingForm {
        let mut f = BookingForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => f.csrf = v,
                "key" => f.key = v,
                "contact_name" => f.contact_name = v,
                "email" => f.email = v,
                "seats" => f.seats = v,
                "attendee" => f.attendees.push(v),
                "accessibility" => f.accessibility = v,
                "partenaire" => f.partner_code = v,
                "workshop" => f.workshops.push(v),
                k if k.starts_with("q-") && f.answers.len() < 2 * super::questions::MAX_QUESTIONS => f.answers.push((k.to_string(), v)),
                _ => {}
            }
        }
        f.attendees.resize(MAX_SEATS as usize, String::new());
        f
    }

    /// What was typed for a question's field ("" when nothing).
    pub fn answer(&self, field: &str) -> &str {
        self.answers.iter().rev().find(|(k, _)| k == field).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    pub fn has_workshop(&self, id: i64) -> bool {
        self.workshops.iter().any(|w| w.trim() == id.to_string())
    }

    /// Check everything, the organiser's questions and the event's workshops included.
    pub fn parse_for(&self, form: &crate::core::forms::FormDef, workshops: &[Workshop]) -> Result<NewBooking, Vec<FieldError>> {
        use crate::core::forms;
        let mut errors = vec![];
        let mut booking = self.parse().map_err(|e| errors.extend(e)).ok();
        match forms::validate(form, &forms::RawAnswers::from_fields(&self.answers)) {
            Ok(a) => {
                if let Some(b) = &mut booking {
                    b.answers = a;
                }
            }
            Err(e) => errors.extend(e),
        }
        match parse_workshops(&self.workshops, workshops) {
            Ok(w) => {
                if let Some(b) = &mut booking {
                    b.workshops = w;
                }
            }
            Err(e) => errors.push(e),
        }
        match booking {
            Some(b) if errors.is_empty() => Ok(b),
            _ => Err(errors),
        }
    }

    /// The attendee lines for the form: (number, field name, value).
    pub fn attendee_rows(&self) -> Vec<(usize, String, String)> {
        self.attendees.iter().enumerate().map(|(i, v)| (i + 1, format!("attendee-{}", i + 1), v.clone())).collect()
    }

    /// The idempotency key, if it is one we could have generated.
    pub fn valid_key(&self) -> bool {
        (16..=64).contains(&self.key.len()) && self.key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    /// Check what was typed; errors name the field and carry a message key. The first
    /// attendee defaults to the contact person.
    pub fn parse(&self) -> Result<NewBooking, Vec<FieldError>> {
        let mut errors = vec![];
        let contact_name = self.contact_name.trim();
        let email = self.email.trim();
        if contact_name.is_empty() || contact_name.chars().count() > 100 {
            errors.push(err("contact_name", "events-error-name"));
        }
        if let Err(message) = Email::parse(email) {
            errors.push(err("email", message));
        }
        let seats = match self.seats.trim().parse::<i64>() {
            Ok(n) if (1..=MAX_SEATS).contains(&n) => n,
            _ => {
                errors.push(err("seats", "events-error-seats"));
                0
            }
        };
        let mut attendees = vec![];
        for i in 0..seats.max(0) as usize {
            let name = self.attendees.get(i).map(|s| s.trim()).unwrap_or("");
            let name = if name.is_empty() && i == 0 { contact_name } else { name };
            // The first attendee left blank is the contact person: a missing contact name is
            // said once, at the contact's field.
            let said = i == 0 && name == contact_name && errors.iter().any(|e| e.field == "contact_name");
            if !said && (name.is_empty() || name.chars().count() > 100) {
                errors.push(err(&format!("attendee-{}", i + 1), "events-error-attendee"));
            }
            attendees.push(name.to_string());
        }
        if self.accessibility.chars().count() > 1000 {
            errors.push(err("accessibility", "events-error-accessibility"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewBooking {
            idempotency_key: self.key.clone(),
            contact_name: contact_name.to_string(),
            email: email.to_lowercase(),
            seats,
            attendees,
            accessibility: self.accessibility.trim().to_string(),
            ..Default::default()
        })
    }
}

/// The workshops ticked: known ones of the event, no two at the same time.
pub fn parse_workshops(sent: &[String], workshops: &[Workshop]) -> Result<Vec<i64>, FieldError> {
    let mut chosen: Vec<&Workshop> = vec![];
    for s in sent {
        let Some(w) = s.trim().parse::<i64>().ok().and_then(|id| workshops.iter().find(|w| w.id == id)) else {
            return Err(err("workshops", "events-booking-error-workshop"));
        };
        if chosen.iter().any(|c| c.id == w.id) {
            continue;
        }
        if chosen.iter().any(|c| c.overlaps(w)) {
            return Err(err("workshops", "events-booking-error-overlap"));
        }
        chosen.push(w);
    }
    Ok(chosen.iter().map(|w| w.id).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> BookingForm {
        let mut f = BookingForm::blank("k".repeat(20));
        f.contact_name = "Awa Diallo".into();
        f.email = "awa@example.org".into();
        f
    }

    #[test]
    fn the_first_attendee_defaults_to_the_contact() {
        let b = form().parse().unwrap();
        assert_eq!(b.attendees, vec!["Awa Diallo"]);
        assert_eq!(b.seats, 1);
    }

    #[test]
    fn every_seat_needs_a_name() {
        let mut f = form();
        f.seats = "3".into();
        f.attendees[1] = "Léo".into();
        let errs = f.parse().unwrap_err();
        assert_eq!(errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["attendee-3"]);
        f.seats = "11".into();
        assert!(f.parse().unwrap_err().iter().any(|e| e.field == "seats"));
    }

    #[test]
    fn registration_closes_when_the_event_starts() {
        let e = Event {
            id: 1,
            slug: "x".into(),
            title: "x".into(),
            summary: String::new(),
            description: String::new(),
            club_id: None,
            club_name: None,
            club_slug: None,
            starts_at: 1000,
            ends_at: 2000,
            place_name: String::new(),
            address: String::new(),
            online_url: String::new(),
            theme: String::new(),
            capacity: 10,
            registered: 0,
            waiting: 0,
            registration_opens_at: Some(100),
            registration_closes_at: None,
            id_required: false,
            status: "published".into(),
            offer_hours: None,
            partner_seats: 0,
            partner_registered: 0,
            partner_code: String::new(),
            contact_email: String::new(),
            reminder_hours: 48,
            retention_days: 180,
            anonymised_at: None,
            ics_sequence: 0,
            version: 1,
        };
        assert_eq!(e.registration(50), Registration::NotYetOpen);
        assert_eq!(e.registration(500), Registration::Open);
        assert_eq!(e.registration(1000), Registration::Closed);
    }
}
