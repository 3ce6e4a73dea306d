//! The home page's blocks: their kinds, their settings, and the one parser of the back
//! office's form.

use serde::{Deserialize, Serialize};

use crate::core::error::FieldError;
use crate::core::values::WebUrl;

/// What a block shows. One block of each kind; the home shows them in the staff's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A title, a text, a picture from the media library and a call to action.
    Hero,
    /// Up to six figures typed by hand (a number and what it counts).
    Figures,
    /// The latest posts, or the pinned (featured) ones first.
    News,
    /// The next events with the places left.
    Events,
    /// The clubs, grouped by region.
    Clubs,
    /// The partners' logos.
    Partners,
    /// A band asking for support or a newsletter sign-up: a text and a link.
    Support,
}

impl Kind {
    /// Every kind, in the order of a home nobody has composed yet.
    pub const ALL: [Kind; 7] = [Kind::Hero, Kind::Figures, Kind::News, Kind::Events, Kind::Clubs, Kind::Partners, Kind::Support];

    /// The block's name in addresses and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hero => "hero",
            Kind::Figures => "figures",
            Kind::News => "news",
            Kind::Events => "events",
            Kind::Clubs => "clubs",
            Kind::Partners => "partners",
            Kind::Support => "support",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The message key of its name in the back office.
    pub fn label_key(self) -> String {
        format!("home-block-{}", self.as_str())
    }
}

/// Most figures a home shows.
pub const MAX_FIGURES: usize = 6;
/// Most posts or events a block shows.
pub const MAX_ITEMS: i64 = 12;
/// The longest title, label or link text.
pub const MAX_SHORT: usize = 120;
/// The longest text.
pub const MAX_TEXT: usize = 600;

/// A key figure: "1 200" "jeunes accompagnés".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub value: i64,
    pub label: String,
}

/// A block's settings, stored as JSON; each kind reads the fields it uses, and a field
/// missing from the JSON takes its default (so `{}` is a block with its defaults).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Hero and support band: the heading (the hero's is the page's `h1`).
    pub title: String,
    /// Hero and support band: the text under the heading.
    pub text: String,
    /// Hero: the picture, from the media library.
    pub media_id: Option<i64>,
    /// Hero and support band: the link's words and address (a path on the site or an
    /// http(s) address).
    pub link_label: String,
    pub link_url: String,
    /// Key figures.
    pub figures: Vec<Figure>,
    /// News and events: how many; 0 means the default.
    pub count: i64,
    /// News: pinned (featured) posts first instead of only the latest.
    pub pinned: bool,
}

impl Settings {
    /// How many posts or events to show.
    pub fn count_or(&self, default: i64) -> i64 {
        if self.count > 0 { self.count.min(MAX_ITEMS) } else { default }
    }
}

/// A block as stored: its kind, place, visibility and settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    pub visible: bool,
    pub settings: Settings,
}

/// The blocks in the order the home shows them: the stored ones by position, then every kind
/// not stored yet in the default order, visible with its defaults.
pub fn compose(stored: Vec<(String, bool, String)>) -> Vec<Block> {
    let mut blocks: Vec<Block> = stored
        .into_iter()
        .filter_map(|(kind, visible, json)| {
            let kind = Kind::parse(&kind)?;
            Some(Block { kind, visible, settings: serde_json::from_str(&json).unwrap_or_default() })
        })
        .collect();
    for kind in Kind::ALL {
        if !blocks.iter().any(|b| b.kind == kind) {
            blocks.push(Block { kind, visible: true, settings: Settings::default() });
        }
    }
    blocks
}

/// A move of a block in the list, or a change of its visibility.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Up,
    Down,
    Show,
    Hide,
}

impl Change {
    pub fn parse(s: &str) -> Option<Change> {
        match s {
            "up" => Some(Change::Up),
            "down" => Some(Change::Down),
            "show" => Some(Change::Show),
            "hide" => Some(Change::Hide),
            _ => None,
        }
    }
}

/// Apply `change` to `kind` in `blocks`; false when it changes nothing (the first block
/// cannot go up).
pub fn apply(blocks: &mut [Block], kind: Kind, change: Change) -> bool {
    let Some(i) = blocks.iter().position(|b| b.kind == kind) else { return false };
    match change {
        Change::Up if i > 0 => blocks.swap(i, i - 1),
        Change::Down if i + 1 < blocks.len() => blocks.swap(i, i + 1),
        Change::Show if !blocks[i].visible => blocks[i].visible = true,
        Change::Hide if blocks[i].visible => blocks[i].visible = false,
        _ => return false,
    }
    true
}

/// What the block's form sent, as typed (kept to show the form again with its errors).
#[derive(Clone, Debug, Default)]
pub struct Draft {
    pub title: String,
    pub text: String,
    pub media_id: String,
    pub link_label: String,
    pub link_url: String,
    /// (number, label) as typed, `MAX_FIGURES` rows.
    pub figures: Vec<(String, String)>,
    pub count: String,
    pub pinned: bool,
}

impl Draft {
    /// The form's fields (`figure-value-N`, `figure-label-N` for the figures, from 1).
    pub fn from_fields(fields: &[(String, String)]) -> Draft {
        let mut d = Draft { figures: vec![(String::new(), String::new()); MAX_FIGURES], ..Draft::default() };
        for (name, value) in fields {
            match name.as_str() {
                "title" => d.title = value.clone(),
                "text" => d.text = value.clone(),
                "media_id" => d.media_id = value.clone(),
                "link_label" => d.link_label = value.clone(),
                "link_url" => d.link_url = value.clone(),
                "count" => d.count = value.clone(),
                "pinned" => d.pinned = value == "1",
                other => {
                    let row = |prefix: &str| {
                        other.strip_prefix(prefix).and_then(|n| n.parse::<usize>().ok()).filter(|n| (1..=MAX_FIGURES).contains(n))
                    };
                    if let Some(n) = row("figure-value-") {
                        d.figures[n - 1].0 = value.clone();
                    } else if let Some(n) = row("figure-label-") {
                        d.figures[n - 1].1 = value.clone();
                    }
                }
            }
        }
        d
    }

    /// The form of stored settings.
    pub fn of(s: &Settings) -> Draft {
        let mut figures: Vec<(String, String)> = s.figures.iter().map(|f| (f.value.to_string(), f.label.clone())).collect();
        figures.resize(MAX_FIGURES, (String::new(), String::new()));
        Draft {
            title: s.title.clone(),
            text: s.text.clone(),
            media_id: s.media_id.map(|i| i.to_string()).unwrap_or_default(),
            link_label: s.link_label.clone(),
            link_url: s.link_url.clone(),
            figures,
            count: if s.count > 0 { s.count.to_string() } else { String::new() },
            pinned: s.pinned,
        }
    }

    /// The settings of a block of `kind`, or the errors to show next to each field. Only the
    /// fields the kind uses are read; `media_ok` says whether a picture id is one of the
    /// library's pictures.
    pub fn check(&self, kind: Kind, media_ok: impl Fn(i64) -> bool) -> Result<Settings, Vec<FieldError>> {
        let mut errors = vec![];
        let mut err = |field: &str, message: &str| errors.push(FieldError { field: field.into(), message: message.into() });
        let mut s = Settings::default();
        if matches!(kind, Kind::Hero | Kind::Support) {
            s.title = self.title.trim().to_string();
            s.text = self.text.trim().to_string();
            s.link_label = self.link_label.trim().to_string();
            s.link_url = self.link_url.trim().to_string();
            if s.title.chars().count() > MAX_SHORT {
                err("title", "home-error-too-long");
            }
            if s.text.chars().count() > MAX_TEXT {
                err("text", "home-error-text-too-long");
            }
            if s.link_label.chars().count() > MAX_SHORT {
                err("link_label", "home-error-too-long");
            }
            if !s.link_url.is_empty() && !is_link(&s.link_url) {
                err("link_url", "home-error-link");
            }
            if s.link_url.is_empty() != s.link_label.is_empty() {
                let field = if s.link_url.is_empty() { "link_url" } else { "link_label" };
                err(field, "home-error-link-pair");
            }
            if kind == Kind::Support && s.text.is_empty() && s.title.is_empty() {
                err("text", "home-error-support-empty");
            }
        }
        if kind == Kind::Hero {
            let id = self.media_id.trim();
            if !id.is_empty() {
                match id.parse::<i64>() {
                    Ok(id) if media_ok(id) => s.media_id = Some(id),
                    _ => err("media_id", "home-error-media"),
                }
            }
        }
        if kind == Kind::Figures {
            for (i, (value, label)) in self.figures.iter().enumerate() {
                let (value, label) = (value.trim(), label.trim());
                if value.is_empty() && label.is_empty() {
                    continue;
                }
                let n = i + 1;
                let number = parse_number(value);
                if number.is_none() {
                    err(
                        &format!("figure-value-{n}"),
                        if value.is_empty() { "home-error-figure-missing" } else { "home-error-figure-number" },
                    );
                }
                if label.is_empty() {
                    err(&format!("figure-label-{n}"), "home-error-figure-label");
                } else if label.chars().count() > MAX_SHORT {
                    err(&format!("figure-label-{n}"), "home-error-too-long");
                }
                if let Some(value) = number {
                    s.figures.push(Figure { value, label: label.to_string() });
                }
            }
        }
        if matches!(kind, Kind::News | Kind::Events) {
            let count = self.count.trim();
            if !count.is_empty() {
                match count.parse::<i64>() {
                    Ok(n) if (1..=MAX_ITEMS).contains(&n) => s.count = n,
                    _ => err("count", "home-error-count"),
                }
            }
            s.pinned = kind == Kind::News && self.pinned;
        }
        if errors.is_empty() { Ok(s) } else { Err(errors) }
    }
}

/// A whole number as people type it: "1200", "1 200" (any space, also no-break), "1.200"
/// or "1,200"; at most a thousand billion.
pub fn parse_number(s: &str) -> Option<i64> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '\u{202f}' | '\u{a0}' | '.' | ',')).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 13 {
        return None;
    }
    digits.parse().ok().filter(|n| *n <= 1_000_000_000_000)
}

/// A link a visitor can follow: a path on this site ("/evenements", not "//host") or an
/// http(s) address.
pub fn is_link(s: &str) -> bool {
    if let Some(rest) = s.strip_prefix('/') {
        return !rest.starts_with('/') && !rest.starts_with('\\') && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    }
    WebUrl::parse(s).is_ok()
}

/// Clubs grouped by region (their territory), regions and clubs in French order; clubs
/// without a territory come last, under `other`.
pub fn by_region<T>(items: Vec<T>, region: impl Fn(&T) -> String, name: impl Fn(&T) -> String, other: &str) -> Vec<(String, Vec<T>)> {
    use crate::core::i18n::sort_key;
    let mut groups: Vec<(String, Vec<T>)> = vec![];
    for item in items {
        let r = region(&item).trim().to_string();
        let r = if r.is_empty() { other.to_string() } else { r };
        match groups.iter_mut().find(|(g, _)| *g == r) {
            Some((_, list)) => list.push(item),
            None => groups.push((r, vec![item])),
        }
    }
    for (_, list) in groups.iter_mut() {
        list.sort_by_cached_key(|i| sort_key(&name(i)));
    }
    groups.sort_by_cached_key(|(g, _)| (g == other, sort_key(g)));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_home_nobody_composed_has_every_block_in_the_default_order() {
        let blocks = compose(vec![("news".into(), false, "{\"count\":4}".into()), ("nonsense".into(), true, "{}".into())]);
        let kinds: Vec<&str> = blocks.iter().map(|b| b.kind.as_str()).collect();
        assert_eq!(kinds, ["news", "hero", "figures", "events", "clubs", "partners", "support"]);
        assert!(!blocks[0].visible);
        assert_eq!(blocks[0].settings.count_or(6), 4);
        assert_eq!(blocks[1].settings, Settings::default());
    }

    #[test]
    fn moves_stop_at_the_ends() {
        let mut blocks = compose(vec![]);
        assert!(!apply(&mut blocks, Kind::Hero, Change::Up));
        assert!(apply(&mut blocks, Kind::Hero, Change::Down));
        assert_eq!(blocks[1].kind, Kind::Hero);
        assert!(!apply(&mut blocks, Kind::Support, Change::Down));
        assert!(apply(&mut blocks, Kind::Clubs, Change::Hide));
        assert!(!apply(&mut blocks, Kind::Clubs, Change::Hide));
        assert!(apply(&mut blocks, Kind::Clubs, Change::Show));
    }

    #[test]
    fn figures_are_numbers_with_a_label_and_errors_name_their_row() {
        let d = Draft::from_fields(&fields(&[
            ("figure-value-1", "1 200"),
            ("figure-label-1", "jeunes accompagnés"),
            ("figure-value-2", "beaucoup"),
            ("figure-label-2", "bénévoles"),
            ("figure-value-3", "45"),
            ("figure-label-3", ""),
            ("figure-value-9", "7"),
        ]));
        let errors = d.check(Kind::Figures, |_| true).unwrap_err();
        let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
        assert_eq!(got, [("figure-value-2", "home-error-figure-number"), ("figure-label-3", "home-error-figure-label")]);
        let ok =
            Draft::from_fields(&fields(&[("figure-value-1", "1\u{202f}200"), ("figure-label-1", "jeunes")])).check(Kind::Figures, |_| true);
        assert_eq!(ok.unwrap().figures, vec![Figure { value: 1200, label: "jeunes".into() }]);
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        for (typed, n) in [("1200", Some(1200)), ("1 200", Some(1200)), ("1.200", Some(1200)), ("1,200", Some(1200)), ("0", Some(0))] {
            assert_eq!(parse_number(typed), n, "{typed}");
        }
        for typed in ["", "-3", "12a", "1e3", "99999999999999"] {
            assert_eq!(parse_number(typed), None, "{typed}");
        }
    }

    #[test]
    fn links_are_site_paths_or_web_addresses() {
        for ok in ["/evenements", "/", "https://exemple.org/don", "http://exemple.org"] {
            assert!(is_link(ok), "{ok}");
        }
        for bad in ["//evil.example", "javascript:alert(1)", "evenements", "/a b", "mailto:x@y.fr", "/\\evil"] {
            assert!(!is_link(bad), "{bad}");
        }
        let d = Draft {
            link_label: "Nous soutenir".into(),
            link_url: "javascript:alert(1)".into(),
            title: "Soutenez".into(),
            ..Draft::default()
        };
        let errors = d.check(Kind::Support, |_| true).unwrap_err();
        assert_eq!(errors[0].field, "link_url");
        let d = Draft { link_label: "Nous soutenir".into(), title: "Soutenez".into(), ..Draft::default() };
        assert_eq!(d.check(Kind::Support, |_| true).unwrap_err()[0].field, "link_url", "a label needs an address");
    }

    #[test]
    fn a_hero_picture_must_be_in_the_library() {
        let d = Draft { media_id: "12".into(), ..Draft::default() };
        assert_eq!(d.check(Kind::Hero, |id| id == 12).unwrap().media_id, Some(12));
        assert_eq!(d.check(Kind::Hero, |_| false).unwrap_err()[0].field, "media_id");
    }

    #[test]
    fn regions_and_clubs_follow_french_order() {
        let clubs = vec![("Vie", "Zèbre"), ("Éducation", "B"), ("Emploi", "A"), ("", "Sans"), ("Éducation", "a")];
        let groups = by_region(clubs, |c| c.0.to_string(), |c| c.1.to_string(), "Autres");
        let regions: Vec<&str> = groups.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(regions, ["Éducation", "Emploi", "Vie", "Autres"]);
        assert_eq!(groups[0].1.iter().map(|c| c.1).collect::<Vec<_>>(), ["a", "B"]);
    }
}
