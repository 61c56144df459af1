//! # gbg-go
//!
//! Typed, validated Rust for [GBG GO](https://docs.go.gbgplc.com) identity-verification
//! journeys. The journey's task schemas, exported from the GO dashboard, become Rust
//! types at build time (see `gbg-go-codegen`); values of those types are valid by
//! construction and by deserialization, and their `Debug` output hides personal data.
//!
//! This crate is the one dependency a consumer needs: generated code reaches serde and
//! the validation support through [`__private`], and [`include_schema!`] pulls a
//! generated module in.
//!
//! Schemas known only at run time (for example a task schema fetched from GO) are
//! validated through [`Schema`], with the same semantics as the generated code:
//!
//! ```
//! let schema = gbg_go::Schema::from_slice("kyc.json", br#"{
//!     "type": "object",
//!     "properties": {"context": {"type": "object", "properties": {"subject": {
//!         "type": "object", "required": ["identity"]}}}}
//! }"#)?;
//! let err = schema
//!     .validate(&serde_json::json!({"context": {"subject": {}}}))
//!     .unwrap_err();
//! assert_eq!(err.violations()[0].pointer, "/context/subject");
//! assert_eq!(err.violations()[0].keyword, "required");
//! # Ok::<(), gbg_go::SchemaError>(())
//! ```
//!
//! With the `client` feature (on by default), [`client::Client`] talks to GO (or to the
//! local sandbox, `gbg-go-sandbox`): it starts journeys with a validated prefill, lists
//! tasks, fetches task schemas as [`Schema`]s, submits task data after validating it
//! locally, and tracks the journey state — with token management, retries that never
//! duplicate a write, and errors that never show payload values.
#![warn(missing_docs)]

// Generated modules name the runtime `::gbg_go`; the library's own tests include one
// (`__private`'s `generated_without_macros`).
#[cfg(test)]
extern crate self as gbg_go;

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;
#[cfg(all(
    feature = "__client",
    not(any(feature = "client", feature = "client-ring"))
))]
compile_error!("gbg-go: enable the `client` feature (rustls on aws-lc-rs) or `client-ring` (rustls on ring), not `__client` alone");
#[cfg(feature = "__client")]
pub mod client;
mod document;
mod error;
mod schema;

#[cfg(feature = "__client")]
pub use client::{Client, Error};

/// `gbg-go.lock`: the journey version a folder of pulled schemas came from, and each
/// schema's hash (see `gbg-go pull`, [`client::locked`] and
/// [`Client::check_drift`](client::Client::check_drift)).
pub mod lock {
    pub use gbg_go_schema::lock::{
        canonical_json, canonical_pretty, canonical_sha256, Lock, LockError, LockedFile, LOCK_FILE,
    };
}
pub use document::{SubjectPart, TaskDocument, Unvalidated, Validate};
pub use error::{ValidationError, Violation, ViolationKind};

/// Check a prefill payload against a task schema **while compiling**.
///
/// ```text
/// let payload: gbg_go::Payload = gbg_go::prefill!(schema = "schemas/kyc.json", {
///     "context": {"subject": {"identity": {
///         "firstName": "Ada",
///         "lastNames": ["Lovelace"],
///         "dateOfBirth": "1815-12-10"
///     }}}
/// });
/// ```
///
/// The literal uses `serde_json::json!` syntax and is the whole task document. The
/// schema path is relative to the crate's `CARGO_MANIFEST_DIR` (or to
/// `GBG_GO_MANIFEST_DIR` when set, which UI tests under trybuild need). Every rule the
/// literal breaks is a compile error under the offending key or value, all reported in
/// one build: a missing property at the object's `{` (naming every missing one), an
/// unknown one at its key with a "did you mean", anything else at the value. Editing the
/// schema file rebuilds the crate; the schema is parsed once per compiler process.
///
/// It evaluates to a [`Payload`], whose value was proven while compiling, and so it
/// takes only literals: a Rust expression in value position is a compile error that
/// points to [`try_prefill!`], which takes the same literal with expressions and
/// always evaluates to `Result<Payload, ValidationError>`. Each macro has one return
/// type, whatever its literal holds.
///
/// With `module = path::to::kyc` after the schema, it builds that generated module's
/// `Root` instead (the typed form, from any crate), and asserts while compiling that
/// the module was generated from the same schema bytes:
///
/// ```text
/// let root: tasks::kyc::Root =
///     gbg_go::prefill!(schema = "schemas/kyc.json", module = tasks::kyc, { … });
/// ```
///
/// Literals of any size, nested up to 128 levels, compile: values are built directly,
/// not through `json!`'s recursion.
#[cfg(feature = "macros")]
pub use gbg_go_macros::prefill;

/// [`prefill!`] for a literal that may hold Rust expressions in value position
/// (`"firstName": customer.first_name`). The compiler checks each expression's type
/// against the schema's type there, the literal parts are checked while compiling as
/// in `prefill!`, and the values at run time. It always evaluates to
/// `Result<Payload, ValidationError>` (with `module = …`, `Result<Root, …>`), even
/// when the literal holds no expression.
///
/// ```text
/// let payload = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
///     "context": {"subject": {"identity": {
///         "firstName": customer.first_name,
///         "lastNames": ["Lovelace"],
///         "dateOfBirth": "1815-12-10"
///     }}}
/// })?;
/// ```
#[cfg(feature = "macros")]
pub use gbg_go_macros::try_prefill;

/// An application type that maps onto a place in a task document, proven while
/// compiling by `#[derive(Prefill)]`:
///
/// ```text
/// #[derive(gbg_go::Prefill)]
/// #[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity")]
/// struct Customer { first_name: String, last_names: Vec<String>, date_of_birth: String }
/// ```
///
/// The derive checks field names (camelCase by default; `#[prefill(rename = "…")]` and
/// serde's `rename`/`rename_all` are honoured), Rust types against schema types (arrays
/// item by item), that every required property has a field that is not an `Option`,
/// that no field is unknown where the schema allows no others, and that a unit enum's
/// variants are among the schema's `enum` values. Every mismatch is an error on its
/// field. Values (patterns, lengths, ranges) are checked by [`Prefill::to_prefill`].
pub trait Prefill {
    /// The payload pointer the type maps onto.
    const AT: &'static str;

    /// The JSON at [`Prefill::AT`], validated against the schema there.
    ///
    /// # Errors
    /// Every violation, with pointers into the whole document and no values.
    fn to_prefill(&self) -> Result<serde_json::Value, ValidationError>;
}

/// `#[derive(Prefill)]`: see the [`Prefill`](trait@Prefill) trait.
#[cfg(feature = "macros")]
pub use gbg_go_macros::Prefill;
pub use schema::{Payload, Schema, SchemaError};

/// Include a module generated by `gbg_go_codegen::Builder` from `$OUT_DIR`.
///
/// `include_schema!(kyc)` expands to `mod kyc { … }` holding the contents of
/// `$OUT_DIR/kyc.rs`, the file the builder wrote for `schemas/kyc.json`; write
/// `include_schema!(pub kyc)` for a public module. The module allows `dead_code`,
/// since a crate rarely uses every generated constructor and accessor. A name that
/// no module has is one error at the name, listing the modules the build script
/// generated (a module is named after its schema file's stem without `.schema`, or
/// by `Builder::module_name`).
///
/// ```text
/// // src/main.rs of a crate whose build.rs generated schemas/kyc.json
/// gbg_go::include_schema!(kyc);
/// let root: kyc::Root = serde_json::from_str(text)?;
/// ```
///
/// `examples/build-script` in the repository is a complete, compiled example.
#[macro_export]
macro_rules! include_schema {
    ($(#[$attr:meta])* $vis:vis $name:ident) => {
        $(#[$attr])*
        // The generated API is broad (constructors, accessors, validate_json for every
        // type); a binary rarely uses all of it.
        #[allow(dead_code)]
        $vis mod $name {
            $crate::__private::include_generated!($name);
        }
    };
}
