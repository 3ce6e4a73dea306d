//! A small RFC 5545 writer: the few properties essaim needs, escaped and folded at 75 octets
//! with CRLF line ends. Written by hand rather than with the `icalendar` crate: it is forty
//! lines, and the folding on UTF-8 boundaries and the exact output are ours to test.

/// One VEVENT.
#[derive(Clone, Debug, Default)]
pub struct VEvent {
    pub uid: String,
    pub dtstamp: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub url: String,
    pub sequence: i64,
    /// CONFIRMED, TENTATIVE or CANCELLED.
    pub status: &'static str,
    /// `mailto:` addresses, for an invitation sent by e-mail (METHOD REQUEST / CANCEL).
    pub organizer: Option<String>,
    pub attendee: Option<String>,
}

/// A VCALENDAR with `events`; `method` for an e-mailed invitation (REQUEST, CANCEL).
pub fn calendar(name: Option<&str>, method: Option<&str>, events: &[VEvent]) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(&fold(s));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//essaim//events//FR");
    line("CALSCALE:GREGORIAN");
    if let Some(m) = method {
        line(&format!("METHOD:{m}"));
    }
    if let Some(n) = name {
        line(&format!("X-WR-CALNAME:{}", escape(n)));
    }
    for e in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape(&e.uid)));
        line(&format!("DTSTAMP:{}", utc(e.dtstamp)));
        line(&format!("DTSTART:{}", utc(e.starts_at)));
        line(&format!("DTEND:{}", utc(e.ends_at.max(e.starts_at))));
        line(&format!("SEQUENCE:{}", e.sequence));
        line(&format!("STATUS:{}", e.status));
        line(&format!("SUMMARY:{}", escape(&e.summary)));
        if !e.location.is_empty() {
            line(&format!("LOCATION:{}", escape(&e.location)));
        }
        if !e.description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape(&e.description)));
        }
        if !e.url.is_empty() {
            line(&format!("URL:{}", e.url));
        }
        if let Some(o) = &e.organizer {
            line(&format!("ORGANIZER:{o}"));
        }
        if let Some(a) = &e.attendee {
            line(&format!("ATTENDEE;ROLE=REQ-PARTICIPANT:{a}"));
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Fold a content line so no line exceeds 75 octets, never inside a UTF-8 character; the
/// continuation lines start with a space (RFC 5545 §3.1). No trailing CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out
}

/// A UTC date-time, as in 20261203T180000Z.
pub fn utc(ts: i64) -> String {
    jiff::Timestamp::from_second(ts).unwrap_or(jiff::Timestamp::UNIX_EPOCH).strftime("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a;b,c\\d\ne\r\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
    }

    #[test]
    fn folding_at_75_octets_on_character_boundaries() {
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&long);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert!(folded.split("\r\n").skip(1).all(|l| l.starts_with(' ')));
        assert_eq!(folded.replace("\r\n ", ""), long);
        assert_eq!(fold("SHORT:x"), "SHORT:x");
    }

    #[test]
    fn a_calendar_uses_crlf_and_utc() {
        let ev = VEvent {
            uid: "event-1@h".into(),
            starts_at: 0,
            ends_at: 3600,
            summary: "A, B".into(),
            status: "CONFIRMED",
            ..Default::default()
        };
        let c = calendar(None, Some("REQUEST"), &[ev]);
        assert!(c.starts_with("BEGIN:VCALENDAR\r\n") && c.ends_with("END:VCALENDAR\r\n"));
        assert!(c.contains("\r\nDTSTART:19700101T000000Z\r\nDTEND:19700101T010000Z\r\n"));
        assert!(c.contains("SUMMARY:A\\, B\r\n"));
        assert!(!c.replace("\r\n", "").contains('\n'));
    }
}
