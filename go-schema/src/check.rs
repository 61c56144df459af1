//! The primitive checks behind every verdict: regexes, lengths, numbers, equality and
//! formats. The runtime interpreter and the generated code call the same functions
//! (generated code through `::gbg_go::__private`), so they cannot disagree.

use serde_json::{Number, Value};

pub use crate::pattern::Pattern;

/// Compile an ECMA-262 pattern for matching in bounded time (see
/// [`crate::pattern`]): what regress accepts is valid, and matching runs on a
/// linear engine, or a step-limited one for lookaround and backreferences.
///
/// # Errors
/// The engine's message when the pattern is not valid ECMA-262.
pub fn compile_pattern(pattern: &str) -> Result<Pattern, String> {
    Pattern::new(pattern)
}

/// Whether `re` finds a match anywhere in `s` (JSON Schema patterns are not anchored).
pub fn pattern_matches(re: &Pattern, s: &str) -> bool {
    re.is_match(s)
}

/// Length in Unicode code points, as `minLength`/`maxLength` count.
pub fn code_points(s: &str) -> u64 {
    s.chars().count() as u64
}

/// Whether a number has no fractional part (JSON Schema's `integer`).
pub fn is_integer(n: &Number) -> bool {
    n.is_i64()
        || n.is_u64()
        || n.as_f64()
            .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// Compare two JSON numbers exactly where both are integers, else as `f64`.
pub fn compare(a: &Number, b: &Number) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (as_i128(a), as_i128(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => {
            let (x, y) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
    }
}

fn as_i128(n: &Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

/// `minimum` / `exclusiveMinimum`.
pub fn above(value: &Number, bound: &Number, exclusive: bool) -> bool {
    let o = compare(value, bound);
    if exclusive {
        o.is_gt()
    } else {
        o.is_ge()
    }
}

/// `maximum` / `exclusiveMaximum`.
pub fn below(value: &Number, bound: &Number, exclusive: bool) -> bool {
    let o = compare(value, bound);
    if exclusive {
        o.is_lt()
    } else {
        o.is_le()
    }
}

/// `multipleOf`: exact for integers, within a few ulps for decimals (so that
/// `0.0075` is a multiple of `0.0001`), and false when the quotient overflows.
pub fn is_multiple_of(value: &Number, divisor: &Number) -> bool {
    if let (Some(v), Some(d)) = (as_i128(value), as_i128(divisor)) {
        return d != 0 && v % d == 0;
    }
    let (v, d) = (
        value.as_f64().unwrap_or(f64::NAN),
        divisor.as_f64().unwrap_or(f64::NAN),
    );
    if v == 0.0 {
        return true;
    }
    let q = v / d;
    if !q.is_finite() {
        return false;
    }
    (q - q.round()).abs() <= q.abs() * f64::EPSILON * 8.0
}

/// JSON equality as JSON Schema defines it (`1` equals `1.0`; objects ignore order).
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => compare(x, y).is_eq() && x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// `uniqueItems`.
pub fn all_unique(items: &[Value]) -> bool {
    for (i, a) in items.iter().enumerate() {
        if items[i + 1..].iter().any(|b| json_equal(a, b)) {
            return false;
        }
    }
    true
}

/// The JSON type name of a value, for messages (never the value itself).
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if is_integer(n) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether `v` has JSON type `t`.
pub fn has_type(v: &Value, t: crate::ir::JsonType) -> bool {
    use crate::ir::JsonType as T;
    match (t, v) {
        (T::Null, Value::Null) | (T::Boolean, Value::Bool(_)) | (T::String, Value::String(_)) => {
            true
        }
        (T::Object, Value::Object(_))
        | (T::Array, Value::Array(_))
        | (T::Number, Value::Number(_)) => true,
        (T::Integer, Value::Number(n)) => is_integer(n),
        _ => false,
    }
}
