//! `rasd eval segment`, `rasd eval ud` and `rasd bench`: the JSON they print.
//! The gold files are tiny toy ones written for these tests.

use serde_json::Value;

use crate::util::{arg, run, tmp_dir, write};

fn one_object(stdout: &str) -> serde_json::Map<String, Value> {
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one JSON object: {stdout}");
    match serde_json::from_str(lines[0]).unwrap() {
        Value::Object(m) => m,
        v => panic!("not an object: {v}"),
    }
}

fn keys(m: &serde_json::Map<String, Value>) -> Vec<&str> {
    let mut k: Vec<&str> = m.keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn percent(v: &Value) -> f64 {
    let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((0.0..=100.0).contains(&x), "not a percentage: {x}");
    x
}

/// Words that rasd segments exactly this way (see testdata/text/segment.toml),
/// in the Farasa gold format: `segments<TAB>tags`, article after ل.
const SEGMENT_GOLD: &str = "refTok(Farasa)\trefPOS(Farasa)
و+ب+ال+جيش\tCONJ+PREP+DET+NOUN
ل+ال+حكوم+ة\tPREP+DET+NOUN+NSUFF
وزير\tNOUN
ال+جزائر\tDET+NOUN
كتاب+ه\tNOUN+PRON
.\tPUNC
";

#[test]
fn eval_segment_prints_one_json_object() {
    let dir = tmp_dir("eval_segment");
    let gold = write(&dir, "toy.pos.ref", SEGMENT_GOLD);
    let out = run(["eval", "segment", "--gold", arg(&gold), "--json"], None);
    assert_eq!(out.code, 0, "{out:?}");
    let m = one_object(&out.stdout);
    assert_eq!(keys(&m), ["clitics", "words"]);
    assert_eq!(percent(&m["clitics"]), 100.0);
    assert_eq!(percent(&m["words"]), 100.0);

    // A wrong gold segmentation lowers both scores, and --errors lists it.
    let wrong = SEGMENT_GOLD.replace("وزير\tNOUN", "و+زير\tCONJ+NOUN");
    let gold = write(&dir, "wrong.pos.ref", wrong);
    let out = run(
        [
            "eval",
            "segment",
            "--gold",
            arg(&gold),
            "--json",
            "--errors",
            "5",
        ],
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    let m = one_object(&out.stdout);
    assert!(
        percent(&m["words"]) < 100.0 && percent(&m["clitics"]) < 100.0,
        "{m:?}"
    );
    assert!(out.stderr.contains("وزير"), "{}", out.stderr);
}

#[test]
fn eval_segment_reports_a_bad_gold_file() {
    let dir = tmp_dir("eval_segment_bad");
    let gold = write(
        &dir,
        "bad.pos.ref",
        "و+ال+كتاب\tCONJ+DET+NOUN\nبلا_علامة_جدولة\n",
    );
    let out = run(["eval", "segment", "--gold", arg(&gold), "--json"], None);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("bad.pos.ref"), "{}", out.stderr);
    assert!(out.stderr.contains('2'), "names the line: {}", out.stderr);
    let out = run(
        [
            "eval",
            "segment",
            "--gold",
            arg(&dir.join("none")),
            "--json",
        ],
        None,
    );
    assert_eq!(out.code, 2, "{out:?}");
}

/// Two toy sentences in CoNLL-U, clitics as words glued by SpaceAfter=No
/// (as in UD_Arabic-PUD).
const UD_GOLD: &str = "# newdoc id = toy-1
# sent_id = toy-1-1
# text = وصل الوفد إلى بنغازي.
1\tوصل\tوصل\tVERB\t_\t_\t0\troot\t_\t_
2\tالوفد\tوفد\tNOUN\t_\t_\t1\tnsubj\t_\t_
3\tإلى\tإلى\tADP\t_\t_\t4\tcase\t_\t_
4\tبنغازي\tبنغازي\tPROPN\t_\t_\t1\tobl\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_

# sent_id = toy-1-2
# text = وقال الوزير إن الاجتماع ناجح.
1\tو\tو\tCCONJ\t_\t_\t2\tcc\t_\tSpaceAfter=No
2\tقال\tقال\tVERB\t_\t_\t0\troot\t_\t_
3\tالوزير\tوزير\tNOUN\t_\t_\t2\tnsubj\t_\t_
4\tإن\tإن\tSCONJ\t_\t_\t6\tmark\t_\t_
5\tالاجتماع\tاجتماع\tNOUN\t_\t_\t6\tnsubj\t_\t_
6\tناجح\tناجح\tADJ\t_\t_\t2\tccomp\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

";

#[test]
fn eval_ud_prints_one_json_object() {
    let dir = tmp_dir("eval_ud");
    let gold = write(&dir, "toy.conllu", UD_GOLD);
    let out = run(["eval", "ud", "--gold", arg(&gold), "--json"], None);
    assert_eq!(out.code, 0, "{out:?}");
    let m = one_object(&out.stdout);
    assert_eq!(keys(&m), ["sentences_f1", "tokens_f1", "words_f1"]);
    assert_eq!(percent(&m["tokens_f1"]), 100.0, "{m:?}");
    assert_eq!(percent(&m["words_f1"]), 100.0, "{m:?}");
    assert_eq!(percent(&m["sentences_f1"]), 100.0, "{m:?}");

    let out = run(
        [
            "eval",
            "ud",
            "--gold",
            arg(&gold),
            "--json",
            "--no-reconstruct",
        ],
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    let m = one_object(&out.stdout);
    assert_eq!(keys(&m), ["sentences_f1", "tokens_f1", "words_f1"]);
    for v in m.values() {
        percent(v);
    }
}

#[test]
fn eval_ud_reports_a_bad_gold_file() {
    let dir = tmp_dir("eval_ud_bad");
    let gold = write(&dir, "bad.conllu", "# text = نص\n1\tنص\t_\n\n");
    let out = run(["eval", "ud", "--gold", arg(&gold), "--json"], None);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("bad.conllu"), "{}", out.stderr);
}

#[test]
fn bench_prints_json_lines_with_every_field() {
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/sample/articles.jsonl"
    );
    let out = run(["bench", "--corpus", corpus, "--runs", "1", "--json"], None);
    assert_eq!(out.code, 0, "{out:?}");
    let lines = out.json_lines();
    let stages: Vec<&str> = lines.iter().map(|l| l["stage"].as_str().unwrap()).collect();
    assert_eq!(stages, ["normalize", "tokenize", "segment", "analyze"]);
    let mut tokens = Vec::new();
    for l in &lines {
        let Value::Object(m) = l else {
            panic!("not an object: {l}")
        };
        assert_eq!(
            keys(m),
            [
                "all_cores_mb_s",
                "all_cores_tokens_s",
                "documents",
                "lexicon_load_ms",
                "megabytes",
                "one_core_mb_s",
                "one_core_tokens_s",
                "peak_rss_mib",
                "stage",
                "threads",
                "tokens",
            ]
        );
        assert_eq!(m["documents"], 24);
        let mb = m["megabytes"].as_f64().unwrap();
        assert!((0.05..0.08).contains(&mb), "{mb}");
        for k in ["one_core_mb_s", "all_cores_mb_s", "lexicon_load_ms"] {
            assert!(
                m[k].as_f64().is_some_and(|x| x >= 0.0 && x.is_finite()),
                "{k}: {}",
                m[k]
            );
        }
        assert!(m["threads"].as_u64().is_some_and(|t| t >= 1));
        assert!(m["peak_rss_mib"].is_null() || m["peak_rss_mib"].as_f64().is_some_and(|x| x > 0.0));
        tokens.push(m["tokens"].as_u64().unwrap());
    }
    // Every stage but normalize counts the same tokens.
    assert_eq!(tokens[0], 0);
    assert!(tokens[1] > 5000, "{tokens:?}");
    assert!(tokens[1..].iter().all(|&t| t == tokens[1]), "{tokens:?}");
}

#[test]
fn bench_one_stage_in_text() {
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/sample/articles.jsonl"
    );
    let out = run(
        [
            "bench", "--corpus", corpus, "--runs", "1", "--stage", "tokenize",
        ],
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("24 documents"), "{}", out.stdout);
    assert!(
        out.stdout.lines().any(|l| l.starts_with("tokenize")),
        "{}",
        out.stdout
    );
}
