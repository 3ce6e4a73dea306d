//! The e-mails a booking's changes send (queued in the change's transaction by `store.rs`)
//! and the iCalendar objects of events. French text: the site's default locale.

use super::ical::{self, VEvent};
use super::model::Event;
use crate::core::mail::{self, IcsMethod, Mail};
use crate::core::web::AppState;

/// What messages need to know about the site.
#[derive(Clone)]
pub struct Site {
    pub base: String,
    pub host: String,
    pub tz: jiff::tz::TimeZone,
}

impl Site {
    pub fn of(state: &AppState) -> Site {
        Site { base: state.config.public_url.clone(), host: mail::site_host(&state.config.public_url), tz: state.tz.clone() }
    }
}

/// The booking a message is about.
pub struct Recipient {
    pub id: i64,
    pub token: String,
    pub email: String,
    pub name: String,
    pub seats: i64,
}

/// A change of a booking, each sent once (its dedup key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Confirmed,
    Waiting(i64),
    Promoted,
    Cancelled { was_confirmed: bool },
    /// A freed place is offered until this time (then it goes to the next one).
    Offered { until: i64 },
    /// The offer's deadline passed: the booking is cancelled.
    OfferExpired,
}

impl Change {
    fn key(self) -> &'static str {
        match self {
            Change::Confirmed => "confirmed",
            Change::Waiting(_) => "waiting",
            Change::Promoted => "promoted",
            Change::Cancelled { .. } => "cancelled",
            Change::Offered { .. } => "offered",
            Change::OfferExpired => "offer-expired",
        }
    }
}

fn when(site: &Site, event: &Event) -> String {
    local_time(site, event.starts_at)
}

/// A time in the site's time zone.
fn local_time(site: &Site, ts: i64) -> String {
    let z = jiff::Timestamp::from_second(ts).unwrap_or(jiff::Timestamp::UNIX_EPOCH).to_zoned(site.tz.clone());
    z.strftime("%d/%m/%Y à %H:%M").to_string()
}

fn location(event: &Event) -> String {
    [event.place_name.as_str(), event.address.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ")
}

/// The invitation of one booking: its UID never changes, the SEQUENCE grows with each update.
pub fn booking_ics(site: &Site, event: &Event, r: &Recipient, method: IcsMethod, now: i64) -> String {
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
        sequence: i64::from(cancel),
        status: if cancel { "CANCELLED" } else { "CONFIRMED" },
        organizer: Some(format!("mailto:ne-pas-repondre@{}", site.host)),
        attendee: Some(format!("mailto:{}", r.email)),
    };
    ical::calendar(None, Some(method.as_str()), &[ev])
}

/// The message for `change` of booking `r`.
pub fn booking_mail(site: &Site, event: &Event, r: &Recipient, change: Change, now: i64) -> Mail {
    let link = format!("{}/evenements/inscription/{}", site.base, r.token);
    let places = if r.seats > 1 { format!("{} places", r.seats) } else { "1 place".to_string() };
    let at = when(site, event);
    let place = location(event);
    let place = if place.is_empty() { String::new() } else { format!("Lieu : {place}\n") };
    let (subject, lead, ics) = match change {
        Change::Confirmed => (
            format!("Inscription confirmée : {}", event.title),
            format!("Votre inscription est confirmée ({places})."),
            Some(IcsMethod::Request),
        ),
        Change::Waiting(position) => (
            format!("Liste d'attente : {}", event.title),
            format!("L'événement est complet : vous êtes sur la liste d'attente ({places}), en position {position}. Vous recevrez un e-mail si une place se libère."),
            None,
        ),
        Change::Promoted => (
            format!("Une place s'est libérée : {}", event.title),
            format!("Bonne nouvelle : une place s'est libérée, votre inscription est confirmée ({places})."),
            Some(IcsMethod::Request),
        ),
        Change::Cancelled { was_confirmed } => (
            format!("Inscription annulée : {}", event.title),
            "Votre inscription est annulée.".to_string(),
            was_confirmed.then_some(IcsMethod::Cancel),
        ),
        Change::Offered { until } => (
            format!("Une place vous est proposée : {}", event.title),
            format!(
                "Une place s'est libérée ({places}) : elle vous est réservée jusqu'au {}. Acceptez-la ou déclinez-la sur votre page personnelle ci-dessous ; sans réponse à temps, elle sera proposée à la personne suivante.",
                local_time(site, until)
            ),
            None,
        ),
        Change::OfferExpired => (
            format!("Place proposée expirée : {}", event.title),
            "Le délai pour accepter la place qui vous était proposée est passé : votre inscription est annulée et la place est proposée à la personne suivante.".to_string(),
            None,
        ),
    };
    let tickets = if matches!(change, Change::Confirmed | Change::Promoted) { format!("Vos billets, à présenter à l'entrée :\n{link}/billet\n\n") } else { String::new() };
    let text = format!(
        "Bonjour {},\n\n{lead}\n\n{}\nLe {at}\n{place}\nVotre inscription, pour la consulter ou l'annuler :\n{link}\n\n{tickets}-- \nCet e-mail vous est envoyé suite à votre inscription ; il ne contient aucune publicité.\n",
        r.name, event.title
    );
    Mail {
        dedup_key: format!("registration:{}:{}", r.id, change.key()),
        to: r.email.clone(),
        subject,
        text,
        html: None,
        ics: ics.map(|m| (booking_ics(site, event, r, m, now), m)),
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
