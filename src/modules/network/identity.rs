//! The network's visual identity: its logo and favicon, two colours checked for contrast, its
//! typefaces (shipped in the binary), its social links, donation and newsletter addresses.
//! Kept as one JSON setting (`identity`); the stylesheet `/theme.css?v=…` is made from it and
//! from the clubs' colours, and `theme_version` (a hash of both) names that stylesheet, so a
//! change gives every page a new address to load and the old one can be cached for ever.

use crate::core::db::{self, Db};
use crate::core::error::FieldError;
use crate::core::values::WebUrl;
use crate::core::web::{Assets, Brand};

/// A colour as `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

pub const WHITE: Colour = Colour(255, 255, 255);
/// The light grey of cards and panels (`--soft` in static/essaim.css): text and links sit on it too.
pub const SOFT: Colour = Colour(0xf3, 0xf5, 0xf8);
/// The text colour (`--ink`).
pub const INK: Colour = Colour(0x1b, 0x1f, 0x24);
/// WCAG 2.1 AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

impl Colour {
    /// `#rgb` or `#rrggbb`, any case, the `#` optional.
    pub fn parse(s: &str) -> Option<Colour> {
        let hex = s.trim().trim_start_matches('#');
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, len: usize| u8::from_str_radix(hex.get(i..i + len)?, 16).ok();
        match hex.len() {
            3 => Some(Colour(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Colour(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2.1).
    pub fn luminance(&self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// `self` mixed with `other`, `t` of the way towards it.
    pub fn mix(&self, other: Colour, t: f64) -> Colour {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round().clamp(0.0, 255.0) as u8;
        Colour(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// The contrast ratio of two colours (1 to 21).
pub fn contrast(a: Colour, b: Colour) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Why a colour was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ColourError {
    /// Not `#rrggbb`.
    Format,
    /// Too light on white (`ratio`, rounded down to a tenth, so never shown as 4.5 when it fails).
    OnWhite(f64),
    /// Passes on white but not on the light grey of cards.
    OnSoft(f64),
}

impl ColourError {
    /// The message, in the person's language, with the ratio that failed.
    pub fn message(&self, tr: &crate::core::i18n::Tr) -> String {
        let ratio = |r: f64| {
            let s = format!("{:.1}", (r * 10.0).floor() / 10.0);
            if tr.lang() == "fr" { s.replace('.', ",") } else { s }
        };
        match self {
            ColourError::Format => tr.t("identity-error-colour"),
            ColourError::OnWhite(r) => tr.a("identity-error-contrast-white", "ratio", &ratio(*r)),
            ColourError::OnSoft(r) => tr.a("identity-error-contrast-soft", "ratio", &ratio(*r)),
        }
    }
}

/// The one check of a colour that carries text or white text on it (the network's primary and
/// accent colours, a club's colour): AA contrast with white (white text on it; it as text on
/// white) and with the light grey of panels (links on cards). Empty means "the default".
pub fn check_colour(s: &str) -> Result<Option<Colour>, ColourError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    let c = Colour::parse(s).ok_or(ColourError::Format)?;
    let on_white = contrast(c, WHITE);
    if on_white < MIN_CONTRAST {
        return Err(ColourError::OnWhite(on_white));
    }
    let on_soft = contrast(c, SOFT);
    if on_soft < MIN_CONTRAST {
        return Err(ColourError::OnSoft(on_soft));
    }
    Ok(Some(c))
}

/// A typeface essaim ships: its key (stored), its name, the CSS stack, its files (asset name, weight).
pub struct Typeface {
    pub key: &'static str,
    pub name: &'static str,
    pub stack: &'static str,
    pub files: &'static [(&'static str, u16)],
}

const SYSTEM_STACK: &str = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";

/// The typefaces for text; "system" uses the visitor's own.
pub const TEXT_FACES: &[Typeface] = &[
    Typeface { key: "system", name: "", stack: SYSTEM_STACK, files: &[] },
    Typeface {
        key: "open-sans",
        name: "Open Sans",
        stack: "\"Open Sans\", system-ui, sans-serif",
        files: &[("open-sans-400.woff2", 400), ("open-sans-700.woff2", 700)],
    },
    Typeface {
        key: "lato",
        name: "Lato",
        stack: "\"Lato\", system-ui, sans-serif",
        files: &[("lato-400.woff2", 400), ("lato-700.woff2", 700)],
    },
];

/// The typefaces for titles; "text" uses the text's.
pub const TITLE_FACES: &[Typeface] = &[
    Typeface { key: "text", name: "", stack: "var(--font-text)", files: &[] },
    Typeface {
        key: "league-spartan",
        name: "League Spartan",
        stack: "\"League Spartan\", system-ui, sans-serif",
        files: &[("league-spartan-700.woff2", 700)],
    },
    Typeface {
        key: "roboto-slab",
        name: "Roboto Slab",
        stack: "\"Roboto Slab\", Georgia, serif",
        files: &[("roboto-slab-700.woff2", 700)],
    },
];

fn face<'a>(faces: &'a [Typeface], key: &str) -> &'a Typeface {
    faces.iter().find(|f| f.key == key).unwrap_or(&faces[0])
}

/// The social networks a network may link to: (key, name shown).
pub const SOCIAL: &[(&str, &str)] = &[
    ("mastodon", "Mastodon"),
    ("bluesky", "Bluesky"),
    ("linkedin", "LinkedIn"),
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("youtube", "YouTube"),
];

/// The label of the donation link: "Faire un don" or "Nous soutenir".
pub const DONATE_LABELS: [&str; 2] = ["donate", "support"];

/// A picture of the identity (logo, favicon), kept in the media library.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Picture {
    pub key: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
}

impl Picture {
    pub fn url(&self) -> String {
        format!("/media/{}", self.key)
    }
}

/// The identity as stored (the `identity` setting); every field optional, defaults are essaim's.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Identity {
    pub primary: String,
    pub accent: String,
    pub text_font: String,
    pub title_font: String,
    pub logo: Option<Picture>,
    pub favicon: Option<Picture>,
    /// (network key, address), in the order of [`SOCIAL`].
    pub social: Vec<(String, String)>,
    pub donate_url: String,
    /// One of [`DONATE_LABELS`].
    pub donate_label: String,
    pub newsletter_url: String,
}

/// What is wrong with an identity form: the fields' message keys, and the colours refused
/// (field, why), whose messages carry a ratio.
pub type IdentityErrors = (Vec<FieldError>, Vec<(&'static str, ColourError)>);

/// The identity's form, as typed (the pictures travel apart, as files).
#[derive(Clone, Debug, Default)]
pub struct IdentityDraft {
    pub site_name: String,
    pub primary: String,
    pub accent: String,
    pub text_font: String,
    pub title_font: String,
    pub social: Vec<(String, String)>,
    pub donate_url: String,
    pub donate_label: String,
    pub newsletter_url: String,
    pub remove_logo: bool,
    pub remove_favicon: bool,
}

impl IdentityDraft {
    pub fn of(site_name: &str, i: &Identity) -> IdentityDraft {
        IdentityDraft {
            site_name: site_name.to_string(),
            primary: i.primary.clone(),
            accent: i.accent.clone(),
            text_font: if i.text_font.is_empty() { "system".into() } else { i.text_font.clone() },
            title_font: if i.title_font.is_empty() { "text".into() } else { i.title_font.clone() },
            social: SOCIAL
                .iter()
                .map(|(k, _)| (k.to_string(), i.social.iter().find(|(s, _)| s == k).map(|(_, u)| u.clone()).unwrap_or_default()))
                .collect(),
            donate_url: i.donate_url.clone(),
            donate_label: if i.donate_label.is_empty() { "donate".into() } else { i.donate_label.clone() },
            newsletter_url: i.newsletter_url.clone(),
            remove_logo: false,
            remove_favicon: false,
        }
    }

    pub fn social_url(&self, key: &str) -> &str {
        self.social.iter().find(|(k, _)| k == key).map(|(_, u)| u.as_str()).unwrap_or("")
    }

    /// Check the draft against the identity it changes (its pictures kept unless removed).
    /// Colour errors carry their ratio: (field, error) apart from the other field errors.
    pub fn check(&self, current: &Identity) -> Result<Identity, IdentityErrors> {
        let mut errors = vec![];
        let mut colours = vec![];
        let name = self.site_name.trim();
        if name.is_empty() {
            errors.push(FieldError { field: "site_name".into(), message: "field-required".into() });
        } else if name.chars().count() > 120 {
            errors.push(FieldError { field: "site_name".into(), message: "identity-error-name-long".into() });
        }
        let mut colour = |field: &'static str, v: &str| match check_colour(v) {
            Ok(c) => c.map(|c| c.hex()).unwrap_or_default(),
            Err(e) => {
                colours.push((field, e));
                String::new()
            }
        };
        let primary = colour("primary", &self.primary);
        let accent = colour("accent", &self.accent);
        let mut url = |field: &str, v: &str| match WebUrl::parse_optional(v) {
            Ok(u) => u.map(WebUrl::into_string).unwrap_or_default(),
            Err(m) => {
                errors.push(FieldError { field: field.into(), message: m.into() });
                String::new()
            }
        };
        let social = SOCIAL
            .iter()
            .filter_map(|(k, _)| {
                let u = url(&format!("social_{k}"), self.social_url(k));
                (!u.is_empty()).then(|| (k.to_string(), u))
            })
            .collect();
        let donate_url = url("donate_url", &self.donate_url);
        let newsletter_url = url("newsletter_url", &self.newsletter_url);
        if !TEXT_FACES.iter().any(|f| f.key == self.text_font) {
            errors.push(FieldError { field: "text_font".into(), message: "identity-error-choice".into() });
        }
        if !TITLE_FACES.iter().any(|f| f.key == self.title_font) {
            errors.push(FieldError { field: "title_font".into(), message: "identity-error-choice".into() });
        }
        if !DONATE_LABELS.contains(&self.donate_label.as_str()) {
            errors.push(FieldError { field: "donate_label".into(), message: "identity-error-choice".into() });
        }
        if !errors.is_empty() || !colours.is_empty() {
            return Err((errors, colours));
        }
        Ok(Identity {
            primary,
            accent,
            text_font: self.text_font.clone(),
            title_font: self.title_font.clone(),
            logo: if self.remove_logo { None } else { current.logo.clone() },
            favicon: if self.remove_favicon { None } else { current.favicon.clone() },
            social,
            donate_url,
            donate_label: self.donate_label.clone(),
            newsletter_url,
        })
    }
}

/// The stored identity (the default one if none or unreadable).
pub async fn load(db: &Db) -> Result<Identity, sqlx::Error> {
    Ok(db::get_setting(db, "identity").await?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

/// Store the identity and the stylesheet's new version.
pub async fn save(db: &Db, identity: &Identity) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(identity).map_err(|e| sqlx::Error::Encode(e.into()))?;
    db::set_setting(db, "identity", &json).await?;
    bump_version(db).await
}

/// Recompute `theme_version` from the identity and the clubs' colours (call after either changed).
pub async fn bump_version(db: &Db) -> Result<(), sqlx::Error> {
    let identity = db::get_setting(db, "identity").await?.unwrap_or_default();
    let clubs = super::store::club_accents(db).await?;
    let mut source = identity;
    for (id, accent) in clubs {
        source.push_str(&format!("|{id}:{accent}"));
    }
    let version = &crate::core::auth::sha256_hex(&source)[..12];
    db::set_setting(db, "theme_version", version).await
}

/// The stylesheet's address for a stored `theme_version`: the release is part of it, since
/// the stylesheet's shape (`theme_css`) changes with the code, and a new release must not be
/// served the year-long copy an earlier one left in browsers.
pub fn theme_version(stored: &str) -> String {
    format!("{stored}-{}", env!("CARGO_PKG_VERSION"))
}

/// The site's name and the identity as the layout shows it, read in one query.
pub async fn layout_parts(db: &Db, assets: &Assets, tr: &crate::core::i18n::Tr) -> Result<(String, Brand), sqlx::Error> {
    let settings = db::get_settings(db, &["site_name", "identity", "theme_version"]).await?;
    let get = |k: &str| settings.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let name = get("site_name").unwrap_or("essaim").to_string();
    let identity: Identity = get("identity").and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default();
    let mut brand = Brand {
        logo: identity.logo.as_ref().map(|p| (p.url(), p.width, p.height)),
        favicon: identity.favicon.as_ref().map(|p| (p.url(), p.mime.clone())),
        theme_css: get("theme_version").map(|v| format!("/theme.css?v={}", theme_version(v))),
        preload_fonts: vec![],
        social: identity
            .social
            .iter()
            .filter_map(|(k, u)| SOCIAL.iter().find(|(s, _)| s == k).map(|(_, name)| (name.to_string(), u.clone())))
            .collect(),
        donate: (!identity.donate_url.is_empty())
            .then(|| (tr.t(&format!("identity-donate-{}", identity.donate_label_or_default())), identity.donate_url.clone())),
        newsletter: (!identity.newsletter_url.is_empty()).then(|| identity.newsletter_url.clone()),
    };
    if brand.theme_css.is_some() {
        // Preload the regular text face and the title face: the first paint needs both.
        let text = face(TEXT_FACES, &identity.text_font);
        let title = face(TITLE_FACES, &identity.title_font);
        brand.preload_fonts = text.files.iter().take(1).chain(title.files.iter().take(1)).map(|(f, _)| assets.url(f)).collect();
    }
    Ok((name, brand))
}

impl Identity {
    fn donate_label_or_default(&self) -> &str {
        if DONATE_LABELS.contains(&self.donate_label.as_str()) { &self.donate_label } else { "donate" }
    }
}

/// The stylesheet: the typefaces' `@font-face`, the colours as the custom properties of
/// static/essaim.css, and each club's colour under `.club-theme-{id}`.
pub fn theme_css(identity: &Identity, clubs: &[(i64, String)], assets: &Assets) -> String {
    let mut css = String::from("/* essaim: the network's identity, made from its settings (/admin/reseau/identite). */\n");
    let text = face(TEXT_FACES, &identity.text_font);
    let title = face(TITLE_FACES, &identity.title_font);
    for f in [text, title] {
        for (file, weight) in f.files {
            css.push_str(&format!(
                "@font-face {{ font-family: \"{}\"; src: url({}) format(\"woff2\"); font-weight: {weight}; font-style: normal; font-display: swap; }}\n",
                f.name,
                assets.url(file)
            ));
        }
    }
    css.push_str(":root {");
    css.push_str(&format!(" --font-text: {};", text.stack));
    css.push_str(&format!(" --font-title: {};", title.stack));
    if let Some(p) = Colour::parse(&identity.primary) {
        let dark = p.mix(Colour(0, 0, 0), 0.3);
        css.push_str(&format!(" --brand: {}; --brand-dark: {}; --brand-soft: {};", p.hex(), dark.hex(), soft_of(p, dark).hex()));
    }
    if let Some(a) = Colour::parse(&identity.accent) {
        css.push_str(&format!(" --accent: {};", a.hex()));
    }
    css.push_str(" }\n");
    for (id, accent) in clubs {
        if let Some(a) = Colour::parse(accent) {
            css.push_str(&format!(".club-theme-{id} {{ --club-accent: {}; --accent: {}; }}\n", a.hex(), a.hex()));
        }
    }
    css
}

/// A pale tint of the primary colour for panels: light enough that the text and the dark
/// primary keep AA contrast on it.
fn soft_of(primary: Colour, dark: Colour) -> Colour {
    let mut t: f64 = 0.9;
    loop {
        let soft = primary.mix(WHITE, t);
        if t >= 1.0 || (contrast(INK, soft) >= 7.0 && contrast(dark, soft) >= MIN_CONTRAST && contrast(primary, soft) >= MIN_CONTRAST) {
            return soft;
        }
        t = (t + 0.02).min(1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_and_contrast_as_wcag_says() {
        assert_eq!(Colour::parse("#1D4E89"), Some(Colour(0x1d, 0x4e, 0x89)));
        assert_eq!(Colour::parse("fff"), Some(WHITE));
        assert_eq!(Colour::parse("#12345"), None);
        assert_eq!(Colour::parse("#gggggg"), None);
        assert!((contrast(Colour(0, 0, 0), WHITE) - 21.0).abs() < 1e-9);
        // #777777 on white is 4.48:1, a classic near miss.
        let grey = contrast(Colour::parse("#777").unwrap(), WHITE);
        assert!((4.47..4.49).contains(&grey), "{grey}");
    }

    #[test]
    fn a_colour_is_refused_with_its_ratio_when_it_fails_aa() {
        assert_eq!(check_colour(""), Ok(None));
        assert_eq!(check_colour("blue"), Err(ColourError::Format));
        match check_colour("#f0a020") {
            Err(ColourError::OnWhite(r)) => assert!((2.0..2.3).contains(&r), "{r}"),
            other => panic!("{other:?}"),
        }
        // Passes on white (4.6:1) but not on the light grey of panels.
        assert!(matches!(check_colour("#737373"), Err(ColourError::OnSoft(_))), "{:?}", check_colour("#737373"));
        assert_eq!(check_colour("#1d4e89"), Ok(Some(Colour(0x1d, 0x4e, 0x89))));
    }

    #[test]
    fn the_theme_sets_the_custom_properties_and_the_chosen_faces() {
        let assets = Assets::load();
        let i = Identity {
            primary: "#0b6e4f".into(),
            accent: "#8a3b12".into(),
            text_font: "lato".into(),
            title_font: "league-spartan".into(),
            ..Default::default()
        };
        let css = theme_css(&i, &[(3, "#6b2d8c".into()), (4, String::new())], &assets);
        assert!(css.contains("--brand: #0b6e4f;"), "{css}");
        assert!(css.contains("--accent: #8a3b12;"));
        assert!(css.contains("font-family: \"Lato\""));
        assert!(css.contains(&assets.url("league-spartan-700.woff2")));
        assert!(!css.contains("open-sans"));
        assert!(css.contains(".club-theme-3 { --club-accent: #6b2d8c;"));
        assert!(!css.contains(".club-theme-4"));
        let dark = Colour::parse("#0b6e4f").unwrap().mix(Colour(0, 0, 0), 0.3);
        let soft = soft_of(Colour::parse("#0b6e4f").unwrap(), dark);
        assert!(contrast(dark, soft) >= MIN_CONTRAST && contrast(INK, soft) >= 7.0);
    }
}
