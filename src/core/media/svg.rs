//! SVG pictures (logos, icons) checked before they are stored: parsed as XML, and refused
//! when they could run code or reach outside themselves. Nothing is rewritten: a drawing that
//! passes is stored as it was sent, one that does not is refused with the reason.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::Prepared;

/// The largest SVG accepted (a logo is a few kilobytes).
pub const MAX_SVG: usize = 512 * 1024;

/// Why an SVG was refused; each maps to a message key.
#[derive(Debug, PartialEq, Eq)]
pub enum SvgError {
    /// Empty, too large, not well-formed XML, or its root is not `<svg>`.
    Invalid,
    /// A script, or an event handler attribute (`onload`, `onclick`…).
    Script,
    /// A link or reference outside the drawing (`href` to another address, `url(http…)`, `@import`).
    External,
    /// `<foreignObject>` (HTML inside the drawing) or an embedded frame or object.
    Foreign,
    /// A document type declaration (entities can expand without end).
    Doctype,
}

impl SvgError {
    pub fn message_key(&self) -> &'static str {
        match self {
            SvgError::Invalid => "media-svg-invalid",
            SvgError::Script => "media-svg-script",
            SvgError::External => "media-svg-external",
            SvgError::Foreign => "media-svg-foreign",
            SvgError::Doctype => "media-svg-doctype",
        }
    }
}

/// Whether the bytes look like an SVG document (to choose this check over the pictures').
pub fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<svg")
}

/// Check an SVG and make it ready to store (one file, the original).
pub fn prepare_svg(bytes: &[u8]) -> Result<Prepared, SvgError> {
    if bytes.is_empty() || bytes.len() > MAX_SVG {
        return Err(SvgError::Invalid);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| SvgError::Invalid)?;
    let (width, height) = check(text)?;
    Ok(Prepared {
        kind: "image",
        mime: "image/svg+xml",
        ext: "svg",
        width,
        height,
        files: vec![("original".into(), "image/svg+xml", None, bytes.to_vec())],
    })
}

/// Elements that run code or bring another document in.
const SCRIPT_ELEMENTS: [&str; 3] = ["script", "handler", "listener"];
const FOREIGN_ELEMENTS: [&str; 5] = ["foreignobject", "iframe", "object", "embed", "audio"];

/// Walk the document; returns the drawing's size from its `viewBox` (or width/height).
fn check(text: &str) -> Result<(Option<u32>, Option<u32>), SvgError> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut seen_root = false;
    let mut size = (None, None);
    let mut in_style = false;
    let mut style = String::new();
    loop {
        match reader.read_event().map_err(|_| SvgError::Invalid)? {
            Event::Start(e) => {
                if depth == 0 {
                    size = root(&e, &mut seen_root)?;
                }
                in_style = element(&e)? == "style";
                depth += 1;
            }
            Event::Empty(e) => {
                if depth == 0 {
                    size = root(&e, &mut seen_root)?;
                }
                element(&e)?;
            }
            Event::End(_) => {
                if in_style {
                    check_css(&style)?;
                    style.clear();
                    in_style = false;
                }
                depth = depth.checked_sub(1).ok_or(SvgError::Invalid)?;
            }
            Event::Text(t) => {
                if depth == 0 && t.chars().any(|c| !c.is_whitespace()) {
                    return Err(SvgError::Invalid);
                }
                if in_style {
                    style.push_str(&t);
                }
            }
            Event::CData(t) => {
                if in_style {
                    style.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                // Only the predefined entities and character references: no entity is declared.
                let name = r.to_string();
                let c = match name.as_str() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => r.resolve_char_ref().ok().flatten().ok_or(SvgError::Invalid)?,
                };
                if in_style {
                    style.push(c);
                }
            }
            Event::DocType(_) => return Err(SvgError::Doctype),
            Event::PI(p) => {
                // `<?xml-stylesheet href="…"?>` would load another document.
                if p.to_ascii_lowercase().contains("stylesheet") {
                    return Err(SvgError::External);
                }
            }
            Event::Decl(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !seen_root || depth != 0 {
        return Err(SvgError::Invalid);
    }
    Ok(size)
}

/// The root element: one `<svg>`, and its size.
fn root(e: &BytesStart<'_>, seen_root: &mut bool) -> Result<(Option<u32>, Option<u32>), SvgError> {
    if *seen_root || local(e) != "svg" {
        return Err(SvgError::Invalid);
    }
    *seen_root = true;
    let mut view_box = None;
    let (mut w, mut h) = (None, None);
    for a in e.attributes() {
        let a = a.map_err(|_| SvgError::Invalid)?;
        let v = a.value.to_string();
        let number = |s: &str| s.trim().trim_end_matches("px").parse::<f64>().ok().filter(|n| *n > 0.0 && *n < 100_000.0);
        match a.key.local_name().as_ref() {
            "viewBox" => view_box = Some(v),
            "width" => w = number(&v),
            "height" => h = number(&v),
            _ => {}
        }
    }
    if let Some(vb) = view_box {
        let parts: Vec<f64> = vb.split([' ', ',']).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
        if let [_, _, vw, vh] = parts[..]
            && vw > 0.0
            && vh > 0.0
        {
            w = w.or(Some(vw));
            h = h.or(Some(vh));
        }
    }
    Ok((w.map(|n| n.round() as u32), h.map(|n| n.round() as u32)))
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_ascii_lowercase()
}

/// Check one element and its attributes; returns its local name, lowercase.
fn element(e: &BytesStart<'_>) -> Result<String, SvgError> {
    let name = local(e);
    if SCRIPT_ELEMENTS.contains(&name.as_str()) {
        return Err(SvgError::Script);
    }
    if FOREIGN_ELEMENTS.contains(&name.as_str()) {
        return Err(SvgError::Foreign);
    }
    for a in e.attributes() {
        let a = a.map_err(|_| SvgError::Invalid)?;
        let key = a.key.local_name().as_ref().to_ascii_lowercase();
        let value = unescape(&a.value)?;
        if key.starts_with("on") {
            return Err(SvgError::Script);
        }
        let folded: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
        if folded.contains("javascript:") || folded.contains("vbscript:") {
            return Err(SvgError::Script);
        }
        match key.as_str() {
            // Links and references may only point inside the drawing.
            "href" | "src" | "action" | "formaction" if !value.trim().starts_with('#') => return Err(SvgError::External),
            // Animations that could change a link or add a handler.
            "attributename" if folded.contains("href") || folded.starts_with("on") => return Err(SvgError::Script),
            "style" => check_css(&value)?,
            _ if folded.contains("url(") && !references_only_inside(&folded) => return Err(SvgError::External),
            _ => {}
        }
    }
    Ok(name)
}

/// CSS in a `<style>` element or a `style` attribute: no import, no outside `url()`.
fn check_css(css: &str) -> Result<(), SvgError> {
    let folded: String = css.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    if folded.contains("@import") || folded.contains("\\") {
        return Err(SvgError::External);
    }
    if folded.contains("expression(") || folded.contains("javascript:") {
        return Err(SvgError::Script);
    }
    if !references_only_inside(&folded) {
        return Err(SvgError::External);
    }
    Ok(())
}

/// Every `url(` in folded CSS points to `#…` (a gradient, a clip path of the drawing).
fn references_only_inside(folded: &str) -> bool {
    folded.match_indices("url(").all(|(i, _)| {
        let rest = folded[i + 4..].trim_start_matches(['\'', '"']);
        rest.starts_with('#')
    })
}

/// An attribute value with its entity and character references resolved.
fn unescape(raw: &str) -> Result<String, SvgError> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').ok_or(SvgError::Invalid)?;
        let name = &after[..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or(SvgError::Invalid)?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGO: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 240 64" role="img">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#0b5"/></linearGradient></defs>
  <style>.a { fill: url(#g); }</style>
  <!-- a comment -->
  <circle class="a" cx="32" cy="32" r="30" style="fill: url('#g')"/>
  <use xlink:href="#g"/>
  <text x="70" y="40">Passerelles &amp; co</text>
</svg>"##;

    #[test]
    fn a_clean_drawing_passes_with_its_size() {
        let p = prepare_svg(LOGO.as_bytes()).unwrap();
        assert_eq!(p.mime, "image/svg+xml");
        assert_eq!((p.width, p.height), (Some(240), Some(64)));
        assert!(looks_like_svg(LOGO.as_bytes()));
    }

    #[test]
    fn scripts_handlers_outside_references_and_foreign_objects_are_refused() {
        let svg = |inner: &str| format!(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{inner}</svg>"#);
        let cases = [
            (svg("<script>alert(1)</script>"), SvgError::Script),
            (svg("<SCRIPT>alert(1)</SCRIPT>"), SvgError::Script),
            (svg(r#"<rect onload="alert(1)"/>"#), SvgError::Script),
            (svg(r#"<a href="javascript:alert(1)"><rect/></a>"#), SvgError::Script),
            (svg(r#"<a href="&#106;avascript:alert(1)"><rect/></a>"#), SvgError::Script),
            (svg(r#"<set attributeName="href" to="x"/>"#), SvgError::Script),
            (svg(r#"<image href="https://tracker.example/p.png"/>"#), SvgError::External),
            (svg(r#"<use xlink:href="other.svg#a"/>"#), SvgError::External),
            (svg(r#"<image href="data:image/png;base64,AAAA"/>"#), SvgError::External),
            (svg(r#"<rect fill="url(https://x.example/a)"/>"#), SvgError::External),
            (svg("<style>@import url(https://x.example/a.css);</style>"), SvgError::External),
            (svg("<style>rect { fill: url(http://x.example/#a) }</style>"), SvgError::External),
            (svg(r#"<rect style="background: url(//x.example/a)"/>"#), SvgError::External),
            (svg("<foreignObject><div>hi</div></foreignObject>"), SvgError::Foreign),
            (svg("<iframe/>"), SvgError::Foreign),
        ];
        for (doc, want) in cases {
            assert_eq!(prepare_svg(doc.as_bytes()).err(), Some(want), "{doc}");
        }
        let with_pi = r#"<?xml-stylesheet href="https://x.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#;
        assert_eq!(prepare_svg(with_pi.as_bytes()).err(), Some(SvgError::External));
        let bomb = r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>"#;
        assert_eq!(prepare_svg(bomb.as_bytes()).err(), Some(SvgError::Doctype));
    }

    #[test]
    fn what_is_not_an_svg_document_is_refused() {
        for doc in ["", "not xml", "<html><body/></html>", "<svg><rect></svg>", "<svg/><svg/>", "<svg/>trailing"] {
            assert_eq!(prepare_svg(doc.as_bytes()).err(), Some(SvgError::Invalid), "{doc}");
        }
        assert_eq!(prepare_svg(&[0xff, 0xfe, b'<']).err(), Some(SvgError::Invalid));
        assert_eq!(SvgError::Foreign.message_key(), "media-svg-foreign");
    }
}
