//! The embedded record store: SQLite (bundled), WAL journal, a versioned
//! schema migrated on open.
//!
//! One writer connection (behind a mutex) and a small pool of read-only
//! connections, so queries from many threads run beside an ingest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params, params_from_iter, Connection, OpenFlags, OptionalExtension, Row};

use crate::dedup::{self, fold_key, Prepared};
use crate::model::*;
use crate::{Mode, Result, Store, StoreError};

/// Schema migrations, in order; `PRAGMA user_version` is how many ran.
const MIGRATIONS: &[&str] = &[
    // 1: documents, entities, events, near-duplicate bands.
    r#"
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        documents INTEGER NOT NULL
    );
    CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        batch INTEGER NOT NULL,
        published TEXT,
        title TEXT,
        source TEXT,
        url TEXT,
        text TEXT NOT NULL,
        sentences TEXT NOT NULL,
        duplicate_of TEXT,
        cluster TEXT NOT NULL,
        minhash BLOB
    );
    CREATE INDEX documents_hash ON documents(hash);
    CREATE INDEX documents_batch ON documents(batch);
    CREATE INDEX documents_cluster ON documents(cluster);
    CREATE TABLE entities (
        doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        eid TEXT NOT NULL,
        actor_key TEXT NOT NULL,
        type TEXT NOT NULL,
        text TEXT NOT NULL,
        canonical TEXT NOT NULL,
        latin TEXT,
        actor TEXT,
        country TEXT,
        role TEXT,
        titles TEXT NOT NULL,
        mentions TEXT NOT NULL,
        n_mentions INTEGER NOT NULL,
        geo TEXT,
        PRIMARY KEY (doc, eid)
    ) WITHOUT ROWID;
    CREATE INDEX entities_actor_key ON entities(actor_key);
    CREATE TABLE events (
        doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        code TEXT NOT NULL,
        root TEXT NOT NULL,
        quad_class INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        plover_event TEXT,
        plover_mode TEXT,
        source_entity TEXT,
        source_key TEXT,
        source_actor TEXT,
        source_text TEXT,
        target_entity TEXT,
        target_key TEXT,
        target_actor TEXT,
        target_text TEXT,
        trigger_text TEXT NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        date TEXT,
        date_text TEXT,
        day TEXT,
        location TEXT,
        loc_country TEXT,
        modality TEXT NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (doc, n)
    ) WITHOUT ROWID;
    CREATE INDEX events_code ON events(code);
    CREATE INDEX events_day ON events(day);
    CREATE INDEX events_source_key ON events(source_key);
    CREATE INDEX events_target_key ON events(target_key);
    CREATE INDEX events_source_actor ON events(source_actor);
    CREATE INDEX events_target_actor ON events(target_actor);
    CREATE TABLE bands (
        key INTEGER NOT NULL,
        doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE
    );
    CREATE INDEX bands_key ON bands(key);
    CREATE INDEX bands_doc ON bands(doc);
    "#,
    // 2: a document's later copies are looked up by `duplicate_of`.
    r#"
    CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
    "#,
];

/// Read connections kept open.
const READERS: usize = 8;

/// The SQLite implementation of [`Store`].
pub struct SqliteStore {
    path: PathBuf,
    mode: Mode,
    writer: Option<Mutex<Connection>>,
    readers: Mutex<Vec<Connection>>,
}

fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    secs.to_string()
}

impl SqliteStore {
    /// Opens (or, read-write, creates and migrates) the database at `path`.
    pub fn open(path: &Path, mode: Mode) -> Result<SqliteStore> {
        let err = |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let writer = match mode {
            Mode::ReadWrite => {
                let mut conn = Connection::open(path).map_err(err)?;
                configure(&conn).map_err(err)?;
                migrate(&mut conn, path)?;
                Some(Mutex::new(conn))
            }
            Mode::ReadOnly => {
                if !path.exists() {
                    return Err(StoreError::Io {
                        path: path.to_owned(),
                        source: std::io::Error::new(std::io::ErrorKind::NotFound, "no database"),
                    });
                }
                None
            }
        };
        let store = SqliteStore {
            path: path.to_owned(),
            mode,
            writer,
            readers: Mutex::new(Vec::new()),
        };
        // Check the schema version from a reader too (read-only opens).
        let version: i64 = store.read(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))?;
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::SchemaTooNew {
                path: path.to_owned(),
                found: version,
                known: MIGRATIONS.len() as i64,
            });
        }
        Ok(store)
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Runs `f` on a pooled read connection.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        let conn = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match conn {
            Some(c) => c,
            None => {
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX
                    | OpenFlags::SQLITE_OPEN_URI;
                let c = Connection::open_with_flags(&self.path, flags).map_err(|e| self.err(e))?;
                c.busy_timeout(std::time::Duration::from_secs(10))
                    .map_err(|e| self.err(e))?;
                c
            }
        };
        let out = f(&conn).map_err(|e| self.err(e));
        let mut pool = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < READERS {
            pool.push(conn);
        }
        out
    }

    fn insert(tx: &rusqlite::Transaction<'_>, p: &Prepared, batch: u64) -> rusqlite::Result<()> {
        let (d, hash, sig) = (&p.record, &p.hash, &p.signature);
        // Near-duplicate: the earliest document sharing a band whose
        // signature is similar enough.
        let mut duplicate_of: Option<String> = None;
        if let Some(sig) = &sig {
            let keys = dedup::band_keys(sig);
            let mut stmt = tx.prepare_cached(
                "SELECT d.cluster, d.minhash, d.rowid FROM bands b JOIN documents d ON d.rowid = b.doc
                 WHERE b.key = ?1 AND d.id != ?2",
            )?;
            let mut best: Option<(i64, String)> = None;
            for k in keys {
                let rows = stmt.query_map(params![k, d.id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<Vec<u8>>>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })?;
                for row in rows {
                    let (cluster, blob, rowid) = row?;
                    let Some(other) = blob.as_deref().and_then(dedup::from_bytes) else {
                        continue;
                    };
                    if dedup::similarity(sig, &other) >= dedup::THRESHOLD
                        && best.as_ref().is_none_or(|(r, _)| rowid < *r)
                    {
                        best = Some((rowid, cluster));
                    }
                }
            }
            duplicate_of = best.map(|(_, c)| c);
        }
        let cluster = duplicate_of.clone().unwrap_or_else(|| d.id.clone());
        let sentences = serde_json::to_string(&d.sentences).unwrap_or_else(|_| "[]".into());
        tx.prepare_cached(
            "INSERT INTO documents (id, hash, batch, published, title, source, url, text, sentences,
                                    duplicate_of, cluster, minhash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            d.id,
            hash,
            batch as i64,
            d.published,
            d.title,
            d.source,
            d.url,
            d.text,
            sentences,
            duplicate_of,
            cluster,
            sig.as_ref().map(dedup::to_bytes),
        ])?;
        let doc = tx.last_insert_rowid();
        if let Some(sig) = &sig {
            let mut stmt = tx.prepare_cached("INSERT INTO bands (key, doc) VALUES (?1, ?2)")?;
            for k in dedup::band_keys(sig) {
                stmt.execute(params![k, doc])?;
            }
        }
        let mut keys: BTreeMap<&str, String> = BTreeMap::new();
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR REPLACE INTO entities (doc, eid, actor_key, type, text, canonical, latin,
                     actor, country, role, titles, mentions, n_mentions, geo)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?;
            for e in &d.entities {
                let key = actor_key(e);
                stmt.execute(params![
                    doc,
                    e.id,
                    key,
                    e.ty,
                    e.text,
                    e.canonical,
                    e.latin,
                    e.actor,
                    e.country,
                    e.role,
                    serde_json::to_string(&e.titles).unwrap_or_else(|_| "[]".into()),
                    serde_json::to_string(&e.mentions).unwrap_or_else(|_| "[]".into()),
                    e.mentions.len().max(1) as i64,
                    e.geo.as_ref().and_then(|g| serde_json::to_string(g).ok()),
                ])?;
                keys.insert(&e.id, key);
            }
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO events (doc, n, code, root, quad_class, goldstein, plover_event, plover_mode,
                 source_entity, source_key, source_actor, source_text,
                 target_entity, target_key, target_actor, target_text,
                 trigger_text, trigger_start, trigger_end, sentence, date, date_text, day,
                 location, loc_country, modality, confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
        )?;
        for (n, e) in d.events.iter().enumerate() {
            let part = |p: &Option<Participant>| {
                let p = p.as_ref();
                (
                    p.and_then(|p| p.entity.clone()),
                    p.and_then(|p| p.entity.as_deref())
                        .and_then(|id| keys.get(id).cloned()),
                    p.and_then(|p| p.actor.clone()),
                    p.map(|p| p.text.clone()),
                )
            };
            let (se, sk, sa, st) = part(&e.source);
            let (te, tk, ta, tt) = part(&e.target);
            let day = e.date.clone().or_else(|| d.published.clone());
            stmt.execute(params![
                doc,
                n as i64,
                e.code,
                e.root,
                e.quad_class,
                e.goldstein,
                e.plover.event,
                e.plover.mode,
                se,
                sk,
                sa,
                st,
                te,
                tk,
                ta,
                tt,
                e.trigger.text,
                e.trigger.start as i64,
                e.trigger.end as i64,
                e.sentence as i64,
                e.date,
                e.date_text,
                day,
                e.location
                    .as_ref()
                    .and_then(|l| serde_json::to_string(l).ok()),
                e.location.as_ref().and_then(|l| l.country.clone()),
                e.modality,
                e.confidence,
            ])?;
        }
        Ok(())
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 64 MiB of page cache: the indexes of a large batch stay in memory.
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(())
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let err = |source| StoreError::Sqlite {
        path: path.to_owned(),
        source,
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(err)?;
    if version > MIGRATIONS.len() as i64 {
        return Err(StoreError::SchemaTooNew {
            path: path.to_owned(),
            found: version,
            known: MIGRATIONS.len() as i64,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction().map_err(err)?;
        tx.execute_batch(sql).map_err(err)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(err)?;
        tx.commit().map_err(err)?;
    }
    Ok(())
}

/// The id an entity is joined across documents by: its type and folded
/// canonical name.
pub fn actor_key(e: &EntityRecord) -> String {
    format!("{}:{}", e.ty, fold_key(&e.canonical))
}

const DOC_COLUMNS: &str =
    "rowid, id, hash, published, title, source, url, text, sentences, duplicate_of";

fn doc_from_row(r: &Row<'_>) -> rusqlite::Result<(i64, StoredDocument)> {
    let sentences: String = r.get(8)?;
    Ok((
        r.get(0)?,
        StoredDocument {
            record: DocumentRecord {
                id: r.get(1)?,
                published: r.get(3)?,
                title: r.get(4)?,
                source: r.get(5)?,
                url: r.get(6)?,
                text: r.get(7)?,
                sentences: serde_json::from_str(&sentences).unwrap_or_default(),
                entities: Vec::new(),
                events: Vec::new(),
            },
            hash: r.get(2)?,
            duplicate_of: r.get(9)?,
            duplicates: Vec::new(),
        },
    ))
}

fn json_or_default<T: serde::de::DeserializeOwned + Default>(s: Option<String>) -> T {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// Fills a document's entities, events and duplicate links.
fn fill(conn: &Connection, rowid: i64, d: &mut StoredDocument) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT eid, type, text, canonical, latin, actor, country, role, titles, mentions, geo
         FROM entities WHERE doc = ?1 ORDER BY CAST(substr(eid, 2) AS INTEGER)",
    )?;
    d.record.entities = stmt
        .query_map([rowid], |r| {
            Ok(EntityRecord {
                id: r.get(0)?,
                ty: r.get(1)?,
                text: r.get(2)?,
                canonical: r.get(3)?,
                latin: r.get(4)?,
                actor: r.get(5)?,
                country: r.get(6)?,
                role: r.get(7)?,
                titles: json_or_default(r.get(8)?),
                mentions: json_or_default(r.get(9)?),
                geo: r
                    .get::<_, Option<String>>(10)?
                    .and_then(|g| serde_json::from_str(&g).ok()),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events e WHERE e.doc = ?1 ORDER BY e.n"
    ))?;
    d.record.events = stmt
        .query_map([rowid], event_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt =
        conn.prepare_cached("SELECT id FROM documents WHERE duplicate_of = ?1 ORDER BY rowid")?;
    d.duplicates = stmt
        .query_map([&d.record.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(())
}

const EVENT_COLUMNS: &str = "e.code, e.root, e.quad_class, e.goldstein, e.plover_event,
    e.plover_mode, e.source_entity, e.source_actor, e.source_text, e.target_entity,
    e.target_actor, e.target_text, e.trigger_text, e.trigger_start, e.trigger_end, e.sentence,
    e.date, e.date_text, e.location, e.modality, e.confidence";

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<EventRecord> {
    let participant = |entity: Option<String>, actor: Option<String>, text: Option<String>| {
        text.map(|text| Participant {
            entity,
            actor,
            text,
        })
    };
    Ok(EventRecord {
        code: r.get(0)?,
        root: r.get(1)?,
        quad_class: r.get(2)?,
        goldstein: r.get(3)?,
        plover: Plover {
            event: r.get(4)?,
            mode: r.get(5)?,
        },
        source: participant(r.get(6)?, r.get(7)?, r.get(8)?),
        target: participant(r.get(9)?, r.get(10)?, r.get(11)?),
        trigger: Trigger {
            text: r.get(12)?,
            start: r.get::<_, i64>(13)? as usize,
            end: r.get::<_, i64>(14)? as usize,
        },
        sentence: r.get::<_, i64>(15)? as usize,
        date: r.get(16)?,
        date_text: r.get(17)?,
        location: r
            .get::<_, Option<String>>(18)?
            .and_then(|s| serde_json::from_str(&s).ok()),
        modality: r.get(19)?,
        confidence: r.get(20)?,
    })
}

/// SQL conditions and parameters for an event filter (over `events e`
/// joined with `documents d`).
fn event_conditions(f: &EventFilter) -> Result<(Vec<String>, Vec<String>)> {
    let mut conds = Vec::new();
    let mut args: Vec<String> = Vec::new();
    let mut arg = |v: String| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(a) = f.actor.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if a.len() >= 3 && a.bytes().all(|b| b.is_ascii_uppercase()) {
            let p = arg(format!("{a}%"));
            conds.push(format!(
                "(e.source_actor LIKE {p} OR e.target_actor LIKE {p})"
            ));
        } else if a.contains(':') {
            let p = arg(a.to_owned());
            conds.push(format!("(e.source_key = {p} OR e.target_key = {p})"));
        } else {
            let folded = arg(fold_key(a));
            let latin = arg(a.to_owned());
            conds.push(format!(
                "(e.source_key IN (SELECT actor_key FROM entities WHERE actor_key LIKE '%:' || {folded} OR latin = {latin} COLLATE NOCASE)
                  OR e.target_key IN (SELECT actor_key FROM entities WHERE actor_key LIKE '%:' || {folded} OR latin = {latin} COLLATE NOCASE))"
            ));
        }
    }
    if let Some(c) = f.code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        check_code("code", c)?;
        conds.push(format!("e.code LIKE {}", arg(format!("{c}%"))));
    }
    if let Some(c) = f.root.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        check_code("root", c)?;
        conds.push(format!("e.root = {}", arg(c.to_owned())));
    }
    if let Some(c) = f
        .country
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let c = c.to_uppercase();
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(StoreError::Invalid {
                what: "country",
                message: format!("expected an ISO3 code such as LBY, found {c:?}"),
            });
        }
        let p = arg(format!("{c}%"));
        let q = arg(c);
        conds.push(format!(
            "(e.source_actor LIKE {p} OR e.target_actor LIKE {p} OR e.loc_country = {q})"
        ));
    }
    for (what, v, op) in [("from", &f.from, ">="), ("to", &f.to, "<=")] {
        if let Some(d) = v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            check_date(what, d)?;
            conds.push(format!("e.day {op} {}", arg(d.to_owned())));
        }
    }
    if let Some(s) = f.source.as_deref().filter(|s| !s.is_empty()) {
        conds.push(format!("d.source = {}", arg(s.to_owned())));
    }
    if let Some(id) = f.document.as_deref() {
        conds.push(format!(
            "d.cluster = (SELECT cluster FROM documents WHERE id = {})",
            arg(id.to_owned())
        ));
    }
    Ok((conds, args))
}

fn check_code(what: &'static str, c: &str) -> Result<()> {
    if c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StoreError::Invalid {
            what,
            message: format!("expected a CAMEO code such as 04 or 042, found {c:?}"),
        });
    }
    Ok(())
}

fn check_date(what: &'static str, d: &str) -> Result<()> {
    let b = d.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !ok {
        return Err(StoreError::Invalid {
            what,
            message: format!("expected a date YYYY-MM-DD, found {d:?}"),
        });
    }
    Ok(())
}

/// Aggregated events: one row per story cluster, code, source, target and
/// day, with the first mention's details.
fn aggregated_events(
    conn: &Connection,
    conds: &[String],
    args: &[String],
    limit: usize,
    offset: usize,
) -> rusqlite::Result<Vec<AggregatedEvent>> {
    let wh = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    // SQLite takes bare columns from the row that holds min(): the first
    // mention (lowest document row, then event number) of each group.
    let sql = format!(
        "SELECT {EVENT_COLUMNS}, d.id, d.published, d.source, d.text, d.sentences,
                e.source_key, e.target_key,
                min(e.doc * 1000000 + e.n), count(*), count(DISTINCT e.doc),
                count(DISTINCT coalesce(d.source, d.id))
         FROM events e JOIN documents d ON d.rowid = e.doc
         {wh}
         GROUP BY d.cluster, e.code, coalesce(e.source_key, e.source_actor, e.source_text),
                  coalesce(e.target_key, e.target_actor, e.target_text), e.day
         ORDER BY e.day DESC, min(e.doc * 1000000 + e.n)
         LIMIT {limit} OFFSET {offset}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
        let event = event_from_row(r)?;
        let text: String = r.get(24)?;
        let sentences: Vec<Span> = json_or_default(r.get(25)?);
        let sentence_text = sentences
            .get(event.sentence)
            .map(|s| text.chars().skip(s.start).take(s.end - s.start).collect());
        Ok((
            AggregatedEvent {
                document: r.get(21)?,
                published: r.get(22)?,
                news_source: r.get(23)?,
                event,
                sentence_text,
                num_mentions: r.get(29)?,
                num_articles: r.get(30)?,
                num_sources: r.get(31)?,
                ..AggregatedEvent::default()
            },
            r.get::<_, Option<String>>(26)?,
            r.get::<_, Option<String>>(27)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (mut ev, sk, tk) = row?;
        for (key, name, latin) in [
            (sk, &mut ev.source_name, &mut ev.source_latin),
            (tk, &mut ev.target_name, &mut ev.target_latin),
        ] {
            if let Some((n, l)) = key.map(|k| actor_name(conn, &k)).transpose()?.flatten() {
                *name = Some(n);
                *latin = l;
            }
        }
        out.push(ev);
    }
    Ok(out)
}

/// The canonical and Latin names of the actor `key`, if it has entities.
fn actor_name(conn: &Connection, key: &str) -> rusqlite::Result<Option<(String, Option<String>)>> {
    conn.prepare_cached("SELECT canonical, latin FROM entities WHERE actor_key = ?1 LIMIT 1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

impl Store for SqliteStore {
    fn hash_of(&self, id: &str) -> Result<Option<String>> {
        self.read(|c| {
            c.query_row("SELECT hash FROM documents WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
        })
    }

    fn put_batch(&self, docs: &[Prepared]) -> Result<(u64, Vec<PutOutcome>)> {
        let writer = self.writer.as_ref().ok_or(StoreError::ReadOnly)?;
        let mut conn = writer.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        let run = |tx: &rusqlite::Transaction<'_>| -> rusqlite::Result<(u64, Vec<PutOutcome>)> {
            tx.execute(
                "INSERT INTO batches (at, documents) VALUES (?1, ?2)",
                params![now(), docs.len() as i64],
            )?;
            let batch = tx.last_insert_rowid() as u64;
            let mut outcomes = Vec::with_capacity(docs.len());
            for p in docs {
                let (d, hash) = (&p.record, &p.hash);
                let old: Option<(i64, String)> = tx
                    .prepare_cached("SELECT rowid, hash FROM documents WHERE id = ?1")?
                    .query_row([&d.id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let outcome = match old {
                    Some((_, h)) if h == *hash => PutOutcome::Unchanged,
                    Some((rowid, _)) => {
                        // Later copies of the old story now point at nothing:
                        // they become their own story.
                        tx.execute(
                            "UPDATE documents SET duplicate_of = NULL, cluster = id
                             WHERE duplicate_of = ?1",
                            [&d.id],
                        )?;
                        tx.execute("DELETE FROM documents WHERE rowid = ?1", [rowid])?;
                        Self::insert(tx, p, batch)?;
                        PutOutcome::Replaced
                    }
                    None => {
                        let same: Option<Option<String>> = tx
                            .prepare_cached("SELECT source FROM documents WHERE hash = ?1 LIMIT 1")?
                            .query_row([hash], |r| r.get(0))
                            .optional()?;
                        match same {
                            // The same content again (from the same source, or
                            // with no source to tell them apart): nothing new.
                            Some(src) if src.is_none() || d.source.is_none() || src == d.source => {
                                PutOutcome::Unchanged
                            }
                            _ => {
                                Self::insert(tx, p, batch)?;
                                PutOutcome::Inserted
                            }
                        }
                    }
                };
                outcomes.push(outcome);
            }
            Ok((batch, outcomes))
        };
        let out = run(&tx).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(out)
    }

    fn documents_after_batch(
        &self,
        batch: u64,
        after: i64,
        limit: usize,
    ) -> Result<(Vec<StoredDocument>, i64)> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {DOC_COLUMNS} FROM documents WHERE batch > ?1 AND rowid > ?2
                 ORDER BY rowid LIMIT ?3"
            ))?;
            let rows: Vec<(i64, StoredDocument)> = stmt
                .query_map(params![batch as i64, after, limit as i64], doc_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            let next = rows.last().map_or(after, |(rowid, _)| *rowid);
            let docs = rows
                .into_iter()
                .map(|(rowid, mut d)| fill(c, rowid, &mut d).map(|_| d))
                .collect::<rusqlite::Result<_>>()?;
            Ok((docs, next))
        })
    }

    fn last_batch(&self) -> Result<u64> {
        self.read(|c| {
            c.query_row("SELECT coalesce(max(id), 0) FROM batches", [], |r| {
                r.get::<_, i64>(0)
            })
        })
        .map(|b| b as u64)
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        // The writer's own view (a document just written in this process is
        // visible to it at once).
        self.read(|c| {
            let row = c
                .prepare_cached(&format!(
                    "SELECT {DOC_COLUMNS} FROM documents WHERE id = ?1"
                ))?
                .query_row([id], doc_from_row)
                .optional()?;
            match row {
                None => Ok(None),
                Some((rowid, mut d)) => {
                    fill(c, rowid, &mut d)?;
                    Ok(Some(d))
                }
            }
        })
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<AggregatedEvent>> {
        let (conds, args) = event_conditions(filter)?;
        let limit = if filter.limit == 0 { 100 } else { filter.limit };
        self.read(|c| aggregated_events(c, &conds, &args, limit, filter.offset))
    }

    fn actors(&self, filter: &ActorFilter) -> Result<Vec<ActorSummary>> {
        let mut conds = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(q) = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            args.push(format!("%{}%", fold_key(q)));
            args.push(format!("%{q}%"));
            conds.push("(actor_key LIKE ?1 OR latin LIKE ?2 OR actor LIKE ?2)".to_owned());
        }
        if let Some(t) = filter.ty.as_deref().filter(|s| !s.is_empty()) {
            args.push(t.to_uppercase());
            conds.push(format!("type = ?{}", args.len()));
        }
        if let Some(c) = filter.country.as_deref().filter(|s| !s.is_empty()) {
            args.push(c.to_uppercase());
            conds.push(format!("country = ?{}", args.len()));
        }
        let wh = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let top = if filter.top == 0 { 50 } else { filter.top };
        let sql = format!(
            "SELECT actor_key, {ACTOR_SUMMARY}
             FROM entities {wh}
             GROUP BY actor_key ORDER BY sum(n_mentions) DESC, actor_key LIMIT {top}"
        );
        self.read(|c| {
            let mut stmt = c.prepare_cached(&sql)?;
            let rows: Vec<ActorSummary> = stmt
                .query_map(params_from_iter(args.iter()), |r| {
                    actor_summary(r.get(0)?, r, 1)
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(rows.len());
            for mut a in rows {
                a.event_count =
                    c.prepare_cached(
                        "SELECT (SELECT count(*) FROM events WHERE source_key = ?1)
                              + (SELECT count(*) FROM events WHERE target_key = ?1)",
                    )?
                    .query_row([&a.id], |r| r.get::<_, i64>(0))? as u64;
                a.titles = titles_of(c, &a.id)?;
                out.push(a);
            }
            Ok(out)
        })
    }

    fn actor(&self, id: &str) -> Result<Option<ActorDetail>> {
        let summary = self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {ACTOR_SUMMARY} FROM entities WHERE actor_key = ?1 HAVING count(*) > 0"
            ))?
            .query_row([id], |r| actor_summary(id.to_owned(), r, 0))
            .optional()
        })?;
        let Some(mut summary) = summary else {
            return Ok(None);
        };
        let (variants, links, titles) = self.read(|c| {
            let mut variants: Vec<String> = Vec::new();
            let mut stmt = c.prepare_cached(
                "SELECT canonical, mentions FROM entities WHERE actor_key = ?1 LIMIT 500",
            )?;
            let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
            for row in rows {
                let (canonical, mentions): (String, Option<String>) = row?;
                let ms: Vec<Mention> = json_or_default(mentions);
                for v in std::iter::once(canonical).chain(ms.into_iter().map(|m| m.text)) {
                    if !variants.contains(&v) {
                        variants.push(v);
                    }
                }
            }
            let mut links = Vec::new();
            for (dir, mine, other) in [("out", "source", "target"), ("in", "target", "source")] {
                let sql = format!(
                    "SELECT e.{other}_key, max(e.{other}_text), max(e.{other}_actor), e.root,
                            count(*)
                     FROM events e WHERE e.{mine}_key = ?1
                     GROUP BY coalesce(e.{other}_key, e.{other}_actor, e.{other}_text), e.root
                     HAVING max(e.{other}_text) IS NOT NULL
                     ORDER BY count(*) DESC LIMIT 200"
                );
                let mut stmt = c.prepare_cached(&sql)?;
                let rows = stmt.query_map([id], |r| {
                    Ok(ActorLink {
                        direction: dir.to_owned(),
                        other: r.get(0)?,
                        other_name: r.get(1)?,
                        other_latin: None,
                        other_actor: r.get(2)?,
                        root: r.get(3)?,
                        count: r.get::<_, i64>(4)? as u64,
                    })
                })?;
                for l in rows {
                    links.push(l?);
                }
            }
            for l in &mut links {
                if let Some((n, lat)) = l
                    .other
                    .as_deref()
                    .map(|k| actor_name(c, k))
                    .transpose()?
                    .flatten()
                {
                    l.other_name = n;
                    l.other_latin = lat;
                }
            }
            Ok((variants, links, titles_of(c, id)?))
        })?;
        let events = self.events(&EventFilter {
            actor: Some(id.to_owned()),
            limit: 200,
            ..EventFilter::default()
        })?;
        summary.event_count = links.iter().map(|l| l.count).sum();
        summary.titles = titles;
        Ok(Some(ActorDetail {
            summary,
            variants,
            events,
            links,
        }))
    }

    fn stats(&self) -> Result<StoreStats> {
        self.read(|c| {
            let count = |sql: &str| {
                c.query_row(sql, [], |r| r.get::<_, i64>(0))
                    .map(|n| n as u64)
            };
            Ok(StoreStats {
                documents: count("SELECT count(*) FROM documents")?,
                duplicates: count("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL")?,
                entities: count("SELECT count(*) FROM entities")?,
                events: count("SELECT count(*) FROM events")?,
                actors: count("SELECT count(DISTINCT actor_key) FROM entities")?,
                bytes: std::fs::metadata(&self.path).map_or(0, |m| m.len()),
            })
        })
    }

    fn check(&self) -> Result<()> {
        let problems: Vec<String> = self.read(|c| {
            let mut out: Vec<String> = c
                .prepare("PRAGMA integrity_check")?
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .filter(|s| s != "ok")
                .collect();
            let fk: i64 =
                c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if fk > 0 {
                out.push(format!("{fk} rows break foreign keys"));
            }
            let dangling: i64 = c.query_row(
                "SELECT count(*) FROM documents d WHERE duplicate_of IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.id = d.duplicate_of)",
                [],
                |r| r.get(0),
            )?;
            if dangling > 0 {
                out.push(format!("{dangling} duplicate links point at nothing"));
            }
            Ok(out)
        })?;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Integrity(problems.join("; ")))
        }
    }

    fn for_each_document(&self, f: &mut dyn FnMut(StoredDocument) -> Result<()>) -> Result<()> {
        let mut last = 0i64;
        loop {
            let page: Vec<StoredDocument> = self.read(|c| {
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT {DOC_COLUMNS} FROM documents WHERE rowid > ?1 ORDER BY rowid LIMIT 256"
                ))?;
                let rows: Vec<(i64, StoredDocument)> = stmt
                    .query_map([last], doc_from_row)?
                    .collect::<rusqlite::Result<_>>()?;
                rows.into_iter()
                    .map(|(rowid, mut d)| {
                        last = rowid;
                        fill(c, rowid, &mut d).map(|_| d)
                    })
                    .collect()
            })?;
            if page.is_empty() {
                return Ok(());
            }
            for d in page {
                f(d)?;
            }
        }
    }
}

/// The aggregate columns of an actor over its entity rows, read by
/// [`actor_summary`].
const ACTOR_SUMMARY: &str = "max(type), max(canonical), max(latin), max(actor), max(country),
     sum(n_mentions), count(DISTINCT doc)";

/// An actor from the [`ACTOR_SUMMARY`] columns of `r`, starting at column
/// `at`; its titles and event count are filled in later.
fn actor_summary(id: String, r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ActorSummary> {
    Ok(ActorSummary {
        id,
        ty: r.get(at)?,
        canonical: r.get(at + 1)?,
        latin: r.get(at + 2)?,
        actor: r.get(at + 3)?,
        country: r.get(at + 4)?,
        titles: Vec::new(),
        mentions: r.get::<_, i64>(at + 5)? as u64,
        documents: r.get::<_, i64>(at + 6)? as u64,
        event_count: 0,
    })
}

/// Titles seen with an actor, most frequent first.
fn titles_of(c: &Connection, key: &str) -> rusqlite::Result<Vec<String>> {
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut stmt =
        c.prepare_cached("SELECT titles FROM entities WHERE actor_key = ?1 LIMIT 1000")?;
    let rows = stmt.query_map([key], |r| r.get::<_, String>(0))?;
    for row in rows {
        let titles: Vec<String> = serde_json::from_str(&row?).unwrap_or_default();
        for t in titles {
            *counts.entry(t).or_default() += 1;
        }
    }
    let mut v: Vec<(String, u32)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(v.into_iter().take(8).map(|(t, _)| t).collect())
}

impl SqliteStore {
    /// Whether this store was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.mode == Mode::ReadOnly
    }
}
