//! Verb inflection: the surface forms of a verb, generated from its
//! 3rd person masculine singular perfect and imperfect.
//!
//! The forms are *cores* in the sense of [`crate::keys`]: folded, without
//! proclitics (و ف س ل) and without enclitic pronouns, which the segmenter
//! splits off; they keep the person prefixes and suffixes. From زار / يزور:
//! زار زارت زاروا زارا زرن … يزور تزور نزور يزورون يزوران يزوروا … and the
//! jussive يزر تزر (matched only after لم / لما), the passives زير يزار.
//! The weak-verb stem changes are derived from the lemma's spelling:
//! defective (التقى → التقت التقوا يلتقون، دعا → دعت دعوا يدعون), hollow
//! (قال → قلت قيل يقال، يقول → يقل), doubled (رد → رددت).

use crate::keys::fold;

/// Which paradigm a form belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Aspect {
    /// A perfect (past) form.
    Perfect,
    /// An imperfect (present, or future with سـ) form.
    Imperfect,
    /// A short jussive form of a weak verb (يزر، يلتق), only used after لم / لما.
    Jussive,
    /// A form that is only passive in writing (قيل، أقيل، يقال).
    Passive,
    /// An accusative active participle used as a circumstantial verb
    /// (مؤكدا، داعيا، قائلا، منددا).
    Participle,
}

/// All forms of the verb `perfect` / `imperfect` (written as in the
/// lexicon, with hamzas and final ى), folded, with their aspect. Forms may
/// repeat with different aspects; the list has no exact duplicates.
pub fn verb_forms(perfect: &str, imperfect: &str) -> Vec<(String, Aspect)> {
    let mut out: Vec<(String, Aspect)> = Vec::with_capacity(48);
    let mut push = |s: String, a: Aspect| {
        if s.chars().count() >= 2 && !out.iter().any(|(f, b)| *f == s && *b == a) {
            out.push((s, a));
        }
    };
    // Perfect.
    let pf = fold(perfect);
    let last = perfect.chars().last().unwrap_or(' ');
    let pchars: Vec<char> = pf.chars().collect();
    use Aspect::*;
    if pchars.len() >= 2 {
        if last == 'ى' || last == 'ي' {
            let base: String = pchars[..pchars.len() - 1].iter().collect();
            push(pf.clone(), Perfect);
            for suf in ["ت", "تا", "وا", "و", "يا", "يت", "ينا", "يتم", "ين"] {
                push(format!("{base}{suf}"), Perfect);
            }
        } else if last == 'ا' {
            let base: String = pchars[..pchars.len() - 1].iter().collect();
            push(pf.clone(), Perfect);
            for suf in ["ت", "تا", "وا", "و", "وت", "ونا", "وتم"] {
                push(format!("{base}{suf}"), Perfect);
            }
        } else {
            for suf in ["", "ت", "تا", "ا", "وا", "و", "ن", "نا", "تم"] {
                push(format!("{pf}{suf}"), Perfect);
            }
            if last == 'أ' {
                // بدأ: بدؤوا.
                let base: String = pchars[..pchars.len() - 1].iter().collect();
                push(format!("{base}ووا"), Perfect);
            }
            let n = pchars.len();
            if n >= 3 && pchars[n - 2] == 'ا' {
                // Hollow: زار → زرت زرنا زرن; passive زير، أقيل، اختير.
                let short: String = pchars[..n - 2]
                    .iter()
                    .chain(std::iter::once(&pchars[n - 1]))
                    .collect();
                for suf in ["ت", "نا", "تم", "ن"] {
                    push(format!("{short}{suf}"), Perfect);
                }
                let passive: String = pchars[..n - 2]
                    .iter()
                    .chain(['ي', pchars[n - 1]].iter())
                    .collect();
                push(passive.clone(), Passive);
                push(format!("{passive}ت"), Passive);
                push(format!("{passive}وا"), Passive);
            }
            if n == 2 {
                // Doubled: رد → رددت.
                let full = format!("{pf}{}", pchars[1]);
                for suf in ["ت", "نا", "تم", "ن"] {
                    push(format!("{full}{suf}"), Perfect);
                }
            }
        }
    }
    // Imperfect.
    let impf = fold(imperfect);
    let ichars: Vec<char> = impf.chars().collect();
    if ichars.len() >= 2 && matches!(ichars[0], 'ي' | 'ت' | 'ن' | 'ا') {
        let stem: String = ichars[1..].iter().collect();
        let slen = ichars.len() - 1;
        let ilast = imperfect.chars().last().unwrap_or(' ');
        let defective = matches!(ilast, 'ي' | 'و' | 'ى') && slen >= 2;
        let hollow =
            !defective && slen == 3 && matches!(ichars[2], 'و' | 'ي' | 'ا') && ichars[1] != 'ا';
        for pre in ['ي', 'ت', 'ن', 'ا'] {
            push(format!("{pre}{stem}"), Imperfect);
            if defective {
                let base: String = ichars[1..ichars.len() - 1].iter().collect();
                for suf in ["ون", "وا", "ين"] {
                    push(format!("{pre}{base}{suf}"), Imperfect);
                }
                let dual = if ilast == 'ى' { "يان" } else { "ان" };
                let dual_stem = if ilast == 'ى' {
                    base.clone()
                } else {
                    stem.clone()
                };
                push(format!("{pre}{dual_stem}{dual}"), Imperfect);
                push(format!("{pre}{base}"), Jussive);
            } else {
                for suf in ["ون", "ان", "وا", "ين", "ن"] {
                    push(format!("{pre}{stem}{suf}"), Imperfect);
                }
            }
            if hollow {
                // يزور → يزر (jussive), يزرن; passive يزار، يقال.
                let short: String = [ichars[1], ichars[3]].iter().collect();
                push(format!("{pre}{short}"), Jussive);
                push(format!("{pre}{short}ن"), Imperfect);
                push(format!("{pre}{}ا{}", ichars[1], ichars[3]), Passive);
            }
        }
    }
    // Circumstantial participles (حال), accusative only: news uses them as
    // verbs ("…، داعيا الطرفين إلى"). Form I: فاعلا; derived forms: مـ + stem.
    let pchars: Vec<char> = pf.chars().collect();
    if pchars.len() == 3 && pchars[0] != 'ا' {
        let (c1, c2, c3) = (pchars[0], pchars[1], pchars[2]);
        let p = if last == 'ى' || last == 'ا' {
            format!("{c1}ا{c2}يا")
        } else if c2 == 'ا' {
            format!("{c1}اي{c3}ا")
        } else {
            format!("{c1}ا{c2}{c3}ا")
        };
        // Feminine: فاعلة (… ، قائلةً إن).
        push(
            format!("{}ه", p.strip_suffix('ا').unwrap_or(&p)),
            Participle,
        );
        push(p, Participle);
    }
    // Derived forms: مـ + the imperfect stem (مؤكدا، مشيرا). Undiacritized,
    // a three-letter perfect may be form II (ندّد → منددا، شدّد → مشددا),
    // so it gets that reading too, masculine only: its feminine is spelled
    // like titles and nouns (منسقة، محققة).
    let three = pchars.len() == 3 && pchars[0] != 'ا';
    let form_i_weak = three && (pchars[1] == 'ا' || matches!(last, 'ا' | 'ى'));
    if !form_i_weak && ichars.len() >= 3 && ichars[0] == 'ي' {
        let stem: String = ichars[1..].iter().collect();
        push(format!("م{stem}ا"), Participle);
        if !three {
            push(format!("م{stem}ه"), Participle);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(forms: &[(String, Aspect)], f: &str, a: Aspect) -> bool {
        forms.iter().any(|(x, b)| x == f && *b == a)
    }

    #[test]
    fn paradigms() {
        use Aspect::*;
        // (perfect, imperfect, forms that must be generated)
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, Aspect)]);
        let cases: &[Case<'_>] = &[
            (
                "زار",
                "يزور",
                &[
                    ("زار", Perfect),
                    ("زارت", Perfect),
                    ("زاروا", Perfect),
                    ("زارا", Perfect),
                    ("زرت", Perfect),
                    ("يزور", Imperfect),
                    ("تزور", Imperfect),
                    ("يزورون", Imperfect),
                    ("يزر", Jussive),
                    ("زير", Passive),
                    ("يزار", Passive),
                ],
            ),
            (
                "التقى",
                "يلتقي",
                &[
                    ("التقي", Perfect),
                    ("التقت", Perfect),
                    ("التقوا", Perfect),
                    ("التقيا", Perfect),
                    ("يلتقي", Imperfect),
                    ("تلتقي", Imperfect),
                    ("يلتقون", Imperfect),
                    ("يلتقيان", Imperfect),
                    ("يلتق", Jussive),
                ],
            ),
            (
                "دعا",
                "يدعو",
                &[
                    ("دعا", Perfect),
                    ("دعت", Perfect),
                    ("دعوا", Perfect),
                    ("يدعو", Imperfect),
                    ("يدعون", Imperfect),
                    ("يدعوان", Imperfect),
                    ("يدع", Jussive),
                ],
            ),
            (
                "اعتقل",
                "يعتقل",
                &[
                    ("اعتقل", Perfect),
                    ("اعتقلت", Perfect),
                    ("اعتقلوا", Perfect),
                    ("يعتقلون", Imperfect),
                    ("تعتقل", Imperfect),
                ],
            ),
            (
                "أقال",
                "يقيل",
                &[("اقال", Perfect), ("اقيل", Passive), ("اقيلت", Passive)],
            ),
            (
                "رد",
                "يرد",
                &[
                    ("ردت", Perfect),
                    ("ردوا", Perfect),
                    ("رددت", Perfect),
                    ("يردون", Imperfect),
                ],
            ),
            (
                "بدأ",
                "يبدأ",
                &[
                    ("بدات", Perfect),
                    ("بداوا", Perfect),
                    ("بدووا", Perfect),
                    ("يبدا", Imperfect),
                ],
            ),
            (
                "سعى",
                "يسعى",
                &[
                    ("سعت", Perfect),
                    ("يسعي", Imperfect),
                    ("يسعون", Imperfect),
                    ("يسعيان", Imperfect),
                ],
            ),
            (
                "قال",
                "يقول",
                &[
                    ("قالت", Perfect),
                    ("قيل", Passive),
                    ("يقال", Passive),
                    ("يقولون", Imperfect),
                ],
            ),
        ];
        for (p, i, want) in cases {
            let forms = verb_forms(p, i);
            for (f, a) in *want {
                assert!(
                    has(&forms, f, *a),
                    "{p}/{i}: missing {f} {a:?} in {forms:?}"
                );
            }
        }
        // Circumstantial participles, accusative only.
        assert!(has(&verb_forms("أكد", "يؤكد"), "موكدا", Aspect::Participle));
        assert!(has(&verb_forms("دعا", "يدعو"), "داعيا", Aspect::Participle));
        assert!(has(&verb_forms("قال", "يقول"), "قايلا", Aspect::Participle));
        assert!(has(&verb_forms("ندد", "يندد"), "منددا", Aspect::Participle));
        assert!(has(&verb_forms("أكد", "يؤكد"), "موكده", Aspect::Participle));
        assert!(has(&verb_forms("دعا", "يدعو"), "داعيه", Aspect::Participle));
        assert!(!has(
            &verb_forms("دان", "يدين"),
            "مدينه",
            Aspect::Participle
        ));
        // No jussive for sound verbs, no defective forms for hamzated ones.
        let f = verb_forms("اعتقل", "يعتقل");
        assert!(!f.iter().any(|(_, a)| *a == Aspect::Jussive));
        let f = verb_forms("بدأ", "يبدأ");
        assert!(!has(&f, "بدت", Aspect::Perfect));
    }
}
