//! The web kit: application state, the request context (language, signed-in person, CSRF),
//! cookies, the page layout, extractors with clear errors, and security headers.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::core::auth::{self, Principal};
use crate::core::clock::Clock;
use crate::core::config::Config;
use crate::core::db::Db;
use crate::core::error::AppError;
use crate::core::i18n::{Catalog, Locale, Tr};

/// Everything a handler may need; one `Arc`, so that a clone (each middleware and each request
/// takes one) is a single atomic increment.
#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

impl AppState {
    pub fn new(inner: AppInner) -> AppState {
        AppState(Arc::new(inner))
    }

    /// A copy with some parts changed (tests: another clock, another mail setting).
    pub fn with(&self, change: impl FnOnce(&mut AppInner)) -> AppState {
        let mut inner = (*self.0).clone();
        change(&mut inner);
        AppState::new(inner)
    }
}

impl std::ops::Deref for AppState {
    type Target = AppInner;

    fn deref(&self) -> &AppInner {
        &self.0
    }
}

#[derive(Clone)]
pub struct AppInner {
    pub db: Db,
    pub config: Arc<Config>,
    pub catalog: Arc<Catalog>,
    pub clock: Clock,
    pub secret: Arc<Vec<u8>>,
    pub tz: jiff::tz::TimeZone,
    pub assets: Arc<Assets>,
    /// Rendered public pages (see `core::cache`).
    pub pages: Arc<crate::core::cache::PageCache>,
    /// Anchors of the long lists (posts), validated against versions kept in the database.
    pub anchors: Arc<crate::core::anchors::Anchors>,
    /// The modules of this build (see `core::module`).
    pub modules: Arc<crate::core::module::Modules>,
    /// The state each module keeps while the app runs, read with `AppState::part`.
    pub parts: Arc<Vec<Arc<dyn std::any::Any + Send + Sync>>>,
    /// The job queue's kinds (registered by the modules) and this instance's runner.
    pub jobs: Arc<crate::core::jobs::Jobs>,
}

impl AppInner {
    /// A module's running state (its `Module::state`); `None` if no module made one of `T`.
    pub fn part<T: std::any::Any + Send + Sync>(&self) -> Option<&T> {
        self.parts.iter().find_map(|p| (**p).downcast_ref::<T>())
    }

    pub fn tr(&self, locale: Locale) -> Tr {
        Tr::new(self.catalog.clone(), locale, self.tz.clone())
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn cookie_names(&self) -> CookieNames {
        if self.config.secure_cookies {
            CookieNames { session: "__Host-essaim_session", lang: "__Host-essaim_lang", visitor: "__Host-essaim_visitor" }
        } else {
            CookieNames { session: "essaim_session", lang: "essaim_lang", visitor: "essaim_visitor" }
        }
    }

    /// The CSRF token of an anonymous visitor: the HMAC of their visitor id (see [`VISITOR_CSRF`]).
    pub fn visitor_csrf(&self, visitor: &str) -> String {
        self.sign(&format!("csrf|visitor|{visitor}"))
    }

    /// A `Set-Cookie` value with the right attributes (Secure with `__Host-` when configured).
    pub fn cookie(&self, name: &str, value: &str, max_age: Option<i64>) -> String {
        let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
        if self.config.secure_cookies {
            c.push_str("; Secure");
        }
        if let Some(age) = max_age {
            c.push_str(&format!("; Max-Age={age}"));
        }
        c
    }

    /// HMAC-SHA256 of `data` with the site's secret, base64url.
    pub fn sign(&self, data: &str) -> String {
        auth::hmac_base64(&self.secret, data)
    }

    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.config.public_url, path)
    }
}

pub struct CookieNames {
    pub session: &'static str,
    pub lang: &'static str,
    /// A random id per anonymous visitor, the key of their CSRF token.
    pub visitor: &'static str,
}

/// Static files compiled into the binary, served under names that carry their content hash.
pub struct Assets {
    pub files: Vec<Asset>,
}

pub struct Asset {
    pub logical: &'static str,
    pub url: String,
    pub mime: &'static str,
    pub bytes: &'static [u8],
}

impl Assets {
    pub fn load() -> Assets {
        let raw: [(&'static str, &'static str, &'static [u8]); 9] = [
            ("essaim.css", "text/css; charset=utf-8", include_bytes!("../../static/essaim.css")),
            ("essaim.js", "text/javascript; charset=utf-8", include_bytes!("../../static/essaim.js")),
            ("favicon.svg", "image/svg+xml", include_bytes!("../../static/favicon.svg")),
            // The typefaces a network may choose (scripts/fonts makes them; see network::identity).
            ("open-sans-400.woff2", "font/woff2", include_bytes!("../../assets/fonts/open-sans-400.woff2")),
            ("open-sans-700.woff2", "font/woff2", include_bytes!("../../assets/fonts/open-sans-700.woff2")),
            ("lato-400.woff2", "font/woff2", include_bytes!("../../assets/fonts/lato-400.woff2")),
            ("lato-700.woff2", "font/woff2", include_bytes!("../../assets/fonts/lato-700.woff2")),
            ("league-spartan-700.woff2", "font/woff2", include_bytes!("../../assets/fonts/league-spartan-700.woff2")),
            ("roboto-slab-700.woff2", "font/woff2", include_bytes!("../../assets/fonts/roboto-slab-700.woff2")),
        ];
        let files = raw
            .into_iter()
            .map(|(logical, mime, bytes)| {
                let hash = auth::sha256_bytes_hex(bytes);
                let (stem, ext) = logical.rsplit_once('.').unwrap_or((logical, ""));
                let url = format!("/static/{stem}.{}.{ext}", &hash[..10]);
                Asset { logical, url, mime, bytes }
            })
            .collect();
        Assets { files }
    }

    /// The hashed URL of a logical asset name.
    pub fn url(&self, logical: &str) -> String {
        self.files.iter().find(|a| a.logical == logical).map(|a| a.url.clone()).unwrap_or_default()
    }

    pub fn by_url(&self, url: &str) -> Option<&Asset> {
        self.files.iter().find(|a| a.url == url)
    }
}

/// Read one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A cookie value that may be one of our random tokens (43 base64url characters).
fn token_shaped(t: &&str) -> bool {
    t.len() == 43 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The anonymous visitor's id, from their cookie (`None`: a first visit, or cookies refused).
pub fn visitor_id<'a>(state: &AppState, headers: &'a HeaderMap) -> Option<&'a str> {
    cookie(headers, state.cookie_names().visitor).filter(token_shaped)
}

/// What the pages of anonymous visitors carry in place of their CSRF token: the pages stay
/// the same for everyone (one cached copy), and the page cache's layer writes each visitor's
/// own token into the copy it sends (`core::cache`), setting the visitor cookie when the
/// request had none. Its braces make it an invalid token: a page that escaped the
/// substitution only carries a form that is refused.
pub const VISITOR_CSRF: &str = "{visitor-csrf}";

/// The language of a request: the visitor's choice (cookie), then `Accept-Language`, then French.
pub fn request_locale(state: &AppState, headers: &HeaderMap) -> Locale {
    cookie(headers, state.cookie_names().lang)
        .and_then(Locale::parse)
        .or_else(|| headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::from_accept_language))
        .unwrap_or_default()
}

/// The client's address: the connection's, or, behind a trusted reverse proxy, the last
/// address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(peer: Option<std::net::IpAddr>, headers: &HeaderMap, trusted: &[std::net::IpAddr]) -> Option<std::net::IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    Some(forwarded.into_iter().rev().find(|ip| !trusted.contains(ip)).unwrap_or(peer))
}

/// What every handler knows about the request: language, who is signed in, the CSRF token.
pub struct Ctx {
    pub tr: Tr,
    pub user: Option<Principal>,
    pub session_token: Option<String>,
    /// The CSRF token the pages carry: the session's, or [`VISITOR_CSRF`] for anonymous visitors.
    pub csrf: String,
    /// The token a form must send back: the session's, or the HMAC of the visitor's id
    /// (`None`: an anonymous request without the visitor cookie, whose forms are refused).
    csrf_expected: Option<String>,
    /// The path and query, for "back to where you were" links.
    pub path: String,
    pub ip: String,
    pub now: i64,
}

impl Ctx {
    /// The signed-in staff member, or `Unauthenticated`/`Forbidden`.
    pub fn staff(&self) -> Result<&Principal, AppError> {
        match &self.user {
            None => Err(AppError::Unauthenticated),
            Some(p) if p.is_staff() => Ok(p),
            Some(_) => Err(AppError::Forbidden),
        }
    }

    /// Check a form's CSRF token against this session's, or this visitor's.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        use subtle::ConstantTimeEq;
        match &self.csrf_expected {
            Some(expected) if bool::from(token.as_bytes().ct_eq(expected.as_bytes())) => Ok(()),
            _ => Err(AppError::BadRequest("error-csrf")),
        }
    }
}

impl<S> FromRequestParts<S> for Ctx
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let locale = request_locale(&state, &parts.headers);
        let now = state.now();
        let session_token = cookie(&parts.headers, state.cookie_names().session).filter(token_shaped).map(str::to_string);
        let user = match &session_token {
            Some(t) => auth::principal_for_session(&state.db, t, now).await?,
            None => None,
        };
        let (csrf, csrf_expected) = match &session_token {
            Some(t) => {
                let token = state.sign(&format!("csrf|{t}"));
                (token.clone(), Some(token))
            }
            None => (VISITOR_CSRF.to_string(), visitor_id(&state, &parts.headers).map(|v| state.visitor_csrf(v))),
        };
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        let ip = client_ip(peer, &parts.headers, &state.config.trusted_proxies).map(|ip| ip.to_string()).unwrap_or_default();
        let mut path = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            // A page answering a form (shown again with its errors) has the address of the
            // form's action, which only takes POST: "where you were" is the form's page.
            path = form_page(&parts.headers).unwrap_or(path);
        }
        Ok(Ctx { tr: state.tr(locale), user, session_token, csrf, csrf_expected, path, ip, now })
    }
}

/// The local path and query of the page a form was sent from (its `Referer`), if any.
fn form_page(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let (_, rest) = referer.split_once("://")?;
    let path = rest.find('/').map(|i| &rest[i..])?;
    let path = path.split('#').next().unwrap_or("/");
    let local = local_path(path, "");
    (!local.is_empty()).then_some(local)
}

/// A partner in the "Nos partenaires" strip.
#[derive(Clone, Debug)]
pub struct PartnerLogo {
    pub name: String,
    pub url: String,
    pub logo: Option<String>,
}

/// A club in the site's navigation.
#[derive(Clone, Debug)]
pub struct NavClub {
    pub name: String,
    pub url: String,
}

/// The network's visual identity as every page shows it: filled by the module that keeps it
/// (`network::identity`); empty, the pages show essaim's own look.
#[derive(Clone, Debug, Default)]
pub struct Brand {
    /// The logo: address, width and height (the site's name is its text alternative).
    pub logo: Option<(String, u32, u32)>,
    /// The favicon: address and type, in place of essaim's.
    pub favicon: Option<(String, String)>,
    /// The stylesheet that sets the colours and typefaces (its version in the address).
    pub theme_css: Option<String>,
    /// Typefaces to preload (hashed WOFF2 addresses).
    pub preload_fonts: Vec<String>,
    /// Links to the network's pages on social networks: (name, address).
    pub social: Vec<(String, String)>,
    /// "Faire un don" / "Nous soutenir": its label and address.
    pub donate: Option<(String, String)>,
    pub newsletter: Option<String>,
}

impl Brand {
    pub fn has_links(&self) -> bool {
        !self.social.is_empty() || self.donate.is_some() || self.newsletter.is_some()
    }
}

/// What the base template needs on every page.
pub struct Layout {
    pub tr: Tr,
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub path: String,
    pub site_name: String,
    pub og_image: Option<String>,
    pub og_type: &'static str,
    pub user_name: Option<String>,
    pub is_staff: bool,
    /// Shows the network-wide back-office entries (the import).
    pub is_network_admin: bool,
    /// Reload the page after this many seconds when JavaScript is off (0: never).
    pub refresh: u32,
    pub csrf: String,
    pub partners: Vec<PartnerLogo>,
    pub clubs: Vec<NavClub>,
    pub feed: Option<(String, String)>,
    pub css: String,
    pub js: String,
    pub favicon: String,
    /// The network's identity (logo, colours, typefaces, footer links).
    pub brand: Brand,
    /// A class on `<body>` that themes the page (a club's colour: `club-theme-{id}`).
    pub body_class: String,
    pub admin: bool,
    pub noindex: bool,
    /// The navigation entry to mark as current.
    pub section: &'static str,
    /// The language of the network's content when it is not the page's ("" when it is).
    pub content_lang: &'static str,
    modules: Arc<crate::core::module::Modules>,
}

/// A back-office menu link, as the layout shows it.
pub struct MenuLink {
    pub url: &'static str,
    pub label: String,
    pub current: bool,
}

impl Layout {
    /// A bare layout (no partners strip, no clubs); modules add what their pages show.
    pub fn new(state: &AppState, ctx: &Ctx, title: impl Into<String>) -> Layout {
        let path_only = ctx.path.split('?').next().unwrap_or("/").to_string();
        Layout {
            tr: ctx.tr.clone(),
            title: title.into(),
            description: String::new(),
            canonical: state.absolute(&path_only),
            path: ctx.path.clone(),
            site_name: String::new(),
            og_image: None,
            og_type: "website",
            user_name: ctx.user.as_ref().map(|u| u.name.clone()),
            is_staff: ctx.user.as_ref().is_some_and(|u| u.is_staff()),
            is_network_admin: ctx.user.as_ref().is_some_and(|u| u.is_network_admin()),
            refresh: 0,
            csrf: ctx.csrf.clone(),
            partners: vec![],
            clubs: vec![],
            feed: None,
            css: state.assets.url("essaim.css"),
            js: state.assets.url("essaim.js"),
            favicon: state.assets.url("favicon.svg"),
            brand: Brand::default(),
            body_class: String::new(),
            admin: false,
            noindex: false,
            section: "",
            content_lang: if state.config.content_lang == ctx.tr.locale { "" } else { state.config.content_lang.code() },
            modules: state.modules.clone(),
        }
    }

    /// ` lang="fr"` for an element holding the network's content on a page in another
    /// language (so that screen readers read it with the right voice), else nothing.
    pub fn content_lang_attr(&self) -> &'static str {
        match self.content_lang {
            "fr" => " lang=\"fr\"",
            "en" => " lang=\"en\"",
            _ => "",
        }
    }

    /// A back-office page of the core's own (dashboard, jobs, journal): the site's name and
    /// identity from the module that keeps them (`Module::chrome`).
    pub async fn core_admin(state: &AppState, ctx: &Ctx, title: impl Into<String>, section: &'static str) -> Result<Layout, sqlx::Error> {
        let mut l = Layout::new(state, ctx, title);
        if let Some(chrome) = state.modules.chrome() {
            (l.site_name, l.brand) = chrome(state, &ctx.tr).await?;
        }
        l.admin = true;
        l.noindex = true;
        l.section = section;
        Ok(l)
    }

    /// The back-office menu the modules declare, for this person.
    pub fn admin_menu(&self) -> Vec<MenuLink> {
        self.modules
            .admin_menu(self.is_network_admin)
            .into_iter()
            .map(|e| MenuLink { url: e.path, label: self.tr.t(e.label), current: e.section == self.section })
            .collect()
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn lang(&self) -> &'static str {
        self.tr.lang()
    }

    /// The language the switcher offers.
    pub fn other_lang(&self) -> &'static str {
        match self.tr.locale {
            Locale::Fr => "en",
            Locale::En => "fr",
        }
    }

    /// A phone number as a `tel:` link target.
    pub fn tel(&self, phone: &str) -> String {
        phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
    }

    pub fn page_title(&self) -> String {
        if self.title.is_empty() || self.title == self.site_name {
            self.site_name.clone()
        } else if self.site_name.is_empty() {
            self.title.clone()
        } else {
            format!("{} – {}", self.title, self.site_name)
        }
    }
}

/// `target` if it is a path on this site (one leading slash, no scheme, no host, no control
/// character that a browser would strip before parsing); `fallback` otherwise. Never an open
/// redirect.
pub fn local_path(target: &str, fallback: &str) -> String {
    let bytes = target.as_bytes();
    let ok = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/') | Some(b'\\'))
        && !target.contains('\\')
        && !target.chars().any(|c| c.is_control());
    if ok { target.to_string() } else { fallback.to_string() }
}

/// Render an askama template as an HTML response.
pub fn html<T: askama::Template>(page: &T) -> Result<Response, AppError> {
    let body = page.render()?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], body).into_response())
}

/// Like `html`, with a status (422 for a form shown again with its errors).
pub fn html_status<T: askama::Template>(status: axum::http::StatusCode, page: &T) -> Result<Response, AppError> {
    let mut r = html(page)?;
    *r.status_mut() = status;
    Ok(r)
}

/// A 303 redirect after a successful form.
pub fn see_other(location: &str) -> Response {
    (axum::http::StatusCode::SEE_OTHER, [(header::LOCATION, location.to_string())]).into_response()
}

/// `Form` whose rejection is a clear, translated 400 instead of axum's plain text.
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest("error-bad-form"));
        }
        let bytes = match axum::body::Bytes::from_request(req, state).await {
            Ok(b) => b,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return Err(AppError::PayloadTooLarge),
            Err(_) => return Err(AppError::BadRequest("error-bad-form")),
        };
        // No text field may carry a NUL character (no database stores it).
        if bytes.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00")) || bytes.contains(&0) {
            return Err(AppError::BadRequest("error-bad-form"));
        }
        serde_urlencoded::from_bytes(&bytes).map(Form).map_err(|_| AppError::BadRequest("error-bad-form"))
    }
}

/// `Query` whose rejection is a clear, translated 400.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(q).map(Query).map_err(|_| AppError::BadRequest("error-bad-query"))
    }
}

/// `Json` whose rejection says what is wrong, as JSON.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => Err(AppError::PayloadTooLarge),
            Err(e) => Err(AppError::BadJson(e.body_text())),
        }
    }
}

/// Refuse state changes from other sites (Origin and Fetch Metadata), except bearer-token API calls.
pub async fn same_origin_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let h = req.headers();
    // A bearer token is no ambient credential, but a session cookie is: a request that carries
    // the cookie is checked whatever else it carries.
    let session = state.cookie_names().session;
    let has_session = h
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim().split_once('=').is_some_and(|(name, _)| name == session));
    if unsafe_method && (has_session || !h.contains_key(header::AUTHORIZATION)) {
        let cross_site = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site");
        let host = h.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        let origin = h.get(header::ORIGIN).map(|v| v.to_str().unwrap_or("null"));
        // `Origin: null` comes from sandboxed frames, data: pages and some redirects: never
        // from this site's own forms.
        let foreign_origin = origin.is_some_and(|o| o == "null" || o.split_once("://").map(|(_, rest)| rest) != Some(host));
        if cross_site || foreign_origin {
            return AppError::Forbidden.into_response();
        }
    }
    next.run(req).await
}

/// Refuse addresses that carry a NUL character: no page has one, and no database stores it.
pub async fn reject_nul(req: Request, next: Next) -> Response {
    let has_nul = req.uri().path_and_query().is_some_and(|pq| pq.as_str().to_ascii_lowercase().contains("%00"));
    if has_nul {
        return AppError::BadRequest("error-bad-query").into_response();
    }
    next.run(req).await
}

/// Security headers on every response.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let secure = req.extensions().get::<SecureFlag>().is_some();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; \
             frame-src https://www.youtube-nocookie.com https://player.vimeo.com https://www.dailymotion.com",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"));
    if secure {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

/// Request ids: a random prefix per process and a counter (no system call per request, as a
/// random UUID would need), unique across instances.
#[derive(Clone)]
pub struct RequestIds {
    prefix: Arc<str>,
    next: Arc<std::sync::atomic::AtomicU64>,
}

impl RequestIds {
    pub fn new() -> RequestIds {
        RequestIds { prefix: auth::random_token()[..12].into(), next: Arc::new(std::sync::atomic::AtomicU64::new(1)) }
    }
}

impl Default for RequestIds {
    fn default() -> Self {
        Self::new()
    }
}

impl tower_http::request_id::MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<tower_http::request_id::RequestId> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n:x}", self.prefix)).ok().map(tower_http::request_id::RequestId::new)
    }
}

/// Marks requests of a site configured for HTTPS (adds HSTS).
#[derive(Clone, Copy)]
pub struct SecureFlag;

/// Field errors of a form, looked up by templates (`errors.get("title")`).
#[derive(Default, Clone, Debug)]
pub struct FormErrors(pub Vec<crate::core::error::FieldError>);

impl FormErrors {
    pub fn add(&mut self, field: &str, message: &str) {
        self.0.push(crate::core::error::FieldError { field: field.to_string(), message: message.to_string() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// The message key for `field`, or "" when it has none.
    pub fn get(&self, field: &str) -> &str {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str()).unwrap_or("")
    }

    /// The lines of the error summary (`templates/forms/error_summary.html`): each field's name
    /// and its message in words.
    pub fn lines(&self, tr: &Tr) -> Vec<(String, String)> {
        self.0.iter().map(|e| (e.field.clone(), tr.t(&e.message))).collect()
    }

    /// The same lines, each message after the field's label ("Titre : Ce champ est obligatoire.").
    pub fn labelled_lines(&self, tr: &Tr, label: impl Fn(&str) -> String) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|e| {
                let text = tr.args("forms-error-question", &[("question", &label(&e.field)), ("error", &tr.t(&e.message))]);
                (e.field.clone(), text)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_address_is_believed_only_from_trusted_proxies() {
        let proxy: std::net::IpAddr = "10.0.0.1".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9, 198.51.100.7"));
        // Not behind a trusted proxy: the header is ignored (anyone can send it).
        assert_eq!(client_ip(Some(proxy), &h, &[]), Some(proxy));
        // Behind it: the last address the proxy saw.
        assert_eq!(client_ip(Some(proxy), &h, &[proxy]).unwrap().to_string(), "198.51.100.7");
        assert_eq!(client_ip(Some(proxy), &HeaderMap::new(), &[proxy]), Some(proxy));
    }

    #[test]
    fn a_form_page_is_read_from_the_referer() {
        let mut h = HeaderMap::new();
        assert_eq!(form_page(&h), None);
        h.insert(header::REFERER, HeaderValue::from_static("https://reseau.example/actualites/forum?x=1#comment-form"));
        assert_eq!(form_page(&h).as_deref(), Some("/actualites/forum?x=1"));
        h.insert(header::REFERER, HeaderValue::from_static("https://reseau.example"));
        assert_eq!(form_page(&h), None);
        h.insert(header::REFERER, HeaderValue::from_static("https://reseau.example//evil.example/"));
        assert_eq!(form_page(&h), None);
    }

    #[test]
    fn only_paths_of_this_site() {
        assert_eq!(local_path("/clubs?x=1", "/"), "/clubs?x=1");
        for bad in ["//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example", "", "/a\rb"] {
            assert_eq!(local_path(bad, "/"), "/", "{bad:?}");
        }
    }
}
