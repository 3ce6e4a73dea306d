//! The e-mails a booking's changes send (queued in the change's transaction by `store.rs`)
//! and the iCalendar objects of events. Each message is written in the registrant's language
//! (`registrations.lang`, the language of the page they registered on), from the Fluent
//! catalog (`i18n/*/events_booking.ftl`), with dates in that language.

use std::sync::Arc;

use super::ical::{self, VEvent};
use super::model::Event;
use crate::core::i18n::{Catalog, Locale, Tr};
use crate::core::mail::{self, IcsMethod, Mail};
use crate::core::web::AppState;

/// What messages need to know about the site.
#[derive(Clone)]
pub struct Site {
    pub base: String,
    pub host: String,
    pub tz: jiff::tz::TimeZone,
    pub catalog: Arc<Catalog>,
    /// Makes the bookings' access links (`core::access`).
    pub links: crate::core::access::Links,
}

impl Site {
    pub fn of(state: &AppState) -> Site {
        Site {
            base: state.config.public_url.clone(),
            host: mail::site_host(&state.config.public_url),
            tz: state.tz.clone(),
            catalog: state.catalog.clone(),
            links: crate::core::access::Links::of(state),
        }
    }

    fn tr(&self, locale: Locale) -> Tr {
        Tr::new(self.catalog.clone(), locale, self.tz.clone())
    }

    /// A message with named arguments, in `locale`.
    fn msg(&self, locale: Locale, key: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.tr(locale).args(key, &args)
    }
}

/// The booking a message is about.
pub struct Recipient {
    pub id: i64,
    pub token: String,
    pub email: String,
    pub name: String,
    pub seats: i64,
    /// The language its messages are written in.
    pub lang: Locale,
}

/// A change of a booking, each sent once (its dedup key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Confirmed,
    Waiting(i64),
    Promoted,
    Cancelled {
        was_confirmed: bool,
    },
    /// A freed place is offered until this time (then it goes to the next one).
    Offered {
        until: i64,
    },
    /// The offer's deadline passed: the booking is cancelled.
    OfferExpired,
    /// The organiser changed the event's date, place or title: the new details (an updated
    /// invitation with this SEQUENCE when the booking holds one).
    EventChanged {
        sequence: i64,
        invite: bool,
    },
    /// The organiser cancelled the event.
    EventCancelled {
        sequence: i64,
        invite: bool,
    },
    /// Names or answers changed, or one attendee cancelled; the number makes each change's
    /// key unique (the time of the change, or the cancelled attendee's id).
    Changed(i64),
    /// The reminder before the event (once per booking).
    Reminder,
}

impl Change {
    fn key(self) -> String {
        match self {
            Change::Confirmed => "confirmed".into(),
            Change::Waiting(_) => "waiting".into(),
            Change::Promoted => "promoted".into(),
            Change::Cancelled { .. } => "cancelled".into(),
            Change::Changed(n) => format!("changed:{n}"),
            Change::Reminder => "reminder".into(),
            Change::Offered { .. } => "offered".into(),
            Change::OfferExpired => "offer-expired".into(),
            Change::EventChanged { sequence, .. } => format!("event-changed:{sequence}"),
            Change::EventCancelled { .. } => "event-cancelled".into(),
        }
    }
}

fn location(event: &Event) -> String {
    [event.place_name.as_str(), event.address.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ")
}

/// The invitation of one booking: its UID never changes, the SEQUENCE grows with each update.
pub fn booking_ics(site: &Site, event: &Event, r: &Recipient, method: IcsMethod, sequence: i64, now: i64) -> String {
    let cancel = method == IcsMethod::Cancel;
    let ev = VEvent {
        uid: format!("event-{}-registration-{}@{}", event.id, r.id, site.host),
        dtstamp: now,
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        summary: event.title.clone(),
        location: location(event),
        description: event.summary.clone(),
        url: format!("{}{}", site.base, event.url()),
        sequence,
        status: if cancel { "CANCELLED" } else { "CONFIRMED" },
        organizer: Some(format!("mailto:ne-pas-repondre@{}", site.host)),
        attendee: Some(format!("mailto:{}", r.email)),
    };
    ical::calendar(None, Some(method.as_str()), &[ev])
}

/// The message for `change` of booking `r`, in the booking's language.
pub fn booking_mail(site: &Site, event: &Event, r: &Recipient, change: Change, now: i64) -> Mail {
    let lang = r.lang;
    let tr = site.tr(lang);
    let link = format!("{}/evenements/inscription/{}", site.base, r.token);
    let places = tr.n("events-mail-places", r.seats);
    let title = event.title.clone();
    let m = |key: &str, args: &[(&str, String)]| site.msg(lang, key, args);
    let ev = [("event", title.clone())];
    let (subject, lead, ics) = match change {
        Change::Confirmed => {
            (m("events-mail-confirmed-subject", &ev), m("events-mail-confirmed-lead", &[("places", places)]), Some(IcsMethod::Request))
        }
        Change::Waiting(position) => (
            m("events-mail-waiting-subject", &ev),
            m("events-mail-waiting-lead", &[("places", places), ("position", tr.num(position))]),
            None,
        ),
        Change::Promoted => {
            (m("events-mail-promoted-subject", &ev), m("events-mail-promoted-lead", &[("places", places)]), Some(IcsMethod::Request))
        }
        Change::Cancelled { was_confirmed } => {
            (m("events-mail-cancelled-subject", &ev), m("events-mail-cancelled-lead", &[]), was_confirmed.then_some(IcsMethod::Cancel))
        }
        Change::Changed(_) => (m("events-mail-changed-subject", &ev), m("events-mail-changed-lead", &[("places", places)]), None),
        Change::Reminder => (
            m("events-mail-reminder-subject", &ev),
            m("events-mail-reminder-lead", &[("places", places), ("date", tr.datetime(event.starts_at))]),
            None,
        ),
        Change::Offered { until } => (
            m("events-mail-offered-subject", &ev),
            m("events-mail-offered-lead", &[("places", places), ("date", tr.datetime(until))]),
            None,
        ),
        Change::OfferExpired => (m("events-mail-offer-expired-subject", &ev), m("events-mail-offer-expired-lead", &[]), None),
        Change::EventChanged { invite, .. } => {
            (m("events-mail-event-changed-subject", &ev), m("events-mail-event-changed-lead", &[]), invite.then_some(IcsMethod::Request))
        }
        Change::EventCancelled { invite, .. } => {
            (m("events-mail-event-cancelled-subject", &ev), m("events-mail-event-cancelled-lead", &[]), invite.then_some(IcsMethod::Cancel))
        }
    };
    let place = location(event);
    let mut text = format!(
        "{}\n\n{lead}\n\n{title}\n{}\n",
        m("events-mail-hello", &[("name", r.name.clone())]),
        m("events-mail-when", &[("date", tr.datetime(event.starts_at))])
    );
    if !place.is_empty() {
        text.push_str(&m("events-mail-where", &[("place", place)]));
        text.push('\n');
    }
    if !event.online_url.is_empty() {
        text.push_str(&m("events-mail-online", &[("url", event.online_url.clone())]));
        text.push('\n');
    }
    text.push('\n');
    // An online event has no door: no ticket to show at the entrance (the join link is above).
    if matches!(change, Change::Confirmed | Change::Promoted | Change::Reminder) && !event.is_online() {
        text.push_str(&m("events-mail-ticket", &[("url", format!("{link}/billet"))]));
        text.push_str("\n\n");
    }
    text.push_str(&m("events-mail-link", &[]));
    text.push('\n');
    text.push_str(&link);
    text.push_str("\n\n-- \n");
    text.push_str(&m("events-mail-footer", &[]));
    text.push('\n');
    // Event-wide changes carry their own number; a booking's cancellation comes after the
    // invitation it cancels.
    let sequence = match change {
        Change::EventChanged { sequence, .. } | Change::EventCancelled { sequence, .. } => sequence,
        Change::Cancelled { .. } => event.ics_sequence + 1,
        _ => event.ics_sequence,
    };
    Mail {
        dedup_key: format!("registration:{}:{}", r.id, change.key()),
        to: r.email.clone(),
        subject,
        text,
        html: None,
        ics: ics.map(|m| (booking_ics(site, event, r, m, sequence, now), m)),
    }
}

/// The organiser's copy of a booking's accessibility needs (in the site's default language),
/// with the link to the event's registrations in the back office.
pub fn accessibility_mail(site: &Site, event: &Event, to: &str, r: &Recipient, needs: &str) -> Mail {
    let lang = Locale::default();
    let m = |key: &str, args: &[(&str, String)]| site.msg(lang, key, args);
    let tr = site.tr(lang);
    let admin = format!("{}/admin/evenements/{}/inscriptions", site.base, event.id);
    let text = format!(
        "{}\n\n{}\n\n{needs}\n\n{}\n{admin}\n\n-- \n{}\n",
        m("events-mail-a11y-lead", &[("event", event.title.clone()), ("date", tr.datetime(event.starts_at))]),
        m("events-mail-a11y-who", &[("name", r.name.clone()), ("email", r.email.clone()), ("places", tr.n("events-mail-places", r.seats))]),
        m("events-mail-a11y-admin", &[]),
        m("events-mail-a11y-footer", &[]),
    );
    Mail {
        dedup_key: format!("registration:{}:accessibility", r.id),
        to: to.to_string(),
        subject: m("events-mail-a11y-subject", &[("event", event.title.clone()), ("name", r.name.clone())]),
        text,
        html: None,
        ics: None,
    }
}

/// An event in a calendar feed: UID `event-{id}@{host}`.
pub fn feed_event(site: &Site, event: &Event, now: i64) -> VEvent {
    VEvent {
        uid: format!("event-{}@{}", event.id, site.host),
        dtstamp: now,
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        summary: event.title.clone(),
        location: location(event),
        description: event.summary.clone(),
        url: format!("{}{}", site.base, event.url()),
        sequence: 0,
        status: if event.status == "cancelled" { "CANCELLED" } else { "CONFIRMED" },
        organizer: None,
        attendee: None,
    }
}
