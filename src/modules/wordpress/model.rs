//! The WordPress import's domain: options, the summary, how WordPress states map to essaim's,
//! dates, slugs, and how an old URL is normalised into the keys of the `redirects` table.

use std::collections::BTreeMap;
use std::path::PathBuf;

use percent_encoding::percent_decode_str;

use crate::core::markup::slugify;

/// What the command line (or the back office) asks for.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The club the content belongs to (its slug); by default the national club, or the
    /// only club, or none.
    pub club: Option<String>,
    /// A copy of `wp-content/uploads`.
    pub media_dir: Option<PathBuf>,
    /// Report what would happen and write nothing.
    pub dry_run: bool,
}

/// Warnings kept in a summary (a large site may have one per post).
pub const MAX_WARNINGS: usize = 1000;

/// What happened to one kind of object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
}

impl Tally {
    pub fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Skipped => self.skipped += 1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    Skipped,
}

/// The import's report, shown on the terminal and stored (as JSON) in `import_reports`.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub source: String,
    pub file: String,
    pub dry_run: bool,
    pub club: Option<String>,
    pub authors: Tally,
    pub categories: Tally,
    pub tags: Tally,
    pub media: Tally,
    pub posts: Tally,
    pub pages: Tally,
    pub comments: Tally,
    /// Imported comments by essaim status (approved, pending, spam).
    pub comments_by_status: BTreeMap<String, u64>,
    /// Items of other types (menus, blocks, custom types), by type: not carried over.
    pub other_types: BTreeMap<String, u64>,
    pub redirects: u64,
    /// The first `MAX_WARNINGS` warnings; the count of the others in `more_warnings`.
    pub warnings: Vec<String>,
    #[serde(default)]
    pub more_warnings: u64,
    pub seconds: f64,
    /// The stored report's id, once saved (not part of the stored JSON).
    #[serde(skip)]
    pub report_id: Option<i64>,
}

impl Summary {
    fn tallies(&self) -> [(&'static str, &Tally); 7] {
        [
            ("authors", &self.authors),
            ("categories", &self.categories),
            ("tags", &self.tags),
            ("media", &self.media),
            ("posts", &self.posts),
            ("pages", &self.pages),
            ("comments", &self.comments),
        ]
    }

    pub fn created(&self) -> u64 {
        self.tallies().iter().map(|(_, t)| t.created).sum()
    }

    pub fn updated(&self) -> u64 {
        self.tallies().iter().map(|(_, t)| t.updated).sum()
    }

    pub fn unchanged(&self) -> u64 {
        self.tallies().iter().map(|(_, t)| t.unchanged).sum()
    }

    pub fn skipped(&self) -> u64 {
        self.tallies().iter().map(|(_, t)| t.skipped).sum::<u64>() + self.other_types.values().sum::<u64>()
    }

    pub fn warn(&mut self, w: impl Into<String>) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(w.into());
        } else {
            self.more_warnings += 1;
        }
    }

    /// The summary as text for the terminal.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        s.push_str(&format!(
            "{} {} ({}){}\n",
            if self.dry_run { "Dry run of the import of" } else { "Imported" },
            self.file,
            self.source,
            self.club.as_ref().map(|c| format!(" into club {c}")).unwrap_or_default()
        ));
        s.push_str(&format!("{:<12}{:>9}{:>9}{:>11}{:>9}\n", "", "created", "updated", "unchanged", "skipped"));
        for (name, t) in self.tallies() {
            s.push_str(&format!("{name:<12}{:>9}{:>9}{:>11}{:>9}\n", t.created, t.updated, t.unchanged, t.skipped));
        }
        s.push_str(&format!(
            "total: {} created, {} updated, {} unchanged, {} skipped; {} redirects from old addresses\n",
            self.created(),
            self.updated(),
            self.unchanged(),
            self.skipped(),
            self.redirects
        ));
        if !self.comments_by_status.is_empty() {
            let parts: Vec<String> = self.comments_by_status.iter().map(|(k, v)| format!("{k} {v}")).collect();
            s.push_str(&format!("comments by status: {}\n", parts.join(", ")));
        }
        if !self.other_types.is_empty() {
            let parts: Vec<String> = self.other_types.iter().map(|(k, v)| format!("{k} {v}")).collect();
            s.push_str(&format!("not carried over (other types): {}\n", parts.join(", ")));
        }
        s.push_str(&format!("{} warning(s)\n", self.warnings.len() as u64 + self.more_warnings));
        for w in &self.warnings {
            s.push_str(&format!("  - {w}\n"));
        }
        if self.more_warnings > 0 {
            s.push_str(&format!("  … and {} more\n", self.more_warnings));
        }
        s
    }
}

/// How a WordPress post status becomes essaim's: None means "do not import" (trash).
/// Nothing that was not public becomes public: drafts, pending, private and
/// password-protected content become drafts; `future` stays scheduled.
pub fn post_status(wp_status: &str, password: &str) -> Option<&'static str> {
    match wp_status {
        "trash" => None,
        "publish" | "future" if password.is_empty() => Some("published"),
        _ => Some("draft"),
    }
}

/// How a comment's `comment_approved` becomes essaim's status: None means "do not import".
pub fn comment_status(approved: &str) -> Option<&'static str> {
    match approved {
        "1" | "approve" | "approved" => Some("approved"),
        "0" | "hold" => Some("pending"),
        "spam" => Some("spam"),
        _ => None,
    }
}

/// A WordPress date: the GMT one when set, else the local one in the site's time zone.
pub fn parse_date(gmt: &str, local: &str, tz: &jiff::tz::TimeZone) -> Option<i64> {
    let civil = |s: &str| -> Option<jiff::civil::DateTime> {
        let s = s.trim();
        if s.is_empty() || s.starts_with("0000") {
            return None;
        }
        s.replacen(' ', "T", 1).parse::<jiff::civil::DateTime>().ok()
    };
    if let Some(dt) = civil(gmt) {
        return dt.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_second());
    }
    civil(local).and_then(|dt| dt.to_zoned(tz.clone()).ok()).map(|z| z.timestamp().as_second())
}

/// A slug from WordPress's (percent-encoded) post name, else the title, else the kind and id.
pub fn slug_for(post_name: &str, title: &str, kind: &str, wp_id: i64) -> String {
    let decoded = percent_decode_str(post_name).decode_utf8_lossy();
    let s = slugify(&decoded);
    if !s.is_empty() {
        return s;
    }
    let s = slugify(title);
    if !s.is_empty() {
        return s;
    }
    format!("{kind}-{wp_id}")
}

/// An old path normalised: percent-decoded, lowercased, no trailing slash, no `index.php`.
pub fn normalize_path(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy().to_lowercase();
    let mut p = decoded.trim().trim_end_matches('/').to_string();
    if let Some(stripped) = p.strip_suffix("/index.php") {
        p = stripped.to_string();
    }
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if p.len() > 1 { p.trim_end_matches('/').to_string() } else { p }
}

/// Query parameters that identify content on a WordPress site.
const QUERY_KEYS: [&str; 5] = ["p", "page_id", "attachment_id", "cat", "tag"];

/// The query key of a parameter (`?p=123`).
pub fn query_key(name: &str, value: &str) -> String {
    format!("?{name}={}", percent_decode_str(value).decode_utf8_lossy().to_lowercase())
}

/// The keys to look up for an old URL, most specific first: its identifying query
/// parameters, then its path.
pub fn lookup_keys(path: &str, query: Option<&str>) -> Vec<String> {
    let mut keys = vec![];
    if let Some(q) = query {
        for pair in q.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if QUERY_KEYS.contains(&k) && !v.is_empty() {
                keys.push(query_key(k, v));
            }
        }
    }
    let p = normalize_path(path);
    if p != "/" {
        keys.push(p);
    }
    keys
}

/// What follows a known address in an old URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suffix {
    /// `/page/N`: page N of an archive.
    Page(i64),
    /// `/feed`, `/feed/rss2`, …: the feed of what precedes.
    Feed,
    /// `/comment-page-N`, `/amp`, `/embed`, `/trackback`: the thing itself.
    Same,
}

/// An old path split into a base and a WordPress suffix, when it has one.
pub fn split_suffix(path: &str) -> Option<(String, Suffix)> {
    let p = normalize_path(path);
    let segs: Vec<&str> = p.split('/').collect();
    let n = segs.len();
    let base = |k: usize| -> String {
        let b = segs[..n - k].join("/");
        if b.is_empty() { "/".to_string() } else { b }
    };
    let last = *segs.last()?;
    let before = if n >= 2 { segs[n - 2] } else { "" };
    if before == "page"
        && let Ok(k) = last.parse::<i64>()
    {
        return Some((base(2), Suffix::Page(k)));
    }
    if last == "feed" {
        return Some((base(1), Suffix::Feed));
    }
    if before == "feed" && ["rss", "rss2", "atom", "rdf"].contains(&last) {
        return Some((base(2), Suffix::Feed));
    }
    if last.starts_with("comment-page-") || ["amp", "embed", "trackback"].contains(&last) {
        return Some((base(1), Suffix::Same));
    }
    None
}

/// Where a suffixed old URL goes, given where its base went (`/` for the home).
pub fn with_suffix(base_target: &str, suffix: &Suffix) -> String {
    match suffix {
        Suffix::Page(n) => {
            let t = if base_target == "/" { "/actualites" } else { base_target };
            let sep = if t.contains('?') { '&' } else { '?' };
            format!("{t}{sep}page={n}")
        }
        Suffix::Feed if base_target == "/" || base_target == "/actualites" => "/actualites/flux.atom".to_string(),
        Suffix::Feed if base_target.starts_with("/actualites/categorie/") => format!("{base_target}/flux.atom"),
        Suffix::Feed | Suffix::Same => base_target.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_never_publish_what_was_not_public() {
        assert_eq!(post_status("publish", ""), Some("published"));
        assert_eq!(post_status("future", ""), Some("published"));
        assert_eq!(post_status("publish", "secret"), Some("draft"));
        assert_eq!(post_status("private", ""), Some("draft"));
        assert_eq!(post_status("pending", ""), Some("draft"));
        assert_eq!(post_status("trash", ""), None);
        assert_eq!(comment_status("0"), Some("pending"));
        assert_eq!(comment_status("trash"), None);
    }

    #[test]
    fn dates_use_gmt_then_local_time() {
        let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        assert_eq!(parse_date("2017-11-05 10:00:00", "x", &paris), Some(1509876000));
        assert_eq!(parse_date("0000-00-00 00:00:00", "2017-11-05 11:00:00", &paris), Some(1509876000));
        assert_eq!(parse_date("", "", &paris), None);
    }

    #[test]
    fn old_urls_become_keys() {
        assert_eq!(lookup_keys("/2017/11/Some-Slug/", None), vec!["/2017/11/some-slug"]);
        assert_eq!(lookup_keys("/", Some("p=123&foo=1")), vec!["?p=123"]);
        assert_eq!(lookup_keys("/index.php", Some("page_id=7")), vec!["?page_id=7"]);
        assert_eq!(lookup_keys("/%E6%BC%A2/", None), vec!["/漢"]);
        assert_eq!(split_suffix("/category/x/page/2/"), Some(("/category/x".into(), Suffix::Page(2))));
        assert_eq!(split_suffix("/page/3"), Some(("/".into(), Suffix::Page(3))));
        assert_eq!(split_suffix("/feed/"), Some(("/".into(), Suffix::Feed)));
        assert_eq!(with_suffix("/actualites/categorie/x", &Suffix::Feed), "/actualites/categorie/x/flux.atom");
        assert_eq!(with_suffix("/", &Suffix::Page(3)), "/actualites?page=3");
        assert_eq!(slug_for("%e6%bc%a2", "Hello there", "post", 3), "hello-there");
    }
}

/// An import started from the back office (a row of `import_jobs`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Job {
    pub id: i64,
    /// queued | running | done | failed
    pub status: String,
    /// Progress out of `total` (thousandths).
    pub processed: i64,
    pub total: i64,
    /// The phase while running (reading, media, writing); the reason when failed.
    pub message: String,
    pub report_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Job {
    pub fn running(&self) -> bool {
        self.status == "queued" || self.status == "running"
    }

    pub fn percent(&self) -> i64 {
        (self.processed.clamp(0, self.total.max(0)) * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// Overall progress in thousandths from the importer's (phase, done, total): reading the
/// file is the first 40 %, media the next 10 %, writing the rest.
pub fn overall_progress(phase: &str, done: u64, total: u64) -> i64 {
    let part = |span: u64| (done.min(total) * span).checked_div(total).unwrap_or(0) as i64;
    match phase {
        "reading" => part(400),
        "media" => 400 + part(100),
        "writing" => 500 + part(499),
        "done" => 1000,
        _ => 0,
    }
}

/// Warnings grouped by what they are about (their first word: author, category, tag,
/// media, post, page), in that order; anything else under "other".
pub fn group_warnings(warnings: &[String]) -> Vec<(&'static str, Vec<&str>)> {
    const GROUPS: [&str; 7] = ["author", "category", "tag", "media", "post", "page", "other"];
    let mut out: Vec<(&'static str, Vec<&str>)> = GROUPS.iter().map(|g| (*g, vec![])).collect();
    for w in warnings {
        let first = w.split([' ', ':']).next().unwrap_or("");
        let i = GROUPS.iter().position(|g| *g == first).unwrap_or(GROUPS.len() - 1);
        out[i].1.push(w.as_str());
    }
    out.retain(|(_, v)| !v.is_empty());
    out
}

/// The name an uploaded export is kept under (and shown in its report): the last part of
/// what the browser sent, with only letters, digits, dots, dashes and underscores.
pub fn safe_file_name(sent: &str) -> String {
    let base = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base.chars().map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '-' }).take(100).collect();
    let name = name.trim_start_matches('.');
    if name.is_empty() { "export.xml".to_string() } else { name.to_string() }
}

/// Why an upload is refused before the import starts (a message key), from its first bytes
/// and its size: nothing sent, an empty file, or a file that does not start like XML. A
/// file that starts like XML but is broken further on is the importer's to explain (it
/// names the line).
pub fn sniff_upload(head: &[u8], size: usize) -> Option<&'static str> {
    if size == 0 {
        return Some("import-error-empty");
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') | None => None,
        Some(_) => Some("import-error-not-xml"),
    }
}

#[cfg(test)]
mod upload_tests {
    use super::*;

    #[test]
    fn uploads_are_sniffed_and_named_safely() {
        assert_eq!(sniff_upload(b"", 0), Some("import-error-empty"));
        assert_eq!(sniff_upload(b"{\"a\":1}", 7), Some("import-error-not-xml"));
        assert_eq!(sniff_upload(b"\xEF\xBB\xBF\n  <?xml", 10), None);
        assert_eq!(sniff_upload(b"\xFF\xFE<\0", 4), None);
        assert_eq!(safe_file_name("C:\\Users\\a\\mon export (2).xml"), "mon-export--2-.xml");
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name(".."), "export.xml");
    }

    #[test]
    fn progress_moves_forward_through_the_phases() {
        assert_eq!(overall_progress("reading", 50, 100), 200);
        assert_eq!(overall_progress("media", 0, 0), 400);
        assert_eq!(overall_progress("writing", 100, 100), 999);
        assert_eq!(overall_progress("done", 1, 1), 1000);
        let warnings: Vec<String> = vec!["post 3 \"x\": y".into(), "author \"a\" z".into(), "odd".into()];
        let groups = group_warnings(&warnings);
        assert_eq!(groups.iter().map(|(g, w)| (*g, w.len())).collect::<Vec<_>>(), vec![("author", 1), ("post", 1), ("other", 1)]);
    }
}
