//! Strict JSON parsing at serde_json's speed: RFC 8259, and duplicate object keys
//! refused (JSON tools disagree on which duplicate wins, so a payload with one would
//! get different verdicts from different tools). The CLI's fast path and the
//! sandbox's request bodies both parse with this; the span-keeping
//! [`SourceFile`](crate::source::SourceFile) refuses the same documents.
//!
//! ```
//! use gbg_go_schema::strict;
//! assert!(strict::from_slice(br#"{"a": 1, "b": [true]}"#).is_ok());
//! let e = strict::from_slice(br#"{"a": 1, "a": 2}"#).unwrap_err();
//! assert!(e.to_string().contains("duplicate key `a`"));
//! // At the duplicate key.
//! assert_eq!((e.line(), e.column()), (1, 12));
//! ```

use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Parse `bytes` as one strict JSON document (nesting limited to serde_json's 128
/// levels).
///
/// # Errors
/// serde_json's error, with its line and column, for malformed input, trailing
/// characters, nesting past the limit and duplicate keys.
pub fn from_slice(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let v = Strict { depth: 0 }.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Read one value from any self-describing serde `Deserializer` (JSON, YAML, …) with
/// the same rules: duplicate keys refused, and nesting deeper than
/// [`MAX_DEPTH`](crate::locate::MAX_DEPTH) levels one "too deep" error (serde_json
/// stops at the same depth; other formats would recurse without a limit). Generated
/// `Deserialize` impls read through this, so every surface gives one verdict.
///
/// ```
/// use serde::de::IntoDeserializer;
/// let v: serde_json::Value = serde_json::from_str(r#"{"a": [1, {"b": null}]}"#).unwrap();
/// let again = gbg_go_schema::strict::value(v.clone().into_deserializer()).unwrap();
/// assert_eq!(again, v);
/// // A `Value` built in code has no depth limit of its own.
/// let mut deep = serde_json::Value::Null;
/// for _ in 0..200 {
///     deep = serde_json::Value::Array(vec![deep]);
/// }
/// let e = gbg_go_schema::strict::value(deep.into_deserializer()).unwrap_err();
/// assert!(e.to_string().contains("too deep"));
/// ```
///
/// # Errors
/// The deserializer's error, or a duplicate key, or nesting past the limit.
pub fn value<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Strict { depth: 0 }.deserialize(d)
}

/// [`value`] for a value found `depth` containers deep in a document that is being
/// read in one pass (generated code buffers a subtree this way): the same rules,
/// and the depth limit counts from the document's root.
///
/// # Errors
/// As [`value`].
pub fn value_at<'de, D: serde::Deserializer<'de>>(d: D, depth: usize) -> Result<Value, D::Error> {
    Strict { depth }.deserialize(d)
}

#[derive(Clone, Copy)]
struct Strict {
    depth: usize,
}

impl Strict {
    fn deeper<E: serde::de::Error>(self) -> Result<Strict, E> {
        if self.depth >= crate::locate::MAX_DEPTH {
            return Err(E::custom(crate::messages::too_deep(
                crate::locate::MAX_DEPTH,
            )));
        }
        Ok(Strict {
            depth: self.depth + 1,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(inner)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            if out.contains_key(&k) {
                return Err(A::Error::custom(crate::messages::duplicate_key(&k)));
            }
            let v = map.next_value_seed(inner)?;
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}
