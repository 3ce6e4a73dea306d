//! The value types every module shares: e-mail address, slug, web address, phone number and
//! date range. Each has one parser that gives the typed value or the i18n key of the message
//! shown next to the field, so a form and the API refuse the same input with the same words.

use std::fmt;

/// An e-mail address: trimmed and lowercased, `local@domain.tld`, at most 254 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const ERROR: &'static str = "field-email";

    pub fn parse(s: &str) -> Result<Email, &'static str> {
        let s = s.trim();
        let Some((local, domain)) = s.split_once('@') else { return Err(Self::ERROR) };
        let ok = !local.is_empty()
            && local.len() <= 64
            && s.len() <= 254
            && domain.contains('.')
            && !domain.contains('@')
            && domain.split('.').all(|label| !label.is_empty())
            && !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',' | ';' | '(' | ')'));
        if ok { Ok(Email(s.to_lowercase())) } else { Err(Self::ERROR) }
    }

    /// An optional address: empty input is `None`.
    pub fn parse_optional(s: &str) -> Result<Option<Email>, &'static str> {
        if s.trim().is_empty() { Ok(None) } else { Email::parse(s).map(Some) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A slug: lowercase ASCII letters and digits in words joined by single hyphens, 1 to 80 bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    pub const ERROR: &'static str = "field-slug";
    pub const MAX: usize = 80;

    pub fn parse(s: &str) -> Result<Slug, &'static str> {
        let ok = !s.is_empty()
            && s.len() <= Self::MAX
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok { Ok(Slug(s.to_string())) } else { Err(Self::ERROR) }
    }

    /// The slug typed (trimmed), or one made from `title` when nothing was typed.
    pub fn typed_or_from(typed: &str, title: &str) -> String {
        let typed = typed.trim();
        if typed.is_empty() { crate::core::markup::slugify(title) } else { typed.to_string() }
    }

    pub fn is_valid(s: &str) -> bool {
        Slug::parse(s).is_ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A web address: `http://` or `https://` (any case), a host, no spaces or control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WebUrl(String);

impl WebUrl {
    pub const ERROR: &'static str = "field-url";
    pub const MAX: usize = 2000;

    pub fn parse(s: &str) -> Result<WebUrl, &'static str> {
        let s = s.trim();
        let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &s[8..]
        } else if lower.starts_with("http://") {
            &s[7..]
        } else {
            return Err(Self::ERROR);
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let (host, port) = match host_port.strip_prefix('[') {
            Some(v6) => match v6.split_once(']') {
                Some((h, after)) => (h, after.strip_prefix(':').unwrap_or(after)),
                None => return Err(Self::ERROR),
            },
            None => host_port.split_once(':').unwrap_or((host_port, "")),
        };
        if !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Self::ERROR);
        }
        let ok = !host.is_empty()
            && !host.starts_with('.')
            && !host.contains("..")
            && s.len() <= Self::MAX
            && !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\\' | '`'));
        if ok { Ok(WebUrl(s.to_string())) } else { Err(Self::ERROR) }
    }

    /// An optional address: empty input is `None`.
    pub fn parse_optional(s: &str) -> Result<Option<WebUrl>, &'static str> {
        if s.trim().is_empty() { Ok(None) } else { WebUrl::parse(s).map(Some) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A phone number, normalised to its international form (`+33123456789`). French numbers are
/// read as typed in France (`01 23 45 67 89`, `01.23.45.67.89`, `+33 (0)1 23 45 67 89`,
/// `0033 1 23 45 67 89`); others need their country code (`+44 20 7946 0958`, `0044 …`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub const ERROR: &'static str = "field-phone";

    pub fn parse(s: &str) -> Result<Phone, &'static str> {
        let s = s.trim().replace("(0)", "");
        let (international, body) = match s.strip_prefix('+') {
            Some(rest) => (true, rest.to_string()),
            None => (false, s.clone()),
        };
        if !body.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '/' | '(' | ')' | '\u{a0}' | '\u{202f}')) {
            return Err(Self::ERROR);
        }
        let digits: String = body.chars().filter(char::is_ascii_digit).collect();
        let (international, digits) = match digits.strip_prefix("00") {
            Some(rest) if !international => (true, rest.to_string()),
            _ => (international, digits),
        };
        let e164 = if international {
            if let Some(national) = digits.strip_prefix("33") {
                // +33 then the French number without its leading 0.
                let national = national.strip_prefix('0').filter(|n| n.len() == 9).unwrap_or(national);
                if national.len() != 9 || national.starts_with('0') {
                    return Err(Self::ERROR);
                }
                format!("+33{national}")
            } else {
                if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
                    return Err(Self::ERROR);
                }
                format!("+{digits}")
            }
        } else {
            // A French number as dialled in France: ten digits, 0 then 1 to 9.
            match digits.strip_prefix('0') {
                Some(national) if national.len() == 9 && !national.starts_with('0') => format!("+33{national}"),
                _ => return Err(Self::ERROR),
            }
        };
        Ok(Phone(e164))
    }

    /// An optional number: empty input is `None`.
    pub fn parse_optional(s: &str) -> Result<Option<Phone>, &'static str> {
        if s.trim().is_empty() { Ok(None) } else { Phone::parse(s).map(Some) }
    }

    /// The international form, `+33123456789` (for `tel:` links).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form people read: French numbers as `01 23 45 67 89`, others internationally.
    pub fn display(&self) -> String {
        match self.0.strip_prefix("+33") {
            Some(national) => {
                let digits = format!("0{national}");
                let pairs: Vec<&str> = (0..digits.len()).step_by(2).filter_map(|i| digits.get(i..i + 2)).collect();
                pairs.join(" ")
            }
            None => self.0.clone(),
        }
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// Two instants (unix seconds), the end strictly after the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub start: i64,
    pub end: i64,
}

impl DateRange {
    pub const ERROR: &'static str = "field-end-before-start";

    pub fn new(start: i64, end: i64) -> Result<DateRange, &'static str> {
        if end > start { Ok(DateRange { start, end }) } else { Err(Self::ERROR) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_need_a_domain_with_a_dot() {
        assert_eq!(Email::parse("  Awa.Diallo@Exemple.FR ").unwrap().as_str(), "awa.diallo@exemple.fr");
        assert_eq!(Email::parse("a+tag@sous.domaine.org").unwrap().as_str(), "a+tag@sous.domaine.org");
        for bad in ["", "a@b", "@b.fr", "a@.fr", "a@b.", "a@b..fr", "a b@c.fr", "a@b@c.fr", "pas une adresse", "<a@b.fr>", "a@b.fr,c@d.fr"]
        {
            assert_eq!(Email::parse(bad), Err("field-email"), "{bad}");
        }
        assert_eq!(Email::parse(&format!("{}@b.fr", "a".repeat(65))), Err("field-email"));
        assert_eq!(Email::parse_optional(" ").unwrap(), None);
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_hyphens() {
        assert!(Slug::parse("forum-2026").is_ok());
        for bad in ["", "-a", "a-", "a--b", "Forum", "forum emploi", "égalité", &"a".repeat(81)] {
            assert_eq!(Slug::parse(bad), Err("field-slug"), "{bad}");
        }
        assert_eq!(Slug::typed_or_from("", "Forum de l’emploi"), "forum-de-l-emploi");
        assert_eq!(Slug::typed_or_from(" mon-forum ", "Forum"), "mon-forum");
    }

    #[test]
    fn web_addresses_are_http_or_https_with_a_host() {
        for good in
            ["https://exemple.fr", "http://exemple.fr/a?b=c#d", "HTTPS://Exemple.fr", "https://exemple.fr:8443/x", "https://[::1]:80/"]
        {
            assert!(WebUrl::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "exemple.fr",
            "ftp://exemple.fr",
            "javascript:alert(1)",
            "https://",
            "https:///x",
            "https://a b.fr",
            "https://ex.fr/\"x",
            "https://.fr",
        ] {
            assert_eq!(WebUrl::parse(bad), Err("field-url"), "{bad}");
        }
        assert_eq!(WebUrl::parse(&format!("https://e.fr/{}", "a".repeat(2000))), Err("field-url"));
    }

    #[test]
    fn phones_are_normalised_to_their_international_form() {
        for (typed, e164) in [
            ("01 23 45 67 89", "+33123456789"),
            ("01.23.45.67.89", "+33123456789"),
            ("0123456789", "+33123456789"),
            ("06-12-34-56-78", "+33612345678"),
            ("+33 1 23 45 67 89", "+33123456789"),
            ("+33 (0)1 23 45 67 89", "+33123456789"),
            ("0033 1 23 45 67 89", "+33123456789"),
            ("+44 20 7946 0958", "+442079460958"),
            ("0044 20 7946 0958", "+442079460958"),
            ("+1 (415) 555-2671", "+14155552671"),
        ] {
            assert_eq!(Phone::parse(typed).map(|p| p.as_str().to_string()), Ok(e164.to_string()), "{typed}");
        }
        for bad in [
            "",
            "12345",
            "00 00 00 00 00",
            "1234567890",
            "+33 1 23",
            "+33 0 23 45 67 89",
            "01 23 45 67 8a",
            "+0 123 456 789",
            "+1234567890123456",
        ] {
            assert_eq!(Phone::parse(bad), Err("field-phone"), "{bad}");
        }
        assert_eq!(Phone::parse("0478000000").unwrap().display(), "04 78 00 00 00");
        assert_eq!(Phone::parse("+44 20 7946 0958").unwrap().display(), "+442079460958");
    }

    #[test]
    fn a_date_range_ends_strictly_after_it_starts() {
        assert_eq!(DateRange::new(10, 20), Ok(DateRange { start: 10, end: 20 }));
        assert_eq!(DateRange::new(10, 10), Err("field-end-before-start"));
        assert_eq!(DateRange::new(10, 5), Err("field-end-before-start"));
    }
}
