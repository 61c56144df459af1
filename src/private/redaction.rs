//! Redaction: [`PiiDebug`] (a `Debug` that shows structure, never values), [`Redact`]
//! and [`Reveal`] (the two ways to print a value), and [`Opaque`].

use super::*;

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
