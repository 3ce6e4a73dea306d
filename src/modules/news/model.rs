//! News domain types: what a post, a card in a list, a comment thread and a pager are.

use crate::core::error::{FieldError, too_long};
use crate::core::values::{Email, Slug};

pub const PAGE_SIZE: i64 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Post,
    Page,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Page => "page",
        }
    }
}

/// A picture shown with a post.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Picture {
    pub key: String,
    pub alt: String,
}

impl Picture {
    pub fn url(&self) -> String {
        format!("/media/{}", self.key)
    }

    pub fn srcset(&self) -> String {
        let u = self.url();
        format!("{u}?w=480 480w, {u}?w=960 960w, {u}?w=1600 1600w")
    }
}

/// A link to a category, a tag or a club.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Term {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// A post as it appears in a list.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PostCard {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    pub published_at: i64,
    pub featured: bool,
    pub image: Option<Picture>,
    pub club: Option<Term>,
    pub categories: Vec<Term>,
    pub comment_count: i64,
    pub kind: String,
}

impl PostCard {
    pub fn url(&self) -> String {
        if self.kind == "page" { format!("/{}", self.slug) } else { format!("/actualites/{}", self.slug) }
    }
}

/// A full post or page.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Post {
    pub id: i64,
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub body_format: String,
    pub body_source: String,
    pub body_html: String,
    pub excerpt: String,
    pub status: String,
    pub published_at: Option<i64>,
    pub club: Option<Term>,
    pub author_name: Option<String>,
    pub image: Option<Picture>,
    pub image_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub featured: bool,
    pub comments_closed: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// Raised by every update: the API's ETag, the editor's hidden field.
    pub version: i64,
}

/// The public address of a post or page of `kind` with `slug`.
pub fn public_path(kind: &str, slug: &str) -> String {
    if kind == "page" { format!("/{slug}") } else { format!("/actualites/{slug}") }
}

impl Post {
    pub fn url(&self) -> String {
        public_path(&self.kind, &self.slug)
    }

    /// Public: published, and its time has come.
    pub fn is_public(&self, now: i64) -> bool {
        self.status == "published" && self.published_at.is_some_and(|t| t <= now)
    }

    /// The message key of `state`.
    pub fn state_key(&self, now: impl crate::core::i18n::AsI64) -> &'static str {
        match self.state(now) {
            "scheduled" => "admin-state-scheduled",
            "published" => "admin-state-published",
            _ => "admin-state-draft",
        }
    }

    /// published | scheduled | draft, for the back office.
    pub fn state(&self, now: impl crate::core::i18n::AsI64) -> &'static str {
        let now = now.as_i64();
        match (self.status.as_str(), self.published_at) {
            ("published", Some(t)) if t > now => "scheduled",
            ("published", _) => "published",
            _ => "draft",
        }
    }
}

/// What is written to create or update a post or page (already checked).
#[derive(Clone, Debug, Default)]
pub struct PostInput {
    pub kind: &'static str,
    pub slug: String,
    pub title: String,
    pub body_format: String,
    pub body_source: String,
    pub excerpt: String,
    pub status: String,
    pub published_at: Option<i64>,
    pub club_id: Option<i64>,
    pub author_id: Option<i64>,
    pub image_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub featured: bool,
    pub comments_closed: bool,
    pub category_ids: Vec<i64>,
    pub tag_names: Vec<String>,
    pub contact_ids: Vec<i64>,
}

/// Which posts a list shows.
#[derive(Clone, Copy, Debug)]
pub enum Filter {
    All,
    Category(i64),
    Tag(i64),
    Month(i64),
    Club(i64),
    /// Posts marked "featured" (à la une).
    Featured,
}

impl Filter {
    /// The list's row in `post_lists` (its kind and reference), where the database keeps its
    /// size and version; the featured posts have none.
    pub fn list_key(self) -> Option<(&'static str, i64)> {
        match self {
            Filter::All => Some(("all", 0)),
            Filter::Category(id) => Some(("category", id)),
            Filter::Tag(id) => Some(("tag", id)),
            Filter::Club(id) => Some(("club", id)),
            Filter::Month(key) => Some(("month", key)),
            Filter::Featured => None,
        }
    }
}

/// One comment of a thread, flattened in display order for the template.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CommentItem {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
    pub depth: usize,
    /// The next item is this one's first reply (open a nested list).
    pub opens: bool,
    /// How many nested lists close after this item.
    pub closes: usize,
}

impl CommentItem {
    /// Paragraphs of the comment's plain text.
    pub fn paragraphs(&self) -> Vec<&str> {
        self.body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect()
    }
}

/// Order comments as a thread (replies under their parent, oldest first) and mark the nesting.
/// Replies deeper than `max_depth` are shown at that depth.
pub fn thread(mut flat: Vec<CommentItem>, max_depth: usize) -> Vec<CommentItem> {
    flat.sort_by_key(|c| (c.created_at, c.id));
    let ids: Vec<i64> = flat.iter().map(|c| c.id).collect();
    let mut out: Vec<CommentItem> = Vec::with_capacity(flat.len());
    fn walk(parent: Option<i64>, depth: usize, all: &[CommentItem], ids: &[i64], out: &mut Vec<CommentItem>) {
        for c in all.iter().filter(|c| {
            // Orphans (parent not shown) are treated as top-level.
            let p = c.parent_id.filter(|p| ids.contains(p));
            p == parent
        }) {
            let mut item = c.clone();
            item.depth = depth;
            out.push(item);
            walk(Some(c.id), depth + 1, all, ids, out);
        }
    }
    walk(None, 0, &flat, &ids, &mut out);
    let depths: Vec<usize> = out.iter().map(|c| c.depth.min(max_depth)).collect();
    for (i, item) in out.iter_mut().enumerate() {
        let d = depths.get(i).copied().unwrap_or(0);
        let next = depths.get(i + 1).copied().unwrap_or(0);
        item.depth = d;
        item.opens = next > d;
        item.closes = d.saturating_sub(next);
    }
    out
}

pub use crate::core::pager::{PageLink, Pager};

/// A comment as typed, before it is accepted.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub parent_id: String,
    /// The honeypot: people never see it, robots fill it in.
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub csrf: String,
}

/// A comment that passed every check.
pub struct NewComment {
    pub name: String,
    pub email: String,
    pub body: String,
    pub parent_id: Option<i64>,
}

impl CommentForm {
    /// Check what a visitor typed; errors name the field and carry a message key.
    pub fn parse(&self, signed_in: bool) -> Result<NewComment, Vec<FieldError>> {
        let mut errors = vec![];
        let name = self.name.trim();
        let email = self.email.trim();
        let body = self.body.trim();
        if !signed_in {
            if name.is_empty() {
                errors.push(FieldError::new("name", "comments-error-name"));
            } else if name.chars().count() > 100 {
                errors.push(FieldError::too_long("name", name.chars().count(), 100));
            }
            if let Err(message) = Email::parse(email) {
                errors.push(FieldError { field: "email".into(), message: message.into() });
            }
        }
        if body.is_empty() {
            errors.push(FieldError::new("body", "comments-error-body"));
        } else if body.chars().count() > 5000 {
            errors.push(FieldError::too_long("body", body.chars().count(), 5000));
        }
        let parent_id = match self.parent_id.trim() {
            "" => None,
            p => match p.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.push(FieldError { field: "parent_id".into(), message: "error-bad-form".into() });
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewComment { name: name.to_string(), email: email.to_lowercase(), body: body.to_string(), parent_id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(p: &Pager) -> String {
        p.items
            .iter()
            .map(|i| match i {
                PageLink::Number { n, current: true, .. } => format!("[{n}]"),
                PageLink::Number { n, .. } => n.to_string(),
                PageLink::Gap => "…".into(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn pager_shows_first_pages_current_gap_and_last() {
        assert_eq!(numbers(&Pager::new(1, 50, 10, "/a")), "[1] 2 … 4 5");
        assert_eq!(numbers(&Pager::new(3, 50, 10, "/a")), "1 2 [3] 4 5");
        assert_eq!(numbers(&Pager::new(7, 200, 10, "/a")), "1 2 … 6 [7] 8 … 19 20");
        assert_eq!(numbers(&Pager::new(1, 0, 10, "/a")), "[1]");
        let p = Pager::new(2, 50, 10, "/actualites");
        assert_eq!(p.previous.as_deref(), Some("/actualites"));
        assert_eq!(p.next.as_deref(), Some("/actualites?page=3"));
        assert_eq!(Pager::new(1, 30, 10, "/r?q=x").next.as_deref(), Some("/r?q=x&page=2"));
    }

    fn c(id: i64, parent: Option<i64>, at: i64) -> CommentItem {
        CommentItem { id, parent_id: parent, author_name: "a".into(), body: "b".into(), created_at: at, depth: 0, opens: false, closes: 0 }
    }

    #[test]
    fn threads_nest_replies_under_their_parent() {
        let t = thread(vec![c(1, None, 1), c(2, None, 2), c(3, Some(1), 3), c(4, Some(3), 4), c(5, Some(99), 5)], 3);
        let order: Vec<(i64, usize, bool, usize)> = t.iter().map(|c| (c.id, c.depth, c.opens, c.closes)).collect();
        assert_eq!(order, vec![(1, 0, true, 0), (3, 1, true, 0), (4, 2, false, 2), (2, 0, false, 0), (5, 0, false, 0)]);
    }

    #[test]
    fn comments_are_checked_field_by_field() {
        let f = CommentForm { name: "".into(), email: "nope".into(), body: " ".into(), ..Default::default() };
        let errs = f.parse(false).err().unwrap();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "email", "body"]);
        let ok = CommentForm {
            name: "Awa".into(),
            email: "Awa@Example.org".into(),
            body: "Bravo".into(),
            parent_id: "3".into(),
            ..Default::default()
        };
        let c = ok.parse(false).unwrap();
        assert_eq!(c.email, "awa@example.org");
        assert_eq!(c.parent_id, Some(3));
        assert!(Email::parse("a@b").is_err());
        assert!(Email::parse("a.b@c.fr").is_ok());
    }
}

/// Slugs a page may not take: they are the site's own addresses.
pub const RESERVED_SLUGS: [&str; 14] = [
    "admin",
    "actualites",
    "clubs",
    "partenaires",
    "recherche",
    "media",
    "static",
    "api",
    "langue",
    "healthz",
    "plan-du-site",
    "robots-txt",
    "sitemap-xml",
    "a-propos-admin",
];

/// The post editor as typed (every field a string, so that it can be shown again as is).
#[derive(Clone, Debug, Default)]
pub struct EditorForm {
    pub title: String,
    pub slug: String,
    pub club_id: String,
    pub body_format: String,
    pub body: String,
    pub excerpt: String,
    pub image_id: String,
    pub new_image_alt: String,
    pub category_ids: Vec<i64>,
    pub tags: String,
    pub contact_ids: Vec<i64>,
    pub featured: bool,
    pub comments_closed: bool,
    /// "draft" or "publish".
    pub publish: String,
    pub published_at: String,
    pub parent_id: String,
    /// "save" or "preview".
    pub action: String,
    pub csrf: String,
    /// The version of the post the form started from (empty for a new one).
    pub version: String,
}

impl EditorForm {
    /// A new post's defaults: Markdown, a draft, the editor's first club.
    pub fn new_for(club_id: Option<i64>) -> EditorForm {
        EditorForm {
            body_format: "markdown".into(),
            publish: "draft".into(),
            club_id: club_id.map(|c| c.to_string()).unwrap_or_default(),
            ..Default::default()
        }
    }

    /// Read the fields of a submitted form (repeated names for checkboxes).
    pub fn from_fields(fields: &[(String, String)]) -> EditorForm {
        let mut f = EditorForm::default();
        for (k, v) in fields {
            match k.as_str() {
                "title" => f.title = v.clone(),
                "slug" => f.slug = v.clone(),
                "club_id" => f.club_id = v.clone(),
                "body_format" => f.body_format = v.clone(),
                "body" => f.body = v.clone(),
                "excerpt" => f.excerpt = v.clone(),
                "image_id" => f.image_id = v.clone(),
                "new_image_alt" => f.new_image_alt = v.clone(),
                "category_ids" => f.category_ids.extend(v.trim().parse::<i64>().ok()),
                "tags" => f.tags = v.clone(),
                "contact_ids" => f.contact_ids.extend(v.trim().parse::<i64>().ok()),
                "featured" => f.featured = !v.is_empty(),
                "comments_closed" => f.comments_closed = !v.is_empty(),
                "publish" => f.publish = v.clone(),
                "published_at" => f.published_at = v.clone(),
                "parent_id" => f.parent_id = v.clone(),
                "action" => f.action = v.clone(),
                "csrf" => f.csrf = v.clone(),
                "version" => f.version = v.clone(),
                _ => {}
            }
        }
        f
    }

    /// The form for an existing post, with its terms; dates shown in the site's time zone.
    pub fn from_post(post: &Post, tr: &crate::core::i18n::Tr, terms: (Vec<i64>, Vec<String>, Vec<i64>)) -> EditorForm {
        let (category_ids, tags, contact_ids) = terms;
        EditorForm {
            title: post.title.clone(),
            slug: post.slug.clone(),
            club_id: post.club.as_ref().map(|c| c.id.to_string()).unwrap_or_default(),
            body_format: post.body_format.clone(),
            body: post.body_source.clone(),
            excerpt: post.excerpt.clone(),
            image_id: post.image_id.map(|i| i.to_string()).unwrap_or_default(),
            new_image_alt: String::new(),
            category_ids,
            tags: tags.join(", "),
            contact_ids,
            featured: post.featured,
            comments_closed: post.comments_closed,
            publish: if post.status == "published" { "publish".into() } else { "draft".into() },
            published_at: post.published_at.map(|t| tr.input_datetime(t)).unwrap_or_default(),
            parent_id: post.parent_id.map(|i| i.to_string()).unwrap_or_default(),
            action: String::new(),
            csrf: String::new(),
            version: post.version.to_string(),
        }
    }

    /// The version the form started from, if it says.
    pub fn version(&self) -> Option<i64> {
        self.version.trim().parse().ok()
    }

    pub fn is_preview(&self) -> bool {
        self.action == "preview"
    }

    pub fn has_category(&self, id: impl crate::core::i18n::AsI64) -> bool {
        self.category_ids.contains(&id.as_i64())
    }

    pub fn has_contact(&self, id: impl crate::core::i18n::AsI64) -> bool {
        self.contact_ids.contains(&id.as_i64())
    }

    /// The slug that will be used: the one typed, or one made from the title.
    pub fn effective_slug(&self) -> String {
        Slug::typed_or_from(&self.slug, &self.title)
    }

    /// Check the form; `parse_date` reads a datetime-local value in the site's time zone,
    /// `may_publish_for` says whether the person may publish for a club.
    pub fn check(
        &self,
        kind: Kind,
        self_id: Option<i64>,
        now: i64,
        parse_date: impl Fn(&str) -> Option<i64>,
        may_publish_for: impl Fn(Option<i64>) -> bool,
    ) -> Result<PostInput, Vec<FieldError>> {
        let mut errors = vec![];
        let mut err = |field: &str, message: &str| errors.push(FieldError { field: field.into(), message: message.into() });
        let title = self.title.trim();
        if title.is_empty() {
            err("title", "field-required");
        } else if title.chars().count() > 200 {
            err("title", &too_long(title.chars().count(), 200));
        }
        let slug = self.effective_slug();
        if let (false, Err(message)) = (title.is_empty(), Slug::parse(&slug)) {
            err("slug", message);
        } else if kind == Kind::Page && RESERVED_SLUGS.contains(&slug.as_str()) {
            err("slug", "field-slug-taken");
        }
        let club_id = match self.club_id.trim() {
            "" => None,
            c => c.parse::<i64>().ok(),
        };
        if (!self.club_id.trim().is_empty() && club_id.is_none()) || !may_publish_for(club_id) {
            err("club_id", "admin-error-club");
        }
        if !matches!(self.body_format.as_str(), "markdown" | "html") {
            err("body_format", "error-bad-form");
        }
        if self.body.trim().is_empty() {
            err("body", "field-required");
        } else if self.body.chars().count() > 500_000 {
            err("body", &too_long(self.body.chars().count(), 500_000));
        }
        if self.excerpt.chars().count() > 600 {
            err("excerpt", &too_long(self.excerpt.chars().count(), 600));
        }
        let image_id = match self.image_id.trim() {
            "" => None,
            i => match i.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    err("image_id", "error-bad-form");
                    None
                }
            },
        };
        let tag_names: Vec<String> = if kind == Kind::Post {
            self.tags.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect()
        } else {
            vec![]
        };
        if let Some(len) = tag_names.iter().map(|t| t.chars().count()).find(|n| *n > 60) {
            err("tags", &too_long(len, 60));
        }
        let date = match self.published_at.trim() {
            "" => None,
            s => match parse_date(s) {
                Some(t) => Some(t),
                None => {
                    err("published_at", "field-date");
                    None
                }
            },
        };
        let (status, published_at) = match self.publish.as_str() {
            "publish" => ("published", Some(date.unwrap_or(now))),
            "draft" => ("draft", date),
            _ => {
                err("publish", "error-bad-form");
                ("draft", None)
            }
        };
        let parent_id = match (kind, self.parent_id.trim()) {
            (Kind::Post, _) | (_, "") => None,
            (Kind::Page, p) => match p.parse::<i64>() {
                Ok(id) if Some(id) != self_id => Some(id),
                _ => {
                    err("parent_id", "error-bad-form");
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PostInput {
            kind: kind.as_str(),
            slug,
            title: title.to_string(),
            body_format: self.body_format.clone(),
            body_source: self.body.clone(),
            excerpt: self.excerpt.trim().to_string(),
            status: status.to_string(),
            published_at,
            club_id,
            author_id: None,
            image_id,
            parent_id,
            featured: self.featured,
            comments_closed: self.comments_closed,
            category_ids: if kind == Kind::Post { self.category_ids.clone() } else { vec![] },
            tag_names,
            contact_ids: self.contact_ids.clone(),
        })
    }
}

/// A category as typed in the back office.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct CategoryForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub csrf: String,
}

impl CategoryForm {
    /// (slug, name, description) once checked.
    pub fn check(&self) -> Result<(String, String, String), Vec<FieldError>> {
        let mut errors = vec![];
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError { field: "name".into(), message: "field-required".into() });
        } else if name.chars().count() > 100 {
            errors.push(FieldError::too_long("name", name.chars().count(), 100));
        }
        let slug = Slug::typed_or_from(&self.slug, name);
        if let (false, Err(message)) = (name.is_empty(), Slug::parse(&slug)) {
            errors.push(FieldError { field: "slug".into(), message: message.into() });
        }
        if self.description.chars().count() > 2000 {
            errors.push(FieldError::too_long("description", self.description.chars().count(), 2000));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((slug, name.to_string(), self.description.trim().to_string()))
    }
}

#[cfg(test)]
mod editor_tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> EditorForm {
        EditorForm::from_fields(&pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>())
    }

    #[test]
    fn the_slug_comes_from_the_title_and_a_future_date_schedules() {
        let f = fields(&[
            ("title", "Égalité : un été"),
            ("body_format", "markdown"),
            ("body", "Bonjour"),
            ("club_id", "2"),
            ("category_ids", "1"),
            ("category_ids", "3"),
            ("tags", "emploi, , Numérique "),
            ("publish", "publish"),
            ("published_at", "x"),
        ]);
        assert_eq!(f.category_ids, vec![1, 3]);
        let ok = f.check(Kind::Post, None, 100, |_| Some(500), |c| c == Some(2)).unwrap();
        assert_eq!(ok.slug, "egalite-un-ete");
        assert_eq!(ok.status, "published");
        assert_eq!(ok.published_at, Some(500));
        assert_eq!(ok.tag_names, vec!["emploi".to_string(), "Numérique".to_string()]);
    }

    #[test]
    fn errors_name_their_fields() {
        let f = fields(&[
            ("title", ""),
            ("slug", "Bad Slug"),
            ("club_id", "9"),
            ("body_format", "php"),
            ("publish", "publish"),
            ("published_at", "nope"),
        ]);
        let errs = f.check(Kind::Post, None, 0, |_| None, |c| c == Some(2)).err().unwrap();
        let names: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(names, vec!["title", "club_id", "body_format", "body", "published_at"]);
        let page = fields(&[("title", "Admin"), ("body_format", "html"), ("body", "<p>x</p>"), ("publish", "draft")]);
        let errs = page.check(Kind::Page, None, 0, |_| None, |_| true).err().unwrap();
        assert_eq!(errs[0].field, "slug");
        assert!(Slug::is_valid("a-b-2"));
        assert!(!Slug::is_valid("a--b"));
        assert!(!Slug::is_valid("-a"));
    }
}

/// The excerpt of a post's text when its author wrote none: whole sentences when those fill at
/// least half of `max_chars`, otherwise the words that fit followed by an ellipsis; never a
/// word cut in two (unless one word alone is longer than `max_chars`), never ending on a comma,
/// an opening quote or an elided article ("l'", "d'").
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max_chars {
        return text.to_string();
    }
    // The character after the cut tells whether the last word fits whole.
    let fits_whole = chars[max_chars].is_whitespace();
    let cut = &chars[..max_chars];
    // Whole sentences: the last ".", "!", "?" or "…" followed by a space (or by the cut).
    let sentence_end = (0..cut.len()).rev().find(|&i| {
        matches!(cut[i], '.' | '!' | '?' | '…')
            && cut.get(i + 1).map_or(fits_whole, |c| c.is_whitespace())
            && !ends_with_abbreviation(&cut[..i])
    });
    if let Some(end) = sentence_end
        && end + 1 >= max_chars / 2
    {
        return cut[..=end].iter().collect();
    }
    // The words that fit.
    let end = if fits_whole { cut.len() } else { cut.iter().rposition(|c| c.is_whitespace()).unwrap_or(cut.len()) };
    let mut words: String = cut[..end].iter().collect();
    loop {
        let trimmed = words.trim_end_matches(|c: char| c.is_whitespace() || ",;:–—-(«“\"'’".contains(c));
        let trimmed = match trimmed.rsplit_once(char::is_whitespace) {
            // A dangling elided word ("l'", "qu'") or opening quote goes with the cut.
            Some((before, last)) if last.chars().count() <= 3 && (last.ends_with('\'') || last.ends_with('’')) => before,
            _ => trimmed,
        };
        if trimmed.len() == words.len() {
            break;
        }
        words = trimmed.to_string();
    }
    if words.is_empty() {
        words = cut.iter().collect();
    }
    format!("{words}…")
}

/// "M." or "p." before a full stop is no end of a sentence.
fn ends_with_abbreviation(before: &[char]) -> bool {
    let word: String = before.iter().rev().take_while(|c| c.is_alphabetic()).collect::<Vec<_>>().into_iter().rev().collect();
    matches!(word.as_str(), "M" | "Mme" | "Dr" | "p" | "etc" | "cf" | "ex" | "St" | "Ste")
}

#[cfg(test)]
mod excerpt_tests {
    use super::excerpt;

    #[test]
    fn short_texts_are_kept_whole() {
        assert_eq!(excerpt("  Un texte court.  ", 50), "Un texte court.");
    }

    #[test]
    fn whole_sentences_when_they_fill_half_the_room() {
        let text = "Le forum a réuni 400 jeunes. Trente entreprises étaient présentes ce jour-là pour recruter.";
        assert_eq!(excerpt(text, 40), "Le forum a réuni 400 jeunes.");
        // A first sentence too short for the room: words and an ellipsis.
        assert_eq!(
            excerpt("Bravo ! Les quarante collégiennes de la promotion ont toutes réussi leur parcours.", 40),
            "Bravo ! Les quarante collégiennes de la…"
        );
    }

    #[test]
    fn words_are_never_cut_in_two() {
        let text = "Les collégiennes découvrent les métiers du numérique grâce aux ingénieures bénévoles";
        let e = excerpt(text, 30);
        assert_eq!(e, "Les collégiennes découvrent…");
        assert!(text.starts_with(e.trim_end_matches('…')));
        // The cut falls just before a space: the last word fits whole.
        assert_eq!(excerpt("un deux trois quatre", 13), "un deux trois…");
    }

    #[test]
    fn no_dangling_punctuation_or_elided_article() {
        assert_eq!(excerpt("Les ateliers, les stages, l'apprentissage et bien plus encore", 27), "Les ateliers, les stages…");
        assert_eq!(excerpt("Rencontre avec les mentors d'Orange et de la SNCF", 30), "Rencontre avec les mentors…");
        assert_eq!(excerpt("Il a dit : « bienvenue à tous les jeunes du quartier »", 16), "Il a dit…");
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        let text = "Le discours de M. Martin a ouvert la cérémonie des Trophées devant les familles";
        assert_eq!(excerpt(text, 40), "Le discours de M. Martin a ouvert la…");
    }

    #[test]
    fn one_word_longer_than_the_room_is_cut_with_an_ellipsis() {
        assert_eq!(excerpt("anticonstitutionnellement", 10), "anticonsti…");
    }
}
