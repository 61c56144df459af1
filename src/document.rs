//! What the client sends as task data: a whole task document
//! (`{"context": {"subject": …}}`) that has been validated.

use serde_json::Value;

use crate::ValidationError;

/// A task document the client may send: a generated type (validated on the way out),
/// a [`Payload`](crate::Payload) (validated when it was built, or by `prefill!` while
/// compiling), or explicitly unvalidated JSON through [`Unvalidated`].
///
/// Every generated type implements it; you do not implement it yourself.
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
