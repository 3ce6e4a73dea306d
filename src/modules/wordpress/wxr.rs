//! A streaming reader of WordPress eXtended RSS (WXR) files: one author, term or item at a
//! time, never the whole tree. Errors carry the line where the file stops making sense.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;

/// Why a file cannot be imported, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WxrError {
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for WxrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for WxrError {}

#[derive(Clone, Debug, Default)]
pub struct Channel {
    pub title: String,
    pub link: String,
    pub base_site_url: String,
    pub base_blog_url: String,
    pub wxr_version: String,
}

#[derive(Clone, Debug, Default)]
pub struct Author {
    pub login: String,
    pub email: String,
    pub display_name: String,
}

#[derive(Clone, Debug, Default)]
pub struct Category {
    pub term_id: i64,
    pub nicename: String,
    pub parent: String,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, Default)]
pub struct Tag {
    pub term_id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, Default)]
pub struct Comment {
    pub id: i64,
    pub author: String,
    pub author_email: String,
    pub author_ip: String,
    pub date: String,
    pub date_gmt: String,
    pub content: String,
    pub approved: String,
    pub kind: String,
    pub parent: i64,
}

/// A post, page, attachment or any other post type.
#[derive(Clone, Debug, Default)]
pub struct Item {
    pub title: String,
    pub link: String,
    pub guid: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: i64,
    pub post_date: String,
    pub post_date_gmt: String,
    pub comment_status: String,
    pub post_name: String,
    pub status: String,
    pub post_parent: i64,
    pub post_type: String,
    pub post_password: String,
    pub is_sticky: bool,
    pub attachment_url: String,
    /// (domain, nicename, name): domain is `category`, `post_tag` or another taxonomy.
    pub terms: Vec<(String, String, String)>,
    pub meta: Vec<(String, String)>,
    pub comments: Vec<Comment>,
}

impl Item {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug)]
pub enum Record {
    Author(Author),
    Category(Category),
    Tag(Tag),
    Item(Box<Item>),
}

/// The element being filled in.
#[derive(Default)]
enum Open {
    #[default]
    None,
    Author(Author),
    Category(Category),
    Tag(Tag),
    Item(Box<Item>),
}

pub struct WxrReader {
    path: PathBuf,
    reader: Reader<BufReader<File>>,
    buf: Vec<u8>,
    /// Names of the open elements.
    stack: Vec<String>,
    text: String,
    open: Open,
    comment: Option<Comment>,
    meta: Option<(String, String)>,
    term_attrs: Option<(String, String)>,
    channel: Channel,
    seen_root: bool,
    size: u64,
}

fn num(s: &str) -> i64 {
    s.trim().parse().unwrap_or(0)
}

impl WxrReader {
    /// Open a file; refuses at once what is not UTF-8 XML.
    pub fn open(path: &Path) -> Result<WxrReader, WxrError> {
        let mut head = [0u8; 200];
        let mut f = File::open(path).map_err(|e| WxrError { line: 0, message: format!("cannot open {}: {e}", path.display()) })?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        let n = read_up_to(&mut f, &mut head).map_err(|e| WxrError { line: 0, message: format!("cannot read {}: {e}", path.display()) })?;
        let head = &head[..n];
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || head.get(1) == Some(&0) {
            return Err(WxrError {
                line: 1,
                message: "the file is encoded in UTF-16; WordPress exports are UTF-8 (convert it with `iconv -f UTF-16 -t UTF-8`)".into(),
            });
        }
        let text = String::from_utf8_lossy(head).to_ascii_lowercase();
        if let Some(decl) = text.strip_prefix("<?xml").or_else(|| text.strip_prefix("\u{feff}<?xml")) {
            let decl = decl.split("?>").next().unwrap_or("");
            if let Some(enc) = decl.split("encoding=").nth(1) {
                let enc = enc.trim_start_matches(['"', '\'']).split(['"', '\'']).next().unwrap_or("");
                if enc != "utf-8" && enc != "utf8" {
                    return Err(WxrError {
                        line: 1,
                        message: format!(
                            "the file declares the encoding \"{enc}\"; WordPress exports are UTF-8 (convert it with `iconv -f {enc} -t UTF-8`)"
                        ),
                    });
                }
            }
        }
        let file = File::open(path).map_err(|e| WxrError { line: 0, message: format!("cannot open {}: {e}", path.display()) })?;
        let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, file));
        reader.config_mut().check_end_names = true;
        Ok(WxrReader {
            path: path.to_path_buf(),
            reader,
            buf: Vec::with_capacity(64 * 1024),
            stack: vec![],
            text: String::new(),
            open: Open::None,
            comment: None,
            meta: None,
            term_attrs: None,
            channel: Channel::default(),
            seen_root: false,
            size,
        })
    }

    /// The site's description, complete once the first item has been read.
    pub fn channel(&self) -> &Channel {
        &self.channel
    }

    /// Bytes read so far and the file's size (for a progress bar).
    pub fn progress(&self) -> (u64, u64) {
        (self.reader.buffer_position(), self.size)
    }

    fn error_at(&self, offset: u64, message: impl Into<String>) -> WxrError {
        WxrError { line: line_of(&self.path, offset), message: message.into() }
    }

    fn not_wxr(&self, offset: u64) -> WxrError {
        self.error_at(
            offset,
            "this is XML but not a WordPress export (no <rss> with <wp:wxr_version>); export it from WordPress with Tools > Export",
        )
    }

    /// The next author, term or item; None at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<Record>, WxrError> {
        loop {
            self.buf.clear();
            let before = self.reader.buffer_position();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(e) => e.into_owned(),
                Err(quick_xml::Error::Encoding(_)) => {
                    let at = self.reader.error_position().max(before);
                    return Err(self.error_at(
                        at,
                        "bytes that are not UTF-8: the file says UTF-8 but is probably Latin-1 or Windows-1252 (convert it with `iconv -f WINDOWS-1252 -t UTF-8`)",
                    ));
                }
                Err(e) => {
                    let at = self.reader.error_position();
                    return Err(self.error_at(at, format!("not well-formed XML: {e}")));
                }
            };
            let at = self.reader.buffer_position();
            match event {
                Event::Start(e) => {
                    let name = e.name().as_ref().to_string();
                    if self.stack.is_empty() {
                        if self.seen_root || name != "rss" {
                            return Err(self.not_wxr(before));
                        }
                        self.seen_root = true;
                    }
                    self.text.clear();
                    self.start(&name, &e);
                    self.stack.push(name);
                }
                Event::Empty(e) => {
                    let name = e.name().as_ref().to_string();
                    if self.stack.is_empty() {
                        return Err(self.not_wxr(before));
                    }
                    self.text.clear();
                    self.start(&name, &e);
                    self.stack.push(name);
                    if let Some(r) = self.end(at)? {
                        return Ok(Some(r));
                    }
                }
                Event::End(_) => {
                    if let Some(r) = self.end(at)? {
                        return Ok(Some(r));
                    }
                }
                Event::Text(t) => {
                    if self.stack.is_empty() {
                        if t.chars().any(|c| !c.is_whitespace()) {
                            return Err(self.error_at(before, "this is not XML (text outside any element); is it a WordPress export?"));
                        }
                    } else {
                        self.text.push_str(&t);
                    }
                }
                Event::CData(t) => self.text.push_str(&t),
                Event::GeneralRef(r) => {
                    let name = r.to_string();
                    let resolved = match name.as_str() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => r.resolve_char_ref().ok().flatten(),
                    };
                    match resolved {
                        Some(c) => {
                            self.text.push(c);
                        }
                        None => {
                            self.text.push('&');
                            self.text.push_str(&name);
                            self.text.push(';');
                        }
                    }
                }
                Event::Eof => {
                    if !self.seen_root {
                        return Err(self.error_at(at, "this is not XML (no element at all); is it a WordPress export?"));
                    }
                    if let Some(open) = self.stack.last() {
                        return Err(self.error_at(at, format!("the file ends inside <{open}>: it is truncated (export it again)")));
                    }
                    if self.channel.wxr_version.is_empty() {
                        return Err(self.not_wxr(at));
                    }
                    return Ok(None);
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
    }

    fn start(&mut self, name: &str, e: &quick_xml::events::BytesStart<'_>) {
        let parent = self.stack.last().map(String::as_str).unwrap_or("");
        match (parent, name) {
            ("channel", "wp:author") => self.open = Open::Author(Author::default()),
            ("channel", "wp:category") => self.open = Open::Category(Category::default()),
            ("channel", "wp:tag") => self.open = Open::Tag(Tag::default()),
            ("channel", "item") => self.open = Open::Item(Box::default()),
            ("item", "wp:comment") => self.comment = Some(Comment::default()),
            ("item", "wp:postmeta") => self.meta = Some((String::new(), String::new())),
            ("item", "category") => {
                let mut domain = String::new();
                let mut nicename = String::new();
                for a in e.attributes().flatten() {
                    let v = a.normalized_value(quick_xml::XmlVersion::default()).map(|v| v.into_owned()).unwrap_or_default();
                    match a.key.as_ref() {
                        "domain" => domain = v,
                        "nicename" => nicename = v,
                        _ => {}
                    }
                }
                self.term_attrs = Some((domain, nicename));
            }
            _ => {}
        }
    }

    /// Close the current element; returns a record when one is complete.
    fn end(&mut self, at: u64) -> Result<Option<Record>, WxrError> {
        let Some(name) = self.stack.pop() else { return Ok(None) };
        let parent = self.stack.last().map(String::as_str).unwrap_or("");
        let text = std::mem::take(&mut self.text);
        if name == "channel" && self.channel.wxr_version.is_empty() {
            return Err(self.not_wxr(at));
        }
        if parent == "channel" {
            if name == "item" && self.channel.wxr_version.is_empty() {
                return Err(self.not_wxr(at));
            }
            match name.as_str() {
                "title" => self.channel.title = text,
                "link" => self.channel.link = text.trim().to_string(),
                "wp:base_site_url" => self.channel.base_site_url = text.trim().to_string(),
                "wp:base_blog_url" => self.channel.base_blog_url = text.trim().to_string(),
                "wp:wxr_version" => self.channel.wxr_version = text.trim().to_string(),
                "wp:author" | "wp:category" | "wp:tag" | "item" => {
                    return Ok(match std::mem::take(&mut self.open) {
                        Open::Author(a) => Some(Record::Author(a)),
                        Open::Category(c) => Some(Record::Category(c)),
                        Open::Tag(t) => Some(Record::Tag(t)),
                        Open::Item(i) => Some(Record::Item(i)),
                        Open::None => None,
                    });
                }
                _ => {}
            }
            return Ok(None);
        }
        match (&mut self.open, parent) {
            (Open::Author(a), "wp:author") => match name.as_str() {
                "wp:author_login" => a.login = text.trim().to_string(),
                "wp:author_email" => a.email = text.trim().to_string(),
                "wp:author_display_name" => a.display_name = text.trim().to_string(),
                _ => {}
            },
            (Open::Category(c), "wp:category") => match name.as_str() {
                "wp:term_id" => c.term_id = num(&text),
                "wp:category_nicename" => c.nicename = text.trim().to_string(),
                "wp:category_parent" => c.parent = text.trim().to_string(),
                "wp:cat_name" => c.name = text.trim().to_string(),
                "wp:category_description" => c.description = text.trim().to_string(),
                _ => {}
            },
            (Open::Tag(t), "wp:tag") => match name.as_str() {
                "wp:term_id" => t.term_id = num(&text),
                "wp:tag_slug" => t.slug = text.trim().to_string(),
                "wp:tag_name" => t.name = text.trim().to_string(),
                _ => {}
            },
            (Open::Item(item), "item") => match name.as_str() {
                "title" => item.title = text,
                "link" => item.link = text.trim().to_string(),
                "guid" => item.guid = text.trim().to_string(),
                "dc:creator" => item.creator = text.trim().to_string(),
                "content:encoded" => item.content = text,
                "excerpt:encoded" => item.excerpt = text,
                "wp:post_id" => item.post_id = num(&text),
                "wp:post_date" => item.post_date = text.trim().to_string(),
                "wp:post_date_gmt" => item.post_date_gmt = text.trim().to_string(),
                "wp:comment_status" => item.comment_status = text.trim().to_string(),
                "wp:post_name" => item.post_name = text.trim().to_string(),
                "wp:status" => item.status = text.trim().to_string(),
                "wp:post_parent" => item.post_parent = num(&text),
                "wp:post_type" => item.post_type = text.trim().to_string(),
                "wp:post_password" => item.post_password = text,
                "wp:is_sticky" => item.is_sticky = text.trim() == "1",
                "wp:attachment_url" => item.attachment_url = text.trim().to_string(),
                "category" => {
                    let (domain, nicename) = self.term_attrs.take().unwrap_or_default();
                    item.terms.push((domain, nicename, text.trim().to_string()));
                }
                "wp:postmeta" => {
                    if let Some(m) = self.meta.take() {
                        item.meta.push(m);
                    }
                }
                "wp:comment" => {
                    if let Some(c) = self.comment.take() {
                        item.comments.push(c);
                    }
                }
                _ => {}
            },
            (Open::Item(_), "wp:postmeta") => {
                if let Some(m) = self.meta.as_mut() {
                    match name.as_str() {
                        "wp:meta_key" => m.0 = text.trim().to_string(),
                        "wp:meta_value" => m.1 = text,
                        _ => {}
                    }
                }
            }
            (Open::Item(_), "wp:comment") => {
                if let Some(c) = self.comment.as_mut() {
                    match name.as_str() {
                        "wp:comment_id" => c.id = num(&text),
                        "wp:comment_author" => c.author = text.trim().to_string(),
                        "wp:comment_author_email" => c.author_email = text.trim().to_string(),
                        "wp:comment_author_IP" => c.author_ip = text.trim().to_string(),
                        "wp:comment_date" => c.date = text.trim().to_string(),
                        "wp:comment_date_gmt" => c.date_gmt = text.trim().to_string(),
                        "wp:comment_content" => c.content = text,
                        "wp:comment_approved" => c.approved = text.trim().to_string(),
                        "wp:comment_type" => c.kind = text.trim().to_string(),
                        "wp:comment_parent" => c.parent = num(&text),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        Ok(None)
    }
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// The 1-based line of a byte offset (read again from the file: only on errors).
pub fn line_of(path: &Path, offset: u64) -> u64 {
    let Ok(f) = File::open(path) else { return 0 };
    let mut reader = BufReader::new(f).take(offset);
    let mut line = 1;
    let mut chunk = Vec::new();
    loop {
        chunk.clear();
        match reader.read_until(b'\n', &mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                if chunk.last() == Some(&b'\n') {
                    line += 1;
                }
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(xml: &str) -> Result<Vec<Record>, WxrError> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.xml");
        std::fs::write(&p, xml).unwrap();
        let mut r = WxrReader::open(&p)?;
        let mut out = vec![];
        while let Some(rec) = r.next_record()? {
            out.push(rec);
        }
        Ok(out)
    }

    #[test]
    fn reads_items_with_entities_and_cdata() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss xmlns:wp=\"x\"><channel><wp:wxr_version>1.2</wp:wxr_version>\n\
            <item><title>A &amp; B &#233;</title><wp:post_id>7</wp:post_id><content:encoded><![CDATA[<p>x</p>]]></content:encoded>\
            <category domain=\"post_tag\" nicename=\"t\"><![CDATA[T]]></category><wp:postmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value></wp:postmeta></item></channel></rss>";
        let recs = read_all(xml).unwrap();
        let Record::Item(i) = &recs[0] else { panic!() };
        assert_eq!(i.title, "A & B é");
        assert_eq!(i.post_id, 7);
        assert_eq!(i.content, "<p>x</p>");
        assert_eq!(i.terms, vec![("post_tag".into(), "t".into(), "T".into())]);
        assert_eq!(i.meta("k"), Some("v"));
    }

    #[test]
    fn truncated_files_name_the_line() {
        let xml = "<?xml version=\"1.0\"?>\n<rss><channel><wp:wxr_version>1.2</wp:wxr_version>\n<item><title>x</title>\n";
        let e = read_all(xml).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("truncated"));
    }
}
