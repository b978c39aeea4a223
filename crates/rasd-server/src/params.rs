//! Query-string parameters, checked: known names only, no control
//! characters, bounded lengths, dates as `YYYY-MM-DD`, numbers in range.
//! Anything else is a 400 with a message saying which parameter and why.

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;

use crate::error::ApiError;

/// Longest accepted parameter value, in bytes.
const MAX_VALUE_BYTES: usize = 1000;

/// The decoded query string of a request.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let RawQuery(raw) = RawQuery::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        Params::parse(raw.as_deref().unwrap_or(""))
    }
}

impl Params {
    /// Decodes `a=1&b=x+y`; rejects invalid UTF-8 and control characters.
    pub fn parse(raw: &str) -> Result<Params, ApiError> {
        let mut pairs = Vec::new();
        for part in raw.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let (k, v) = (decode(k)?, decode(v)?);
            if let Some(c) = k.chars().chain(v.chars()).find(|c| c.is_control()) {
                return Err(ApiError::bad_request(format!(
                    "parameter {k:?}: control character U+{:04X} not allowed",
                    c as u32
                )));
            }
            if v.len() > MAX_VALUE_BYTES {
                return Err(ApiError::bad_request(format!(
                    "parameter {k:?}: longer than {MAX_VALUE_BYTES} bytes"
                )));
            }
            pairs.push((k, v));
        }
        Ok(Params { pairs })
    }

    /// Fails on a parameter not in `known` or given twice.
    pub fn only(&self, known: &[&str]) -> Result<(), ApiError> {
        for (i, (k, _)) in self.pairs.iter().enumerate() {
            if !known.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {k:?}; known: {}",
                    known.join(", ")
                )));
            }
            if self.pairs[..i].iter().any(|(k2, _)| k2 == k) {
                return Err(ApiError::bad_request(format!(
                    "parameter {k:?} given twice"
                )));
            }
        }
        Ok(())
    }

    /// A parameter's value, trimmed; empty counts as absent.
    pub fn str(&self, name: &str) -> Option<String> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// A required parameter.
    pub fn required(&self, name: &str) -> Result<String, ApiError> {
        self.str(name)
            .ok_or_else(|| ApiError::bad_request(format!("missing parameter {name:?}")))
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.str(name) {
            None => Ok(None),
            Some(v) if valid_date(&v) => Ok(Some(v)),
            Some(v) => Err(ApiError::bad_request(format!(
                "parameter {name:?}: {v:?} is not a date (YYYY-MM-DD)"
            ))),
        }
    }

    /// A number from 0 to `max`, `default` when absent.
    pub fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.str(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(ApiError::bad_request(format!(
                    "parameter {name:?}: {v:?} is not a number from 0 to {max}"
                ))),
            },
        }
    }

    /// A value of one of `allowed` (case-insensitive; answered upper-case).
    pub fn one_of(&self, name: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        match self.str(name) {
            None => Ok(None),
            Some(v) => {
                let up = v.to_ascii_uppercase();
                if allowed.contains(&up.as_str()) {
                    Ok(Some(up))
                } else {
                    Err(ApiError::bad_request(format!(
                        "parameter {name:?}: {v:?} is not one of {}",
                        allowed.join(", ")
                    )))
                }
            }
        }
    }

    /// A code of ASCII letters and digits (CAMEO event or country codes).
    pub fn code(&self, name: &str, max_len: usize) -> Result<Option<String>, ApiError> {
        match self.str(name) {
            None => Ok(None),
            Some(v) if v.len() <= max_len && v.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                Ok(Some(v.to_ascii_uppercase()))
            }
            Some(v) => Err(ApiError::bad_request(format!(
                "parameter {name:?}: {v:?} is not a code (letters and digits, at most {max_len})"
            ))),
        }
    }
}

/// Percent-decoding with `+` as space; invalid UTF-8 is an error.
fn decode(s: &str) -> Result<String, ApiError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => {
                        return Err(ApiError::bad_request(
                            "malformed percent-encoding in the query string",
                        ))
                    }
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out)
        .map_err(|_| ApiError::bad_request("the query string is not UTF-8 once decoded"))
}

/// Whether `s` is a real calendar date written `YYYY-MM-DD`.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(valid_date("2016-11-28"));
        assert!(valid_date("2016-02-29"));
        assert!(!valid_date("2015-02-29"));
        assert!(!valid_date("2016-13-01"));
        assert!(!valid_date("2016-1-01"));
        assert!(!valid_date("٢٠١٦-١١-٢٨"));
        assert!(!valid_date("2016-11-2x"));
        assert!(!valid_date("+016-11-28"));
    }

    #[test]
    fn decoding() {
        let p = Params::parse("q=%D8%B3%D9%84%D8%A7%D9%85+x&limit=5").unwrap();
        assert_eq!(p.str("q").as_deref(), Some("سلام x"));
        assert_eq!(p.number("limit", 20, 100).unwrap(), 5);
        assert!(Params::parse("q=%00").is_err());
        assert!(Params::parse("q=%ZZ").is_err());
        assert!(Params::parse("q=%FF").is_err());
        assert!(p.only(&["q"]).is_err());
        assert!(Params::parse("q=a&q=b").unwrap().only(&["q"]).is_err());
        assert!(p.number("q", 0, 10).is_err());
    }
}
