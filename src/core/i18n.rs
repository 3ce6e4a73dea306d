//! Interface text in French (default) and English, from Fluent files, and locale-aware
//! dates, numbers and sorting.

use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unicode_normalization::UnicodeNormalization;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        match s.trim().to_ascii_lowercase().get(..2) {
            Some("fr") => Some(Locale::Fr),
            Some("en") => Some(Locale::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or("");
            let q = bits.find_map(|b| b.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(l) = Locale::parse(tag)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, l));
            }
        }
        best.map(|(_, l)| l)
    }
}

const FILES: &[(Locale, &str)] = &[
    (Locale::Fr, include_str!("../../i18n/fr/core.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/news.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/network.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/identity.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/admin.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/events.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/events_offers.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/events_api.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/api_events_writes.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/events_checkin.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/events_booking.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/events_admin.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/access.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/people.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/jobs.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/forms.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/forms_editor.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/surveys_form.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/audit.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/input.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/api_writes.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/home.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/calls.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/surveys.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/calls_admin.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/calls_jury.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/calls_results.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/surveys_admin.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/surveys_exports.ftl")),
    (Locale::En, include_str!("../../i18n/en/core.ftl")),
    (Locale::En, include_str!("../../i18n/en/news.ftl")),
    (Locale::En, include_str!("../../i18n/en/network.ftl")),
    (Locale::En, include_str!("../../i18n/en/identity.ftl")),
    (Locale::En, include_str!("../../i18n/en/admin.ftl")),
    (Locale::En, include_str!("../../i18n/en/events.ftl")),
    (Locale::En, include_str!("../../i18n/en/events_offers.ftl")),
    (Locale::En, include_str!("../../i18n/en/events_api.ftl")),
    (Locale::En, include_str!("../../i18n/en/api_events_writes.ftl")),
    (Locale::En, include_str!("../../i18n/en/events_checkin.ftl")),
    (Locale::En, include_str!("../../i18n/en/events_booking.ftl")),
    (Locale::En, include_str!("../../i18n/en/events_admin.ftl")),
    (Locale::En, include_str!("../../i18n/en/access.ftl")),
    (Locale::En, include_str!("../../i18n/en/people.ftl")),
    (Locale::En, include_str!("../../i18n/en/jobs.ftl")),
    (Locale::En, include_str!("../../i18n/en/forms.ftl")),
    (Locale::En, include_str!("../../i18n/en/forms_editor.ftl")),
    (Locale::En, include_str!("../../i18n/en/surveys_form.ftl")),
    (Locale::En, include_str!("../../i18n/en/audit.ftl")),
    (Locale::En, include_str!("../../i18n/en/input.ftl")),
    (Locale::En, include_str!("../../i18n/en/api_writes.ftl")),
    (Locale::En, include_str!("../../i18n/en/home.ftl")),
    (Locale::En, include_str!("../../i18n/en/calls.ftl")),
    (Locale::En, include_str!("../../i18n/en/surveys.ftl")),
    (Locale::En, include_str!("../../i18n/en/calls_admin.ftl")),
    (Locale::En, include_str!("../../i18n/en/calls_jury.ftl")),
    (Locale::En, include_str!("../../i18n/en/calls_results.ftl")),
    (Locale::En, include_str!("../../i18n/en/surveys_admin.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/surveys_results.ftl")),
    (Locale::En, include_str!("../../i18n/en/surveys_results.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/programs.ftl")),
    (Locale::En, include_str!("../../i18n/en/programs.ftl")),
    (Locale::Fr, include_str!("../../i18n/fr/programs_admin.ftl")),
    (Locale::En, include_str!("../../i18n/en/programs_admin.ftl")),
    (Locale::En, include_str!("../../i18n/en/surveys_exports.ftl")),
];

/// Every message of every locale, loaded once at start.
pub struct Catalog {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl Catalog {
    pub fn load() -> anyhow::Result<Catalog> {
        let mut fr = FluentBundle::new_concurrent(vec![unic_langid::langid!("fr")]);
        let mut en = FluentBundle::new_concurrent(vec![unic_langid::langid!("en")]);
        fr.set_use_isolating(false);
        en.set_use_isolating(false);
        // DE($name): "de Léo", "d’Aïcha" (French elision before a vowel or a mute h).
        for bundle in [&mut fr, &mut en] {
            bundle
                .add_function("DE", |positional, _named| match positional.first() {
                    Some(FluentValue::String(s)) => FluentValue::from(de(s)),
                    Some(v) => v.clone(),
                    None => FluentValue::None,
                })
                .map_err(|e| anyhow::anyhow!("i18n: {e:?}"))?;
        }
        for (locale, text) in FILES {
            let res = FluentResource::try_new(text.to_string()).map_err(|(_, errs)| anyhow::anyhow!("i18n {}: {errs:?}", locale.code()))?;
            let bundle = match locale {
                Locale::Fr => &mut fr,
                Locale::En => &mut en,
            };
            bundle.add_resource(res).map_err(|errs| anyhow::anyhow!("i18n {}: {errs:?}", locale.code()))?;
        }
        Ok(Catalog { fr, en })
    }

    fn bundle(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        match locale {
            Locale::Fr => &self.fr,
            Locale::En => &self.en,
        }
    }

    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.bundle(locale).has_message(key)
    }

    /// The message `key` with `args`; the key itself when it is missing (a test checks none is).
    pub fn format(&self, locale: Locale, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle(locale);
        let Some(msg) = bundle.get_message(key) else { return key.to_string() };
        let Some(pattern) = msg.value() else { return key.to_string() };
        let mut errors = vec![];
        bundle.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// Every message id of a locale, for the completeness test.
    pub fn keys(locale: Locale) -> Vec<String> {
        FILES
            .iter()
            .filter(|(l, _)| *l == locale)
            .flat_map(|(_, text)| {
                text.lines()
                    .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                    .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

const DAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const DAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_FR: [&str; 12] =
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
const MONTHS_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// An integer from a value or a reference (templates hand over references in loops).
pub trait AsI64 {
    fn as_i64(&self) -> i64;
}

impl AsI64 for i64 {
    fn as_i64(&self) -> i64 {
        *self
    }
}

impl<T: AsI64 + ?Sized> AsI64 for &T {
    fn as_i64(&self) -> i64 {
        (**self).as_i64()
    }
}

/// A translator bound to one request's locale and the site's time zone; templates call it.
#[derive(Clone)]
pub struct Tr {
    catalog: Arc<Catalog>,
    pub locale: Locale,
    tz: jiff::tz::TimeZone,
}

impl Tr {
    pub fn new(catalog: Arc<Catalog>, locale: Locale, tz: jiff::tz::TimeZone) -> Tr {
        Tr { catalog, locale, tz }
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    /// The colon after a label: a narrow no-break space before it in French ("Lieu : Paris"),
    /// none in English ("Place: Paris").
    pub fn colon(&self) -> &'static str {
        match self.locale {
            Locale::Fr => "\u{202f}:",
            Locale::En => ":",
        }
    }

    /// A plain message, or one with numbers (`key?len=5000&max=200`, made by
    /// `error::with_numbers`): each number is formatted in the locale ("5 000", "5,000").
    pub fn t(&self, key: &str) -> String {
        let Some((key, numbers)) = key.split_once('?') else { return self.catalog.format(self.locale, key, None) };
        let mut args = FluentArgs::new();
        for (name, value) in numbers.split('&').filter_map(|p| p.split_once('=')) {
            match value.parse::<i64>() {
                Ok(n) => args.set(name.to_string(), FluentValue::from(self.num(n))),
                Err(_) => args.set(name.to_string(), FluentValue::from(value.to_string())),
            }
        }
        self.catalog.format(self.locale, key, Some(&args))
    }

    /// A message with a `$count` (plurals: "Aucun commentaire", "1 commentaire", "3 commentaires").
    pub fn n(&self, key: &str, count: impl AsI64) -> String {
        let count = count.as_i64();
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        args.set("formatted", FluentValue::from(self.num(count)));
        self.catalog.format(self.locale, key, Some(&args))
    }

    /// A message with one named string argument.
    pub fn a(&self, key: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), FluentValue::from(value.to_string()));
        self.catalog.format(self.locale, key, Some(&args))
    }

    /// A message with several named string arguments.
    pub fn args(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut a = FluentArgs::new();
        for (name, value) in args {
            a.set(name.to_string(), FluentValue::from(value.to_string()));
        }
        self.catalog.format(self.locale, key, Some(&a))
    }

    /// The time zone dates are shown in.
    pub fn tz(&self) -> &jiff::tz::TimeZone {
        &self.tz
    }

    fn zoned(&self, ts: i64) -> Option<jiff::Zoned> {
        jiff::Timestamp::from_second(ts).ok().map(|t| t.to_zoned(self.tz.clone()))
    }

    /// "mardi 13 décembre 2016" / "Tuesday 13 December 2016".
    pub fn date(&self, ts: impl AsI64) -> String {
        let ts = ts.as_i64();
        let Some(z) = self.zoned(ts) else { return String::new() };
        let wd = z.weekday().to_monday_zero_offset() as usize;
        let m = (z.month() as usize).saturating_sub(1);
        match self.locale {
            Locale::Fr => {
                let day = if z.day() == 1 { "1er".to_string() } else { z.day().to_string() };
                format!("{} {} {} {}", DAYS_FR[wd % 7], day, MONTHS_FR[m % 12], z.year())
            }
            Locale::En => format!("{} {} {} {}", DAYS_EN[wd % 7], z.day(), MONTHS_EN[m % 12], z.year()),
        }
    }

    /// "13 déc. 2016, 09:30" style: the long date and the time.
    pub fn datetime(&self, ts: impl AsI64) -> String {
        let ts = ts.as_i64();
        let Some(z) = self.zoned(ts) else { return String::new() };
        match self.locale {
            Locale::Fr => format!("{} à {:02}h{:02}", self.date(ts), z.hour(), z.minute()),
            Locale::En => format!("{} at {:02}:{:02}", self.date(ts), z.hour(), z.minute()),
        }
    }

    /// "décembre 2016" / "December 2016".
    pub fn month(&self, year: i64, month: i64) -> String {
        let m = (month.clamp(1, 12) - 1) as usize;
        match self.locale {
            Locale::Fr => format!("{} {year}", MONTHS_FR[m]),
            Locale::En => format!("{} {year}", MONTHS_EN[m]),
        }
    }

    /// "09h30" in French, "09:30" in English.
    pub fn time(&self, ts: impl AsI64) -> String {
        let Some(z) = self.zoned(ts.as_i64()) else { return String::new() };
        match self.locale {
            Locale::Fr => format!("{:02}h{:02}", z.hour(), z.minute()),
            Locale::En => format!("{:02}:{:02}", z.hour(), z.minute()),
        }
    }

    /// The machine-readable form for `<time datetime>`.
    pub fn iso(&self, ts: impl AsI64) -> String {
        let ts = ts.as_i64();
        self.zoned(ts).map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()).unwrap_or_default()
    }

    /// The value for an `<input type="datetime-local">`.
    pub fn input_datetime(&self, ts: impl AsI64) -> String {
        let ts = ts.as_i64();
        self.zoned(ts).map(|z| z.strftime("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
    }

    /// Parse an `<input type="datetime-local">` value in the site's time zone.
    pub fn parse_input_datetime(&self, s: &str) -> Option<i64> {
        let dt: jiff::civil::DateTime = s.trim().parse().ok()?;
        dt.to_zoned(self.tz.clone()).ok().map(|z| z.timestamp().as_second())
    }

    /// Year and month of a timestamp in the site's time zone.
    pub fn year_month(&self, ts: i64) -> (i64, i64) {
        self.zoned(ts).map(|z| (z.year() as i64, z.month() as i64)).unwrap_or((1970, 1))
    }

    /// "1 234" (narrow no-break space) in French, "1,234" in English.
    pub fn num(&self, n: impl AsI64) -> String {
        let n = n.as_i64();
        let digits = n.unsigned_abs().to_string();
        let sep = match self.locale {
            Locale::Fr => "\u{202f}",
            Locale::En => ",",
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }
}

/// "de" before a name, elided before a vowel or an h ("d’Aïcha", "d’Hugo", "de Léo"; a "y"
/// before a vowel is a consonant: "de Yasmine", "d’Yves").
pub fn de(name: &str) -> String {
    let name = name.trim_start();
    let folded = fold(name.get(..name.char_indices().nth(2).map_or(name.len(), |(i, _)| i)).unwrap_or(name));
    let mut chars = folded.chars();
    let elide = match (chars.next(), chars.next()) {
        (Some('a' | 'e' | 'i' | 'o' | 'u' | 'h'), _) => true,
        (Some('y'), Some(c)) => !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'),
        (Some('y'), None) => true,
        _ => false,
    };
    if elide { format!("d’{name}") } else { format!("de {name}") }
}

/// A key that sorts text as a French reader expects: case and accents only break ties
/// ("Éducation" next to "Emploi", not after "Vie" as the bytes would have it).
pub fn sort_key(s: &str) -> (String, String) {
    (fold(s), s.to_string())
}

/// Sort a list for display by French rules, on whichever database it came from: every list
/// of names shown to people (categories, tags, clubs, contacts, pages…) goes through here
/// rather than through the database's `ORDER BY`, whose collation differs between SQLite
/// (bytes) and PostgreSQL (the server's locale).
pub fn collate<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| sort_key(name(item)));
}

/// Lowercase and strip diacritics ("Égalité" -> "egalite"); also used by search.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'œ' => 'o',
            'æ' => 'a',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(locale: Locale) -> Tr {
        Tr::new(Arc::new(Catalog::load().unwrap()), locale, jiff::tz::TimeZone::get("Europe/Paris").unwrap())
    }

    #[test]
    fn french_long_dates() {
        // 2016-12-13 10:00 UTC
        assert_eq!(tr(Locale::Fr).date(1481623200), "mardi 13 décembre 2016");
        assert_eq!(tr(Locale::En).date(1481623200), "Tuesday 13 December 2016");
        // 2017-03-01 12:00 UTC: "1er" in French
        assert_eq!(tr(Locale::Fr).date(1488369600), "mercredi 1er mars 2017");
    }

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(tr(Locale::Fr).num(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(tr(Locale::En).num(1234), "1,234");
        assert_eq!(tr(Locale::En).num(-12), "-12");
    }

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(Locale::from_accept_language("de-DE,en;q=0.8,fr;q=0.5"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("fr-FR,fr;q=0.9"), Some(Locale::Fr));
        assert_eq!(Locale::from_accept_language("de"), None);
    }

    #[test]
    fn messages_say_their_numbers_in_the_locale() {
        let key = crate::core::error::too_long(5000, 200);
        assert_eq!(tr(Locale::Fr).t(&key), "Ce texte fait 5\u{202f}000 caractères\u{202f}; 200 au plus.");
        assert_eq!(tr(Locale::En).t(&key), "This text is 5,000 characters long; 200 at most.");
        assert_eq!(tr(Locale::En).t("field-required"), "This field is required.");
    }

    #[test]
    fn de_elides_before_a_vowel() {
        assert_eq!(de("Aïcha"), "d’Aïcha");
        assert_eq!(de("Adam"), "d’Adam");
        assert_eq!(de("Élodie"), "d’Élodie");
        assert_eq!(de("Hugo"), "d’Hugo");
        assert_eq!(de("Yves"), "d’Yves");
        assert_eq!(de("Yasmine"), "de Yasmine");
        assert_eq!(de("Léo"), "de Léo");
        assert_eq!(tr(Locale::Fr).a("checkin-booked-by", "name", "Aïcha Benali"), "Inscription d’Aïcha Benali");
        assert_eq!(tr(Locale::Fr).a("checkin-booked-by", "name", "Léo Martin"), "Inscription de Léo Martin");
    }

    #[test]
    fn sorting_ignores_accents() {
        let mut v = vec!["Zoé", "église", "Eric", "École"];
        v.sort_by_key(|s| sort_key(s));
        assert_eq!(v, vec!["École", "église", "Eric", "Zoé"]);
        let mut v = vec!["Vie du réseau", "Égalité des chances", "Emploi", "Éducation numérique", "apprentissage"];
        collate(&mut v, |s| s);
        assert_eq!(v, vec!["apprentissage", "Éducation numérique", "Égalité des chances", "Emploi", "Vie du réseau"]);
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let fr = Catalog::keys(Locale::Fr);
        let en = Catalog::keys(Locale::En);
        let missing_en: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
        let missing_fr: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        assert!(missing_fr.is_empty(), "missing in French: {missing_fr:?}");
        assert!(fr.len() > 20);
    }
}
