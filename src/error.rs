//! Validation errors that name the place and the rule, never the value.

use std::fmt;

pub use gbg_go_schema::{Violation, ViolationKind};

/// A value broke its schema. Carries every violation found, each with the JSON
/// pointer, the keyword, the schema location and a message, but no payload value.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidationError {
    type_name: &'static str,
    violations: Vec<Violation>,
}

impl ValidationError {
    /// An error for `type_name` with these violations.
    pub fn new(type_name: &'static str, violations: Vec<Violation>) -> Self {
        ValidationError {
            type_name,
            violations,
        }
    }

    /// Every violation, in document order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The Rust type (or schema) that was being validated.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(
            f,
            "invalid {}: {n} violation{}",
            self.type_name,
            if n == 1 { "" } else { "s" }
        )?;
        for v in self.violations.iter().take(20) {
            write!(f, "\n  {v}")?;
        }
        if n > 20 {
            write!(f, "\n  … and {} more", n - 20)?;
        }
        Ok(())
    }
}

impl fmt::Debug for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidationError")
            .field("type_name", &self.type_name)
            .field("violations", &self.violations)
            .finish()
    }
}

impl std::error::Error for ValidationError {}
