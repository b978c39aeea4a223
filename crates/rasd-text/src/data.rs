//! The data tables compiled into the crate (readable TSV files in `data/`).
//!
//! They are embedded at compile time and parsed once, when an engine is
//! built; nothing is read from disk at run time.

/// (table name, contents) for every table the segmentation lexicon reads.
pub(crate) static TABLES: &[(&str, &str)] = &[
    (
        "function_words",
        include_str!("../../../data/lexicon/function_words.tsv"),
    ),
    ("verbs", include_str!("../../../data/lexicon/verbs.tsv")),
    ("nouns", include_str!("../../../data/lexicon/nouns.tsv")),
    (
        "whole_words",
        include_str!("../../../data/lexicon/whole_words.tsv"),
    ),
    (
        "countries",
        include_str!("../../../data/gazetteer/countries.tsv"),
    ),
    ("cities", include_str!("../../../data/gazetteer/cities.tsv")),
    (
        "regions",
        include_str!("../../../data/gazetteer/regions.tsv"),
    ),
    ("nisba", include_str!("../../../data/gazetteer/nisba.tsv")),
    ("actors", include_str!("../../../data/actors/actors.tsv")),
    (
        "person_names",
        include_str!("../../../data/ner/person_names.tsv"),
    ),
    (
        "organizations",
        include_str!("../../../data/ner/organizations.tsv"),
    ),
    (
        "misc_names",
        include_str!("../../../data/ner/misc_names.tsv"),
    ),
];
