//! The runtime layer generated code calls: support for generated types, reached only
//! as `::gbg_go::__private` (hidden from the docs, outside semver). Reading a generated
//! type validates as values arrive, with no intermediate copy of the document (DESIGN,
//! *One-pass strategy*).
//!
//! A generated type is read through a [`Plan`]: how to read one value of a Rust type at
//! one place in the schema. The generator picks a plan per place, and each file here
//! holds the readers of one kind of value:
//!
//! | file | what it reads or does |
//! |---|---|
//! | `plan.rs` | the core: [`Plan`], where a value goes ([`Place`], [`InPlace`], [`Push`], [`Blank`]), the seed [`At`], [`Step`] |
//! | `scalars.rs` | [`Whole`], [`Plain`], [`Judged`], [`Foreign`]; compiled patterns, numbers, literals |
//! | `objects.rs` | generated structs: [`Streamed`], [`Obj`], [`Key`], [`member`] |
//! | `members.rs` | undeclared members ([`Rest`], [`Closed`]), [`object_rules`], [`conditional`], [`MemberChecks`] |
//! | `arrays.rs` | [`Items`], [`KeptRules`] |
//! | `maps.rs` | [`Entries`], [`PatternEntries`], [`MapRules`], [`PatternRules`] |
//! | `wrappers.rs` | [`Nullable`], [`Boxed`], [`Wrapped`] |
//! | `composites.rs` | [`Rules`] (the interpreter at a place), [`one_of`], [`valid`] |
//! | `violations.rs` | the [`Sink`], [`report`], the `kind` constructors |
//! | `documents.rs` | a type's facts ([`Generated`]) and its entry points: [`read_root`], [`read_document`], [`from_json_slice`], [`check_value`], [`check_json`] |
//! | `from_json.rs` | [`FromJson`]: a generated type from an already validated `Value` |
//! | `redaction.rs` | [`PiiDebug`], [`Redact`], [`Reveal`] |
//! | `prefill.rs` | `prefill!` and `try_prefill!` support |
//! | `module_format.rs` | [`module_format`](fn@module_format): a module of another format is refused while compiling |
//!
//! Every plan reports into one shared [`Sink`] (violations and depth), carried by the
//! [`At`] seed: nested values never report through `D::Error` strings. A plan returns
//! `None` when its value cannot be built; it has then reported why. Reading goes on
//! after a violation, so the sink ends with every violation of the document.
//! Duplicate keys and nesting past 128 levels stop the read with the same errors as
//! [`gbg_go_schema::strict`], whatever the `Deserializer`.

// Shared by the files below (each has `use super::*`).
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

use gbg_go_schema::locate::MAX_DEPTH;
use gbg_go_schema::strict;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// A plan that holds only its place's validator: the struct with its docs, `Copy`,
/// and `new`.
macro_rules! check_plan {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub struct $name<T>(CheckFn, PhantomData<fn() -> T>);

        impl<T> Clone for $name<T> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<T> Copy for $name<T> {}

        impl<T> $name<T> {
            /// The plan with the place's validator.
            #[inline]
            pub const fn new(check: CheckFn) -> Self {
                $name(check, PhantomData)
            }
        }
    };
}

/// Visitor methods for values of another JSON type than a plan reads: read whole
/// (a subtree buffered, on this error path only) and reported by `$check`.
macro_rules! other_values {
    ($check:expr, $expected:literal) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(other(
                Value::Bool(v),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(other(
                Value::from(v),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(other(
                Value::from(v),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(other(
                Value::from(v),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(other(
                Value::String(v.to_owned()),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(other(
                Value::Null,
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(other(
                Value::Null,
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
    };
}

/// A compiled `pattern` (bounded-time matching; see `gbg_go_schema::pattern`).
pub use gbg_go_schema::check::Pattern as Regex;
pub use gbg_go_schema::check::{
    above, all_unique, below, code_points, has_type, is_multiple_of, json_equal, pattern_matches,
};
pub use gbg_go_schema::ir::{Format, JsonType};
pub use gbg_go_schema::path::Path;
pub use gbg_go_schema::{formats, messages, Violation, ViolationKind};

#[cfg(feature = "macros")]
pub use gbg_go_macros::typed_prefill;

/// `include!` of a generated module, or one error listing the generated modules.
#[cfg(feature = "macros")]
pub use gbg_go_macros::include_generated;

/// Without the `macros` feature: a plain `include!` (rustc names the missing file).
#[cfg(not(feature = "macros"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_include_generated {
    ($name:ident) => {
        include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
    };
}
#[cfg(not(feature = "macros"))]
pub use crate::__gbg_go_include_generated as include_generated;

pub use crate::__gbg_go_format_version as format_version;

/// For `Builder::schemars(true)`: generated types derive `JsonSchema` through this.
#[cfg(feature = "schemars")]
pub use schemars;

/// `Builder::schemars(true)`: put a type's own schema rules (a JSON object of
/// keywords, written by the generator) into the schema schemars derived for it.
#[cfg(feature = "schemars")]
pub fn schemars_rules(schema: &mut schemars::Schema, rules: &str) {
    if let (Some(object), Ok(Value::Object(rules))) =
        (schema.as_object_mut(), serde_json::from_str::<Value>(rules))
    {
        for (k, v) in rules {
            object.insert(k, v);
        }
    }
}
pub use serde;
pub use serde_json;
pub use serde_json::{Map, Number, Value};

pub use crate::TaskDocument;
pub use crate::Validate;
pub use crate::ValidationError;

/// One generated validator: the value, its payload path, where in the schema this
/// instance of the (possibly shared) rules sits, and the sink.
pub type CheckFn = fn(&Value, &Path<'_>, &Loc<'_>, &mut Vec<Violation>);

pub use gbg_go_schema::loc::Loc;

mod arrays;
mod composites;
mod documents;
mod from_json;
mod maps;
mod members;
mod module_format;
mod objects;
mod plan;
mod prefill;
mod redaction;
mod scalars;
mod violations;
mod wrappers;

pub use arrays::*;
pub use composites::*;
pub use documents::*;
pub use from_json::*;
pub use maps::*;
pub use members::*;
pub use module_format::*;
pub use objects::*;
pub use plan::*;
pub use prefill::*;
pub use redaction::*;
pub use scalars::*;
pub use violations::*;
pub use wrappers::*;

#[cfg(test)]
mod tests {
    use super::*;

    /// The refusal's message is a literal (a constant's panic cannot format): it must
    /// name the format this runtime reads.
    #[test]
    fn module_format_refusal_names_the_runtimes_format() {
        module_format(MODULE_FORMAT, "0.0.0");
        let panic = std::panic::catch_unwind(|| module_format(MODULE_FORMAT + 1, "0.0.0"))
            .expect_err("another format is refused");
        let message = panic.downcast_ref::<&str>().copied().unwrap_or_default();
        assert!(
            message.contains(&format!("(module format {MODULE_FORMAT})")),
            "{message}"
        );
    }
}

/// DESIGN: generated code compiles against the runtime alone, without the `macros`
/// feature (`.ci/run` runs these tests with `--no-default-features`): the kyc
/// fixture's module, included as a build script would include it, reads, validates
/// and names its places.
#[cfg(test)]
#[allow(dead_code, clippy::all)]
mod generated_without_macros {
    include!("../../tests/snapshots/kyc.rs");

    #[test]
    fn a_generated_module_needs_only_the_runtime() {
        let valid = include_str!("../../schemas/kyc/valid/full.json");
        let root = Root::from_json_str(valid).expect("the fixture's valid payload");
        root.validate().expect("still valid");
        let e = Root::from_json_str(r#"{"context": {"subject": {"identity": {"firstName": ""}}}}"#)
            .expect_err("an empty first name and missing members");
        assert!(
            e.violations().iter().any(|v| v
                .schema_location
                .ends_with("/identity/properties/firstName/minLength")),
            "{e}"
        );
        let e = Line::validate_json(&serde_json::json!("")).expect_err("too short");
        assert!(
            e.violations()[0]
                .schema_location
                .ends_with("/currentAddress/properties/lines/items/minLength"),
            "{e}"
        );
    }
}
