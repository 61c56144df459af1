//! Support for `prefill!` and `try_prefill!`: payloads checked at compile time or at
//! run time against an embedded schema, [`ToJson`] and the `expr_*`/`lit_*` builders
//! the expansion calls, [`ObjectExpr`] (which generated types may stand at an object
//! place), and the compile-time string helpers.

use super::*;

/// `prefill!` with only literals: validated while compiling.
pub fn payload_checked_at_compile_time(value: Value) -> crate::Payload {
    crate::Payload::checked_by_macro(value)
}

/// The schema embedded at a macro's invocation site, loaded once per site.
pub(crate) fn embedded_schema(
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
pub(crate) fn schema_failed(name: &str, e: &str) -> ValidationError {
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

/// A generated type at an object place: its own rules held when it was built, the
/// place's are checked at run time.
impl<T: Generated + serde::Serialize> ObjectExpr for T {
    const AT: Option<&'static str> = None;
    #[inline]
    fn object_json(&self) -> Value {
        to_value(self)
    }
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
