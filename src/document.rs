//! What the client sends as task data: a whole task document
//! (`{"context": {"subject": …}}`) that has been validated.

use serde_json::Value;

use crate::ValidationError;

/// A task document the client may send: a generated type (validated on the way out),
/// a [`Payload`](crate::Payload) (validated when it was built, or by `prefill!` while
/// compiling), or explicitly unvalidated JSON through [`Unvalidated`].
///
/// A generated module's `Root` implements it (a part of a document, such as a
/// `Name`, does not: send parts with [`SubjectPart`]); you do not implement it
/// yourself.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a whole task document",
    label = "not a whole task document",
    note = "a generated module's `Root`, a `gbg_go::Payload` or `gbg_go::Unvalidated` is one",
    note = "to send some members of the subject (a partial submit), wrap them in `gbg_go::SubjectPart`"
)]
pub trait TaskDocument {
    /// The document as JSON, after validation.
    ///
    /// # Errors
    /// The violations, when the value breaks its schema.
    fn to_task_document(&self) -> Result<Value, ValidationError>;
}

impl TaskDocument for crate::Payload {
    fn to_task_document(&self) -> Result<Value, ValidationError> {
        Ok(self.as_json().clone())
    }
}

impl<T: TaskDocument + ?Sized> TaskDocument for &T {
    fn to_task_document(&self) -> Result<Value, ValidationError> {
        (**self).to_task_document()
    }
}

/// The escape hatch: JSON sent as it is, without validation by its own type. The
/// client still validates task data against the task schema it fetched, unless
/// local validation is switched off.
#[derive(Clone, PartialEq)]
pub struct Unvalidated(pub Value);

impl std::fmt::Debug for Unvalidated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Unvalidated")
            .field(&crate::__private::Redact(&self.0))
            .finish()
    }
}

impl TaskDocument for Unvalidated {
    fn to_task_document(&self) -> Result<Value, ValidationError> {
        Ok(self.0.clone())
    }
}

/// A generated type: a value that can check every rule of its own schema.
///
/// Every type `gbg_go_codegen` generates implements it (through its inherent
/// `validate`), and so do `Vec` and `Option` of such types, item by item. It is what
/// [`SubjectPart::member`] takes; you do not implement it yourself.
pub trait Validate: serde::Serialize {
    /// Check every rule of this type's schema against the value.
    ///
    /// # Errors
    /// Every violation, with its JSON pointer (relative to this value) and rule,
    /// never the value.
    fn validate(&self) -> Result<(), ValidationError>;
}

impl<T: Validate> Validate for Vec<T> {
    /// Each item by its own type; rules of the array itself (`minItems`, …) belong
    /// to the schema of the place it goes, which GO judges (generate a named array
    /// type, as a schema with such rules does, to check them here).
    fn validate(&self) -> Result<(), ValidationError> {
        let mut type_name = "Vec";
        let mut all = Vec::new();
        for (i, item) in self.iter().enumerate() {
            if let Err(e) = item.validate() {
                type_name = e.type_name();
                all.extend(e.violations().iter().cloned().map(|mut v| {
                    v.pointer = format!("/{i}{}", v.pointer);
                    v
                }));
            }
        }
        if all.is_empty() {
            Ok(())
        } else {
            Err(ValidationError::new(type_name, all))
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), T::validate)
    }
}

/// Some members of a task document's subject, each a generated value: what one
/// partial submit carries. GO supports partial submissions and merges them into
/// what the journey holds (API-NOTES §3.4; DESIGN *Capture semantics*), so the front
/// of a document, its back and a selfie can each go in their own submit, while the
/// interaction's generated `Root` describes the whole document.
///
/// Each member is validated by its own type when it is added; GO (or the sandbox)
/// judges the merged data against the interaction's schema. `Debug` shows member
/// names only.
///
/// ```
/// use gbg_go::{SubjectPart, TaskDocument};
///
/// // A stand-in for a generated type (in real code: `verification::documents::Document`).
/// #[derive(serde::Serialize)]
/// struct Selfie { #[serde(rename = "selfieImage")] selfie_image: String }
/// impl gbg_go::Validate for Selfie {
///     fn validate(&self) -> Result<(), gbg_go::ValidationError> { Ok(()) }
/// }
///
/// let part = SubjectPart::new().member("biometrics", &vec![Selfie { selfie_image: "c2VsZmll".into() }])?;
/// assert_eq!(
///     part.to_task_document()?,
///     serde_json::json!({"context": {"subject": {"biometrics": [{"selfieImage": "c2VsZmll"}]}}})
/// );
/// assert_eq!(format!("{part:?}"), r#"SubjectPart { members: ["biometrics"] }"#);
/// # Ok::<(), gbg_go::ValidationError>(())
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct SubjectPart {
    members: serde_json::Map<String, Value>,
}

impl SubjectPart {
    /// An empty part (a submit with an empty subject).
    pub fn new() -> SubjectPart {
        SubjectPart::default()
    }

    /// Add the subject member `name` (its wire name, `documents`, `identity`, …),
    /// replacing one added before under that name.
    ///
    /// # Errors
    /// The value's violations, with pointers into the whole task document
    /// (`/context/subject/documents/0/…`).
    pub fn member(mut self, name: &str, value: &impl Validate) -> Result<Self, ValidationError> {
        let at = format!(
            "/context/subject/{}",
            gbg_go_schema::source::escape_token(name)
        );
        value.validate().map_err(|e| {
            let violations = e
                .violations()
                .iter()
                .cloned()
                .map(|mut v| {
                    v.pointer = format!("{at}{}", v.pointer);
                    v
                })
                .collect();
            ValidationError::new(e.type_name(), violations)
        })?;
        // Generated values serialize plain data, which cannot fail.
        let json = crate::__private::to_value(value);
        self.members.insert(name.to_owned(), json);
        Ok(self)
    }

    /// The member names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.members.keys().map(String::as_str)
    }
}

impl std::fmt::Debug for SubjectPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubjectPart")
            .field("members", &self.members.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl TaskDocument for SubjectPart {
    fn to_task_document(&self) -> Result<Value, ValidationError> {
        Ok(serde_json::json!({ "context": { "subject": self.members } }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Violation, ViolationKind};

    /// A generated-like value that breaks one rule at its member `/x`.
    #[derive(serde::Serialize)]
    struct Broken;

    impl Validate for Broken {
        fn validate(&self) -> Result<(), ValidationError> {
            Err(ValidationError::new(
                "Broken",
                vec![Violation::new(
                    "/x".into(),
                    "minLength",
                    "t.json#/properties/x/minLength".into(),
                    ViolationKind::MinLength { limit: 1 },
                )],
            ))
        }
    }

    #[test]
    fn a_part_reports_violations_at_their_place_in_the_whole_document() {
        let err = SubjectPart::new()
            .member("a/b", &vec![None, Some(Broken)])
            .unwrap_err();
        assert_eq!(err.type_name(), "Broken");
        let v = &err.violations()[0];
        assert_eq!(v.pointer, "/context/subject/a~1b/1/x");
        assert_eq!(v.schema_location, "t.json#/properties/x/minLength");
    }

    #[test]
    fn a_member_added_twice_is_replaced_and_debug_names_members_only() {
        #[derive(serde::Serialize)]
        struct Fine(&'static str);
        impl Validate for Fine {
            fn validate(&self) -> Result<(), ValidationError> {
                Ok(())
            }
        }
        let part = SubjectPart::new()
            .member("documents", &Fine("secret-one"))
            .unwrap()
            .member("documents", &Fine("secret-two"))
            .unwrap();
        assert_eq!(
            part.to_task_document().unwrap(),
            serde_json::json!({"context": {"subject": {"documents": "secret-two"}}})
        );
        assert!(!format!("{part:?}").contains("secret"));
        assert_eq!(part.names().collect::<Vec<_>>(), ["documents"]);
    }
}
