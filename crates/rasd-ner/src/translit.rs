//! A readable Latin transliteration of Arabic names, for entities the actor
//! dictionary does not know.
//!
//! Arabic script leaves short vowels unwritten, so no rule can give back
//! "Muhammad" from محمد; this one aims at names a reader can say and search
//! for: long vowels become a/i/u (or w/y next to a vowel), the article
//! becomes "al-", a two-consonant cluster at either end of a word gets an
//! "a" (حفتر → Haftar, خليفة → Khalifa), and each word is capitalized.
//!
//! ```
//! use rasd_ner::translit::transliterate;
//!
//! assert_eq!(transliterate("خليفة حفتر"), "Khalifa Haftar");
//! assert_eq!(transliterate("الليبي"), "al-Libi");
//! assert_eq!(transliterate("الله"), "Allah");
//! ```

/// Transliterates an Arabic name (words separated by spaces).
pub fn transliterate(name: &str) -> String {
    let mut out = Vec::new();
    for word in name.split_whitespace() {
        let w = word_translit(word);
        if !w.is_empty() {
            out.push(w);
        }
    }
    out.join(" ")
}

fn consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' => "z",
        'س' => "s",
        'ش' => "sh",
        'ص' => "s",
        'ض' => "d",
        'ط' => "t",
        'ظ' => "z",
        'ع' => "'",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' | 'ک' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'ه' => "h",
        'ء' | 'ؤ' | 'ئ' => "'",
        'پ' => "p",
        'چ' => "ch",
        'ڤ' => "v",
        'گ' => "g",
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sound {
    C,
    V,
}

fn word_translit(word: &str) -> String {
    let letters: Vec<char> = word
        .chars()
        .filter(|c| {
            ('\u{0621}'..='\u{064A}').contains(c) || matches!(c, 'پ' | 'چ' | 'ڤ' | 'گ' | 'ک' | 'ی')
        })
        .map(|c| if c == 'ی' { 'ي' } else { c })
        .collect();
    if letters.is_empty() {
        return word.to_owned();
    }
    // The name of God, alone or ending a name (عبد الله، حزب الله), is
    // spelled as English writes it, not letter by letter (al-Lh).
    if matches!(letters.as_slice(), ['ا', 'ل', 'ل', 'ه']) {
        return "Allah".to_owned();
    }
    let (prefix, body) = if letters.len() > 3 && letters[0] == 'ا' && letters[1] == 'ل' {
        ("al-", &letters[2..])
    } else {
        ("", &letters[..])
    };
    // Sounds: (latin, kind).
    let mut parts: Vec<(String, Sound)> = Vec::new();
    let n = body.len();
    for (i, &c) in body.iter().enumerate() {
        let prev_vowel = parts.last().is_none_or(|p| p.1 == Sound::V);
        let next_vowel = body
            .get(i + 1)
            .is_some_and(|&d| matches!(d, 'ا' | 'ى' | 'آ'));
        let part = match c {
            'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' => {
                if i == 0 && matches!(c, 'إ') {
                    ("i".to_owned(), Sound::V)
                } else if i == 0 && matches!(c, 'أ') && body.get(1).is_some_and(|&d| d == 'و') {
                    ("u".to_owned(), Sound::V)
                } else {
                    ("a".to_owned(), Sound::V)
                }
            }
            'ى' => ("a".to_owned(), Sound::V),
            'ة' => ("a".to_owned(), Sound::V),
            'و' => {
                if i == 0 || prev_vowel || next_vowel {
                    ("w".to_owned(), Sound::C)
                } else {
                    ("u".to_owned(), Sound::V)
                }
            }
            'ي' => {
                if i == 0 || next_vowel || (prev_vowel && i + 1 < n) {
                    ("y".to_owned(), Sound::C)
                } else {
                    ("i".to_owned(), Sound::V)
                }
            }
            _ => match consonant(c) {
                Some(l) => (l.to_owned(), Sound::C),
                None => continue,
            },
        };
        parts.push(part);
    }
    // Break a two-consonant cluster at either end of the word with an "a".
    if parts.len() >= 3 && parts[0].1 == Sound::C && parts[1].1 == Sound::C {
        parts.insert(1, ("a".to_owned(), Sound::V));
    }
    let len2 = parts.len();
    if len2 >= 3 && parts[len2 - 1].1 == Sound::C && parts[len2 - 2].1 == Sound::C {
        parts.insert(len2 - 1, ("a".to_owned(), Sound::V));
    }
    let body: String = parts.into_iter().map(|p| p.0).collect();
    let body = body.trim_start_matches('\'').to_owned();
    let mut out = String::from(prefix);
    let mut chars = body.chars();
    if let Some(f) = chars.next() {
        out.extend(f.to_uppercase());
        out.push_str(chars.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_names() {
        let cases = [
            ("خليفة حفتر", "Khalifa Haftar"),
            ("بنغازي", "Banghazi"),
            ("الليبي", "al-Libi"),
            ("سامي", "Sami"),
            ("وليد", "Walid"),
            ("يوسف", "Yusaf"),
        ];
        for (ar, la) in cases {
            assert_eq!(transliterate(ar), la, "{ar}");
        }
    }

    #[test]
    fn never_empty_for_arabic() {
        for w in ["ع", "ء", "اا", "ـــ"] {
            let _ = transliterate(w);
        }
        assert_eq!(transliterate("NATO"), "NATO");
    }
}
