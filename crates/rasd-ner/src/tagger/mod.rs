//! The statistical tagger (being written).
