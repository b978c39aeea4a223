//! The one error type of the crate.

use thiserror::Error;

/// Everything that can go wrong while reading a gold file or comparing a
/// system output with it.
///
/// Parse errors always carry the 1-based line number of the offending line, so
/// a message can point straight into the gold file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A line of a gold file could not be read.
    #[error("line {line}: {message}")]
    Parse {
        /// 1-based line number in the gold file.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// The system's tokens do not spell the same non-whitespace characters as
    /// the gold text.
    #[error(
        "system tokens differ from the gold text at character {position}: \
         gold continues with {gold:?}, system with {system:?}"
    )]
    TextMismatch {
        /// Code-point index into the running text where the first difference is.
        position: usize,
        /// Up to 20 non-whitespace gold characters from that point on.
        gold: String,
        /// Up to 20 non-whitespace system characters from that point on.
        system: String,
    },
    /// A system span is reversed or reaches past the end of the text.
    #[error("{what} span {start}..{end} does not fit in a text of {len} characters")]
    BadSpan {
        /// What the span belongs to (`"token"` or `"sentence"`).
        what: &'static str,
        /// Start of the span (code points).
        start: usize,
        /// End of the span (code points, exclusive).
        end: usize,
        /// Length of the text (code points).
        len: usize,
    },
    /// Gold and system sequences that must be parallel differ in length.
    #[error("gold has {gold} items but the system has {system}")]
    LengthMismatch {
        /// Number of gold items.
        gold: usize,
        /// Number of system items.
        system: usize,
    },
    /// A requested line range does not fit the file.
    #[error("line range {start}..={end} does not fit a file of {lines} lines")]
    LineRange {
        /// First requested line (1-based).
        start: usize,
        /// Last requested line (1-based, inclusive).
        end: usize,
        /// Number of lines in the file.
        lines: usize,
    },
}

impl EvalError {
    /// Shorthand for a [`EvalError::Parse`] error.
    pub(crate) fn parse(line: usize, message: impl Into<String>) -> Self {
        EvalError::Parse {
            line,
            message: message.into(),
        }
    }
}
