//! Load GBG GO task schemas (JSON Schema draft-07 or 2020-12) with source positions,
//! resolve `$ref` offline, and lower them into an IR that codegen, the macros, the
//! CLI and the runtime validator share.
//!
//! Every problem is a [`Diagnostic`] with the file, a 1-based line:col and the JSON
//! pointer. Nothing here touches the network: a remote `$ref` is an error.
//!
//! ```
//! use std::path::Path;
//!
//! let schema = br#"{
//!   "type": "object",
//!   "properties": {"context": {"type": "object", "properties": {
//!     "subject": {"type": "object", "properties": {
//!       "identity": {"type": "object",
//!         "properties": {"dateOfBirth": {"type": "string", "format": "date"}},
//!         "required": ["dateOfBirth"]}}}}}}
//! }"#;
//! let ir = gbg_go_schema::load_bytes(Path::new("kyc.json"), "kyc.json", schema)?;
//! let validator = gbg_go_schema::Validator::new(ir);
//! let payload = serde_json::json!({"context": {"subject": {"identity": {"dateOfBirth": "1990-13-01"}}}});
//! let errors = validator.validate(&payload);
//! assert_eq!(errors[0].pointer, "/context/subject/identity/dateOfBirth");
//! assert_eq!(errors[0].keyword, "format");
//! // The message names the rule, never the value.
//! assert!(!errors[0].to_string().contains("1990"));
//! # Ok::<(), gbg_go_schema::Diagnostics>(())
//! ```
#![warn(missing_docs)]

pub mod check;
mod convert;
pub mod diag;
pub mod diff;
pub mod formats;
pub mod ir;
pub mod lint;
pub mod loc;
pub mod locate;
pub mod lock;
pub mod messages;
pub mod naming;
pub mod path;
pub mod pattern;
pub mod source;
pub mod strict;
pub mod text;
mod validate;
mod violation;
pub mod walk;

pub use convert::{load, load_bytes, load_embedded, load_with_files, pointer_tokens};
pub use diag::{Diagnostic, Diagnostics, Severity};
pub use ir::{Dialect, Ir, NodeId};
pub use validate::Validator;
pub use violation::{Violation, ViolationKind};
