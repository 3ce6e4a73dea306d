//! News domain types: what a post, a card in a list, a comment thread and a pager are.

use crate::core::error::FieldError;

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
}

impl Post {
    pub fn url(&self) -> String {
        if self.kind == "page" { format!("/{}", self.slug) } else { format!("/actualites/{}", self.slug) }
    }

    /// Public: published, and its time has come.
    pub fn is_public(&self, now: i64) -> bool {
        self.status == "published" && self.published_at.is_some_and(|t| t <= now)
    }

    /// published | scheduled | draft, for the back office.
    pub fn state(&self, now: i64) -> &'static str {
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

/// One entry of a numbered pager.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum PageLink {
    Number { n: i64, url: String, current: bool },
    Gap,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Pager {
    pub current: i64,
    pub last: i64,
    pub items: Vec<PageLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// First pages, around the current one, an ellipsis, the last; previous and next.
    pub fn new(current: i64, total_items: i64, per_page: i64, base: &str) -> Pager {
        let last = ((total_items + per_page - 1) / per_page).max(1);
        let url = |n: i64| {
            if n == 1 {
                base.to_string()
            } else {
                let sep = if base.contains('?') { '&' } else { '?' };
                format!("{base}{sep}page={n}")
            }
        };
        let mut shown: Vec<i64> = vec![1, 2, current - 1, current, current + 1, last - 1, last]
            .into_iter()
            .filter(|&n| n >= 1 && n <= last)
            .collect();
        shown.sort_unstable();
        shown.dedup();
        let mut items = vec![];
        let mut prev = 0;
        for n in shown {
            if n > prev + 1 {
                items.push(PageLink::Gap);
            }
            items.push(PageLink::Number { n, url: url(n), current: n == current });
            prev = n;
        }
        Pager {
            current,
            last,
            items,
            previous: (current > 1).then(|| url(current - 1)),
            next: (current < last).then(|| url(current + 1)),
        }
    }
}

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

pub fn is_valid_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && s.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
}

impl CommentForm {
    /// Check what a visitor typed; errors name the field and carry a message key.
    pub fn parse(&self, signed_in: bool) -> Result<NewComment, Vec<FieldError>> {
        let mut errors = vec![];
        let name = self.name.trim();
        let email = self.email.trim();
        let body = self.body.trim();
        if !signed_in {
            if name.is_empty() || name.chars().count() > 100 {
                errors.push(FieldError { field: "name".into(), message: "comments-error-name".into() });
            }
            if !is_valid_email(email) {
                errors.push(FieldError { field: "email".into(), message: "field-email".into() });
            }
        }
        if body.is_empty() || body.chars().count() > 5000 {
            errors.push(FieldError { field: "body".into(), message: "comments-error-body".into() });
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
        let ok = CommentForm { name: "Awa".into(), email: "Awa@Example.org".into(), body: "Bravo".into(), parent_id: "3".into(), ..Default::default() };
        let c = ok.parse(false).unwrap();
        assert_eq!(c.email, "awa@example.org");
        assert_eq!(c.parent_id, Some(3));
        assert!(!is_valid_email("a@b"));
        assert!(is_valid_email("a.b@c.fr"));
    }
}
