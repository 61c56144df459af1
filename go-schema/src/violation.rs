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
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{at}: {} [{}; {}]",
            self.message, self.keyword, self.schema_location
        )
    }
}
