//! WordPress content to essaim HTML: block comments removed, the classic editor's automatic
//! paragraphs (wpautop), common shortcodes, and links and images pointed at their new homes.
//! The result is still sanitised by `news::save_post` (ammonia), like any other body.

use std::collections::HashMap;

use crate::core::markup::{self, escape};

/// An attachment as content refers to it.
#[derive(Clone, Debug, Default)]
pub struct Attachment {
    /// Where it is now: `/media/key`, or the original absolute URL when the file was not found.
    pub url: String,
    pub title: String,
    pub alt: String,
    pub parent: i64,
    pub is_image: bool,
}

/// What content conversion needs to know about the rest of the site.
pub struct Links<'a> {
    /// Hosts of the old site (without `www.`), whose links are rewritten.
    pub hosts: &'a [String],
    /// The old site's address (to make relative upload URLs absolute when kept).
    pub base_url: &'a str,
    /// Upload path (`2017/11/photo.jpg`) -> new URL.
    pub media: &'a HashMap<String, String>,
    /// Normalised old path -> new path (posts, pages, terms).
    pub paths: &'a HashMap<String, String>,
    pub attachments: &'a HashMap<i64, Attachment>,
}

/// Convert a body. `notes` receives what could not be carried over (unknown shortcodes,
/// images that were not found).
pub fn convert(body: &str, wp_id: i64, links: &Links<'_>, notes: &mut Vec<String>) -> String {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let has_blocks = body.contains("<!-- wp:");
    let body = strip_block_comments(&body);
    let body = shortcodes(&body, wp_id, links, notes);
    let body = video_lines(&body);
    let body = if has_blocks { body } else { wpautop(&body) };
    rewrite_urls(&body, links, notes)
}

/// `<!-- wp:… -->` and `<!-- /wp:… -->` removed, their inner HTML kept.
pub fn strip_block_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("<!-- ") {
        let after = &rest[i + 5..];
        if after.starts_with("wp:") || after.starts_with("/wp:") {
            out.push_str(&rest[..i]);
            match after.find("-->") {
                Some(end) => rest = &after[end + 3..],
                None => {
                    rest = "";
                    break;
                }
            }
        } else {
            out.push_str(&rest[..i + 5]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A shortcode found in a text: `[name attrs]` (self-closing) or `[name attrs]inner[/name]`.
struct Shortcode<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    attrs: &'a str,
    inner: Option<&'a str>,
}

fn find_shortcode(s: &str, from: usize) -> Option<Shortcode<'_>> {
    let mut pos = from;
    while let Some(rel) = s.get(pos..)?.find('[') {
        let start = pos + rel;
        let tail = &s[start + 1..];
        let name_len = tail.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-').count();
        let name = &tail[..name_len];
        let next = tail.as_bytes().get(name_len).copied();
        let starts_letter = name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
        if name_len == 0 || !starts_letter || !matches!(next, Some(b' ' | b']' | b'/')) {
            pos = start + 1;
            continue;
        }
        let close = tail.find(']')?;
        if tail[..close].contains('[') || tail[..close].contains('\n') && close > 500 {
            pos = start + 1;
            continue;
        }
        let attrs = tail[name_len..close].trim().trim_end_matches('/').trim();
        let open_end = start + 1 + close + 1;
        let closing = format!("[/{name}]");
        if let Some(inner_len) = s[open_end..].find(&closing) {
            let inner = &s[open_end..open_end + inner_len];
            return Some(Shortcode { start, end: open_end + inner_len + closing.len(), name, attrs, inner: Some(inner) });
        }
        return Some(Shortcode { start, end: open_end, name, attrs, inner: None });
    }
    None
}

/// `key="value"`, `key='value'` or `key=value` attributes of a shortcode.
fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attrs;
    while let Some(i) = rest.find(key) {
        let before_ok = i == 0 || rest.as_bytes().get(i - 1).is_some_and(|b| b.is_ascii_whitespace());
        let after = &rest[i + key.len()..];
        if before_ok && let Some(v) = after.trim_start().strip_prefix('=') {
            let v = v.trim_start();
            return Some(if let Some(q) = v.strip_prefix('"') {
                q.split('"').next().unwrap_or("")
            } else if let Some(q) = v.strip_prefix('\'') {
                q.split('\'').next().unwrap_or("")
            } else {
                v.split_whitespace().next().unwrap_or("")
            });
        }
        rest = after;
    }
    None
}

fn shortcodes(s: &str, wp_id: i64, links: &Links<'_>, notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pos = 0;
    while let Some(sc) = find_shortcode(s, pos) {
        out.push_str(&s[pos..sc.start]);
        let replaced = match sc.name {
            "caption" | "wp_caption" => Some(caption(sc.attrs, sc.inner.unwrap_or(""))),
            "gallery" => Some(gallery(sc.attrs, wp_id, links)),
            "embed" => sc.inner.map(|u| link_paragraph(u.trim())),
            "video" | "audio" => {
                let src = attr(sc.attrs, "src")
                    .or_else(|| attr(sc.attrs, "mp4"))
                    .or_else(|| attr(sc.attrs, "mp3"))
                    .or_else(|| attr(sc.attrs, "ogg"))
                    .or_else(|| attr(sc.attrs, "webm"))
                    .or(sc.inner.map(str::trim));
                src.map(link_paragraph)
            }
            _ => None,
        };
        match replaced {
            Some(html) => {
                out.push_str(&html);
                pos = sc.end;
            }
            None => {
                let note = format!("unknown shortcode [{}] left as text", sc.name);
                if !notes.contains(&note) {
                    notes.push(note);
                }
                // Keep the opening tag as text and go on inside it.
                let open_end = s[sc.start..].find(']').map(|i| sc.start + i + 1).unwrap_or(sc.end);
                out.push_str(&s[sc.start..open_end]);
                pos = open_end;
            }
        }
    }
    out.push_str(&s[pos..]);
    out
}

/// A URL alone in a paragraph, as a link whose text is the URL (videos become placeholders).
fn link_paragraph(url: &str) -> String {
    let u = escape(url);
    format!("\n\n<p><a href=\"{u}\">{u}</a></p>\n\n")
}

/// `[caption]<img …> The caption[/caption]` -> `<figure><img …><figcaption>…</figcaption></figure>`.
fn caption(attrs: &str, inner: &str) -> String {
    let inner = inner.trim();
    // The image, possibly wrapped in a link.
    let media_end = if inner.starts_with("<a") {
        inner.find("</a>").map(|i| i + 4)
    } else if inner.starts_with("<img") {
        inner.find('>').map(|i| i + 1)
    } else {
        None
    }
    .unwrap_or(0);
    let (media, text) = inner.split_at(media_end);
    let text = match attr(attrs, "caption") {
        Some(c) if text.trim().is_empty() => c.to_string(),
        _ => text.trim().to_string(),
    };
    format!("\n\n<figure>{media}<figcaption>{text}</figcaption></figure>\n\n")
}

/// `[gallery ids="1,2"]` (or without ids: the post's attached images) -> a list of images.
fn gallery(attrs: &str, wp_id: i64, links: &Links<'_>) -> String {
    let mut ids: Vec<i64> = match attr(attrs, "ids").or_else(|| attr(attrs, "include")) {
        Some(list) => list.split(',').filter_map(|i| i.trim().parse().ok()).collect(),
        None => {
            let mut v: Vec<i64> = links.attachments.iter().filter(|(_, a)| a.parent == wp_id && a.is_image).map(|(id, _)| *id).collect();
            v.sort_unstable();
            v
        }
    };
    ids.dedup();
    let items: Vec<String> = ids
        .iter()
        .filter_map(|id| links.attachments.get(id))
        .map(|a| {
            let alt = if a.alt.is_empty() { &a.title } else { &a.alt };
            format!("<li><figure><img src=\"{}\" alt=\"{}\"></figure></li>", escape(&a.url), escape(alt))
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    format!("\n\n<ul class=\"gallery\">{}</ul>\n\n", items.concat())
}

/// A YouTube, Vimeo or Dailymotion URL alone on a line becomes a paragraph holding only its
/// link, which markup.rs turns into a click-to-load placeholder.
fn video_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let t = line.trim();
        if (t.starts_with("http://") || t.starts_with("https://")) && !t.contains(char::is_whitespace) && markup::video(t).is_some() {
            out.push_str(&link_paragraph(t));
        } else {
            out.push_str(line);
        }
    }
    out
}

const BLOCKS: [&str; 44] = [
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "blockquote",
    "address",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
];

/// The tag name at the start of `s` (just after `<` or `</`), lowercased.
fn tag_name(s: &str) -> String {
    s.bytes().take_while(|b| b.is_ascii_alphanumeric()).map(|b| b.to_ascii_lowercase() as char).collect()
}

fn is_block_tag_at(s: &str) -> bool {
    let t = s.strip_prefix("</").or_else(|| s.strip_prefix('<'));
    t.is_some_and(|t| BLOCKS.contains(&tag_name(t).as_str()))
}

/// WordPress's automatic paragraphs: blank lines separate paragraphs, single line breaks
/// become `<br>`, never around or inside block-level tags nor inside `<pre>`.
pub fn wpautop(text: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    // Keep <pre> blocks aside.
    let mut pres: Vec<String> = vec![];
    let mut s = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find("<pre") {
        let Some(end) = rest[i..].find("</pre>") else { break };
        s.push_str(&rest[..i]);
        s.push_str(&format!("<pre wp-pre-tag-{}></pre>", pres.len()));
        pres.push(rest[i..i + end + 6].to_string());
        rest = &rest[i + end + 6..];
    }
    s.push_str(rest);
    // Blank lines around block tags.
    let mut spaced = String::with_capacity(s.len() + 256);
    let mut i = 0;
    let bytes = s.as_bytes();
    while i < s.len() {
        if bytes[i] == b'<' && is_block_tag_at(&s[i..]) {
            let closing = s[i..].starts_with("</");
            let end = s[i..].find('>').map(|e| i + e + 1).unwrap_or(s.len());
            let name = tag_name(s[i..].trim_start_matches("</").trim_start_matches('<'));
            if !closing {
                spaced.push_str("\n\n");
            }
            spaced.push_str(&s[i..end]);
            if closing || name == "hr" {
                spaced.push_str("\n\n");
            }
            i = end;
        } else {
            let step = s[i..].chars().next().map(char::len_utf8).unwrap_or(1);
            let next = s[i + step..].find('<').map(|n| i + step + n).unwrap_or(s.len());
            spaced.push_str(&s[i..next]);
            i = next;
        }
    }
    // Paragraphs.
    let mut out = String::with_capacity(spaced.len() + 256);
    for chunk in split_blank_lines(&spaced) {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        let starts_block = is_block_tag_at(chunk);
        let ends_block = chunk.rfind('<').is_some_and(|j| is_block_tag_at(&chunk[j..]) && chunk.ends_with('>'));
        if starts_block && ends_block {
            out.push_str(chunk);
        } else if starts_block || ends_block {
            // A block tag with inline text on one side: keep it, without a paragraph around.
            out.push_str(&line_breaks(chunk));
        } else {
            out.push_str("<p>");
            out.push_str(&line_breaks(chunk));
            out.push_str("</p>");
        }
        out.push('\n');
    }
    for (n, pre) in pres.iter().enumerate() {
        out = out.replace(&format!("<pre wp-pre-tag-{n}></pre>"), pre);
    }
    out
}

fn split_blank_lines(s: &str) -> Vec<&str> {
    let mut parts = vec![];
    let mut start = 0;
    let mut i = 0;
    let b = s.as_bytes();
    while i < b.len() {
        if b[i] == b'\n' {
            let mut j = i + 1;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            if j < b.len() && b[j] == b'\n' {
                parts.push(&s[start..i]);
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    parts.push(&s[start..]);
    parts
}

/// Single line breaks in a paragraph become `<br>`, except next to a block tag.
fn line_breaks(chunk: &str) -> String {
    let lines: Vec<&str> = chunk.split('\n').map(str::trim_end).collect();
    let mut out = String::with_capacity(chunk.len() + 16);
    for (k, line) in lines.iter().enumerate() {
        out.push_str(line);
        if let Some(next) = lines.get(k + 1) {
            let prev_block = line.rfind('<').is_some_and(|j| is_block_tag_at(&line[j..]) && line.ends_with('>'));
            let next_block = is_block_tag_at(next.trim_start());
            if prev_block || next_block || line.ends_with("<br>") || line.ends_with("<br />") || line.ends_with("<br/>") {
                out.push('\n');
            } else {
                out.push_str("<br>\n");
            }
        }
    }
    out
}

/// The path of an upload inside `wp-content/uploads` (or a wordpress.com files host).
pub fn upload_path(url: &str) -> Option<String> {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    if let Some((_, p)) = url.split_once("/wp-content/uploads/") {
        return Some(p.to_string());
    }
    let no_scheme = url.trim_start_matches("https://").trim_start_matches("http://");
    let (host, path) = no_scheme.split_once('/')?;
    host.ends_with(".files.wordpress.com").then(|| path.to_string())
}

/// `photo-300x200.jpg` -> `photo.jpg`, `photo-scaled.jpg` -> `photo.jpg` (WordPress's sizes).
pub fn original_of_sized(path: &str) -> Option<String> {
    let (stem, ext) = path.rsplit_once('.')?;
    if let Some(base) = stem.strip_suffix("-scaled") {
        return Some(format!("{base}.{ext}"));
    }
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    (!w.is_empty() && !h.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) && h.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{base}.{ext}"))
}

/// The host of an absolute URL, lowercased, without `www.`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).or_else(|| url.strip_prefix("//"))?;
    let host = rest.split(['/', '?', '#']).next()?.split(':').next()?.to_ascii_lowercase();
    Some(host.trim_start_matches("www.").to_string())
}

/// `src` and `href` values pointing at the old site are pointed at the new one.
fn rewrite_urls(html: &str, links: &Links<'_>, notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next = ["src=\"", "href=\"", "src='", "href='"].iter().filter_map(|p| rest.find(p).map(|i| (i, *p))).min_by_key(|(i, _)| *i);
        let Some((i, prefix)) = next else { break };
        let quote = prefix.chars().last().unwrap_or('"');
        let start = i + prefix.len();
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find(quote) else {
            rest = &rest[start..];
            break;
        };
        let url = &rest[start..start + len];
        let decoded = url.replace("&amp;", "&").replace("&#038;", "&");
        out.push_str(&escape_attr(&new_url(&decoded, links, notes).unwrap_or(decoded)));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The new address of an old URL, if it is one of the old site's.
pub fn new_url(url: &str, links: &Links<'_>, notes: &mut Vec<String>) -> Option<String> {
    let ours = match host_of(url) {
        Some(h) => links.hosts.contains(&h) || h.ends_with(".files.wordpress.com"),
        None => url.starts_with('/') && !url.starts_with("//"),
    };
    if !ours {
        return None;
    }
    if let Some(up) = upload_path(url) {
        let found = links.media.get(&up).or_else(|| original_of_sized(&up).and_then(|o| links.media.get(&o)));
        return match found {
            Some(u) => Some(u.clone()),
            None => {
                let note = format!("media not found, original address kept: {url}");
                if !notes.contains(&note) {
                    notes.push(note);
                }
                // Keep it working: an absolute address on the old site.
                url.starts_with('/').then(|| format!("{}{url}", links.base_url.trim_end_matches('/')))
            }
        };
    }
    let (path, query) = split_url(url);
    for key in super::model::lookup_keys(&path, query.as_deref()) {
        if let Some(p) = links.paths.get(&key) {
            return Some(p.clone());
        }
    }
    None
}

/// The path and query of a URL, absolute or not.
pub fn split_url(url: &str) -> (String, Option<String>) {
    let no_frag = url.split('#').next().unwrap_or(url);
    let after_host =
        match no_frag.strip_prefix("https://").or_else(|| no_frag.strip_prefix("http://")).or_else(|| no_frag.strip_prefix("//")) {
            Some(r) => r.find(['/', '?']).map(|i| &r[i..]).unwrap_or("/"),
            None => no_frag,
        };
    match after_host.split_once('?') {
        Some((p, q)) => (if p.is_empty() { "/".to_string() } else { p.to_string() }, Some(q.to_string())),
        None => (after_host.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wpautop_makes_paragraphs_and_breaks() {
        let out = wpautop("One\nline\n\nTwo\n<ul>\n<li>a</li>\n</ul>\n<pre>x\n\ny</pre>");
        assert!(out.contains("<p>One<br>\nline</p>"), "{out}");
        assert!(out.contains("<p>Two</p>"), "{out}");
        assert!(out.contains("<li>a</li>"), "{out}");
        assert!(!out.contains("<p><ul>"), "{out}");
        assert!(out.contains("<pre>x\n\ny</pre>"), "{out}");
    }

    #[test]
    fn block_comments_go_and_content_stays() {
        let out = strip_block_comments("<!-- wp:paragraph {\"a\":1} -->\n<p>Hi</p>\n<!-- /wp:paragraph --><!-- other -->");
        assert_eq!(out, "\n<p>Hi</p>\n<!-- other -->");
    }

    #[test]
    fn shortcodes_are_converted_or_reported() {
        let links = Links { hosts: &[], base_url: "", media: &HashMap::new(), paths: &HashMap::new(), attachments: &HashMap::new() };
        let mut notes = vec![];
        let out = convert(
            "[caption id=\"x\" width=\"300\"]<img src=\"https://e.org/a.jpg\" alt=\"A\"> The cap[/caption]\n\n[foo bar=1]",
            1,
            &links,
            &mut notes,
        );
        assert!(out.contains("<figure><img src=\"https://e.org/a.jpg\" alt=\"A\">"), "{out}");
        assert!(out.contains("<figcaption>The cap</figcaption>"), "{out}");
        assert!(out.contains("[foo bar=1]"), "{out}");
        assert_eq!(notes, vec!["unknown shortcode [foo] left as text".to_string()]);
        assert_eq!(original_of_sized("2017/11/a-300x200.jpg").as_deref(), Some("2017/11/a.jpg"));
        assert_eq!(upload_path("https://x.org/wp-content/uploads/2017/11/a.jpg?w=3").as_deref(), Some("2017/11/a.jpg"));
    }
}
