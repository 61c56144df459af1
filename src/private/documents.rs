//! Entry points of a whole document, for every generated type through its
//! [`Generated`] facts: [`read_root`] (its `Deserialize`), [`read_document`] and
//! [`from_json_slice`] (every violation of one document, structured),
//! [`check_value`] (a built value's `validate()`) and [`check_json`] (a `Value`
//! against the type's validator).

use super::*;

/// A generated type's facts, stated once, right after the type in its module: its
/// name, its schema location, the validator of its schema and the plan that reads
/// it. The type's entry points (`from_json_slice`, `validate`, `validate_json`,
/// `Deserialize`) are one-line calls to the functions of this file.
pub trait Generated: Sized {
    /// The type's name, as errors show it.
    const NAME: &'static str;
    /// Where its schema lies, `file#pointer` (every violation's location starts
    /// here).
    const LOCATION: &'static str;
    /// The validator of its schema, shared with every place of the same rules.
    const CHECK: CheckFn;
    /// How one whole document of this type is read.
    fn plan() -> impl Plan<Self>;
}

/// Every generated type checks its own rules ([`check_value`]).
impl<T: Generated + serde::Serialize> crate::Validate for T {
    #[inline]
    fn validate(&self) -> Result<(), ValidationError> {
        check_value(self)
    }
}

/// Read a whole document of a generated type: the body of its `Deserialize`.
/// Every violation in one error (listed one per line in its message).
///
/// # Errors
/// The deserializer's errors, a duplicate key, nesting past the limit, or a
/// [`ValidationError`] with every violation.
#[inline]
pub fn read_root<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Generated,
{
    match read_document(d)? {
        Ok(t) => Ok(t),
        Err(e) => Err(de::Error::custom(e)),
    }
}

/// [`read_root`], with the violations kept structured.
///
/// # Errors
/// The deserializer's own errors (syntax, duplicate key, nesting past the limit).
pub fn read_document<'de, D, T>(d: D) -> Result<Result<T, ValidationError>, D::Error>
where
    D: Deserializer<'de>,
    T: Generated,
{
    let mut s = Sink::new();
    let mut r = None;
    T::plan().read_into(d, &mut s, &Path::ROOT, &Loc::Root(T::LOCATION), &mut r)?;
    Ok(match r {
        Some(t) if s.out.is_empty() => Ok(t),
        _ => {
            if s.out.is_empty() {
                let _: Option<()> = s.shape(&Path::ROOT, "the document's type");
            }
            Err(ValidationError::new(T::NAME, s.out))
        }
    })
}

/// `from_json_slice` / `from_json_str` of a generated type: read one JSON document
/// in one pass. A syntax error is one violation at the root (kind `Syntax`, with its
/// line and column); every rule's violation is listed.
///
/// # Errors
/// [`ValidationError`] with every violation.
pub fn from_json_slice<T: Generated>(bytes: &[u8]) -> Result<T, ValidationError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let syntax = |e: serde_json::Error| {
        ValidationError::new(
            T::NAME,
            vec![Violation::new(
                String::new(),
                "syntax",
                String::new(),
                ViolationKind::Syntax {
                    message: strip_position(&e),
                    line: e.line(),
                    column: e.column(),
                },
            )],
        )
    };
    let r = read_document(&mut de).map_err(syntax)?;
    de.end().map_err(syntax)?;
    r
}

/// serde_json's message without its " at line L column C" tail (kept as fields).
pub(crate) fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// `validate()` of a generated type: its plan checks the typed value at the type's
/// own schema location.
///
/// # Errors
/// Every violation.
pub fn check_value<T: Generated>(t: &T) -> Result<(), ValidationError> {
    let mut out = Vec::new();
    T::plan().check(t, &mut out, &Path::ROOT, &Loc::Root(T::LOCATION));
    if out.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::new(T::NAME, out))
    }
}

/// `validate_json` of a generated type: its validator over a whole value, at the
/// type's own location (a validator is shared by every type whose schema has the
/// same rules, and each reports its own place).
///
/// # Errors
/// Every violation.
pub fn check_json<T: Generated>(v: &Value) -> Result<(), ValidationError> {
    let mut out = Vec::new();
    (T::CHECK)(v, &Path::ROOT, &Loc::Root(T::LOCATION), &mut out);
    if out.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::new(T::NAME, out))
    }
}
