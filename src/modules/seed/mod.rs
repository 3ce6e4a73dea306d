//! `essaim seed`: a large, realistic data set for the benchmarks, written through essaim's own
//! functions (`news::save_post_tx` renders, indexes and files each post with its categories
//! and tags; comments go in as historical ones, `news::save_imported_comment_tx`; events are
//! created by `events::create_event_tx` and booked by `events::register_tx`, the booking
//! path with its seat rules and waiting list), never by raw SQL around the rules.
//!
//! Everything is deterministic for a given seed: French-looking titles and bodies
//! (`text.rs`), posts spread over twenty years, comments spread unevenly (one post, on the
//! first archive page, has exactly 50), events over the past twenty years and the next
//! twelve months, some full with a waiting list. Rows are written in transactions of
//! `BATCH`; progress goes to `report` every few seconds.
//!
//! A generated history is old: the e-mails its bookings queued are dropped in the booking's
//! transaction (`mail::discard_queued_after`: they would have been sent and forgotten long
//! ago), and at the end the maintenance that a live site runs hourly is caught up (past
//! events' bookings anonymised, commenters' addresses past their term blanked), so that the
//! first start of the site finds nothing to do. No account gets a password.

mod store;
mod text;

use std::time::{Duration, Instant};

use anyhow::Context;

use crate::Config;
use crate::core::auth::{self, Role};
use crate::core::db::{Db, DbKind};
use crate::core::i18n::{Catalog, Locale, Tr};
use crate::core::mail;
use crate::core::markup::slugify;
use crate::modules::events::{self, EventInput, NewBooking, Outcome};
use crate::modules::network::{self, Club};
use crate::modules::news::{self, Kind, PostInput};
use text::{Rng, Vocabulary, Writer, at_place, capitalise, of_place};

/// Rows (posts, events, bookings) per transaction.
const BATCH: u64 = 1000;
/// How often progress is reported.
const REPORT_EVERY: Duration = Duration::from_secs(3);
/// The span of the generated history.
const YEARS: i64 = 20;
const YEAR: i64 = 365 * 86_400 + 21_600;
/// The number of comments of the post the benchmark reads.
pub const BENCH_COMMENTS: u64 = 50;
/// Places of the event left empty for the booking rush.
pub const OPEN_EVENT_PLACES: i64 = 100;

// Streams of the random generator, one per kind of item.
const POST_STREAM: u64 = 1;
const COMMENT_STREAM: u64 = 2;
const EVENT_STREAM: u64 = 3;
const BOOKING_STREAM: u64 = 4;
const WEIGHT_STREAM: u64 = 5;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Params {
    pub posts: u64,
    pub comments: u64,
    pub clubs: u64,
    pub categories: u64,
    pub tags: u64,
    pub events: u64,
    pub registrations: u64,
    /// Add to a database that already has posts.
    pub force: bool,
    /// The random generator's seed: the same seed, the same data set.
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            posts: 1_000_000,
            comments: 3_000_000,
            clubs: 20,
            categories: 12,
            tags: 200,
            events: 10_000,
            registrations: 1_000_000,
            force: false,
            seed: 2024,
        }
    }
}

impl Params {
    /// Multiply the volumes (posts, comments, events, registrations) by `factor`; clubs,
    /// categories and tags stay.
    pub fn scaled(mut self, factor: f64) -> Params {
        let scale = |n: u64| (n as f64 * factor).round().max(0.0) as u64;
        self.posts = scale(self.posts);
        self.comments = scale(self.comments);
        self.events = scale(self.events);
        self.registrations = scale(self.registrations);
        self
    }
}

/// What was written, and the addresses the benchmark reads.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub posts: u64,
    pub comments: u64,
    pub clubs: u64,
    pub categories: u64,
    pub tags: u64,
    pub events: u64,
    pub upcoming_events: u64,
    pub registrations: u64,
    pub confirmed: u64,
    pub waiting: u64,
    pub anonymised_events: u64,
    /// Seconds spent on each phase, in order.
    pub phases: Vec<(&'static str, f64)>,
    pub elapsed: f64,
    /// `/actualites/…` of a post with exactly `BENCH_COMMENTS` approved comments.
    pub post_with_50_comments: Option<String>,
    pub category: Option<String>,
    pub tag: Option<String>,
    pub club: Option<String>,
    /// `/evenements/…` of an upcoming event with bookings.
    pub upcoming_event: Option<String>,
    /// The slug of an upcoming event open for registration with `OPEN_EVENT_PLACES` free.
    pub open_event: Option<String>,
    /// A word in many posts, and one in few.
    pub search_common: String,
    pub search_rare: String,
}

impl Summary {
    /// One `key value` line each, for people and scripts (`awk '$1 == "url.category"'`).
    pub fn to_text(&self) -> String {
        let mut lines = vec![
            ("posts", self.posts.to_string()),
            ("comments", self.comments.to_string()),
            ("clubs", self.clubs.to_string()),
            ("categories", self.categories.to_string()),
            ("tags", self.tags.to_string()),
            ("events", self.events.to_string()),
            ("events.upcoming", self.upcoming_events.to_string()),
            ("events.anonymised", self.anonymised_events.to_string()),
            ("registrations", self.registrations.to_string()),
            ("registrations.confirmed", self.confirmed.to_string()),
            ("registrations.waiting", self.waiting.to_string()),
        ];
        let url = |u: &Option<String>| u.clone().unwrap_or_else(|| "-".into());
        lines.push(("url.post_with_50_comments", url(&self.post_with_50_comments)));
        lines.push(("url.category", url(&self.category)));
        lines.push(("url.tag", url(&self.tag)));
        lines.push(("url.club", url(&self.club)));
        lines.push(("url.upcoming_event", url(&self.upcoming_event)));
        lines.push(("url.open_event", self.open_event.as_ref().map(|s| format!("/evenements/{s}")).unwrap_or_else(|| "-".into())));
        lines.push(("open_event.slug", url(&self.open_event)));
        lines.push(("open_event.free_places", if self.open_event.is_some() { OPEN_EVENT_PLACES.to_string() } else { "0".into() }));
        lines.push(("search.common", self.search_common.clone()));
        lines.push(("search.rare", self.search_rare.clone()));
        for (phase, secs) in &self.phases {
            lines.push((phase, format!("{secs:.1}")));
        }
        lines.push(("seconds", format!("{:.1}", self.elapsed)));
        lines.iter().map(|(k, v)| format!("{k:<26} {v}\n")).collect()
    }
}

/// Progress of one phase, reported every few seconds: done/total and rate.
struct Progress<'a> {
    phase: &'static str,
    total: u64,
    done: u64,
    started: Instant,
    last: Instant,
    /// `done` when the last line was reported.
    reported: u64,
    report: &'a dyn Fn(&str),
}

impl<'a> Progress<'a> {
    fn new(phase: &'static str, total: u64, report: &'a dyn Fn(&str)) -> Progress<'a> {
        let now = Instant::now();
        Progress { phase, total, done: 0, started: now, last: now, reported: 0, report }
    }

    fn add(&mut self, n: u64) {
        self.done += n;
        if self.last.elapsed() >= REPORT_EVERY {
            self.last = Instant::now();
            self.line();
        }
    }

    fn line(&mut self) {
        self.reported = self.done;
        let secs = self.started.elapsed().as_secs_f64();
        let pct = if self.total > 0 { self.done as f64 * 100.0 / self.total as f64 } else { 100.0 };
        let rate = if secs > 0.0 { self.done as f64 / secs } else { 0.0 };
        (self.report)(&format!("seed: {} {}/{} ({pct:.1}%), {rate:.0}/s, {secs:.0} s", self.phase, self.done, self.total));
    }

    /// Report the end of the phase; returns its duration in seconds.
    fn finish(mut self) -> f64 {
        if self.reported != self.done || self.done == 0 {
            self.line();
        }
        self.started.elapsed().as_secs_f64()
    }
}

/// What the generator needs of the site: its database, French for month keys, and what
/// booking e-mails need.
struct Site<'a> {
    db: &'a Db,
    tr: Tr,
    mail: events::notify::Site,
    tz: jiff::tz::TimeZone,
    now: i64,
    seed: u64,
}

/// Fill the database at `config.database_url` (already open as `db`, migrated) with the data
/// set `params` describes, dated up to `now`.
pub async fn run(db: &Db, config: &Config, params: &Params, now: i64, report: &dyn Fn(&str)) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let existing_posts = news::count_posts(db, Kind::Post).await? as u64;
    if existing_posts > 0 && !params.force {
        anyhow::bail!(
            "the database already has {existing_posts} posts: essaim seed fills an empty database (--force adds the data set to what is there)"
        );
    }
    if params.clubs == 0 {
        anyhow::bail!("--clubs: at least one club");
    }
    let existing_events = events::count_events(db).await? as u64;
    let words = Vocabulary::load().map_err(anyhow::Error::msg)?;
    report(&format!("seed: a vocabulary of {} words and names", words.size()));
    let writer = Writer { words: &words };
    let tz = jiff::tz::TimeZone::get(&config.timezone)?;
    let catalog = std::sync::Arc::new(Catalog::load()?);
    let site = Site {
        db,
        tr: Tr::new(catalog.clone(), Locale::Fr, tz.clone()),
        mail: events::notify::Site {
            base: config.public_url.clone(),
            host: mail::site_host(&config.public_url),
            tz: tz.clone(),
            catalog,
            // The site's secret (made here if the site never started), for the bookings' links.
            links: crate::core::access::Links::new(std::sync::Arc::new(
                crate::core::db::init_setting(db, "secret_key", &crate::core::auth::random_token()).await?.into_bytes(),
            )),
        },
        tz,
        now,
        seed: params.seed,
    };
    let mut summary = Summary {
        search_common: words.nouns.first().map(|n| n.word.clone()).unwrap_or_default(),
        search_rare: words.rare.first().cloned().unwrap_or_default(),
        ..Summary::default()
    };

    let phase = Instant::now();
    let clubs = create_clubs(&site, &writer, params.clubs).await?;
    let categories = create_categories(db, params.categories).await?;
    let tags = create_tags(db, &words, params.tags).await?;
    summary.clubs = clubs.len() as u64;
    summary.categories = categories.len() as u64;
    summary.tags = tags.len() as u64;
    summary.club = clubs.get(1).or(clubs.first()).map(|c| format!("/actualites/club/{}", c.slug));
    summary.category = categories.first().map(|(_, slug)| format!("/actualites/categorie/{slug}"));
    summary.tag = tags.first().map(|t| format!("/actualites/etiquette/{}", slugify(t)));
    summary.phases.push(("seconds.network", phase.elapsed().as_secs_f64()));
    report(&format!("seed: {} clubs, {} categories, {} tags", clubs.len(), categories.len(), tags.len()));

    let posts = PostPlan { clubs: &clubs, categories: &categories, tags: &tags, offset: existing_posts };
    let (secs_posts, busy) = write_posts(&site, &writer, &posts, params, &mut summary, report).await?;
    summary.phases.push(("seconds.posts", secs_posts));
    summary.post_with_50_comments = busy;
    refresh_statistics(db).await?;

    write_events(&site, &writer, &clubs, params, existing_events, &mut summary, report).await?;

    let phase = Instant::now();
    report("seed: catching up the maintenance (past bookings anonymised, old commenters' addresses blanked)");
    loop {
        let done = events::retention::anonymise_due(db, now).await?;
        if done.is_empty() {
            break;
        }
        summary.anonymised_events += done.len() as u64;
    }
    news::purge_expired(db, now).await?;
    refresh_statistics(db).await?;
    summary.phases.push(("seconds.maintenance", phase.elapsed().as_secs_f64()));
    summary.elapsed = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// When a phase gathers the planner's statistics again: each time its rows have doubled since
/// the last time (from a thousand on). PostgreSQL keeps a statement's generic plan once it
/// has chosen one, until the statistics change: a plan chosen while a table was nearly empty
/// (a sequential scan of the bookings to settle an event's offers) would read the whole table
/// at each booking as it grows.
#[derive(Default)]
struct Statistics {
    next: u64,
}

impl Statistics {
    async fn after(&mut self, db: &Db, rows: u64) -> anyhow::Result<()> {
        if rows >= self.next.max(1000) {
            refresh_statistics(db).await?;
            self.next = rows.saturating_mul(2);
        }
        Ok(())
    }
}

/// On PostgreSQL, gather the planner's statistics of the tables just filled (`ANALYZE`), as
/// autovacuum would some time later, or never where it is off: a plan chosen on statistics of
/// empty tables would read a million rows where a few do. SQLite keeps no statistics unless
/// asked, and essaim's queries are written for its planner as it is.
async fn refresh_statistics(db: &Db) -> anyhow::Result<()> {
    if db.kind() == DbKind::Postgres {
        store::analyze(db).await.context("gathering the planner's statistics")?;
    }
    Ok(())
}

/// The clubs: a national one, then one per city; each with an editor who has no password.
async fn create_clubs(site: &Site<'_>, writer: &Writer<'_>, n: u64) -> anyhow::Result<Vec<ClubRef>> {
    let mut clubs = vec![];
    for i in 0..n {
        let mut rng = Rng::for_item(site.seed, 10, i);
        let (name, slug, city, national) = if i == 0 {
            ("Fondation nationale".to_string(), "fondation-nationale".to_string(), "Paris".to_string(), true)
        } else {
            let city = writer.words.cities.get(i as usize).cloned().unwrap_or_else(|| format!("Ville {i}"));
            (format!("Club {}", of_place(&city)), format!("club-{}", slugify(&city)), city, false)
        };
        let club = Club {
            id: 0,
            slug: slug.clone(),
            name,
            national,
            territory: city.clone(),
            director: writer.person(&mut rng),
            email: format!("contact@{slug}.exemple.invalid"),
            phone: format!("01 {:02} {:02} {:02} {:02}", rng.below(100), rng.below(100), rng.below(100), rng.below(100)),
            city,
            description: writer.paragraph(&mut rng, 2),
            ..Default::default()
        };
        let id = network::upsert_club(site.db, &club, site.now).await?;
        let editor = auth::upsert_user(
            site.db,
            &format!("redaction.{slug}@exemple.invalid"),
            &writer.person(&mut rng),
            None,
            Role::Editor,
            Some(id),
            site.now,
        )
        .await?;
        clubs.push(ClubRef { id, slug, editor });
    }
    Ok(clubs)
}

struct ClubRef {
    id: i64,
    slug: String,
    editor: i64,
}

const CATEGORIES: [&str; 16] = [
    "Vie du réseau",
    "Emploi et insertion",
    "Éducation",
    "Numérique",
    "Culture",
    "Sport",
    "Environnement",
    "Égalité des chances",
    "Mentorat",
    "Partenariats",
    "Citoyenneté",
    "Santé",
    "Entrepreneuriat",
    "Solidarité",
    "International",
    "Jeunesse",
];

/// (id, slug) of each category.
async fn create_categories(db: &Db, n: u64) -> anyhow::Result<Vec<(i64, String)>> {
    let mut out = vec![];
    for i in 0..n as usize {
        let name = CATEGORIES.get(i).map(|s| s.to_string()).unwrap_or_else(|| format!("Thème {}", i + 1));
        let slug = slugify(&name);
        let id = news::upsert_category(db, &slug, &name, &format!("Les actualités du réseau : {}.", name.to_lowercase())).await?;
        out.push((id, slug));
    }
    Ok(out)
}

/// Tag names: the most frequent nouns first, each slug once.
async fn create_tags(db: &Db, words: &Vocabulary, n: u64) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = vec![];
    let mut slugs = std::collections::HashSet::new();
    for noun in &words.nouns {
        if names.len() as u64 >= n {
            break;
        }
        if slugs.insert(slugify(&noun.word)) {
            names.push(noun.word.clone());
        }
    }
    let mut i = 1;
    while (names.len() as u64) < n {
        names.push(format!("thème {i}"));
        i += 1;
    }
    let mut tx = db.begin().await?;
    for name in &names {
        news::upsert_tag_tx(&mut tx, &slugify(name), name).await?;
    }
    tx.commit().await?;
    Ok(names)
}

struct PostPlan<'a> {
    clubs: &'a [ClubRef],
    categories: &'a [(i64, String)],
    tags: &'a [String],
    /// Posts already there (slugs are numbered after them).
    offset: u64,
}

/// A slug: the title's, cut at a word near 60 characters, and the item's number.
fn numbered_slug(title: &str, number: u64) -> String {
    let mut base = slugify(title);
    if base.len() > 60 {
        let cut = base[..60].rfind('-').unwrap_or(60);
        base.truncate(cut);
    }
    format!("{base}-{number}")
}

/// How many comments each post gets: uneven (a third get none, a few get hundreds), adding up
/// to `total` exactly, with post `busy` at exactly `BENCH_COMMENTS` when there are enough.
fn comment_counts(seed: u64, posts: u64, total: u64, busy: usize) -> Vec<u32> {
    let n = posts as usize;
    if n == 0 {
        return vec![];
    }
    let weights: Vec<f64> = (0..n)
        .map(|i| {
            let mut rng = Rng::for_item(seed, WEIGHT_STREAM, i as u64);
            if rng.chance(0.35) { 0.0 } else { rng.unit().max(1e-9).powf(-1.0 / 1.5).min(300.0) }
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut counts = vec![0u32; n];
    if sum > 0.0 {
        // Cumulative rounding: each count is close to its share and the sum is exact.
        let mut cumulative = 0.0;
        let mut given = 0u64;
        for (i, w) in weights.iter().enumerate() {
            cumulative += w * total as f64 / sum;
            let upto = if i + 1 == n { total } else { (cumulative.round() as u64).min(total) };
            counts[i] = (upto - given.min(upto)) as u32;
            given = given.max(upto);
        }
    }
    // The benchmark's post: exactly BENCH_COMMENTS, the difference taken from (or given to)
    // the oldest posts.
    let want = BENCH_COMMENTS.min(total) as i64;
    let mut diff = want - counts[busy] as i64;
    counts[busy] = want as u32;
    let mut i = 0;
    while diff != 0 && i < n {
        if i != busy {
            if diff > 0 {
                let take = (counts[i] as i64).min(diff);
                counts[i] -= take as u32;
                diff -= take;
            } else {
                counts[i] += (-diff) as u32;
                diff = 0;
            }
        }
        i += 1;
    }
    counts
}

/// Posts with their comments, `BATCH` posts a transaction. Returns the phase's seconds and
/// the address of the post with `BENCH_COMMENTS` comments.
async fn write_posts(
    site: &Site<'_>,
    writer: &Writer<'_>,
    plan: &PostPlan<'_>,
    params: &Params,
    summary: &mut Summary,
    report: &dyn Fn(&str),
) -> anyhow::Result<(f64, Option<String>)> {
    let n = params.posts;
    // On the first archive page: the sixth newest post.
    let busy = n.saturating_sub(1).saturating_sub(5) as usize;
    let counts = comment_counts(site.seed, n, params.comments, busy);
    let start = site.now - YEARS * YEAR;
    let step = (YEARS * YEAR - 3600) as f64 / n.max(1) as f64;
    let mut progress = Progress::new("posts", n, report);
    let mut statistics = Statistics::default();
    let mut busy_url = None;
    let mut ip = 0u64;
    let mut first = 0;
    while first < n {
        let last = (first + BATCH).min(n);
        let mut tx = site.db.begin().await?;
        for i in first..last {
            let mut rng = Rng::for_item(site.seed, POST_STREAM, i);
            let published_at = start + ((i as f64 + 0.1 + 0.8 * rng.unit()) * step) as i64;
            let title = writer.title(&mut rng);
            let slug = numbered_slug(&title, plan.offset + i + 1);
            let club = rng.pick_skewed(plan.clubs);
            let mut category_ids = vec![rng.pick_skewed(plan.categories).0];
            if rng.chance(0.2) {
                let other = rng.pick(plan.categories).0;
                if !category_ids.contains(&other) {
                    category_ids.push(other);
                }
            }
            let mut tag_names: Vec<String> = vec![];
            for _ in 0..rng.below(5) {
                let t = rng.pick_skewed(plan.tags);
                if !tag_names.contains(t) {
                    tag_names.push(t.clone());
                }
            }
            let comments = counts.get(i as usize).copied().unwrap_or(0);
            let input = PostInput {
                kind: "post",
                slug: slug.clone(),
                title,
                body_format: "markdown".into(),
                body_source: writer.body(&mut rng),
                status: "published".into(),
                published_at: Some(published_at),
                club_id: Some(club.id),
                author_id: Some(club.editor),
                featured: rng.chance(0.003),
                comments_closed: comments == 0 && rng.chance(0.05),
                category_ids,
                tag_names,
                ..Default::default()
            };
            let post_id = news::save_post_tx(&mut tx, &site.tr, None, &input, published_at).await?;
            if i as usize == busy && comments as u64 == BENCH_COMMENTS {
                busy_url = Some(format!("/actualites/{slug}"));
            }
            // Comments within a month of the post (and before now), in order.
            let mut crng = Rng::for_item(site.seed, COMMENT_STREAM, i);
            let window = (site.now - 60 - published_at).clamp(60, 30 * 86_400);
            let mut times: Vec<i64> = (0..comments).map(|_| published_at + 60 + crng.below(window as u64) as i64).collect();
            times.sort_unstable();
            let mut ids: Vec<i64> = Vec::with_capacity(times.len());
            for at in times {
                let parent = if !ids.is_empty() && crng.chance(0.25) { Some(*crng.pick(&ids)) } else { None };
                let name = writer.person(&mut crng);
                let email = format!("{}@exemple.invalid", slugify(&name).replace('-', "."));
                let body = writer.comment(&mut crng);
                ip += 1;
                let address = format!("192.0.2.{}", ip % 254 + 1);
                let id = news::save_imported_comment_tx(
                    &mut tx, None, post_id, parent, &name, &email, &body, "approved", at, &address, site.now,
                )
                .await?;
                ids.push(id);
            }
            summary.comments += comments as u64;
        }
        tx.commit().await.context("saving a batch of posts")?;
        summary.posts += last - first;
        statistics.after(site.db, summary.posts).await?;
        progress.add(last - first);
        first = last;
    }
    Ok((progress.finish(), busy_url))
}

/// An event to create, and how many bookings it gets.
struct EventPlan {
    index: u64,
    starts_at: i64,
    ends_at: i64,
    opens_at: i64,
    upcoming: bool,
    bookings: u64,
    /// The empty event kept for the booking rush.
    open: bool,
}

/// `days` from `now` at `h:m` in the site's time zone.
fn local_time(tz: &jiff::tz::TimeZone, now: i64, days: i64, h: i8, m: i8) -> anyhow::Result<i64> {
    let day = jiff::Timestamp::from_second(now + days * 86_400)?.to_zoned(tz.clone()).date();
    Ok(day.at(h, m, 0, 0).to_zoned(tz.clone())?.timestamp().as_second())
}

const EVENT_KINDS: [(&str, bool); 12] = [
    ("atelier", false),
    ("forum", false),
    ("rencontre", true),
    ("conférence", true),
    ("journée", true),
    ("soirée", true),
    ("tournoi", false),
    ("visite", true),
    ("formation", true),
    ("webinaire", false),
    ("table ronde", true),
    ("café-débat", false),
];

/// Events (`BATCH` a transaction), then their bookings through the booking path (`BATCH` a
/// transaction, in the order people booked).
async fn write_events(
    site: &Site<'_>,
    writer: &Writer<'_>,
    clubs: &[ClubRef],
    params: &Params,
    offset: u64,
    summary: &mut Summary,
    report: &dyn Fn(&str),
) -> anyhow::Result<()> {
    let n = params.events;
    if n == 0 {
        return Ok(());
    }
    let mut plans: Vec<EventPlan> = vec![];
    for i in 0..n {
        let mut rng = Rng::for_item(site.seed, EVENT_STREAM, i);
        let open = i + 1 == n;
        let upcoming = open || rng.chance(0.1);
        let days = if open {
            30
        } else if upcoming {
            rng.between(1, 365)
        } else {
            -rng.between(1, YEARS * 365)
        };
        let (h, m) = if open { (18, 0) } else { (rng.between(9, 20) as i8, if rng.chance(0.5) { 0 } else { 30 }) };
        let starts_at = local_time(&site.tz, site.now, days, h, m)?;
        let ends_at = starts_at + 3600 * rng.between(1, 4);
        let opens_at = if open { site.now - 30 * 86_400 } else { starts_at - 60 * 86_400 };
        plans.push(EventPlan { index: i, starts_at, ends_at, opens_at, upcoming, bookings: 0, open });
    }
    plans.sort_by_key(|p| (p.starts_at, p.index));
    // Bookings: uneven demand, only for events whose registration has opened.
    let weights: Vec<f64> = plans
        .iter()
        .map(|p| {
            let mut rng = Rng::for_item(site.seed, WEIGHT_STREAM, 1_000_000_000 + p.index);
            if p.open || p.opens_at > site.now { 0.0 } else { (0.8 * rng.normal()).exp() }
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    if sum > 0.0 {
        let mut cumulative = 0.0;
        let mut given = 0u64;
        let total = params.registrations;
        for (plan, w) in plans.iter_mut().zip(&weights) {
            cumulative += w * total as f64 / sum;
            let upto = (cumulative.round() as u64).min(total);
            plan.bookings = upto - given.min(upto);
            given = given.max(upto);
        }
        if let Some(last) = plans.iter_mut().rev().find(|p| !p.open && p.opens_at <= site.now) {
            last.bookings += total - given.min(total);
        }
    }

    let mut progress = Progress::new("events", n, report);
    let mut ids = Vec::with_capacity(plans.len());
    for chunk in plans.chunks(BATCH as usize) {
        let mut tx = site.db.begin().await?;
        for plan in chunk {
            let mut rng = Rng::for_item(site.seed, EVENT_STREAM, 1_000_000_000 + plan.index);
            let (kind, feminine) = *rng.pick(&EVENT_KINDS);
            let city = writer.city(&mut rng).to_string();
            let title = if plan.open {
                format!("Grande journée des bénévoles {}", at_place(&city))
            } else {
                let adjective = rng.pick_skewed(&writer.words.adjectives);
                let adjective = if feminine { &adjective.1 } else { &adjective.0 };
                format!("{} {adjective} : {} {}", capitalise(kind), writer.definite(&mut rng), at_place(&city))
            };
            let slug = numbered_slug(&title, offset + plan.index + 1);
            let online = !plan.open && rng.chance(0.1);
            // Capacity: around the demand, sometimes below it (a waiting list).
            let expected_seats = plan.bookings as f64 * 1.45;
            let capacity = if plan.open {
                OPEN_EVENT_PLACES
            } else if plan.bookings == 0 {
                10 * rng.between(2, 30)
            } else {
                ((expected_seats * (0.7 + 0.9 * rng.unit()) / 10.0).round() as i64 * 10).max(10)
            };
            let input = EventInput {
                slug: slug.clone(),
                title,
                summary: writer.sentence(&mut rng),
                description: format!("{}\n\n{}", writer.paragraph(&mut rng, 3), writer.paragraph(&mut rng, 2)),
                club_id: Some(rng.pick_skewed(clubs).id),
                starts_at: plan.starts_at,
                ends_at: plan.ends_at,
                place_name: if online { String::new() } else { format!("Maison des associations {}", of_place(&city)) },
                address: if online {
                    String::new()
                } else {
                    format!("{} rue {}, {city}", rng.between(1, 120), rng.pick(&writer.words.last_names))
                },
                online_url: if online { format!("https://visio.exemple.fr/{slug}") } else { String::new() },
                theme: capitalise(&writer.noun(&mut rng).word),
                capacity,
                registration_opens_at: Some(plan.opens_at),
                id_required: rng.chance(0.05),
                status: "published".into(),
                ..EventInput::default()
            };
            let id = events::create_event_tx(&mut tx, &input, plan.opens_at.min(site.now)).await?;
            ids.push((id, slug));
        }
        tx.commit().await.context("saving a batch of events")?;
        progress.add(chunk.len() as u64);
    }
    summary.phases.push(("seconds.events", progress.finish()));
    summary.events = n;
    summary.upcoming_events = plans.iter().filter(|p| p.upcoming).count() as u64;
    summary.open_event = plans.iter().zip(&ids).find(|(p, _)| p.open).map(|(_, (_, slug))| slug.clone());
    summary.upcoming_event = plans
        .iter()
        .zip(&ids)
        .find(|(p, _)| p.upcoming && !p.open && p.bookings > 0)
        .or_else(|| plans.iter().zip(&ids).find(|(p, _)| p.upcoming && !p.open))
        .or_else(|| plans.iter().zip(&ids).find(|(p, _)| p.upcoming))
        .map(|(_, (_, slug))| format!("/evenements/{slug}"));

    // Bookings, in batches that may span events.
    let total: u64 = plans.iter().map(|p| p.bookings).sum();
    let mut progress = Progress::new("registrations", total, report);
    let mut statistics = Statistics::default();
    let mut tx = site.db.begin().await?;
    let mut mark = mail::last_id(&mut tx).await?;
    let mut in_batch = 0u64;
    let mut number = 0u64;
    for (plan, (event_id, _)) in plans.iter().zip(&ids) {
        let mut rng = Rng::for_item(site.seed, BOOKING_STREAM, plan.index);
        let until = (plan.starts_at - 3600).min(site.now - 60).max(plan.opens_at);
        let mut times: Vec<i64> =
            (0..plan.bookings).map(|_| plan.opens_at + rng.below((until - plan.opens_at + 1) as u64) as i64).collect();
        times.sort_unstable();
        for (j, at) in times.into_iter().enumerate() {
            number += 1;
            let booking = booking(writer, &mut rng, *event_id, j as u64, number);
            let (_, outcome) = events::register_tx(&mut tx, &site.mail, *event_id, &booking, at).await?;
            match outcome {
                Outcome::Confirmed => summary.confirmed += 1,
                Outcome::Waiting(_) => summary.waiting += 1,
                Outcome::SlotFull(_) => anyhow::bail!("a generated booking chose a workshop"),
            }
            summary.registrations += 1;
            in_batch += 1;
            if in_batch == BATCH {
                mail::discard_queued_after(&mut tx, mark).await?;
                tx.commit().await.context("saving a batch of registrations")?;
                statistics.after(site.db, summary.registrations).await?;
                progress.add(in_batch);
                in_batch = 0;
                tx = site.db.begin().await?;
                mark = mail::last_id(&mut tx).await?;
            }
        }
    }
    mail::discard_queued_after(&mut tx, mark).await?;
    tx.commit().await.context("saving a batch of registrations")?;
    progress.add(in_batch);
    let secs = progress.finish();
    summary.phases.push(("seconds.registrations", secs));
    Ok(())
}

/// One generated booking: mostly one seat, sometimes a family.
fn booking(writer: &Writer<'_>, rng: &mut Rng, event_id: i64, j: u64, number: u64) -> NewBooking {
    let seats = match rng.below(100) {
        0..70 => 1,
        70..90 => 2,
        90..97 => 3,
        _ => 4,
    };
    let contact = writer.person(rng);
    let mut attendees = vec![contact.clone()];
    for _ in 1..seats {
        attendees.push(writer.person(rng));
    }
    let accessibility = match rng.below(200) {
        0 => "Accès en fauteuil roulant".to_string(),
        1 => "Boucle magnétique, s'il vous plaît".to_string(),
        _ => String::new(),
    };
    NewBooking {
        idempotency_key: format!("seed-{event_id}-{j}"),
        email: format!("{}.{number}@exemple.invalid", slugify(&contact).replace('-', ".")),
        contact_name: contact,
        seats,
        attendees,
        accessibility,
        lang: if rng.chance(0.05) { "en".into() } else { "fr".into() },
        ..NewBooking::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_counts_add_up_and_one_post_has_fifty() {
        for (posts, total) in [(1000u64, 3000u64), (10, 40), (200, 51), (50_000, 150_000)] {
            let busy = (posts - 6) as usize;
            let counts = comment_counts(7, posts, total, busy);
            assert_eq!(counts.iter().map(|c| *c as u64).sum::<u64>(), total, "{posts} posts");
            assert_eq!(counts[busy] as u64, BENCH_COMMENTS.min(total));
        }
        let counts = comment_counts(7, 50_000, 150_000, 0);
        assert!(counts.iter().filter(|c| **c >= 50).count() > 20, "some posts have many comments");
        assert!(counts.iter().filter(|c| **c == 0).count() > 10_000, "many have none");
    }

    #[test]
    fn slugs_are_cut_at_a_word_and_numbered() {
        let s = numbered_slug("Le club de Saint-Étienne organise une rencontre intergénérationnelle avec les habitants du quartier", 42);
        assert!(s.ends_with("-42") && s.len() <= 64, "{s}");
        assert!(!s.contains("--"));
    }

    #[test]
    fn scaling_keeps_the_structure() {
        let p = Params::default().scaled(0.01);
        assert_eq!((p.posts, p.comments, p.events, p.registrations), (10_000, 30_000, 100, 10_000));
        assert_eq!((p.clubs, p.categories, p.tags), (20, 12, 200));
    }
}
