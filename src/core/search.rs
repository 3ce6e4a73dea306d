//! French-aware search, identical on both backends: text is folded (lowercase, no accents)
//! and stemmed in Rust into a search document; SQLite indexes it with FTS5, PostgreSQL stores
//! its `to_tsvector('simple', …)` (without positions) under a GIN index (both in `search_fts`,
//! kept by triggers).
//! The only backend branch is the query in `search/store.rs`.

use rust_stemmers::{Algorithm, Stemmer};

use crate::core::db::Db;
use crate::core::i18n::fold;
use crate::core::markup::escape;

mod store;
pub use store::index;

const STOPWORDS: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "cette", "d", "dans", "de", "des", "du", "elle", "en", "est", "et", "il", "ils", "l", "la",
    "le", "les", "leur", "leurs", "lui", "m", "mais", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que",
    "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "t", "un", "une", "vos", "votre", "vous", "y", "the", "of", "and", "to", "in",
    "is",
];

/// The words of a text: folded, split on anything not a letter or digit.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold)
}

/// Stemmed, folded terms of a text, stop words removed ("Égalités" -> "egal").
pub fn terms(text: &str) -> Vec<String> {
    let stemmer = Stemmer::create(Algorithm::French);
    words(text)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| {
            let stem = stemmer.stem(&w).into_owned();
            stem.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// The search document of a title and a body (the title counts twice).
pub fn document(title: &str, body: &str) -> String {
    let t = terms(title).join(" ");
    format!("{t} {t} {}", terms(body).join(" "))
}

/// Past this many matches, the newest this many are the ones ranked ("more than 1,000 results"):
/// a common word among a million posts costs what a rarer one does.
pub const MAX_RANKED: usize = 1000;

/// A page of results: the ids of published posts and pages that hold every term, best first;
/// how many were ranked, and whether there were more.
#[derive(Debug, Default)]
pub struct Found {
    pub ids: Vec<i64>,
    pub total: i64,
    pub more: bool,
}

/// Search, best first. The engines only find the matches (FTS5, or the GIN index on the stored
/// tsvectors): the newest `MAX_RANKED` + 1, read in the index's order and stopping there, with
/// their documents. They are ranked here, the same way on both engines, by `score`, then by
/// date. (bm25() would read the whole list of a common word to weigh it: 80 ms at a million
/// posts.)
pub async fn find(db: &Db, query_terms: &[String], now: i64, limit: i64, offset: i64) -> Result<Found, sqlx::Error> {
    let mut uniq: Vec<&str> = vec![];
    for t in query_terms {
        if !uniq.contains(&t.as_str()) {
            uniq.push(t);
        }
    }
    if uniq.is_empty() {
        return Ok(Found::default());
    }
    let (matches, more) = store::newest_matches(db, &uniq, now, MAX_RANKED).await?;
    let cap = i64::try_from(MAX_RANKED).unwrap_or(i64::MAX);
    // One pass over each document: its length and the counts of the terms.
    let counted: Vec<(usize, Vec<u32>)> = matches.iter().map(|m| term_counts(&m.2, &uniq)).collect();
    let average = counted.iter().map(|c| c.0).sum::<usize>() as f64 / counted.len().max(1) as f64;
    let mut ranked: Vec<(f64, i64, i64)> =
        matches.iter().zip(&counted).map(|((id, at, _), (length, counts))| (score(*length, counts, average), *at, *id)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    let ids =
        ranked.iter().skip(usize::try_from(offset).unwrap_or(usize::MAX)).take(usize::try_from(limit).unwrap_or(0)).map(|m| m.2).collect();
    Ok(Found { ids, total: i64::try_from(ranked.len()).unwrap_or(cap), more })
}

/// How well a search document answers the terms (higher is better): BM25's saturation of each
/// term's count and its normalisation by the document's length (k1 = 1.2, b = 0.75), the
/// terms weighted alike (every match holds them all). The title counts twice in a document.
fn score(length: usize, counts: &[u32], average_length: f64) -> f64 {
    const K1: f64 = 1.2;
    const B: f64 = 0.75;
    let norm = K1 * (1.0 - B + B * length as f64 / average_length.max(1.0));
    counts.iter().map(|&c| f64::from(c) * (K1 + 1.0) / (f64::from(c) + norm)).sum()
}

/// A search document's length in words, and how many times each of the terms is in it.
fn term_counts(doc: &str, query_terms: &[&str]) -> (usize, Vec<u32>) {
    let mut counts = vec![0u32; query_terms.len()];
    let mut length = 0usize;
    for word in doc.split(' ').filter(|w| !w.is_empty()) {
        length += 1;
        if let Some(c) = query_terms.iter().position(|t| *t == word).and_then(|i| counts.get_mut(i)) {
            *c += 1;
        }
    }
    (length, counts)
}

/// Escaped text with the words that match `query_terms` wrapped in `<mark>`.
pub fn highlight(text: &str, query_terms: &[String]) -> String {
    let stemmer = Stemmer::create(Algorithm::French);
    let mut out = String::with_capacity(text.len() + 32);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let folded = fold(word);
        let stem: String = stemmer.stem(&folded).chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if query_terms.contains(&stem) && !STOPWORDS.contains(&folded.as_str()) {
            out.push_str("<mark>");
            out.push_str(&escape(word));
            out.push_str("</mark>");
        } else {
            out.push_str(&escape(word));
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push_str(&escape(&c.to_string()));
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A window of `text` around the first matching word, for a result's extract.
pub fn snippet(text: &str, query_terms: &[String], max_chars: usize) -> String {
    let stemmer = Stemmer::create(Algorithm::French);
    let mut pos = 0;
    let mut found = None;
    for w in text.split(' ') {
        let folded = fold(w.trim_matches(|c: char| !c.is_alphanumeric()));
        let stem: String = stemmer.stem(&folded).chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if query_terms.contains(&stem) {
            found = Some(pos);
            break;
        }
        pos += w.chars().count() + 1;
    }
    let start = found.map(|p| p.saturating_sub(max_chars / 3)).unwrap_or(0);
    let chars: Vec<char> = text.chars().collect();
    let start = (0..=start.min(chars.len())).rev().find(|&i| i == 0 || chars.get(i - 1) == Some(&' ')).unwrap_or(0);
    let end = (start + max_chars).min(chars.len());
    let mut s: String = chars.get(start..end).map(|c| c.iter().collect()).unwrap_or_default();
    if end < chars.len() {
        if let Some(sp) = s.rfind(' ') {
            s.truncate(sp);
        }
        s.push('…');
    }
    if start > 0 {
        s.insert(0, '…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_plurals_meet() {
        assert_eq!(terms("égalité"), terms("egalite"));
        assert_eq!(terms("quartiers"), terms("quartier"));
        assert_eq!(terms("Égalité des chances"), terms("egalite chance"));
        assert!(terms("le la les de").is_empty());
    }

    #[test]
    fn highlights_the_matching_words() {
        let q = terms("quartier egalite");
        let h = highlight("Les quartiers & l'Égalité <b>", &q);
        assert_eq!(h, "Les <mark>quartiers</mark> &amp; l&#39;<mark>Égalité</mark> &lt;b&gt;");
    }

    #[test]
    fn more_occurrences_and_shorter_documents_score_higher() {
        let terms = ["abeil"];
        let score_of = |doc: &str| {
            let (length, counts) = term_counts(doc, &terms);
            score(length, &counts, 4.0)
        };
        let few = score_of("abeil ruch miel");
        assert!(score_of("abeil abeil abeil ruch") > few);
        assert!(few > score_of("abeil ruch miel fleur pollen printemp"));
        assert_eq!(score_of("ruch miel"), 0.0);
        assert_eq!(term_counts("abeil  ruch abeil", &terms), (3, vec![2]), "empty words are not words");
    }

    #[test]
    fn snippet_is_around_the_match() {
        let text = "un ".repeat(100) + "quartiers prioritaires " + &"deux ".repeat(100);
        let s = snippet(&text, &terms("quartier"), 80);
        assert!(s.contains("quartiers"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'));
    }
}
