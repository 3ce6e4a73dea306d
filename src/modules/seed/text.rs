//! French-looking text for the generated data set: a small deterministic random generator and
//! sentences built from `vocabulary.txt` (nouns with their gender, agreeing adjectives, verbs,
//! places and people). Not grammar, but close enough that titles read like news, bodies have a
//! few paragraphs of Markdown, and search meets common words, rare words and names.

const VOCABULARY: &str = include_str!("vocabulary.txt");

/// SplitMix64: tiny, fast, and the same sequence on every machine for a given seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for item `index` of a kind (posts, events…), so that an item's
    /// content depends on the seed and its number only.
    pub fn for_item(seed: u64, kind: u64, index: u64) -> Rng {
        let mut r = Rng::new(seed ^ kind.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n); 0 when n is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// Uniform in [lo, hi] (inclusive).
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { lo + self.below((hi - lo + 1) as u64) as i64 }
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A standard normal draw (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.unit().max(f64::MIN_POSITIVE);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// An index in [0, n) where the first ones come up more often than the last (the way
    /// word frequencies fall off). With about sixty nouns a post drawn from the vocabulary's
    /// thousand, the first noun is in about half the posts and the last ones in a few in a
    /// hundred (a steeper fall would make the first words stop words).
    pub fn skewed(&mut self, n: usize) -> usize {
        ((n as f64) * self.unit().powf(1.5)) as usize % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn pick_skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.skewed(items.len())]
    }
}

/// A noun and whether it is feminine.
#[derive(Clone, Debug)]
pub struct Noun {
    pub word: String,
    pub feminine: bool,
}

/// The words, read once from `vocabulary.txt`.
#[derive(Debug)]
pub struct Vocabulary {
    pub nouns: Vec<Noun>,
    pub plurals: Vec<String>,
    /// (masculine, feminine)
    pub adjectives: Vec<(String, String)>,
    pub verbs: Vec<String>,
    pub cities: Vec<String>,
    pub first_names: Vec<String>,
    pub last_names: Vec<String>,
    pub rare: Vec<String>,
}

/// Words that start with an aspirated h: no elision (« le hall », not « l'hall »).
const ASPIRATED_H: [&str; 5] = ["hall", "handball", "handicap", "haut-parleur", "halte-garderie"];

fn elides(word: &str) -> bool {
    let first = word.chars().next().unwrap_or('x').to_lowercase().next().unwrap_or('x');
    if first == 'h' {
        return !ASPIRATED_H.iter().any(|h| word.starts_with(h));
    }
    "aeiouyàâäéèêëîïôöùûüœ".contains(first)
}

impl Vocabulary {
    pub fn load() -> Result<Vocabulary, String> {
        let mut sections: Vec<(String, Vec<String>)> = vec![];
        for line in VOCABULARY.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                sections.push((name.to_string(), vec![]));
                continue;
            }
            let Some((_, words)) = sections.last_mut() else {
                return Err(format!("vocabulary: a word outside any section: {line}"));
            };
            words.extend(line.split(',').map(str::trim).filter(|w| !w.is_empty()).map(String::from));
        }
        let mut take = |name: &str| -> Result<Vec<String>, String> {
            let i = sections.iter().position(|(n, _)| n == name).ok_or_else(|| format!("vocabulary: no [{name}] section"))?;
            let words = sections.swap_remove(i).1;
            if words.is_empty() {
                return Err(format!("vocabulary: [{name}] is empty"));
            }
            Ok(words)
        };
        let masculine = take("masculine")?;
        let feminine = take("feminine")?;
        // Interleave the genders so that the most frequent nouns are of both.
        let mut nouns = vec![];
        for i in 0..masculine.len().max(feminine.len()) {
            if let Some(w) = masculine.get(i) {
                nouns.push(Noun { word: w.clone(), feminine: false });
            }
            if let Some(w) = feminine.get(i) {
                nouns.push(Noun { word: w.clone(), feminine: true });
            }
        }
        let adjectives = take("adjectives")?
            .into_iter()
            .map(|a| match a.split_once('/') {
                Some((m, f)) => (m.to_string(), f.to_string()),
                None => (a.clone(), a),
            })
            .collect();
        Ok(Vocabulary {
            nouns,
            plurals: take("plural")?,
            adjectives,
            verbs: take("verbs")?,
            cities: take("cities")?,
            first_names: take("first_names")?,
            last_names: take("last_names")?,
            rare: take("rare")?,
        })
    }

    /// How many different words the generator draws from.
    pub fn size(&self) -> usize {
        self.nouns.len()
            + self.plurals.len()
            + self.adjectives.len()
            + self.verbs.len()
            + self.cities.len()
            + self.first_names.len()
            + self.last_names.len()
            + self.rare.len()
    }
}

/// « à Lyon », « au Havre », « aux Sables-d'Olonne ».
pub fn at_place(city: &str) -> String {
    if let Some(rest) = city.strip_prefix("Le ") {
        format!("au {rest}")
    } else if let Some(rest) = city.strip_prefix("Les ") {
        format!("aux {rest}")
    } else {
        format!("à {city}")
    }
}

/// « de Lyon », « d'Angers », « du Havre ».
pub fn of_place(city: &str) -> String {
    if let Some(rest) = city.strip_prefix("Le ") {
        format!("du {rest}")
    } else if let Some(rest) = city.strip_prefix("Les ") {
        format!("des {rest}")
    } else if elides(city) {
        format!("d'{city}")
    } else {
        format!("de {city}")
    }
}

/// Upper-case the first letter.
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Sentences, titles and bodies drawn from a vocabulary.
pub struct Writer<'a> {
    pub words: &'a Vocabulary,
}

impl Writer<'_> {
    pub fn noun<'n>(&'n self, rng: &mut Rng) -> &'n Noun {
        rng.pick_skewed(&self.words.nouns)
    }

    fn adjective(&self, rng: &mut Rng, feminine: bool) -> String {
        let (m, f) = rng.pick_skewed(&self.words.adjectives);
        if feminine { f.clone() } else { m.clone() }
    }

    /// A noun, sometimes with an adjective.
    fn group(&self, rng: &mut Rng) -> (String, bool, bool) {
        let n = self.noun(rng);
        let text = if rng.chance(0.45) { format!("{} {}", n.word, self.adjective(rng, n.feminine)) } else { n.word.clone() };
        (text, n.feminine, elides(&n.word))
    }

    /// « le projet solidaire », « l'association », « la rencontre ».
    pub fn definite(&self, rng: &mut Rng) -> String {
        let (text, feminine, elided) = self.group(rng);
        match (elided, feminine) {
            (true, _) => format!("l'{text}"),
            (false, true) => format!("la {text}"),
            (false, false) => format!("le {text}"),
        }
    }

    /// « un atelier », « une soirée festive ».
    pub fn indefinite(&self, rng: &mut Rng) -> String {
        let (text, feminine, _) = self.group(rng);
        if feminine { format!("une {text}") } else { format!("un {text}") }
    }

    /// « du quartier », « de la ville », « de l'association ».
    pub fn of(&self, rng: &mut Rng) -> String {
        let (text, feminine, elided) = self.group(rng);
        match (elided, feminine) {
            (true, _) => format!("de l'{text}"),
            (false, true) => format!("de la {text}"),
            (false, false) => format!("du {text}"),
        }
    }

    pub fn city<'n>(&'n self, rng: &mut Rng) -> &'n str {
        rng.pick_skewed(&self.words.cities).as_str()
    }

    pub fn person(&self, rng: &mut Rng) -> String {
        format!("{} {}", rng.pick_skewed(&self.words.first_names), rng.pick_skewed(&self.words.last_names))
    }

    fn subject(&self, rng: &mut Rng) -> String {
        match rng.below(6) {
            0 => format!("le club {}", of_place(self.city(rng))),
            1 => self.person(rng),
            2 => format!("l'équipe {}", of_place(self.city(rng))),
            3 => "notre réseau".to_string(),
            _ => self.definite(rng),
        }
    }

    fn complement(&self, rng: &mut Rng) -> String {
        match rng.below(12) {
            0 | 1 => at_place(self.city(rng)),
            2 => format!("avec {}", self.definite(rng)),
            3 => format!("pour les {}", rng.pick_skewed(&self.words.plurals)),
            4 => format!("auprès des {}", rng.pick_skewed(&self.words.plurals)),
            5 => format!("dans {}", self.definite(rng)),
            6 => format!("au cœur {}", self.of(rng)),
            7 => format!("sur le thème {}", self.of(rng)),
            8 => format!("aux côtés des {}", rng.pick_skewed(&self.words.plurals)),
            9 => format!("grâce au soutien {}", self.of(rng)),
            10 => format!("avec {}", self.person(rng)),
            _ => format!("près {}", of_place(self.city(rng))),
        }
    }

    fn verb<'n>(&'n self, rng: &mut Rng) -> &'n str {
        rng.pick_skewed(&self.words.verbs).as_str()
    }

    /// One sentence, with its final stop.
    pub fn sentence(&self, rng: &mut Rng) -> String {
        let mut s = match rng.below(5) {
            0 => format!("{} {} {} {}", self.subject(rng), self.verb(rng), self.indefinite(rng), self.complement(rng)),
            1 => format!("{}, {} {} {}", capitalise(&self.complement(rng)), self.subject(rng), self.verb(rng), self.definite(rng)),
            2 => format!(
                "{} {} {} {} et {} {}",
                self.subject(rng),
                self.verb(rng),
                self.definite(rng),
                self.complement(rng),
                self.verb(rng),
                self.indefinite(rng)
            ),
            3 => format!("{} {} les {} {}", self.subject(rng), self.verb(rng), rng.pick_skewed(&self.words.plurals), self.complement(rng)),
            _ => format!("{} {} {}", self.subject(rng), self.verb(rng), self.definite(rng)),
        };
        // Now and then a rare word, so that some searches find few posts.
        if rng.chance(0.01) {
            s.push_str(&format!(", autour de la {}", rng.pick(&self.words.rare)));
        }
        let mut s = capitalise(&s);
        s.push('.');
        s
    }

    /// A news title: six to fourteen words.
    pub fn title(&self, rng: &mut Rng) -> String {
        let t = match rng.below(6) {
            0 => format!("{} {} {}", capitalise(&self.subject(rng)), self.verb(rng), self.indefinite(rng)),
            1 => format!("{} : {} {}", capitalise(&self.indefinite(rng)), self.definite(rng), self.complement(rng)),
            2 => format!("Retour sur {} {}", self.definite(rng), self.complement(rng)),
            3 => format!("{} {} {} {}", capitalise(&self.subject(rng)), self.verb(rng), self.definite(rng), self.complement(rng)),
            4 => format!("{} {}", capitalise(&self.indefinite(rng)), self.complement(rng)),
            _ => format!("Les {} {}", rng.pick_skewed(&self.words.plurals), self.complement(rng)),
        };
        t.trim().to_string()
    }

    pub fn paragraph(&self, rng: &mut Rng, sentences: u64) -> String {
        (0..sentences).map(|_| self.sentence(rng)).collect::<Vec<_>>().join(" ")
    }

    /// A post's Markdown body: three to six paragraphs, sometimes a heading, a list, a
    /// quotation, emphasis and a link.
    pub fn body(&self, rng: &mut Rng) -> String {
        let mut parts = vec![];
        let sentences = 2 + rng.below(2);
        let lead = self.paragraph(rng, sentences);
        parts.push(if rng.chance(0.3) { format!("**{lead}**") } else { lead });
        let paragraphs = 2 + rng.below(4);
        for i in 0..paragraphs {
            if i == 1 && rng.chance(0.5) {
                parts.push(format!("## {}", capitalise(&self.definite(rng))));
            }
            let sentences = 2 + rng.below(4);
            let mut p = self.paragraph(rng, sentences);
            if rng.chance(0.2) {
                let words = capitalise(&self.indefinite(rng));
                p.push_str(&format!(" *{words}* {}", self.sentence(rng).to_lowercase()));
            }
            if rng.chance(0.1) {
                let label = self.definite(rng);
                let slug = crate::core::markup::slugify(&label);
                p.push_str(&format!(" Plus d'informations sur [{label}](https://www.exemple.fr/{slug})."));
            }
            parts.push(p);
            if i == 0 && rng.chance(0.3) {
                let items = 3 + rng.below(3);
                parts.push(
                    (0..items)
                        .map(|_| format!("- {} {}", capitalise(&self.definite(rng)), self.complement(rng)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
        }
        if rng.chance(0.2) {
            parts.push(format!("> « {} » — {}", self.sentence(rng), self.person(rng)));
        }
        parts.join("\n\n")
    }

    /// A reader's comment: one to three sentences, often with a thank-you.
    pub fn comment(&self, rng: &mut Rng) -> String {
        const OPENINGS: [&str; 10] = [
            "Bravo à toute l'équipe !",
            "Merci pour cet article.",
            "Très belle initiative.",
            "Quelle belle journée, merci aux bénévoles.",
            "Mon fils y a participé et il a adoré.",
            "Est-ce que ce sera renouvelé l'an prochain ?",
            "Super, on en parle autour de nous.",
            "Merci pour le partage !",
            "Encore bravo.",
            "J'y étais, c'était formidable.",
        ];
        let mut c = String::new();
        if rng.chance(0.6) {
            let opening: &&str = rng.pick(&OPENINGS);
            c.push_str(opening);
        }
        for _ in 0..rng.below(3) {
            if !c.is_empty() {
                c.push(' ');
            }
            c.push_str(&self.sentence(rng));
        }
        if c.is_empty() { self.sentence(rng) } else { c }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_loads_with_a_few_thousand_words() {
        let v = Vocabulary::load().unwrap();
        assert!(v.size() > 1500, "{}", v.size());
        assert!(v.nouns.iter().any(|n| n.feminine) && v.nouns.iter().any(|n| !n.feminine));
    }

    #[test]
    fn the_same_seed_gives_the_same_text() {
        let v = Vocabulary::load().unwrap();
        let w = Writer { words: &v };
        let a = w.body(&mut Rng::for_item(1, 2, 3));
        let b = w.body(&mut Rng::for_item(1, 2, 3));
        let c = w.body(&mut Rng::for_item(1, 2, 4));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.len() > 200, "{a}");
    }

    #[test]
    fn articles_elide_and_agree() {
        assert!(elides("atelier") && elides("hébergement") && elides("égalité"));
        assert!(!elides("hall") && !elides("projet"));
        assert_eq!(capitalise("écoles"), "Écoles");
        assert_eq!((at_place("Le Havre"), at_place("Lyon")), ("au Havre".to_string(), "à Lyon".to_string()));
        assert_eq!((of_place("Angers"), of_place("Les Sables-d'Olonne")), ("d'Angers".to_string(), "des Sables-d'Olonne".to_string()));
    }

    #[test]
    fn skewed_draws_favour_the_first_items() {
        let mut rng = Rng::new(7);
        let first_tenth = (0..10_000).filter(|_| rng.skewed(1000) < 100).count();
        assert!((1800..2500).contains(&first_tenth), "{first_tenth}");
    }
}
