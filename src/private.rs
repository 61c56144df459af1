//! Support for generated code. Not public API: generated modules reach it as
//! `::gbg_go::__private` and nothing else should.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

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

pub use crate::{
    __gbg_go_format_version as format_version, __gbg_go_impl_accessors as impl_accessors,
    __gbg_go_impl_builder as impl_builder, __gbg_go_impl_common as impl_common,
    __gbg_go_impl_enum as impl_enum, __gbg_go_impl_newtype as impl_newtype,
    __gbg_go_impl_streamed as impl_streamed, __gbg_go_impl_struct as impl_struct,
    __gbg_go_impl_struct_debug as impl_struct_debug,
    __gbg_go_impl_task_document as impl_task_document, __gbg_go_rules as rules,
};
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

pub use crate::onepass::{
    accept_any, check_name, check_pattern_rest, check_rest, check_value, conditional, duplicate,
    from_json_slice, member, member_kept, object_rules, optional, read_document, read_layered,
    read_root, required, skip, slot, At, Blank, Boxed, Closed, Entries, Foreign, InPlace, Items,
    Judged, KeptRules, Key, KeySeed, Keys, MapRules, Nullable, Obj, PatternEntries, PatternRest,
    PatternRule, PatternRules, Plain, PlainScalar, Plan, Rest, Sink, Slot, Step, Streamed,
    Unmatched, Whole, Wrap, Wrapped,
};
pub use crate::ValidationError;

/// One generated validator: the value, its payload path, where in the schema this
/// instance of the (possibly shared) rules sits, and the sink.
pub type CheckFn = fn(&Value, &Path<'_>, &Loc<'_>, &mut Vec<Violation>);

pub use gbg_go_schema::loc::Loc;

/// A generated module's rules for the schemas it does not check in its own code
/// (objects, arrays and composites; its leaf schemas stay code, since they run on
/// every scalar): the module's schema files, embedded, run by the interpreter
/// (`gbg_go_schema::Validator`), the one rules engine of every surface. Built on
/// first use and kept for the process.
///
/// Generated code calls [`Rules::check`] with the index of a place in `places`:
/// the schema location of the node whose rules that validator checks (the first of
/// the identical schemas sharing it; each call passes its own [`Loc`]).
pub struct Rules {
    files: &'static [(&'static str, &'static str)],
    places: &'static [&'static str],
    assert_format: bool,
    built: OnceLock<(gbg_go_schema::Validator, Vec<gbg_go_schema::NodeId>)>,
}

impl Rules {
    /// The rules of the embedded `files` (the root schema first, then the files its
    /// `$ref`s name, by the names its locations use), checked at `places`.
    pub const fn new(
        files: &'static [(&'static str, &'static str)],
        places: &'static [&'static str],
        assert_format: bool,
    ) -> Rules {
        Rules {
            files,
            places,
            assert_format,
            built: OnceLock::new(),
        }
    }

    /// Check `v` at place `i` of this module (a [`CheckFn`] with its place).
    ///
    /// # Panics
    /// If the embedded schema no longer loads or lacks a place: the generator loaded
    /// the same bytes, so this is a bug in gbg-go (or a hand-edited module), never
    /// a property of the payload.
    #[inline(never)]
    pub fn check(&self, i: usize, v: &Value, p: &Path<'_>, l: &Loc<'_>, out: &mut Vec<Violation>) {
        let (validator, nodes) = self.built.get_or_init(|| self.build());
        validator.check_at(nodes[i], v, p, l, probing(), out);
    }

    #[cold]
    fn build(&self) -> (gbg_go_schema::Validator, Vec<gbg_go_schema::NodeId>) {
        let Some((root_name, _)) = self.files.first() else {
            panic!("gbg-go: a generated module embeds no schema (a bug in gbg-go-codegen)");
        };
        let files: Vec<(&str, &[u8])> =
            self.files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
        let ir = gbg_go_schema::load_embedded(root_name, &files).unwrap_or_else(|e| {
            panic!("gbg-go: the schema embedded in a generated module does not load (a bug in gbg-go): {e}")
        });
        let mut by_location = std::collections::HashMap::new();
        for i in 0..ir.nodes.len() {
            let id = gbg_go_schema::NodeId(i as u32);
            by_location.entry(ir.schema_location(id)).or_insert(id);
        }
        let nodes = self
            .places
            .iter()
            .map(|place| {
                *by_location.get(*place).unwrap_or_else(|| {
                    panic!("gbg-go: a generated module checks `{place}`, which its embedded schema lacks (a bug in gbg-go)")
                })
            })
            .collect();
        let validator = gbg_go_schema::Validator::new(ir).assert_format(self.assert_format);
        (validator, nodes)
    }
}

/// Record one violation of `keyword`; its schema location is `location` followed by
/// `/<keyword>`, and its message is rendered from `kind`.
#[inline(never)]
pub fn report(
    out: &mut Vec<Violation>,
    path: &Path<'_>,
    keyword: &'static str,
    location: &Loc<'_>,
    kind: ViolationKind,
) {
    if probing() {
        drop(kind);
        out.push(Violation::mark(keyword));
        return;
    }
    out.push(Violation::new(
        path.to_pointer(),
        keyword,
        location.at(keyword),
        kind,
    ));
}

thread_local! {
    /// Whether the validators on this thread only answer "valid or not" (inside
    /// [`valid`]): violations are then dropped unread, so they are not rendered.
    static PROBING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[inline]
fn probing() -> bool {
    PROBING.with(std::cell::Cell::get)
}

/// Record a violation of the schema at `location` itself (the `false` schema).
#[inline(never)]
pub fn report_here(
    out: &mut Vec<Violation>,
    path: &Path<'_>,
    keyword: &'static str,
    location: &Loc<'_>,
    kind: ViolationKind,
) {
    if probing() {
        drop(kind);
        out.push(Violation::mark(keyword));
        return;
    }
    out.push(Violation::new(
        path.to_pointer(),
        keyword,
        location.at(""),
        kind,
    ));
}

/// Short constructors of [`ViolationKind`] for generated code (only called when a
/// rule fails).
pub mod kind {
    use super::{Format, JsonType, ViolationKind as K};

    /// `type`
    pub fn types(expected: &[JsonType]) -> K {
        K::Type {
            expected: expected.to_vec(),
        }
    }
    /// `const`
    pub fn constant(expected: &str) -> K {
        K::Const {
            expected: expected.to_owned(),
        }
    }
    /// `enum`
    pub fn one_of_values(allowed: &[&str], count: usize) -> K {
        K::Enum {
            allowed: allowed.iter().map(|s| (*s).to_owned()).collect(),
            count,
        }
    }
    /// `minLength`
    pub fn min_length(limit: u64) -> K {
        K::MinLength { limit }
    }
    /// `maxLength`
    pub fn max_length(limit: u64) -> K {
        K::MaxLength { limit }
    }
    /// `pattern`
    pub fn pattern(pattern: &str) -> K {
        K::Pattern {
            pattern: pattern.to_owned(),
        }
    }
    /// `format`
    pub fn format(format: Format) -> K {
        K::Format { format }
    }
    /// `minimum` / `exclusiveMinimum`
    pub fn minimum(limit: &str, exclusive: bool) -> K {
        K::Minimum {
            limit: limit.to_owned(),
            exclusive,
        }
    }
    /// `maximum` / `exclusiveMaximum`
    pub fn maximum(limit: &str, exclusive: bool) -> K {
        K::Maximum {
            limit: limit.to_owned(),
            exclusive,
        }
    }
    /// `multipleOf`
    pub fn multiple_of(divisor: &str) -> K {
        K::MultipleOf {
            divisor: divisor.to_owned(),
        }
    }
    /// `minItems`
    pub fn min_items(limit: u64) -> K {
        K::MinItems { limit }
    }
    /// `maxItems`
    pub fn max_items(limit: u64) -> K {
        K::MaxItems { limit }
    }
    /// `contains` / `minContains` / `maxContains`
    pub fn contains(min: u64, max: Option<u64>) -> K {
        K::Contains { min, max }
    }
    /// `minProperties`
    pub fn min_properties(limit: u64) -> K {
        K::MinProperties { limit }
    }
    /// `maxProperties`
    pub fn max_properties(limit: u64) -> K {
        K::MaxProperties { limit }
    }
    /// `required`
    pub fn required(property: &str) -> K {
        K::Required {
            property: property.to_owned(),
        }
    }
    /// `dependentRequired`
    pub fn dependent_required(property: &str, requires: &str) -> K {
        K::DependentRequired {
            property: property.to_owned(),
            requires: requires.to_owned(),
        }
    }
    /// `additionalProperties: false`
    pub fn additional(property: &str) -> K {
        K::AdditionalProperty {
            property: property.to_owned(),
        }
    }
    /// `propertyNames`
    pub fn property_name(property: &str) -> K {
        K::PropertyName {
            property: property.to_owned(),
        }
    }
    /// `anyOf`
    pub fn any_of(alternatives: usize) -> K {
        K::AnyOf { alternatives }
    }
}

/// `oneOf`: report unless exactly one branch matched.
pub fn one_of(out: &mut Vec<Violation>, path: &Path<'_>, location: &Loc<'_>, matched: &[bool]) {
    let hits: Vec<usize> = matched
        .iter()
        .enumerate()
        .filter(|(_, m)| **m)
        .map(|(i, _)| i)
        .collect();
    match hits.as_slice() {
        [] => report(
            out,
            path,
            "oneOf",
            location,
            ViolationKind::OneOfNone {
                alternatives: matched.len(),
            },
        ),
        [_] => {}
        [a, b, ..] => report(
            out,
            path,
            "oneOf",
            location,
            ViolationKind::OneOfMany {
                first: *a,
                second: *b,
            },
        ),
    }
}

/// Whether `f` accepts `v` (used by `anyOf`, `oneOf`, `not`, `if`, `contains`,
/// unions): its violations are dropped, so their locations do not matter.
///
/// While it runs, reports on this thread are marks, not rendered violations (no
/// pointer, location or message is built for a branch that is only being tried).
#[inline]
pub fn valid(v: &Value, path: &Path<'_>, f: CheckFn) -> bool {
    let mut scratch = Vec::new();
    let outer = PROBING.with(|p| p.replace(true));
    f(v, path, &Loc::Root(""), &mut scratch);
    PROBING.with(|p| p.set(outer));
    scratch.is_empty()
}

/// The error of a string enum's `FromStr`: an `enum` violation listing the schema's
/// values (never the input).
pub fn not_one_of(type_name: &'static str, allowed: &[&str]) -> ValidationError {
    ValidationError::new(
        type_name,
        vec![Violation::new(
            String::new(),
            "enum",
            String::new(),
            ViolationKind::enumeration(
                &allowed
                    .iter()
                    .map(|s| Value::String((*s).to_owned()))
                    .collect::<Vec<_>>(),
            ),
        )],
    )
}

/// Match a pattern, compiling it on first use. The generator has already checked
/// that it compiles; should it not, the value is reported as not matching (never
/// silently accepted).
pub fn pattern(cell: &'static OnceLock<Option<Regex>>, source: &str, s: &str) -> bool {
    cell.get_or_init(|| gbg_go_schema::check::compile_pattern(source).ok())
        .as_ref()
        .is_some_and(|re| pattern_matches(re, s))
}

/// Parse a numeric literal emitted by the generator.
pub fn number(cell: &'static OnceLock<Number>, text: &str) -> &'static Number {
    cell.get_or_init(|| text.parse::<Number>().unwrap_or_else(|_| Number::from(0)))
}

/// Parse a JSON literal emitted by the generator (`const`/`enum` values).
pub fn literal(cell: &'static OnceLock<Value>, text: &str) -> &'static Value {
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or(Value::Null))
}

/// Run a validator over a whole value.
pub fn check(
    v: &Value,
    f: CheckFn,
    location: &'static str,
    type_name: &'static str,
) -> Result<(), ValidationError> {
    let mut out = Vec::new();
    // The type's own location: a validator function is shared by every type whose
    // schema has the same rules, and each reports its own place.
    f(v, &Path::ROOT, &Loc::Root(location), &mut out);
    if out.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::new(type_name, out))
    }
}

/// A validated value did not have the shape its type expects. Only reachable when a
/// schema says less than the type assumes; reported, never panicked on.
#[derive(Debug)]
pub struct Mismatch(pub &'static str);

/// Conversion from an already validated JSON value.
pub trait FromJson: Sized {
    /// Convert; fails only on a shape mismatch.
    ///
    /// # Errors
    /// [`Mismatch`] when `v` is not of the expected JSON type.
    fn from_json(v: Value) -> Result<Self, Mismatch>;
}

impl FromJson for String {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        match v {
            Value::String(s) => Ok(s),
            _ => Err(Mismatch("a string")),
        }
    }
}
impl FromJson for bool {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        v.as_bool().ok_or(Mismatch("a boolean"))
    }
}
impl FromJson for i64 {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        match &v {
            Value::Number(n) => n.as_i64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                    .map(|f| f as i64)
            }),
            _ => None,
        }
        .ok_or(Mismatch("an integer that fits in i64"))
    }
}
impl FromJson for f64 {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        v.as_f64().ok_or(Mismatch("a number"))
    }
}
impl FromJson for () {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        if v.is_null() {
            Ok(())
        } else {
            Err(Mismatch("null"))
        }
    }
}
impl FromJson for Value {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        Ok(v)
    }
}
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        if v.is_null() {
            Ok(None)
        } else {
            T::from_json(v).map(Some)
        }
    }
}
impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        T::from_json(v).map(Box::new)
    }
}
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        match v {
            Value::Array(items) => items.into_iter().map(T::from_json).collect(),
            _ => Err(Mismatch("an array")),
        }
    }
}
impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(v: Value) -> Result<Self, Mismatch> {
        match v {
            Value::Object(m) => m
                .into_iter()
                .map(|(k, v)| T::from_json(v).map(|t| (k, t)))
                .collect(),
            _ => Err(Mismatch("an object")),
        }
    }
}

/// The members of an object value.
pub fn object(v: Value) -> Result<Map<String, Value>, Mismatch> {
    match v {
        Value::Object(m) => Ok(m),
        _ => Err(Mismatch("an object")),
    }
}

/// A required member.
pub fn field<T: FromJson>(m: &mut Map<String, Value>, key: &str) -> Result<T, Mismatch> {
    T::from_json(m.remove(key).ok_or(Mismatch("a required member"))?)
}

/// An optional member: absent is `None`. For `T = Option<U>`, null is `Some(None)`,
/// so absent, null and a value stay three states.
pub fn opt_field<T: FromJson>(
    m: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<T>, Mismatch> {
    m.remove(key).map(T::from_json).transpose()
}

/// The members no declared field took.
pub fn rest<T: FromJson>(m: Map<String, Value>) -> Result<BTreeMap<String, T>, Mismatch> {
    m.into_iter()
        .map(|(k, v)| T::from_json(v).map(|t| (k, t)))
        .collect()
}

/// A value of a type of the user's own (`Builder::replace`) from JSON the place's
/// schema accepted, by the type's own `Deserialize`. Its error message is not kept:
/// serde's messages may quote the value.
///
/// # Errors
/// When the type refuses the value.
pub fn foreign<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, Mismatch> {
    T::deserialize(v).map_err(|_| Mismatch("a value that the replacing type's Deserialize accepts"))
}

/// A required member whose type holds a type of the user's own: built by serde.
///
/// # Errors
/// The member is absent, or the type refuses it.
pub fn serde_field<T: serde::de::DeserializeOwned>(
    m: &mut Map<String, Value>,
    key: &str,
) -> Result<T, Mismatch> {
    foreign(m.remove(key).ok_or(Mismatch("a required member"))?)
}

/// An optional member whose type holds a type of the user's own (as [`opt_field`]).
///
/// # Errors
/// The type refuses the value.
pub fn serde_opt_field<T: serde::de::DeserializeOwned>(
    m: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<T>, Mismatch> {
    m.remove(key).map(foreign).transpose()
}

/// A typed `prefill!` literal at a replaced place: the literal was checked against
/// the schema while compiling; the type's own `Deserialize` builds it at run time.
///
/// # Errors
/// One violation at `pointer` when the type refuses the value (never quoting it).
pub fn foreign_literal<T: serde::de::DeserializeOwned>(
    v: Value,
    pointer: &str,
) -> Result<T, ValidationError> {
    foreign(v).map_err(|m| {
        ValidationError::new(
            core::any::type_name::<T>(),
            vec![Violation::new(
                pointer.to_owned(),
                "type",
                String::new(),
                gbg_go_schema::ViolationKind::Shape {
                    expected: m.0.to_owned(),
                },
            )],
        )
    })
}

/// Adapter for values of a type of the user's own: `Debug` shows `<redacted>` and
/// nothing of the value (the type's own `Debug` might show personal data).
pub struct Opaque<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> fmt::Debug for Opaque<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// `Debug` that hides every scalar value and keeps the structure visible.
pub trait PiiDebug {
    /// Format with scalars replaced by `<redacted>`.
    ///
    /// # Errors
    /// As [`fmt::Debug::fmt`].
    fn fmt_pii(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

/// Adapter: `Debug` through [`PiiDebug`].
pub struct Redact<'a, T: ?Sized>(pub &'a T);

impl<T: PiiDebug + ?Sized> fmt::Debug for Redact<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_pii(f)
    }
}

/// Adapter for members the user chose to reveal: shows the value as its JSON text
/// (generated types' own `Debug` would redact it).
pub struct Reveal<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> fmt::Debug for Reveal<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_string(self.0) {
            Ok(json) => f.write_str(&json),
            Err(_) => f.write_str(REDACTED),
        }
    }
}

/// The placeholder printed for a hidden value.
pub const REDACTED: &str = "<redacted>";

macro_rules! redacted_scalar {
    ($($t:ty),*) => {$(
        impl PiiDebug for $t {
            fn fmt_pii(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(REDACTED)
            }
        }
    )*};
}
redacted_scalar!(String, str, bool, i64, f64, Number);

impl PiiDebug for () {
    fn fmt_pii(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("()")
    }
}

impl<T: PiiDebug> PiiDebug for Option<T> {
    fn fmt_pii(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            None => f.write_str("None"),
            Some(t) => f.debug_tuple("Some").field(&Redact(t)).finish(),
        }
    }
}

impl<T: PiiDebug + ?Sized> PiiDebug for Box<T> {
    fn fmt_pii(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt_pii(f)
    }
}

impl<T: PiiDebug> PiiDebug for Vec<T> {
    fn fmt_pii(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(Redact)).finish()
    }
}

impl<T: PiiDebug> PiiDebug for BTreeMap<String, T> {
    fn fmt_pii(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keys are property names (structure); values are hidden.
        f.debug_map()
            .entries(self.iter().map(|(k, v)| (k, Redact(v))))
            .finish()
    }
}

impl PiiDebug for Value {
    fn fmt_pii(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Array(items) => f.debug_list().entries(items.iter().map(Redact)).finish(),
            Value::Object(m) => f
                .debug_map()
                .entries(m.iter().map(|(k, v)| (k, Redact(v))))
                .finish(),
            _ => f.write_str(REDACTED),
        }
    }
}

/// `prefill!` with only literals: validated while compiling.
pub fn payload_checked_at_compile_time(value: Value) -> crate::Payload {
    crate::Payload::checked_by_macro(value)
}

/// The schema embedded at a macro's invocation site, loaded once per site.
fn embedded_schema(
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
) -> std::sync::Arc<Result<crate::Schema, String>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    type Cache = Mutex<HashMap<usize, Arc<Result<crate::Schema, String>>>>;
    static SCHEMAS: OnceLock<Cache> = OnceLock::new();
    let key = files.as_ptr() as usize;
    let cache = SCHEMAS.get_or_init(Default::default);
    if let Some(s) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return s;
    }
    let s = Arc::new(crate::Schema::from_embedded(name, files).map_err(|d| d.to_string()));
    if let Ok(mut c) = cache.lock() {
        c.insert(key, Arc::clone(&s));
    }
    s
}

/// The same bytes loaded while compiling, so this cannot happen; if it does, refuse
/// the value rather than let it through unchecked.
fn schema_failed(name: &str, e: &str) -> ValidationError {
    ValidationError::new(
        "payload",
        vec![Violation::new(
            String::new(),
            "schema",
            name.to_owned(),
            ViolationKind::SchemaUnavailable {
                problem: e.to_owned(),
            },
        )],
    )
}

/// `prefill!` with Rust expressions: the structure was checked while compiling, the
/// values are checked now.
pub fn payload_at_run_time(
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    value: Value,
) -> Result<crate::Payload, ValidationError> {
    match &*embedded_schema(name, files) {
        Ok(schema) => crate::Payload::new(schema, value),
        Err(e) => Err(schema_failed(name, e)),
    }
}

/// `#[derive(Prefill)]`: validate the converted value at its place in the document.
pub fn check_at(
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    at: &str,
    value: Value,
) -> Result<Value, ValidationError> {
    match &*embedded_schema(name, files) {
        Ok(schema) => schema.validate_at(at, &value).map(|()| value),
        Err(e) => Err(schema_failed(name, e)),
    }
}

/// Conversion of a derived type's fields into JSON.
pub trait ToJson {
    /// The JSON form.
    fn to_json(&self) -> Value;
}

macro_rules! to_json_via_from {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Value {
                Value::from(self.clone())
            }
        }
    )*};
}
to_json_via_from!(String, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, isize, usize);

impl ToJson for str {
    fn to_json(&self) -> Value {
        Value::String(self.to_owned())
    }
}
impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}
impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}
impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
}
impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}
impl<T: ToJson> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}
impl ToJson for std::borrow::Cow<'_, str> {
    fn to_json(&self) -> Value {
        Value::String(self.to_string())
    }
}

/// An object value from a literal's members, in order (`prefill!` builds values
/// with these rather than `json!`, which recursed once per token).
pub fn lit_object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// An array value from a literal's items.
pub fn lit_array<const N: usize>(items: [Value; N]) -> Value {
    Value::Array(Vec::from(items))
}

/// A Rust expression where the schema expects a string.
pub fn expr_string<T: Into<String>>(value: T) -> Value {
    Value::String(value.into())
}

/// A Rust expression where the schema expects an integer.
pub fn expr_integer<T: Into<i64>>(value: T) -> Value {
    Value::from(value.into())
}

/// A Rust expression where the schema expects a number.
pub fn expr_number<T: Into<f64>>(value: T) -> Value {
    Number::from_f64(value.into()).map_or(Value::Null, Value::Number)
}

/// A Rust expression where the schema expects a boolean.
pub fn expr_bool(value: bool) -> Value {
    Value::Bool(value)
}

/// A Rust expression where the schema expects an array: any iterable whose items
/// meet the item place's conversion (`each`, which the compiler type-checks).
pub fn expr_array<I: IntoIterator>(items: I, each: impl FnMut(I::Item) -> Value) -> Value {
    Value::Array(items.into_iter().map(each).collect())
}

/// [`expr_array`] as a conversion of its own: `expr_array_with(expr_string)(names)`.
pub fn expr_array_with<I: IntoIterator>(
    each: impl FnMut(I::Item) -> Value,
) -> impl FnOnce(I) -> Value {
    move |items| expr_array(items, each)
}

/// What a Rust expression at an object place of a `try_prefill!` literal may be: a
/// `#[derive(Prefill)]` type whose `at` is that place (checked while compiling), a
/// generated type (its own rules held when it was built; the place's at run time),
/// or [`Unvalidated`](crate::Unvalidated) JSON, the explicit marker for a value
/// checked at run time only. Anything else does not compile.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot stand at an object place of a `try_prefill!` literal",
    label = "not a `#[derive(Prefill)]` type, a generated type or `gbg_go::Unvalidated`",
    note = "derive `gbg_go::Prefill` with `at` set to this place, use the generated type of this place, or wrap JSON in `gbg_go::Unvalidated(…)` to check it at run time only"
)]
pub trait ObjectExpr {
    /// The place the type maps onto (`None`: checked at run time only).
    const AT: Option<&'static str>;
    /// Its JSON form.
    fn object_json(&self) -> Value;
}

impl ObjectExpr for crate::Unvalidated {
    const AT: Option<&'static str> = None;
    fn object_json(&self) -> Value {
        self.0.clone()
    }
}

/// Whether a derive's place `at` (`*` for any item or member) names the payload
/// pointer `pointer`, token by token, in a constant.
pub const fn place_matches(at: &str, pointer: &str) -> bool {
    let (a, p) = (at.as_bytes(), pointer.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        if i == a.len() || j == p.len() {
            return i == a.len() && j == p.len();
        }
        // `*` as a whole token matches one whole token of the pointer.
        let star =
            a[i] == b'*' && i > 0 && a[i - 1] == b'/' && (i + 1 == a.len() || a[i + 1] == b'/');
        if star {
            i += 1;
            while j < p.len() && p[j] != b'/' {
                j += 1;
            }
            continue;
        }
        if a[i] != p[j] {
            return false;
        }
        i += 1;
        j += 1;
    }
}

#[cfg(test)]
mod place_tests {
    use super::place_matches;

    #[test]
    fn stars_match_one_whole_token() {
        assert!(place_matches("/a/b", "/a/b"));
        assert!(place_matches("/a/*/c", "/a/12/c"));
        assert!(place_matches("/a/*", "/a/x"));
        assert!(!place_matches("/a/*", "/a/x/y"));
        assert!(!place_matches("/a/b", "/a/bc"));
        assert!(!place_matches("/a/b*", "/a/bc"));
        assert!(place_matches("", ""));
        assert!(!place_matches("*", "x"), "a star names a token after a `/`");
    }
}

/// A Rust expression of any other shape: its JSON form (`null` if it has none, which
/// run-time validation then reports).
pub fn expr_json<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Whether two strings are equal, in a constant (the typed `prefill!`'s check of a
/// module's schema hash).
pub const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Proof that a value was checked (while compiling, by the typed `prefill!`), for the
/// hidden constructors of newtypes and sealed structs. Only this module makes one.
#[derive(Clone, Copy)]
pub struct Checked(());

/// The token for a checked construction.
pub const fn checked() -> Checked {
    Checked(())
}

/// Serialize a generated value to JSON. Generated types serialize plain data (maps
/// with string keys, finite numbers), which cannot fail; `Null` is the unreachable
/// fallback rather than a panic.
pub fn to_value<T: serde::Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
