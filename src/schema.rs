//! Schemas loaded at run time (for example a task schema fetched from GO), with the
//! same semantics as generated code.

use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::ValidationError;

/// A JSON Schema ready to validate payloads at run time.
///
/// ```
/// let schema = gbg_go::Schema::from_slice(
///     "task.json",
///     br#"{"type":"object","properties":{"email":{"type":"string","format":"email"}}}"#,
/// )?;
/// assert!(schema.validate(&serde_json::json!({"email": "not an email"})).is_err());
/// let ok = schema.validate(&serde_json::json!({"email": "ada@example.com"}));
/// assert!(ok.is_ok());
/// # Ok::<(), gbg_go::SchemaError>(())
/// ```
pub struct Schema {
    validator: gbg_go_schema::Validator,
}

/// A schema could not be loaded; every diagnostic is located.
pub type SchemaError = gbg_go_schema::Diagnostics;

impl Schema {
    /// Load a schema file (and the files its relative `$ref`s name).
    ///
    /// # Errors
    /// Located diagnostics for unreadable, malformed or unsupported schemas.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Schema, SchemaError> {
        Ok(Schema {
            validator: gbg_go_schema::Validator::new(gbg_go_schema::load(path.as_ref())?),
        })
    }

    /// Load a schema from bytes; `name` is used in diagnostics and schema locations.
    ///
    /// # Errors
    /// As [`Schema::from_path`].
    pub fn from_slice(name: &str, bytes: &[u8]) -> Result<Schema, SchemaError> {
        let ir = gbg_go_schema::load_bytes(Path::new(name), name, bytes)?;
        Ok(Schema {
            validator: gbg_go_schema::Validator::new(ir),
        })
    }

    /// Load a schema whose files are embedded in the binary: the root first, then the
    /// files its relative `$ref`s name, each by the path the reference resolves to.
    ///
    /// # Errors
    /// As [`Schema::from_path`].
    pub fn from_embedded(name: &str, files: &[(&str, &[u8])]) -> Result<Schema, SchemaError> {
        Ok(Schema {
            validator: gbg_go_schema::Validator::new(gbg_go_schema::load_embedded(name, files)?),
        })
    }

    /// Validate a payload.
    ///
    /// # Errors
    /// Every violation, without values.
    pub fn validate(&self, value: &Value) -> Result<(), ValidationError> {
        let v = self.validator.validate(value);
        if v.is_empty() {
            Ok(())
        } else {
            Err(ValidationError::new("payload", v))
        }
    }

    /// Validate a fragment of a task document: `value` is what the document holds at
    /// the place `at`, a payload pointer such as `/context/subject/identity`, in
    /// which `*` stands for any array item (`/context/subject/identity/idNumbers/*`),
    /// as in the derive's `at` and the build hooks. Violations name pointers into
    /// the whole document.
    ///
    /// # Errors
    /// Every violation, without values; a place the schema does not describe (or
    /// an index past what it allows) is one violation at that place.
    pub fn validate_at(&self, at: &str, value: &Value) -> Result<(), ValidationError> {
        let ir = self.validator.ir();
        let Some(node) = self.validator.node_at_place(at) else {
            return Err(ValidationError::new(
                "payload",
                vec![crate::Violation::new(
                    at.to_owned(),
                    "properties",
                    ir.schema_location(ir.root),
                    crate::ViolationKind::Undescribed,
                )],
            ));
        };
        let mut v = self.validator.validate_at(node, value);
        if v.is_empty() {
            return Ok(());
        }
        for x in &mut v {
            x.pointer = format!("{at}{}", x.pointer);
        }
        Err(ValidationError::new("payload", v))
    }

    /// Lint warnings found while loading.
    pub fn warnings(&self) -> &[gbg_go_schema::Diagnostic] {
        &self.validator.ir().warnings
    }
}

impl fmt::Debug for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schema")
            .field("file", &self.validator.ir().files[0].name)
            .finish_non_exhaustive()
    }
}

/// A JSON document that passed validation against a schema. Only validation can
/// build one, so holding a `Payload` proves the data is valid. Its `Debug` hides
/// every value.
#[derive(Clone, PartialEq)]
pub struct Payload(Value);

impl Payload {
    /// For `prefill!` only: a literal the macro validated while compiling.
    pub(crate) fn checked_by_macro(value: Value) -> Payload {
        Payload(value)
    }

    /// Validate `value` against `schema` and wrap it.
    ///
    /// # Errors
    /// Every violation, without values.
    pub fn new(schema: &Schema, value: Value) -> Result<Payload, ValidationError> {
        schema.validate(&value)?;
        Ok(Payload(value))
    }

    /// The validated JSON.
    pub fn as_json(&self) -> &Value {
        &self.0
    }

    /// The validated JSON, by value.
    pub fn into_json(self) -> Value {
        self.0
    }
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Payload")
            .field(&crate::__private::Redact(&self.0))
            .finish()
    }
}

impl serde::Serialize for Payload {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}
