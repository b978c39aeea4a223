//! Events as JSON, per the output schema of DESIGN.md.
//!
//! The coder gives byte spans; the caller converts them to code points (the
//! JSON contract) with `to_chars`, a map from a byte offset of the text the
//! coder saw to the code point offset in the document.

use std::io::{self, Write};

use crate::coder::{Event, Participant};

fn string<W: Write>(out: &mut W, s: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, s).map_err(io::Error::other)
}

fn opt_string<W: Write>(out: &mut W, s: Option<&str>) -> io::Result<()> {
    match s {
        Some(s) => string(out, s),
        None => out.write_all(b"null"),
    }
}

fn float<W: Write>(out: &mut W, x: Option<f64>) -> io::Result<()> {
    match x {
        Some(x) if x.is_finite() => write!(out, "{x}"),
        _ => out.write_all(b"null"),
    }
}

fn participant<W: Write>(out: &mut W, p: &Option<Participant>) -> io::Result<()> {
    match p {
        None => out.write_all(b"null"),
        Some(p) => {
            out.write_all(b"{\"entity\":")?;
            opt_string(out, p.entity.as_deref())?;
            out.write_all(b",\"actor\":")?;
            opt_string(out, p.actor.as_deref())?;
            out.write_all(b",\"text\":")?;
            string(out, &p.text)?;
            out.write_all(b"}")
        }
    }
}

/// Writes one event as a JSON object. `to_chars` maps a byte offset of
/// the coded text to the code point offset of the output.
pub fn write_event<W: Write>(
    e: &Event,
    to_chars: &mut dyn FnMut(usize) -> usize,
    out: &mut W,
) -> io::Result<()> {
    write!(
        out,
        "{{\"code\":\"{}\",\"root\":\"{}\",\"quad_class\":{},\"goldstein\":",
        e.code, e.root, e.quad_class
    )?;
    float(out, Some(e.goldstein as f64))?;
    out.write_all(b",\"plover\":{\"event\":")?;
    opt_string(out, e.plover_event.as_deref())?;
    out.write_all(b",\"mode\":")?;
    opt_string(out, e.plover_mode.as_deref())?;
    out.write_all(b"},\"source\":")?;
    participant(out, &e.source)?;
    out.write_all(b",\"target\":")?;
    participant(out, &e.target)?;
    out.write_all(b",\"trigger\":{\"text\":")?;
    string(out, &e.trigger_text)?;
    let (start, end) = (to_chars(e.trigger.start), to_chars(e.trigger.end));
    write!(
        out,
        ",\"start\":{start},\"end\":{end}}},\"sentence\":{},\"date\":",
        e.sentence
    )?;
    opt_string(out, e.date.as_deref())?;
    out.write_all(b",\"date_text\":")?;
    opt_string(out, e.date_text.as_deref())?;
    out.write_all(b",\"location\":")?;
    match &e.location {
        None => out.write_all(b"null")?,
        Some(l) => {
            out.write_all(b"{\"text\":")?;
            string(out, &l.text)?;
            out.write_all(b",\"latin\":")?;
            opt_string(out, l.latin.as_deref())?;
            out.write_all(b",\"country\":")?;
            opt_string(out, l.country.as_deref())?;
            out.write_all(b",\"lat\":")?;
            float(out, l.lat)?;
            out.write_all(b",\"lon\":")?;
            float(out, l.lon)?;
            out.write_all(b"}")?;
        }
    }
    write!(
        out,
        ",\"modality\":\"{}\",\"confidence\":{:.2}}}",
        e.modality.as_str(),
        e.confidence
    )
}

/// Writes `events` as a JSON array (see [`write_event`]).
pub fn write_events<W: Write>(
    events: &[Event],
    to_chars: &mut dyn FnMut(usize) -> usize,
    out: &mut W,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_event(e, to_chars, out)?;
    }
    out.write_all(b"]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coder_tests::{code, Ent};
    use rasd_ner::entities::EntityType;
    use rasd_text::CharOffsets;

    #[test]
    fn follows_the_schema() {
        let text = "موسكو - زار المشير خليفة حفتر روسيا أمس الأحد.";
        let events = code(
            text,
            Some("2016-11-28"),
            &[
                Ent("موسكو", EntityType::Loc, "RUS"),
                Ent("خليفة حفتر", EntityType::Pers, "LBYMIL"),
                Ent("روسيا", EntityType::Loc, "RUS"),
            ],
        );
        let mut offsets = CharOffsets::new(text);
        let mut out = Vec::new();
        write_events(&events, &mut |b| offsets.get(b), &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let e = &v[0];
        assert_eq!(e["code"], "042");
        assert_eq!(e["root"], "04");
        assert_eq!(e["quad_class"], 1);
        assert_eq!(e["plover"]["event"], "CONSULT");
        assert_eq!(e["source"]["actor"], "LBYMIL");
        assert_eq!(e["source"]["entity"], "e2");
        assert_eq!(e["source"]["text"], "المشير خليفة حفتر");
        assert_eq!(e["target"]["actor"], "RUS");
        assert_eq!(e["trigger"]["text"], "زار");
        // Code points, not bytes: "موسكو - " is 8 characters.
        assert_eq!(e["trigger"]["start"], 8);
        assert_eq!(e["trigger"]["end"], 11);
        assert_eq!(e["sentence"], 0);
        assert_eq!(e["date"], "2016-11-27");
        assert_eq!(e["date_text"], "أمس الأحد");
        assert_eq!(e["location"]["country"], "RUS");
        assert_eq!(e["modality"], "asserted");
        assert!(e["confidence"].as_f64().unwrap() > 0.0);
    }
}
