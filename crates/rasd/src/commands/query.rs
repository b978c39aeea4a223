//! Queries over a data directory: `rasd search`, `rasd events`,
//! `rasd actors`, `rasd show`, `rasd check`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use rasd_store::{
    ActorFilter, AggregatedEvent, DataDir, EventFilter, Mode, SearchQuery, Span, StoreError,
};

/// The data directory option shared by every query.
#[derive(Debug, clap::Args)]
pub struct DataArg {
    /// The data directory.
    #[arg(long, default_value = "rasd-data", env = "RASD_DATA")]
    pub data: PathBuf,
}

impl DataArg {
    fn open(&self) -> Result<DataDir> {
        DataDir::open(&self.data, Mode::ReadOnly)
            .with_context(|| format!("opening the data directory {}", self.data.display()))
    }
}

/// The date and source filters of `rasd search` (publication dates) and
/// `rasd events` (event dates).
#[derive(Debug, clap::Args)]
pub struct RangeArgs {
    /// On or after this date (YYYY-MM-DD): published (search) or happened
    /// (events).
    #[arg(long)]
    pub from: Option<String>,
    /// On or before this date.
    #[arg(long)]
    pub to: Option<String>,
    /// Only this news source.
    #[arg(long)]
    pub source: Option<String>,
}

/// Arguments of `rasd search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words (any spelling or clitic form: الليبي finds الليبى and
    /// والليبي), "phrases", -excluded words, OR.
    pub query: String,
    #[command(flatten)]
    pub data: DataArg,
    #[command(flatten)]
    pub range: RangeArgs,
    /// Only documents mentioning this entity (name, Latin name or actor
    /// code).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only documents with an event of this CAMEO code or prefix.
    #[arg(long)]
    pub code: Option<String>,
    /// Maximum results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `rasd events`.
#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub data: DataArg,
    /// An actor code or prefix (LBY, RUSGOV), an actor id, or a name.
    #[arg(long)]
    pub actor: Option<String>,
    /// A CAMEO code or prefix (042, 04).
    #[arg(long)]
    pub code: Option<String>,
    /// A CAMEO root (04).
    #[arg(long)]
    pub root: Option<String>,
    /// An ISO3 country of the source, the target or the place.
    #[arg(long)]
    pub country: Option<String>,
    #[command(flatten)]
    pub range: RangeArgs,
    /// Maximum rows.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// JSON Lines output (one event per line).
    #[arg(long)]
    pub json: bool,
}

impl EventsArgs {
    /// The store filter these arguments name.
    pub fn filter(&self) -> EventFilter {
        EventFilter {
            actor: self.actor.clone(),
            code: self.code.clone(),
            root: self.root.clone(),
            country: self.country.clone(),
            from: self.range.from.clone(),
            to: self.range.to.clone(),
            source: self.range.source.clone(),
            document: None,
            limit: self.limit,
            offset: 0,
        }
    }
}

/// Arguments of `rasd actors`.
#[derive(Debug, clap::Args)]
pub struct ActorsArgs {
    #[command(flatten)]
    pub data: DataArg,
    /// How many, by mentions.
    #[arg(long, default_value_t = 25)]
    pub top: usize,
    /// Only actors whose name, Latin name or code contains this.
    #[arg(long)]
    pub query: Option<String>,
    /// PER, ORG, LOC or MISC.
    #[arg(long = "type")]
    pub ty: Option<String>,
    /// ISO3 country.
    #[arg(long)]
    pub country: Option<String>,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `rasd show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The document id.
    pub id: String,
    #[command(flatten)]
    pub data: DataArg,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `rasd check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub data: DataArg,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Caller errors (a bad date, a bad code) exit 2 with the message; a store
/// failure is an error too.
fn query_error(e: StoreError) -> anyhow::Error {
    anyhow::Error::new(e)
}

/// Bold on a terminal, `**…**` elsewhere.
fn highlight(snippet: &str, spans: &[Span], tty: bool) -> String {
    let (open, close) = if tty {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let mut out = String::with_capacity(snippet.len() + spans.len() * 8);
    let mut k = 0;
    for (i, c) in snippet.chars().enumerate() {
        if let Some(s) = spans.get(k) {
            if i == s.start {
                out.push_str(open);
            }
        }
        out.push(if c == '\n' { ' ' } else { c });
        if let Some(s) = spans.get(k) {
            if i + 1 == s.end {
                out.push_str(close);
                k += 1;
            }
        }
    }
    out
}

pub fn search(args: SearchArgs) -> Result<ExitCode> {
    let dir = args.data.open()?;
    let results = dir
        .search(&SearchQuery {
            q: args.query.clone(),
            from: args.range.from,
            to: args.range.to,
            source: args.range.source,
            entity: args.entity,
            code: args.code,
            limit: args.limit,
            offset: 0,
        })
        .map_err(query_error)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer(&mut out, &results)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let tty = io::stdout().is_terminal();
    writeln!(
        out,
        "{} documents match; the best {}:",
        results.total,
        results.hits.len()
    )?;
    for (i, h) in results.hits.iter().enumerate() {
        writeln!(
            out,
            "\n{}. {}  [{}{}{}] score {:.2}",
            i + 1,
            h.title.as_deref().unwrap_or(&h.id),
            h.published.as_deref().unwrap_or("undated"),
            h.source
                .as_deref()
                .map(|s| format!(", {s}"))
                .unwrap_or_default(),
            if h.title.is_some() {
                format!(", {}", h.id)
            } else {
                String::new()
            },
            h.score
        )?;
        writeln!(out, "   {}", highlight(&h.snippet, &h.highlights, tty))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One event as a line of text.
pub fn event_line(e: &AggregatedEvent) -> String {
    let ev = &e.event;
    let name = |p: &Option<rasd_store::Participant>, latin: &Option<String>| match p {
        None => "—".to_owned(),
        Some(p) => {
            let code = p.actor.as_deref().unwrap_or("?");
            match latin {
                Some(l) => format!("{code} {} ({l})", p.text),
                None => format!("{code} {}", p.text),
            }
        }
    };
    format!(
        "{}  {} {:<12} {} → {}  [{}; {}{}; mentions {}, sources {}, articles {}]",
        ev.date
            .as_deref()
            .or(e.published.as_deref())
            .unwrap_or("undated"),
        ev.code,
        ev.plover.event.as_deref().unwrap_or(""),
        name(&ev.source, &e.source_latin),
        name(&ev.target, &e.target_latin),
        ev.modality,
        ev.location
            .as_ref()
            .map(|l| format!("{}, ", l.latin.as_deref().unwrap_or(&l.text)))
            .unwrap_or_default(),
        e.document,
        e.num_mentions,
        e.num_sources,
        e.num_articles
    )
}

pub fn events(args: EventsArgs) -> Result<ExitCode> {
    let dir = args.data.open()?;
    let events = dir.store().events(&args.filter()).map_err(query_error)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for e in &events {
        if args.json {
            serde_json::to_writer(&mut out, e)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", event_line(e))?;
        }
    }
    if !args.json {
        eprintln!("rasd: {} events", events.len());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn actors(args: ActorsArgs) -> Result<ExitCode> {
    let dir = args.data.open()?;
    let actors = dir
        .store()
        .actors(&ActorFilter {
            query: args.query,
            ty: args.ty,
            country: args.country,
            top: args.top,
        })
        .map_err(query_error)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer(&mut out, &actors)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for a in &actors {
        writeln!(
            out,
            "{:>6} mentions {:>5} docs {:>5} events  {:<4} {:<10} {}{}",
            a.mentions,
            a.documents,
            a.event_count,
            a.ty,
            a.actor.as_deref().unwrap_or("-"),
            a.canonical,
            a.latin
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(args: ShowArgs) -> Result<ExitCode> {
    let dir = args.data.open()?;
    let Some(doc) = dir.store().document(&args.id).map_err(query_error)? else {
        anyhow::bail!("no document {:?} in {}", args.id, args.data.data.display());
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let r = &doc.record;
    writeln!(out, "{}", r.title.as_deref().unwrap_or(&r.id))?;
    writeln!(
        out,
        "id {}; published {}; source {}{}",
        r.id,
        r.published.as_deref().unwrap_or("-"),
        r.source.as_deref().unwrap_or("-"),
        doc.duplicate_of
            .as_deref()
            .map(|d| format!("; a copy of {d}"))
            .unwrap_or_default()
    )?;
    if !doc.duplicates.is_empty() {
        writeln!(out, "copies: {}", doc.duplicates.join(", "))?;
    }
    writeln!(out, "\n{}\n", r.text.trim())?;
    writeln!(out, "entities:")?;
    for e in &r.entities {
        writeln!(
            out,
            "  {} {:<4} {}{}{}{}  ×{}",
            e.id,
            e.ty,
            e.canonical,
            e.latin
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default(),
            e.actor
                .as_deref()
                .map(|a| format!(" {a}"))
                .unwrap_or_default(),
            if e.titles.is_empty() {
                String::new()
            } else {
                format!(" [{}]", e.titles.join("، "))
            },
            e.mentions.len()
        )?;
    }
    writeln!(out, "events:")?;
    for ev in &r.events {
        let agg = AggregatedEvent {
            document: r.id.clone(),
            published: r.published.clone(),
            event: ev.clone(),
            num_mentions: 1,
            num_sources: 1,
            num_articles: 1,
            ..AggregatedEvent::default()
        };
        writeln!(out, "  {}", event_line(&agg))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(args: CheckArgs) -> Result<ExitCode> {
    let dir = DataDir::open(&args.data.data, Mode::ReadWrite)
        .with_context(|| format!("opening the data directory {}", args.data.data.display()))?;
    let result = dir.check();
    let stats = dir.stats()?;
    if args.json {
        println!(
            "{}",
            serde_json::json!({"ok": result.is_ok(), "error": result.as_ref().err().map(|e| e.to_string()), "stats": stats})
        );
    } else {
        println!(
            "{} documents ({} near-duplicates), {} entities, {} events, {} actors, {:.1} MB",
            stats.documents,
            stats.duplicates,
            stats.entities,
            stats.events,
            stats.actors,
            stats.bytes as f64 / 1e6
        );
    }
    match result {
        Ok(()) => {
            if !args.json {
                println!("ok");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("rasd: integrity check failed: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_code_point_ranges() {
        let s = highlight("زار حفتر موسكو", &[Span { start: 4, end: 8 }], false);
        assert_eq!(s, "زار **حفتر** موسكو");
    }
}
