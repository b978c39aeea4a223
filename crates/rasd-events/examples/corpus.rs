//! Runs the whole pipeline (text → entities → events) over a JSON Lines
//! news corpus (`id`, `text`, `date` fields).
//!
//! ```text
//! cargo run --release -p rasd-events --example corpus -- bench CORPUS
//! cargo run --release -p rasd-events --example corpus -- eval GOLD CORPUS [-v]
//! cargo run --release -p rasd-events --example corpus -- dump CORPUS [N]
//! ```

use std::collections::HashMap;
use std::time::Instant;

use rasd_events::eval::{parse_gold, Predicted, Scores};
use rasd_events::{Event, EventCoder};
use rasd_ner::entities::EntityRecognizer;
use rasd_text::TextAnalyzer;

struct Doc {
    id: String,
    text: String,
    date: Option<String>,
}

fn read_corpus(path: &str) -> Vec<Doc> {
    let data = std::fs::read_to_string(path).expect("corpus");
    data.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| Doc {
            id: v["id"].as_str().unwrap_or("").to_owned(),
            text: v["text"].as_str().unwrap_or("").to_owned(),
            date: v["date"].as_str().map(str::to_owned),
        })
        .collect()
}

fn code(text: &str, published: Option<&str>) -> Vec<Event> {
    let a = TextAnalyzer::new().analyze(text);
    let ents = EntityRecognizer::new().recognize(text, &a, published);
    let opts = rasd_events::CodeOptions {
        published,
        single_actor: std::env::var("RASD_SINGLE").is_ok(),
        ..Default::default()
    };
    EventCoder::new().code_with(text, &a, &ents, opts)
}

fn show(e: &Event) -> String {
    format!(
        "{} {:>6} -> {:<8} [{}] s{} {} {:?} {:?} ({}|{})",
        e.code,
        e.source
            .as_ref()
            .and_then(|p| p.actor.as_deref())
            .unwrap_or("-"),
        e.target
            .as_ref()
            .and_then(|p| p.actor.as_deref())
            .unwrap_or("-"),
        e.trigger_text,
        e.sentence,
        e.modality.as_str(),
        e.date,
        e.location.as_ref().map(|l| l.text.as_str()),
        e.source.as_ref().map(|p| p.text.as_str()).unwrap_or("-"),
        e.target.as_ref().map(|p| p.text.as_str()).unwrap_or("-"),
    )
}

/// CPU seconds of this thread (user + system), from /proc: timings that
/// other processes on a loaded machine do not inflate.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|x| x.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("bench") => {
            let docs = read_corpus(&args[2]);
            let analyzer = TextAnalyzer::new();
            let ner = EntityRecognizer::new();
            let coder = EventCoder::new();
            let _ = code("زار الرئيس موسكو.", None);
            let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
            let (mut t_text, mut t_ner, mut t_ev) = (0f64, 0f64, 0f64);
            let cpu0 = cpu_seconds();
            let mut events = 0usize;
            let mut statements = 0usize;
            let mut by_root: HashMap<String, usize> = HashMap::new();
            for d in &docs {
                let t0 = Instant::now();
                let a = analyzer.analyze(&d.text);
                let t1 = Instant::now();
                let ents = ner.recognize(&d.text, &a, d.date.as_deref());
                let t2 = Instant::now();
                let evs = coder.code(&d.text, &a, &ents, d.date.as_deref());
                let t3 = Instant::now();
                t_text += (t1 - t0).as_secs_f64();
                t_ner += (t2 - t1).as_secs_f64();
                t_ev += (t3 - t2).as_secs_f64();
                for e in &evs {
                    if Predicted::from_event(e).is_some() {
                        events += 1;
                        *by_root.entry(e.root.clone()).or_default() += 1;
                        if e.root == "01" {
                            statements += 1;
                        }
                    }
                }
            }
            let mb = bytes as f64 / 1e6;
            let cpu = cpu_seconds() - cpu0;
            println!(
                "{} docs, {:.1} MB; {:.1} MB per CPU second for the whole pipeline",
                docs.len(),
                mb,
                mb / cpu
            );
            println!("text   {:.2} s  {:.1} MB/s", t_text, mb / t_text);
            println!("ner    {:.2} s  {:.1} MB/s", t_ner, mb / t_ner);
            println!("events {:.2} s  {:.1} MB/s", t_ev, mb / t_ev);
            println!(
                "total  {:.2} s  {:.1} MB/s",
                t_text + t_ner + t_ev,
                mb / (t_text + t_ner + t_ev)
            );
            println!(
                "{events} scored events, {statements} 01x ({:.1}%)",
                100.0 * statements as f64 / events.max(1) as f64
            );
            let mut roots: Vec<_> = by_root.into_iter().collect();
            roots.sort();
            println!("{roots:?}");
        }
        Some("benchev") => {
            // The event stage alone, on analyses and entities computed first.
            let docs = read_corpus(&args[2]);
            let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3000);
            let docs = &docs[..n.min(docs.len())];
            let analyzer = TextAnalyzer::new();
            let ner = EntityRecognizer::new();
            let coder = EventCoder::new();
            let _ = code("زار الرئيس موسكو.", None);
            let pre: Vec<_> = docs
                .iter()
                .map(|d| {
                    let a = analyzer.analyze(&d.text);
                    let e = ner.recognize(&d.text, &a, d.date.as_deref());
                    (a, e)
                })
                .collect();
            let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
            let t = Instant::now();
            let c0 = cpu_seconds();
            let mut n_ev = 0;
            for _ in 0..3 {
                for (d, (a, e)) in docs.iter().zip(&pre) {
                    n_ev += coder.code(&d.text, a, e, d.date.as_deref()).len();
                }
            }
            let s = t.elapsed().as_secs_f64();
            let c = cpu_seconds() - c0;
            let mb = 3.0 * bytes as f64 / 1e6;
            println!(
                "events only: {:.1} MB/s wall, {:.1} MB/s per CPU second ({n_ev} events)",
                mb / s,
                mb / c
            );
        }
        Some("eval") => {
            let gold =
                parse_gold(&std::fs::read_to_string(&args[2]).expect("gold")).expect("gold format");
            let docs: HashMap<String, Doc> = read_corpus(&args[3])
                .into_iter()
                .map(|d| (d.id.clone(), d))
                .collect();
            let verbose = args.iter().any(|a| a == "-v");
            let mut scores = Scores::default();
            for g in &gold {
                let (text, published) = match (&g.id, &g.text) {
                    (Some(id), _) => {
                        let d = &docs[id];
                        (d.text.clone(), g.published.clone().or(d.date.clone()))
                    }
                    (None, Some(t)) => (t.clone(), g.published.clone()),
                    _ => continue,
                };
                let evs = code(&text, published.as_deref());
                let sents: Vec<String> = TextAnalyzer::new()
                    .analyze(&text)
                    .sentences()
                    .iter()
                    .map(|s| s.span.slice(&text).to_owned())
                    .collect();
                let pred: Vec<Predicted> = evs.iter().filter_map(Predicted::from_event).collect();
                let before = scores;
                scores.add_article(&g.events, &pred);
                if std::env::var("RASD_JSON").is_ok() {
                    let preds: Vec<serde_json::Value> = evs
                        .iter()
                        .map(|e| serde_json::json!({
                            "code": e.code, "modality": e.modality.as_str(), "sentence": e.sentence,
                            "source": e.source.as_ref().and_then(|p| p.actor.clone()),
                            "target": e.target.as_ref().and_then(|p| p.actor.clone()),
                            "trigger": e.trigger_text, "date": e.date,
                            "stext": e.source.as_ref().map(|p| p.text.clone()),
                            "ttext": e.target.as_ref().map(|p| p.text.clone()),
                        }))
                        .collect();
                    eprintln!(
                        "{}",
                        serde_json::json!({"line": g.line, "pred": preds, "sents": sents})
                    );
                }
                if verbose {
                    println!(
                        "== {} (line {}) rp tp+{} fp+{} fn+{}",
                        g.id.as_deref().unwrap_or("-"),
                        g.line,
                        scores.root_pair.tp - before.root_pair.tp,
                        scores.root_pair.fp - before.root_pair.fp,
                        scores.root_pair.fn_ - before.root_pair.fn_
                    );
                    for e in &g.events {
                        println!(
                            "   gold {:?} {:?} -> {:?} {:?}{}",
                            e.codes,
                            e.source,
                            e.target,
                            e.date,
                            if e.optional { " (opt)" } else { "" }
                        );
                    }
                    for e in &evs {
                        println!("   pred {}", show(e));
                    }
                }
            }
            println!("{}", scores.to_json());
        }
        Some("dump") => {
            let docs = read_corpus(&args[2]);
            let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
            for d in docs.iter().take(n) {
                println!("== {} {:?}", d.id, d.date);
                for e in code(&d.text, d.date.as_deref()) {
                    println!("   {}", show(&e));
                }
            }
        }
        _ => eprintln!("usage: corpus bench|eval|dump …"),
    }
}
