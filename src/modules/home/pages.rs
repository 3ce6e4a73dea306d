//! The public home page: the blocks the staff composed, in their order.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::model::{Block, Kind, by_region};
use crate::core::cache;
use crate::core::error::AppResult;
use crate::core::i18n::Tr;
use crate::core::media;
use crate::core::web::{AppState, Ctx, Layout, html};
use crate::modules::events::{self, Event};
use crate::modules::network::{self, Club, Partner, public_layout};
use crate::modules::news::model::Picture;
use crate::modules::news::{self, PostCard};

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// The posts a news block shows when nobody chose.
const DEFAULT_POSTS: i64 = 6;
/// The events an events block shows when nobody chose.
const DEFAULT_EVENTS: i64 = 3;

/// A link: its words and address.
pub struct Link {
    pub label: String,
    pub url: String,
}

pub struct Hero {
    pub title: String,
    pub text: String,
    pub picture: Option<Picture>,
    pub link: Option<Link>,
}

pub struct NewsBlock {
    /// The latest pinned post, when the block leads with one.
    pub lead: Option<PostCard>,
    pub posts: Vec<PostCard>,
}

/// An upcoming event as its card shows it.
pub struct EventCard {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub starts_at: i64,
    pub place: String,
    pub club: Option<String>,
    /// "Plus que 3 places", "Complet — liste d'attente", "Inscriptions fermées"…
    pub places: String,
    /// The badge's look: `open`, `few`, `full` or `closed`.
    pub places_class: &'static str,
}

pub struct Band {
    pub title: String,
    pub text: String,
    pub link: Option<Link>,
}

/// A block ready to show.
pub enum View {
    Hero(Hero),
    /// (the number in the reader's format, what it counts)
    Figures(Vec<(String, String)>),
    News(NewsBlock),
    Events(Vec<EventCard>),
    /// (region, its clubs)
    Clubs(Vec<(String, Vec<Club>)>),
    Partners(Vec<Partner>),
    Support(Band),
}

#[derive(askama::Template)]
#[template(path = "home/home.html")]
struct HomePage {
    l: Layout,
    /// The page's `h1` when no hero shows it.
    heading: String,
    has_hero: bool,
    views: Vec<View>,
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let mut l = public_layout(&state, &ctx, "").await?;
    l.title = l.site_name.clone();
    let tagline = crate::core::db::get_setting(&state.db, "site_tagline").await?.unwrap_or_default();
    l.description = tagline.clone();
    l.feed = Some((ctx.tr.t("news-title"), "/actualites/flux.atom".into()));
    let blocks = super::blocks(&state.db).await?;
    let mut views = vec![];
    for block in blocks.iter().filter(|b| b.visible) {
        if let Some(view) = view(&state, &ctx, block, &tagline).await? {
            views.push(view);
        }
    }
    // The partners block shows what the strip at the foot of every page would repeat.
    if views.iter().any(|v| matches!(v, View::Partners(_))) {
        l.partners.clear();
    }
    let has_hero = views.iter().any(|v| matches!(v, View::Hero(_)));
    let heading = if tagline.is_empty() { ctx.tr.t("home-default-title") } else { tagline };
    html(&HomePage { l, heading, has_hero, views }).map(|r| cache::mark(r, &[super::HOME, news::NEWS, events::EVENTS, cache::SITE]))
}

/// What a block shows; `None` when it has nothing to show (no figures typed, no partners…).
async fn view(state: &AppState, ctx: &Ctx, block: &Block, tagline: &str) -> AppResult<Option<View>> {
    let s = &block.settings;
    let link = |label: &str, url: &str| (!label.is_empty() && !url.is_empty()).then(|| Link { label: label.into(), url: url.into() });
    Ok(match block.kind {
        Kind::Hero => {
            let picture = match s.media_id {
                Some(id) => media::get(&state.db, id).await?.filter(|m| m.is_image()).map(|m| Picture { key: m.key, alt: m.alt }),
                None => None,
            };
            let (title, text) = match (s.title.is_empty(), tagline.is_empty()) {
                (false, _) => (s.title.clone(), s.text.clone()),
                (true, false) => (tagline.to_string(), s.text.clone()),
                (true, true) => (ctx.tr.t("home-default-title"), s.text.clone()),
            };
            let link = link(&s.link_label, &s.link_url).or_else(|| Some(Link { label: ctx.tr.t("home-find-club"), url: "/clubs".into() }));
            Some(View::Hero(Hero { title, text, picture, link }))
        }
        Kind::Figures => {
            let figures: Vec<(String, String)> = s.figures.iter().map(|f| (ctx.tr.num(f.value), f.label.clone())).collect();
            (!figures.is_empty()).then_some(View::Figures(figures))
        }
        Kind::News => {
            let n = s.count_or(DEFAULT_POSTS);
            let lead = if s.pinned { news::featured_posts(&state.db, ctx.now, 1).await?.pop() } else { None };
            let mut posts = news::latest_posts(&state.db, ctx.now, n + 1).await?;
            posts.retain(|p| lead.as_ref().is_none_or(|f| f.id != p.id));
            posts.truncate(n as usize);
            Some(View::News(NewsBlock { lead, posts }))
        }
        Kind::Events => {
            let events = events::upcoming_events(&state.db, ctx.now, s.count_or(DEFAULT_EVENTS)).await?;
            Some(View::Events(events.iter().map(|e| event_card(&ctx.tr, e, ctx.now)).collect()))
        }
        Kind::Clubs => {
            let clubs = network::list_clubs(&state.db).await?;
            let groups = by_region(clubs, |c| c.territory.clone(), |c| c.name.clone(), &ctx.tr.t("home-clubs-other-region"));
            (!groups.is_empty()).then_some(View::Clubs(groups))
        }
        Kind::Partners => {
            let partners = network::list_partners(&state.db).await?;
            (!partners.is_empty()).then_some(View::Partners(partners))
        }
        Kind::Support => (!s.title.is_empty() || !s.text.is_empty())
            .then(|| View::Support(Band { title: s.title.clone(), text: s.text.clone(), link: link(&s.link_label, &s.link_url) })),
    })
}

/// An event's card, with what its registration says now.
fn event_card(tr: &Tr, e: &Event, now: i64) -> EventCard {
    use crate::modules::events::model::{Availability, Registration};
    // The events list's own words and threshold (`Event::availability`), and what the home
    // says besides of an event with places enough.
    let (places, places_class) = match (e.availability(now), e.registration(now)) {
        (Availability::Full, _) => (tr.t("events-card-full"), "full"),
        (Availability::Few(n), _) => (tr.n("events-card-few", n), "few"),
        (Availability::Closed, _) | (_, Registration::Closed) => (tr.t("events-card-closed"), "closed"),
        (_, Registration::Cancelled) => (tr.t("home-places-cancelled"), "closed"),
        (_, Registration::NotYetOpen) => (tr.t("home-places-soon"), "open"),
        (_, Registration::Open) => (tr.t("home-places-open"), "open"),
    };
    EventCard {
        url: e.url(),
        title: e.title.clone(),
        summary: e.summary.clone(),
        starts_at: e.starts_at,
        place: if e.is_online() { tr.t("events-online") } else { e.place_name.clone() },
        club: e.club_name.clone(),
        places,
        places_class,
    }
}
