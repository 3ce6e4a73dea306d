//! Content: Markdown or HTML in, clean sanitised HTML out, with click-to-load video embeds,
//! responsive images for media-library pictures, and plain text for excerpts and search.

use std::collections::HashSet;

use pulldown_cmark::{Options, Parser, html::push_html};

/// Markdown (CommonMark with tables) to sanitised HTML.
pub fn markdown_to_html(src: &str) -> String {
    let src = src.replace("](media:", "](/media/");
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = String::with_capacity(src.len() * 3 / 2);
    push_html(&mut out, Parser::new_ext(&src, opts));
    finish(&sanitize(&out))
}

/// HTML from the editor, an import or the API to sanitised HTML.
pub fn html_to_html(src: &str) -> String {
    let src = src.replace("\"media:", "\"/media/");
    finish(&sanitize(&src))
}

/// Render a body in its format (`markdown` or `html`).
pub fn render(format: &str, src: &str) -> String {
    if format == "html" { html_to_html(src) } else { markdown_to_html(src) }
}

fn sanitize(html: &str) -> String {
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]
    .into_iter()
    .collect();
    let mut attrs = std::collections::HashMap::new();
    attrs.insert("a", ["href", "title", "hreflang"].into_iter().collect::<HashSet<_>>());
    attrs.insert("img", ["src", "alt", "width", "height", "title"].into_iter().collect());
    attrs.insert("th", ["scope", "colspan", "rowspan"].into_iter().collect());
    attrs.insert("td", ["colspan", "rowspan"].into_iter().collect());
    attrs.insert("ol", ["start", "reversed"].into_iter().collect());
    attrs.insert("abbr", ["title"].into_iter().collect());
    ammonia::Builder::default()
        .tags(tags)
        .tag_attributes(attrs)
        .generic_attributes(["lang"].into_iter().collect())
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener"))
        .clean(html)
        .to_string()
}

/// After sanitising: embeds and responsive images (markup we generate, from validated parts).
fn finish(html: &str) -> String {
    responsive_images(&embed_videos(html))
}

/// A video link alone in a paragraph becomes a click-to-load placeholder.
fn embed_videos(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<p>") {
        let Some(len) = rest[start..].find("</p>") else { break };
        let inner = &rest[start + 3..start + len];
        let url = link_only(inner);
        match url.and_then(|u| video(&u)) {
            Some(v) => {
                out.push_str(&rest[..start]);
                out.push_str(&v.placeholder());
            }
            None => out.push_str(&rest[..start + len + 4]),
        }
        rest = &rest[start + len + 4..];
    }
    out.push_str(rest);
    out
}

/// The URL when a paragraph holds only a URL or only a link whose text is its URL.
fn link_only(inner: &str) -> Option<String> {
    let inner = inner.trim();
    let url = if let Some(a) = inner.strip_prefix("<a href=\"") {
        let (href, tail) = a.split_once('"')?;
        let text_start = tail.find('>')? + 1;
        let text = tail[text_start..].strip_suffix("</a>")?;
        if text.trim() != href {
            return None;
        }
        href.to_string()
    } else if inner.starts_with("https://") && !inner.contains(char::is_whitespace) && !inner.contains('<') {
        inner.to_string()
    } else {
        return None;
    };
    Some(url.replace("&amp;", "&"))
}

pub struct Video {
    pub provider: &'static str,
    pub id: String,
}

impl Video {
    pub fn watch_url(&self) -> String {
        match self.provider {
            "youtube" => format!("https://www.youtube.com/watch?v={}", self.id),
            "vimeo" => format!("https://vimeo.com/{}", self.id),
            _ => format!("https://www.dailymotion.com/video/{}", self.id),
        }
    }

    pub fn embed_url(&self) -> String {
        match self.provider {
            "youtube" => format!("https://www.youtube-nocookie.com/embed/{}?autoplay=1", self.id),
            "vimeo" => format!("https://player.vimeo.com/video/{}?autoplay=1", self.id),
            _ => format!("https://www.dailymotion.com/embed/video/{}?autoplay=1", self.id),
        }
    }

    fn provider_name(&self) -> &'static str {
        match self.provider {
            "youtube" => "YouTube",
            "vimeo" => "Vimeo",
            _ => "Dailymotion",
        }
    }

    /// Nothing is loaded from the provider until the visitor asks (the script turns the link
    /// into a button that loads the player; without script, the link opens the video).
    pub fn placeholder(&self) -> String {
        format!(
            "<figure class=\"embed\" data-embed=\"{embed}\" data-provider=\"{name}\"><a class=\"embed-link\" href=\"{watch}\">▶ {name} — {watch}</a></figure>",
            embed = self.embed_url(),
            watch = self.watch_url(),
            name = self.provider_name()
        )
    }
}

/// Recognise a YouTube, Vimeo or Dailymotion URL.
pub fn video(url: &str) -> Option<Video> {
    let ok = |id: &str| !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let u = url.trim().trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
    let (provider, id) = if let Some(q) = u.strip_prefix("youtube.com/watch?") {
        let id = q.split('&').find_map(|kv| kv.strip_prefix("v="))?;
        ("youtube", id)
    } else if let Some(id) = u.strip_prefix("youtu.be/") {
        ("youtube", id.split(['?', '&']).next()?)
    } else if let Some(id) = u.strip_prefix("youtube.com/embed/") {
        ("youtube", id.split(['?', '&']).next()?)
    } else if let Some(id) = u.strip_prefix("vimeo.com/") {
        let id = id.split(['?', '/']).next()?;
        if !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        ("vimeo", id)
    } else if let Some(id) = u.strip_prefix("dailymotion.com/video/") {
        ("dailymotion", id.split(['?', '_']).next()?)
    } else if let Some(id) = u.strip_prefix("dai.ly/") {
        ("dailymotion", id.split('?').next()?)
    } else {
        return None;
    };
    ok(id).then(|| Video { provider, id: id.to_string() })
}

/// Pictures of the media library get `srcset` variants and lazy loading.
fn responsive_images(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find("<img src=\"/media/") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "<img src=\"".len()..];
        let Some(end) = after.find('"') else { break };
        let src = &after[..end];
        let key = src.trim_start_matches("/media/");
        let is_picture = [".jpg", ".jpeg", ".png", ".webp", ".gif"].iter().any(|e| key.to_ascii_lowercase().ends_with(e));
        if is_picture && !key.contains(['?', '"', '<', ' ']) {
            out.push_str(&format!(
                "<img loading=\"lazy\" decoding=\"async\" sizes=\"(max-width: 48rem) 100vw, 48rem\" srcset=\"{src}?w=480 480w, {src}?w=960 960w, {src}?w=1600 1600w\" src=\"{src}\""
            ));
        } else {
            out.push_str(&format!("<img src=\"{src}\""));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The text of an HTML fragment, tags removed and entities decoded, white space folded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The opening words of a text, cut at a word boundary, with an ellipsis when cut.
pub fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max_chars).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Escape text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A URL slug: lowercase ASCII letters, digits and hyphens.
pub fn slugify(s: &str) -> String {
    let folded = crate::core::i18n::fold(s);
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    slug.chars().take(80).collect::<String>().trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let out =
            html_to_html("<p onclick=\"x()\" style=\"color:red\">Hi<script>alert(1)</script><a href=\"javascript:alert(1)\">x</a></p>");
        assert!(!out.contains("script"));
        assert!(!out.contains("onclick"));
        assert!(!out.contains("style"));
        assert!(!out.contains("javascript"));
        assert!(out.contains("<p>Hi"));
    }

    #[test]
    fn markdown_keeps_lists_headings_and_tables() {
        let out = markdown_to_html("## Titre\n\n- un\n- deux\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(out.contains("<h2>Titre</h2>"));
        assert!(out.contains("<li>un</li>"));
        assert!(out.contains("<table>"));
    }

    #[test]
    fn a_video_link_alone_becomes_a_placeholder() {
        let out = markdown_to_html("Avant\n\nhttps://www.youtube.com/watch?v=abcDEF12345\n\nAprès");
        assert!(out.contains("data-embed=\"https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1\""), "{out}");
        assert!(!out.contains("<iframe"));
        let inline = markdown_to_html("Voir https://www.youtube.com/watch?v=abcDEF12345 ici");
        assert!(!inline.contains("data-embed"));
        assert!(video("https://vimeo.com/123456").is_some());
        assert!(video("https://www.dailymotion.com/video/x7tgad0").is_some());
        assert!(video("https://evil.example/watch?v=x").is_none());
    }

    #[test]
    fn media_pictures_get_variants() {
        let out = markdown_to_html("![Un atelier](media:ab12-atelier.jpg)\n\n[Guide](media:guide.pdf)");
        assert!(out.contains("srcset=\"/media/ab12-atelier.jpg?w=480 480w"), "{out}");
        assert!(out.contains("alt=\"Un atelier\""));
        assert!(out.contains("href=\"/media/guide.pdf\""));
    }

    #[test]
    fn slugs_and_text() {
        assert_eq!(slugify("Égalité des chances : l'été 2024 !"), "egalite-des-chances-l-ete-2024");
        assert_eq!(plain_text("<p>A &amp; B</p><p>C</p>"), "A & B C");
        assert_eq!(truncate_words("un deux trois quatre", 10), "un deux…");
    }
}
