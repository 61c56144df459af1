//! Located diagnostics: every message names the file, line:col and JSON pointer.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation or validation cannot go on.
    Error,
    /// A lint: the schema works, but probably not as its author meant.
    Warning,
}

/// The code of every warning the loader and the lints report: what
/// `Builder::allow` and `gbg-go … --allow` accept.
pub const WARNING_CODES: &[&str] = &[
    "lint-allof-closed",
    "lint-enum-mixed",
    "lint-name-collision",
    "lint-pattern-backtracking",
    "lint-required-undeclared",
    "no-effect",
    "ref-sibling-ignored",
    "unknown-format",
];

/// A message about a schema file, located by file, 1-based line:col and JSON pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable code, such as `unsupported-keyword` or `lint-allof-closed`.
    pub code: &'static str,
    /// The human message. Never contains payload values.
    pub message: String,
    /// The file name as given (relative paths stay relative).
    pub file: String,
    /// RFC 6901 pointer into the file (`""` is the root).
    pub pointer: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Diagnostic {
    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::printable;
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {sev}[{}]: {} (at `#{}`)",
            printable(&self.file),
            self.line,
            self.column,
            self.code,
            printable(&self.message),
            printable(&self.pointer)
        )
    }
}

/// A list of diagnostics that failed an operation; displays one per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
