//! Personal data on the wire, kept out of `Debug`.

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// JSON that holds personal data (a subject, a journey's verified output): it
/// serializes as the JSON itself, and its `Debug` shows the structure with every
/// scalar as `<redacted>`, so printing a wire type cannot leak a name or a date.
///
/// (The runtime crate has the same redaction for generated types; this crate is
/// serde-only and cannot depend on it.)
///
/// ```
/// let p = gbg_go_wire::Personal::from(serde_json::json!({"identity": {"firstName": "Ada"}}));
/// assert_eq!(format!("{p:?}"), r#"{"identity": {"firstName": <redacted>}}"#);
/// assert_eq!(p["identity"]["firstName"], "Ada");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Personal(pub Value);

impl Personal {
    /// The JSON.
    pub fn into_inner(self) -> Value {
        self.0
    }

    /// The JSON's structure with every scalar as the string `<redacted>`, as its
    /// `Debug` shows it: for views that show where data is, not what it is.
    ///
    /// ```
    /// let p = gbg_go_wire::Personal::from(serde_json::json!({"names": ["Ada", 1]}));
    /// assert_eq!(p.redacted(), serde_json::json!({"names": ["<redacted>", "<redacted>"]}));
    /// ```
    pub fn redacted(&self) -> Value {
        fn go(v: &Value) -> Value {
            match v {
                Value::Object(m) => {
                    Value::Object(m.iter().map(|(k, v)| (k.clone(), go(v))).collect())
                }
                Value::Array(a) => Value::Array(a.iter().map(go).collect()),
                _ => Value::String("<redacted>".into()),
            }
        }
        go(&self.0)
    }
}

impl From<Value> for Personal {
    fn from(v: Value) -> Personal {
        Personal(v)
    }
}

impl Deref for Personal {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.0
    }
}

impl DerefMut for Personal {
    fn deref_mut(&mut self) -> &mut Value {
        &mut self.0
    }
}

struct Redacted<'a>(&'a Value);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Object(m) => f
                .debug_map()
                .entries(m.iter().map(|(k, v)| (k, Redacted(v))))
                .finish(),
            Value::Array(a) => f.debug_list().entries(a.iter().map(Redacted)).finish(),
            _ => f.write_str("<redacted>"),
        }
    }
}

impl fmt::Debug for Personal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Redacted(&self.0).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn wire_types_do_not_print_the_subject() {
        let body = r#"{"instanceId": "i", "interactionId": "g",
            "participants": [{"domainElementId": "FullName"}],
            "context": {"subject": {"identity": {"firstName": "Ada", "dateOfBirth": "1815-12-10"}}}}"#;
        let submit: crate::interaction::SubmitRequest = serde_json::from_str(body).unwrap();
        let shown = format!("{submit:?}");
        assert!(!shown.contains("Ada") && !shown.contains("1815"), "{shown}");
        assert!(shown.contains("firstName"), "the structure stays visible");
        let state = r#"{"instanceId": "i", "status": "Completed",
            "context": {"subject": {"identity": {"firstName": "Ada"}}}}"#;
        let state: crate::journey::FullState = serde_json::from_str(state).unwrap();
        assert!(!format!("{state:?}").contains("Ada"));
        // Serialization keeps the values.
        assert!(serde_json::to_string(&submit).unwrap().contains("Ada"));
    }
}
