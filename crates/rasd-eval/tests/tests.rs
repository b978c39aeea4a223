//! Property tests of the UD scorer on generated CoNLL-U documents.

use proptest::prelude::*;
use rasd_eval::ud::{parse_conllu, score, ConlluOptions, SysToken, SystemOutput};

/// One generated word line: form and whether `SpaceAfter=No`.
#[derive(Debug, Clone)]
struct Word {
    form: String,
    glued: bool,
}

/// A generated sentence: words, multiword ranges (start index, length, form),
/// a newdoc id and whether to write `# text`.
#[derive(Debug, Clone)]
struct Sentence {
    doc: Option<&'static str>,
    words: Vec<Word>,
    mwt_every: usize,
    mwt_form: String,
    with_text: bool,
}

fn form() -> impl Strategy<Value = String> {
    // Arabic letters, Latin letters, digits and punctuation.
    prop::collection::vec(
        prop::sample::select(vec![
            'ك', 'ت', 'ب', 'ل', 'ا', 'ه', 'x', 'Y', '7', '٣', '.', ',', '«', '-',
        ]),
        1..4,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn sentence() -> impl Strategy<Value = Sentence> {
    (
        prop::option::of(prop::sample::select(vec!["d1", "d2"])),
        prop::collection::vec(
            (form(), any::<bool>()).prop_map(|(form, glued)| Word { form, glued }),
            1..8,
        ),
        0usize..4,
        form(),
        any::<bool>(),
    )
        .prop_map(|(doc, words, mwt_every, mwt_form, with_text)| Sentence {
            doc,
            words,
            mwt_every,
            mwt_form,
            with_text,
        })
}

fn to_conllu(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        if let Some(doc) = s.doc {
            out.push_str(&format!("# newdoc id = {doc}\n"));
        }
        let mut text = String::new();
        let mut rows = String::new();
        let mut i = 0;
        while i < s.words.len() {
            // Every `mwt_every`-th position starts a two-word multiword token.
            let mwt =
                s.mwt_every > 0 && i % (s.mwt_every + 1) == s.mwt_every && i + 1 < s.words.len();
            if mwt {
                let last = &s.words[i + 1];
                let misc = if last.glued { "SpaceAfter=No" } else { "_" };
                rows.push_str(&format!(
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{misc}\n",
                    i + 1,
                    i + 2,
                    s.mwt_form
                ));
                text.push_str(&s.mwt_form);
                for k in i..i + 2 {
                    rows.push_str(&format!(
                        "{}\t{}\t_\tX\t_\t_\t0\tdep\t_\t_\n",
                        k + 1,
                        s.words[k].form
                    ));
                }
                if !last.glued {
                    text.push(' ');
                }
                i += 2;
            } else {
                let w = &s.words[i];
                let misc = if w.glued { "SpaceAfter=No" } else { "_" };
                rows.push_str(&format!(
                    "{}\t{}\t_\tX\t_\t_\t0\tdep\t_\t{misc}\n",
                    i + 1,
                    w.form
                ));
                text.push_str(&w.form);
                if !w.glued {
                    text.push(' ');
                }
                i += 1;
            }
        }
        if s.with_text {
            out.push_str(&format!("# text = {}\n", text.trim_end()));
        }
        out.push_str(&rows);
        out.push('\n');
    }
    out
}

fn options() -> impl Strategy<Value = ConlluOptions> {
    (any::<bool>(), any::<bool>()).prop_map(|(reconstruct_mwt, merge_repeated_newdoc)| {
        ConlluOptions {
            reconstruct_mwt,
            merge_repeated_newdoc,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn gold_against_itself_is_perfect(
        sentences in prop::collection::vec(sentence(), 1..5),
        options in options(),
    ) {
        let input = to_conllu(&sentences);
        let docs = parse_conllu(&input, options).unwrap();
        let nsent: usize = docs.iter().map(|d| d.sentences().len()).sum();
        prop_assert_eq!(nsent, sentences.len());
        for doc in &docs {
            let chars: Vec<char> = doc.text().chars().collect();
            prop_assert_eq!(chars.len(), doc.char_len());
            for t in doc.tokens() {
                prop_assert!(t.start < t.end && t.end <= chars.len());
            }
            let scores = score(doc, &doc.to_system_output()).unwrap();
            for prf in [scores.tokens, scores.words, scores.sentences] {
                prop_assert_eq!((prf.precision, prf.recall, prf.f1), (100.0, 100.0, 100.0));
                prop_assert_eq!(prf.gold, prf.system);
            }
        }
    }

    #[test]
    fn whitespace_tokenizer_always_scores(
        sentences in prop::collection::vec(sentence(), 1..4),
        options in options(),
    ) {
        let docs = parse_conllu(&to_conllu(&sentences), options).unwrap();
        for doc in &docs {
            let chars: Vec<char> = doc.text().chars().collect();
            let mut tokens = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                if chars[i].is_whitespace() {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                tokens.push(SysToken::plain(start, i));
            }
            let system = SystemOutput { tokens, sentences: vec![(0, chars.len())] };
            let scores = score(doc, &system).unwrap();
            for prf in [scores.tokens, scores.words, scores.sentences] {
                prop_assert!(prf.correct <= prf.gold.min(prf.system));
                prop_assert!((0.0..=100.0).contains(&prf.f1));
            }
        }
    }
}
