//! What a failed validation reports: pointer, keyword, schema location and a message,
//! never the offending value.

use std::fmt;

/// One rule a payload breaks.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Violation {
    /// RFC 6901 pointer into the payload (`""` for the root).
    pub pointer: String,
    /// The keyword that failed (`required`, `pattern`, `type`, …).
    pub keyword: &'static str,
    /// `file#/pointer` of the failing keyword in the schema.
    pub schema_location: String,
    /// A human message. It names the rule, never the value.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Pointers hold the payload's keys, and messages may quote them: neither
        // reaches a terminal or a log raw.
        use crate::text::printable;
        let at = if self.pointer.is_empty() {
            "(root)".into()
        } else {
            printable(&self.pointer)
        };
        write!(
            f,
            "{at}: {} [{}; {}]",
            printable(&self.message),
            self.keyword,
            printable(&self.schema_location)
        )
    }
}
