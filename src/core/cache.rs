//! The rendered-page cache: public pages are rendered once, kept with their gzip and brotli
//! forms and an `ETag`, and served from memory until something they show changes.
//!
//! **What is cached.** Only `GET` requests of visitors who are not signed in (no session
//! cookie, no `Authorization`), and only responses that a handler marked [`Cacheable`] (200,
//! no `Set-Cookie`). The key is the language and the path with its query.
//!
//! **Shared, with each visitor's own tokens.** A page is kept with its placeholders: an
//! anonymous form's CSRF token is [`VISITOR_CSRF`] and a booking form's idempotency key
//! [`FRESH_TOKEN`]. Each copy served, from the cache or not, gets them filled in: the HMAC of
//! the visitor's id (the visitor cookie, set on the first page with a form that a visitor
//! without it receives) and a new random key. Such copies are `no-store` and compressed on the
//! way out; the pages without a form keep their pre-compressed forms and `ETag`.
//!
//! **Never stale.** Each page depends on scopes of content (each module declares its own, such
//! as news or events; [`SITE`] is the rest of the site). Every write request that succeeds (`POST`, `PUT`, `PATCH`, `DELETE` answered with a
//! 2xx or 3xx) moves the generation of the scopes its path writes, *before* its response
//! leaves; background jobs that change public content do the same. A page rendered under older
//! generations is never served again. Time changes pages too (a scheduled post goes live, an
//! event's registration opens or closes, an event starts or ends): every entry is valid only
//! until the next such moment, read from the database.
//!
//! **One instance or several.** On SQLite (one server) the generations live in memory; writes
//! by another process (`essaim import`) move them in the database, which the server reads
//! every second. On PostgreSQL several instances share one database: the generations live in
//! the table `page_generations` (a row per scope), read at each cacheable request (one small
//! read shared by the requests that arrive meanwhile) and moved in the database by each write,
//! so an instance never serves a page that another one changed.
//!
//! **Bounded.** The cache holds at most `page_cache_mb` megabytes (`ESSAIM_PAGE_CACHE_MB`,
//! 0 turns it off); when full, outdated entries go first, then any.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::core::db::{Db, DbKind};
use crate::core::module::{Modules, NextChange};
use crate::core::web::{AppState, VISITOR_CSRF, cookie, request_locale, visitor_id};

mod store;
pub use store::content_changed_elsewhere;

/// A scope of content that pages show and writes change, named by the module that owns it
/// (`core::module::Module::scopes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope(pub &'static str);

/// The rest of the site: clubs, partners, static pages, media, people, shown around every page.
pub const SITE: Scope = Scope("site");

/// Most scopes one build may have (the generations are a fixed array, read at each request).
const MAX_SCOPES: usize = 16;

/// Set of scopes, one bit per scope in the order they were registered.
type Bits = u32;

/// What a page shows.
#[derive(Clone, Copy, Debug)]
pub enum Shows {
    Scopes(&'static [Scope]),
    /// Everything (the sitemap, the clubs' pages).
    Everything,
}

/// Set by a handler on a response that any anonymous visitor may be served from the cache;
/// the value is what the page shows.
#[derive(Clone, Copy, Debug)]
pub struct Cacheable(pub Shows);

/// Set by a handler whose page carries [`FRESH_TOKEN`] where each response needs its own random
/// token (the idempotency key of a booking form): the cache keeps the page once and writes a
/// new token into every copy it serves (such pages are compressed on the way out).
#[derive(Clone, Copy, Debug)]
pub struct FreshToken;

/// Mark a response as cacheable for anonymous visitors, showing `scopes`.
pub fn mark(mut res: Response, scopes: &'static [Scope]) -> Response {
    res.extensions_mut().insert(Cacheable(Shows::Scopes(scopes)));
    res
}

/// Mark a response as cacheable for anonymous visitors, showing a bit of everything.
pub fn mark_all(mut res: Response) -> Response {
    res.extensions_mut().insert(Cacheable(Shows::Everything));
    res
}

/// The placeholder of [`FreshToken`] pages. Its braces make it an invalid key, so a page that
/// escaped the substitution could never make two visitors share one.
pub const FRESH_TOKEN: &str = "{fresh-token}";

/// Pages larger than this are not cached (none is: an archive page is about 30 KB).
const MAX_PAGE: usize = 2 * 1024 * 1024;

type Gens = [i64; MAX_SCOPES];

struct Entry {
    scopes: Bits,
    gens: Gens,
    /// Unix second from which the page may show something else by the clock alone.
    until: i64,
    headers: HeaderMap,
    body: Bytes,
    etag: String,
    fresh: bool,
    /// The page carries [`VISITOR_CSRF`]: each copy gets the visitor's own token.
    visitor: bool,
    gzip: OnceLock<Bytes>,
    br: OnceLock<Bytes>,
}

impl Entry {
    fn valid(&self, gens: &Gens, now: i64) -> bool {
        now < self.until && (0..MAX_SCOPES).all(|i| self.scopes & (1 << i) == 0 || self.gens[i] == gens[i])
    }

    fn size(&self) -> usize {
        self.body.len() * 2 + 512
    }
}

/// Starts the next read of the generations when the current one ends, however it ends.
struct NextRead {
    cache: Arc<PageCache>,
    db: Db,
}

impl Drop for NextRead {
    fn drop(&mut self) {
        self.cache.next_read(self.db.clone());
    }
}

/// The moment pages may change by the clock alone, as computed under some generations.
#[derive(Clone, Copy)]
struct Horizon {
    gens: Gens,
    computed_at: i64,
    at: i64,
}

pub struct PageCache {
    max_bytes: usize,
    shared: bool,
    /// The scopes' names, by bit.
    names: Vec<&'static str>,
    /// Path prefixes that write, with the scopes they change.
    writes: Vec<(&'static str, Bits)>,
    /// The modules' next scheduled changes.
    next_changes: Vec<NextChange>,
    local: [AtomicI64; MAX_SCOPES],
    /// The database's generations last seen by the SQLite poller.
    seen: Mutex<Option<Gens>>,
    map: RwLock<HashMap<String, Arc<Entry>>>,
    bytes: AtomicUsize,
    horizon: Mutex<Option<Horizon>>,
    /// PostgreSQL: the requests waiting for the next read of the generations.
    reads: Mutex<Reads>,
}

/// Reads of the shared generations, one at a time: the requests that arrive while one is
/// running share the next one, which starts after they arrived (so it sees every change
/// committed before them). Under load one query answers many requests.
#[derive(Default)]
struct Reads {
    busy: bool,
    waiting: Vec<tokio::sync::oneshot::Sender<Option<Gens>>>,
}

impl PageCache {
    /// The cache of the scopes `modules` declare (and [`SITE`]). Fails when two modules
    /// declare the same scope or there are too many.
    pub fn new(kind: DbKind, max_mb: usize, modules: &Modules) -> anyhow::Result<PageCache> {
        let mut names = vec![SITE.0];
        for s in modules.scopes() {
            if names.contains(&s.0) {
                anyhow::bail!("the page-cache scope {:?} is declared twice", s.0);
            }
            names.push(s.0);
        }
        if names.len() > MAX_SCOPES {
            anyhow::bail!("at most {MAX_SCOPES} page-cache scopes, {} declared", names.len());
        }
        let bits = |scopes: &[Scope]| scopes.iter().filter_map(|s| names.iter().position(|n| *n == s.0)).fold(0, |b, i| b | 1 << i);
        let writes = modules.writes().into_iter().map(|(prefix, scopes)| (prefix, bits(scopes))).collect();
        Ok(PageCache {
            max_bytes: max_mb * 1024 * 1024,
            shared: kind == DbKind::Postgres,
            writes,
            next_changes: modules.next_changes(),
            names,
            local: std::array::from_fn(|_| AtomicI64::new(0)),
            seen: Mutex::new(None),
            map: RwLock::new(HashMap::new()),
            bytes: AtomicUsize::new(0),
            horizon: Mutex::new(None),
            reads: Mutex::new(Reads::default()),
        })
    }

    /// Every scope.
    fn all(&self) -> Bits {
        (1 << self.names.len()) - 1
    }

    fn bits(&self, shows: Shows) -> Bits {
        match shows {
            Shows::Everything => self.all(),
            Shows::Scopes(scopes) => scopes.iter().filter_map(|s| self.names.iter().position(|n| *n == s.0)).fold(0, |b, i| b | 1 << i),
        }
    }

    /// The database holds a generation row for each scope (a new module's scope starts at 0).
    pub async fn register_scopes(&self, db: &Db) -> Result<(), sqlx::Error> {
        for name in &self.names {
            store::register_scope(db, name).await?;
        }
        Ok(())
    }

    pub fn enabled(&self) -> bool {
        self.max_bytes > 0
    }

    /// The current generations: in memory on SQLite, in the database on PostgreSQL (`None`
    /// when the database cannot say: the request then goes around the cache).
    async fn generations(self: &Arc<Self>, db: &Db) -> Option<Gens> {
        if !self.shared {
            return Some(std::array::from_fn(|i| self.local[i].load(Ordering::Acquire)));
        }
        let waiter = {
            let mut reads = self.reads.lock().ok()?;
            if reads.busy {
                let (tx, rx) = tokio::sync::oneshot::channel();
                reads.waiting.push(tx);
                Some(rx)
            } else {
                reads.busy = true;
                None
            }
        };
        match waiter {
            Some(rx) => rx.await.ok().flatten(),
            None => {
                // Even if this request is dropped mid-read (the client left), the waiting ones
                // are served.
                let _next = NextRead { cache: self.clone(), db: db.clone() };
                self.read_database(db).await.ok()
            }
        }
    }

    /// Serve the requests that arrived during the last read with a new one, or stop.
    fn next_read(self: &Arc<Self>, db: Db) {
        let waiting = {
            let Ok(mut reads) = self.reads.lock() else { return };
            if reads.waiting.is_empty() {
                reads.busy = false;
                return;
            }
            std::mem::take(&mut reads.waiting)
        };
        let cache = self.clone();
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        runtime.spawn(async move {
            let gens = cache.read_database(&db).await.ok();
            for tx in waiting {
                let _ = tx.send(gens);
            }
            cache.next_read(db);
        });
    }

    /// Content of `scopes` changed: no page rendered before shows again. Call it after the
    /// change is committed and before answering.
    pub async fn changed(&self, db: &Db, scopes: &[Scope]) {
        self.changed_bits(db, scopes.iter().filter_map(|s| self.names.iter().position(|n| *n == s.0)).fold(0, |b, i| b | 1 << i)).await
    }

    /// Everything changed.
    pub async fn changed_all(&self, db: &Db) {
        self.changed_bits(db, self.all()).await
    }

    async fn changed_bits(&self, db: &Db, scopes: Bits) {
        if scopes == 0 {
            return;
        }
        if self.shared {
            if let Err(e) = self.bump_database(db, scopes).await {
                // The write is done; without the bump other instances could serve old pages,
                // so this one forgets everything and the error is loud.
                tracing::error!(error = %e, "the page cache's generations could not be moved");
                self.clear();
            }
        } else {
            self.bump_local(scopes);
        }
        // Outdated entries are dropped lazily; the horizon is recomputed with the next entry.
    }

    fn bump_local(&self, scopes: Bits) {
        for (i, generation) in self.local.iter().enumerate() {
            if scopes & (1 << i) != 0 {
                generation.fetch_add(1, Ordering::AcqRel);
            }
        }
    }

    /// SQLite only: take in the changes other processes wrote to the database (`essaim import`).
    pub async fn poll_database(&self, db: &Db) {
        if self.shared {
            return;
        }
        let Ok(now) = self.read_database(db).await else { return };
        let moved = {
            let Ok(mut seen) = self.seen.lock() else { return };
            let before = seen.replace(now);
            before.map(|b| (0..MAX_SCOPES).filter(|i| b[*i] != now[*i]).fold(0, |m, i| m | 1 << i))
        };
        if let Some(scopes) = moved {
            self.bump_local(scopes);
        }
    }

    fn get(&self, key: &str, gens: &Gens, now: i64) -> Option<Arc<Entry>> {
        let map = self.map.read().ok()?;
        map.get(key).filter(|e| e.valid(gens, now)).cloned()
    }

    fn put(&self, key: String, entry: Arc<Entry>, gens: &Gens, now: i64) {
        let Ok(mut map) = self.map.write() else { return };
        let size = entry.size();
        if self.bytes.load(Ordering::Relaxed) + size > self.max_bytes {
            // Outdated entries first, then anything, until a quarter is free.
            let mut total = 0;
            map.retain(|_, e| {
                let keep = e.valid(gens, now);
                if keep {
                    total += e.size();
                }
                keep
            });
            if total + size > self.max_bytes {
                let target = self.max_bytes * 3 / 4;
                map.retain(|_, e| {
                    if total + size <= target {
                        return true;
                    }
                    total -= e.size();
                    false
                });
            }
            self.bytes.store(total, Ordering::Relaxed);
        }
        if let Some(old) = map.insert(key, entry) {
            self.bytes.fetch_sub(old.size().min(self.bytes.load(Ordering::Relaxed)), Ordering::Relaxed);
        }
        self.bytes.fetch_add(size, Ordering::Relaxed);
    }

    /// Forget every page.
    pub fn clear(&self) {
        if let Ok(mut map) = self.map.write() {
            map.clear();
            self.bytes.store(0, Ordering::Relaxed);
        }
    }

    /// How many pages are held (for tests and the logs).
    pub fn len(&self) -> usize {
        self.map.read().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The next moment after `now` at which a page may change by the clock alone.
    async fn horizon(&self, db: &Db, gens: Gens, now: i64) -> Result<i64, sqlx::Error> {
        if let Ok(h) = self.horizon.lock()
            && let Some(h) = *h
            && h.gens == gens
            && h.computed_at <= now
            && now < h.at
        {
            return Ok(h.at);
        }
        let at = self.next_change(db, now).await?;
        if let Ok(mut h) = self.horizon.lock() {
            *h = Some(Horizon { gens, computed_at: now, at });
        }
        Ok(at)
    }

    async fn read_database(&self, db: &Db) -> Result<Gens, sqlx::Error> {
        let rows = store::generations(db).await?;
        let mut gens = [0; MAX_SCOPES];
        for (scope, generation) in rows {
            if let Some(i) = self.names.iter().position(|n| *n == scope) {
                gens[i] = generation;
            }
        }
        Ok(gens)
    }

    async fn bump_database(&self, db: &Db, scopes: Bits) -> Result<(), sqlx::Error> {
        for (i, name) in self.names.iter().enumerate() {
            if scopes & (1 << i) != 0 {
                store::bump_scope(db, name).await?;
            }
        }
        Ok(())
    }

    /// The first moment after `now` when a page may change with no write (each module says
    /// when its own may). At most a day ahead, so that a quiet site still renders its pages
    /// daily.
    async fn next_change(&self, db: &Db, now: i64) -> Result<i64, sqlx::Error> {
        let mut at = now + 86_400;
        for next in &self.next_changes {
            if let Some(t) = next(db, now).await? {
                at = at.min(t);
            }
        }
        Ok(at)
    }

    /// The scopes a write request to `path` may change: those of the longest prefix a module
    /// declared (a prefix ends at a slash); a path nobody declared changes everything.
    pub fn written_by(&self, path: &str) -> Bits {
        let starts = |p: &str| path == p || path.strip_prefix(p).is_some_and(|r| r.starts_with('/'));
        self.writes.iter().filter(|(p, _)| starts(p)).max_by_key(|(p, _)| p.len()).map(|(_, bits)| *bits).unwrap_or(self.all())
    }
}

/// What the client accepts, best first.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Br,
    Gzip,
    Identity,
}

fn accepted(headers: &HeaderMap) -> Encoding {
    let Some(v) = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else { return Encoding::Identity };
    let mut br = false;
    let mut gzip = false;
    for part in v.split(',') {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        let refused = it.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
        });
        if refused {
            continue;
        }
        if name.eq_ignore_ascii_case("br") {
            br = true;
        } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            gzip = true;
        }
    }
    if br {
        Encoding::Br
    } else if gzip {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

fn gzip_bytes(body: &[u8]) -> Bytes {
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::new(6));
    if enc.write_all(body).is_err() {
        return Bytes::new();
    }
    enc.finish().map(Bytes::from).unwrap_or_default()
}

fn brotli_bytes(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 4);
    let params = brotli::enc::BrotliEncoderParams { quality: 6, lgwin: 20, ..Default::default() };
    let mut input = body;
    match brotli::BrotliCompress(&mut input, &mut out, &params) {
        Ok(_) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

/// `If-None-Match` names this representation.
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|t| {
        let t = t.trim();
        t == "*" || t.trim_start_matches("W/") == etag
    })
}

fn respond(entry: &Entry, req_headers: &HeaderMap, visitor: &Visitor) -> Response {
    let mut headers = entry.headers.clone();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding, Accept-Language, Cookie"));
    headers.remove(header::CONTENT_LENGTH);
    if entry.fresh || entry.visitor {
        // This copy's own tokens; the compression layer compresses it on the way out.
        let mut res = Response::new(Body::from(visitor.fill(&entry.body, &mut headers)));
        *res.headers_mut() = headers;
        return res;
    }
    let encoding = accepted(req_headers);
    let (body, suffix) = match encoding {
        Encoding::Br => (entry.br.get_or_init(|| brotli_bytes(&entry.body)).clone(), "-br"),
        Encoding::Gzip => (entry.gzip.get_or_init(|| gzip_bytes(&entry.body)).clone(), "-gz"),
        Encoding::Identity => (entry.body.clone(), ""),
    };
    // A failed compression (empty output) falls back to the page itself.
    let (body, encoding, suffix) =
        if body.is_empty() && !entry.body.is_empty() { (entry.body.clone(), Encoding::Identity, "") } else { (body, encoding, suffix) };
    let etag = format!("\"{}{suffix}\"", entry.etag);
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    match encoding {
        Encoding::Br => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        }
        Encoding::Gzip => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        Encoding::Identity => {}
    }
    if not_modified(req_headers, &etag) {
        headers.remove(header::CONTENT_TYPE);
        headers.remove(header::CONTENT_ENCODING);
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().extend(headers);
        return res;
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut res = Response::new(Body::from(body));
    *res.headers_mut() = headers;
    res
}

/// The visitor a response goes to: their id (from their cookie), and the state to sign
/// their CSRF token with. A visitor without the cookie gets a new id on their first page
/// with a form, and the cookie with it.
struct Visitor {
    state: AppState,
    id: Option<String>,
}

impl Visitor {
    fn of(state: &AppState, headers: &HeaderMap) -> Visitor {
        Visitor { state: state.clone(), id: visitor_id(state, headers).map(str::to_string) }
    }

    /// A page's text with its placeholders filled in: a new [`FRESH_TOKEN`], the visitor's
    /// CSRF token (and their cookie when new). Such a copy is nobody else's: `no-store`.
    fn fill(&self, body: &[u8], headers: &mut HeaderMap) -> String {
        let mut text = String::from_utf8_lossy(body).into_owned();
        if text.contains(FRESH_TOKEN) {
            text = text.replace(FRESH_TOKEN, &crate::core::auth::random_token());
        }
        if text.contains(VISITOR_CSRF) {
            let state = &self.state;
            let id = match &self.id {
                Some(id) => id.clone(),
                None => {
                    let id = crate::core::auth::random_token();
                    if let Ok(cookie) = HeaderValue::from_str(&state.cookie(state.cookie_names().visitor, &id, None)) {
                        headers.append(header::SET_COOKIE, cookie);
                    }
                    id
                }
            };
            text = text.replace(VISITOR_CSRF, &state.visitor_csrf(&id));
        }
        headers.remove(header::CONTENT_LENGTH);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        text
    }
}

/// Whether `body` holds `needle`.
fn holds(body: &[u8], needle: &str) -> bool {
    body.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// A response that carries placeholders gets them filled for this visitor, cached or not:
/// [`FreshToken`] pages, and the HTML pages of anonymous visitors with a form
/// ([`VISITOR_CSRF`]).
async fn fill_tokens(res: Response, visitor: &Visitor) -> Response {
    let fresh = res.extensions().get::<FreshToken>().is_some();
    let html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct.starts_with("text/html"));
    if !(fresh || html) || res.headers().contains_key(header::CONTENT_ENCODING) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE * 4).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if !fresh && !holds(&bytes, VISITOR_CSRF) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let text = visitor.fill(&bytes, &mut parts.headers);
    Response::from_parts(parts, Body::from(text))
}

/// A response to a signed-in person (the request carries the session cookie) is `no-store`,
/// so that nothing personal stays in a browser's or a proxy's cache; the files that say
/// `public` (static assets, media) keep their long lifetimes.
fn private(mut res: Response, signed_in: bool) -> Response {
    let public = res.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("public"));
    if signed_in && !public {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The middleware (see the module comment).
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = &state.pages;
    let signed_in = cookie(req.headers(), state.cookie_names().session).is_some();
    let visitor = Visitor::of(&state, req.headers());
    if req.method() != Method::GET {
        let writes = !matches!(*req.method(), Method::HEAD | Method::OPTIONS);
        let scopes = if writes { cache.written_by(req.uri().path()) } else { 0 };
        let res = next.run(req).await;
        if scopes != 0 && (res.status().is_success() || res.status().is_redirection()) {
            cache.changed_bits(&state.db, scopes).await;
        }
        return private(fill_tokens(res, &visitor).await, signed_in);
    }
    let anonymous = !req.headers().contains_key(header::AUTHORIZATION) && !signed_in;
    if !cache.enabled() || !anonymous {
        return private(fill_tokens(next.run(req).await, &visitor).await, signed_in);
    }
    let Some(gens) = cache.generations(&state.db).await else {
        return fill_tokens(next.run(req).await, &visitor).await;
    };
    let locale = request_locale(&state, req.headers());
    let key = format!("{}|{}", locale.code(), req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/"));
    let now = state.now();
    if let Some(entry) = cache.get(&key, &gens, now) {
        return respond(&entry, req.headers(), &visitor);
    }
    let req_headers = req.headers().clone();
    let res = next.run(req).await;
    let Some(Cacheable(shows)) = res.extensions().get::<Cacheable>().copied() else {
        return fill_tokens(res, &visitor).await;
    };
    if res.status() != StatusCode::OK
        || res.headers().contains_key(header::SET_COOKIE)
        || res.headers().contains_key(header::CONTENT_ENCODING)
    {
        return fill_tokens(res, &visitor).await;
    }
    let fresh = res.extensions().get::<FreshToken>().is_some();
    let (parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let visitor_page = holds(&body, VISITOR_CSRF);
    let until = match cache.horizon(&state.db, gens, now).await {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "the page cache could not read the next scheduled change");
            now
        }
    };
    let etag = crate::core::auth::sha256_bytes_hex(&body)[..20].to_string();
    let scopes = cache.bits(shows);
    let entry = Arc::new(Entry {
        scopes,
        gens,
        until,
        headers: parts.headers,
        body,
        etag,
        fresh,
        visitor: visitor_page,
        gzip: OnceLock::new(),
        br: OnceLock::new(),
    });
    if until > now && entry.size() <= cache.max_bytes / 4 {
        cache.put(key, entry.clone(), &gens, now);
    }
    respond(&entry, &req_headers, &visitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEWS: Scope = Scope("news");
    const EVENTS: Scope = Scope("events");

    fn cache() -> PageCache {
        use crate::core::module::Module;
        let modules = Modules::new(vec![
            Module { scopes: &[], writes: &[("/admin/connexion", &[]), ("/langue", &[])], ..Module::new("site") },
            Module { scopes: &[NEWS], writes: &[("/actualites", &[NEWS]), ("/admin/articles", &[NEWS])], ..Module::new("news") },
            Module {
                scopes: &[EVENTS],
                writes: &[("/evenements", &[EVENTS]), ("/api/v1/events", &[EVENTS]), ("/evenements/x", &[EVENTS, SITE])],
                ..Module::new("events")
            },
        ]);
        PageCache::new(DbKind::Sqlite, 1, &modules).unwrap()
    }

    #[test]
    fn writes_are_classified_by_path() {
        let c = cache();
        let (site, news, events) = (c.bits(Shows::Scopes(&[SITE])), c.bits(Shows::Scopes(&[NEWS])), c.bits(Shows::Scopes(&[EVENTS])));
        assert_eq!((site, news, events), (1, 2, 4));
        assert_eq!(c.all(), 7);
        assert_eq!(c.written_by("/admin/connexion"), 0);
        assert_eq!(c.written_by("/langue"), 0);
        assert_eq!(c.written_by("/evenements/atelier-cv"), events);
        assert_eq!(c.written_by("/api/v1/events/x/registrations"), events);
        assert_eq!(c.written_by("/actualites/un-article/commentaires"), news);
        assert_eq!(c.written_by("/admin/articles/3"), news);
        // The longest declared prefix wins.
        assert_eq!(c.written_by("/evenements/x/inscription"), events | site);
        // A prefix must end at a slash: "/evenementsx" is not an events path.
        assert_eq!(c.written_by("/evenementsx"), c.all());
        assert_eq!(c.written_by("/admin/reseau/clubs/2"), c.all());
    }

    #[test]
    fn a_scope_declared_twice_is_refused() {
        use crate::core::module::Module;
        let twice = Modules::new(vec![Module { scopes: &[NEWS], ..Module::new("a") }, Module { scopes: &[NEWS], ..Module::new("b") }]);
        assert!(PageCache::new(DbKind::Sqlite, 1, &twice).is_err());
    }

    #[test]
    fn encodings_follow_the_request() {
        let h = |v: &'static str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            m
        };
        assert_eq!(accepted(&h("gzip, deflate, br")), Encoding::Br);
        assert_eq!(accepted(&h("gzip")), Encoding::Gzip);
        assert_eq!(accepted(&h("br;q=0, gzip;q=0.5")), Encoding::Gzip);
        assert_eq!(accepted(&h("identity")), Encoding::Identity);
        assert_eq!(accepted(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn compressed_forms_decode_to_the_page() {
        use std::io::Read;
        let page = "<p>Égalité des chances</p>".repeat(200);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&gzip_bytes(page.as_bytes())[..]).read_to_string(&mut out).unwrap();
        assert_eq!(out, page);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &brotli_bytes(page.as_bytes())[..], &mut out).unwrap();
        assert_eq!(out, page.as_bytes());
    }

    #[test]
    fn an_etag_matches_exactly_or_weakly() {
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"abc\", W/\"def-gz\""));
        assert!(not_modified(&h, "\"def-gz\""));
        assert!(not_modified(&h, "\"abc\""));
        assert!(!not_modified(&h, "\"abc-br\""));
    }

    #[test]
    fn an_entry_is_valid_only_under_its_scopes_generations_and_before_its_horizon() {
        let mut gens = [1; MAX_SCOPES];
        let e = Entry {
            scopes: 0b011,
            gens,
            until: 100,
            headers: HeaderMap::new(),
            body: Bytes::new(),
            etag: String::new(),
            fresh: false,
            visitor: false,
            gzip: OnceLock::new(),
            br: OnceLock::new(),
        };
        assert!(e.valid(&gens, 99));
        gens[2] = 7;
        assert!(e.valid(&gens, 99), "a change of another scope does not touch the page");
        gens[1] = 2;
        assert!(!e.valid(&gens, 99));
        gens[1] = 1;
        gens[0] = 2;
        assert!(!e.valid(&gens, 99));
        gens[0] = 1;
        assert!(!e.valid(&gens, 100));
    }
}
