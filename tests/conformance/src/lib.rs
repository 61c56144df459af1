//! The JSON-Schema-Test-Suite groups compiled as generated modules (with
//! `--features shared-data`; see build.rs). `tests/conformance.rs` runs them.
//!
//! Warnings are errors here, as they are for the snapshots: every generated module
//! must compile warning-free (the suite's schemas found two cases that did not).
#![deny(warnings)]

pub mod files;

/// One compiled group.
pub struct Group {
    /// `draft7` or `draft2020-12`.
    pub dialect: &'static str,
    /// The file, relative to the dialect's folder (`optional/format/date.json`).
    pub file: &'static str,
    /// The group's index in that file.
    pub index: usize,
    /// The generated `Root`'s verdict on a JSON text.
    pub accepts: fn(&str) -> bool,
    /// The generated `Root`'s violations of a JSON value (`validate_json`).
    pub violations: fn(&serde_json::Value) -> Vec<gbg_go::Violation>,
    /// The violations of the one-pass read of a JSON text (`Root::from_json_str`).
    pub read: fn(&str) -> Vec<gbg_go::Violation>,
}

include!(concat!(env!("OUT_DIR"), "/suite.rs"));
