//! [`FromJson`]: building a generated type from a `serde_json::Value` that was already
//! validated (the interpreter's path and the typed `prefill!`), with the [`Mismatch`]
//! it reports when the value has another shape.

use super::*;

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
