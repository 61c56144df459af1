//! Entry points of a whole document: [`read_root`] (a generated type's `Deserialize`),
//! [`read_document`] and [`from_json_slice`] (every violation of one document,
//! structured), [`check_value`] (a built value's `validate()`) and [`check`] (a `Value`
//! against a type's validator).

use super::*;

/// Read a whole document by `plan` at `location`: the body of every generated
/// `Deserialize`. Every violation in one error (listed one per line in its message).
///
/// # Errors
/// The deserializer's errors, a duplicate key, nesting past the limit, or a
/// [`ValidationError`] with every violation.
pub fn read_root<'de, D, T, P>(
    d: D,
    plan: P,
    location: &'static str,
    type_name: &'static str,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    P: Plan<T>,
{
    match read_document(d, plan, location, type_name)? {
        Ok(t) => Ok(t),
        Err(e) => Err(de::Error::custom(e)),
    }
}

/// [`read_root`], with the violations kept structured.
///
/// # Errors
/// The deserializer's own errors (syntax, duplicate key, nesting past the limit).
pub fn read_document<'de, D, T, P>(
    d: D,
    plan: P,
    location: &'static str,
    type_name: &'static str,
) -> Result<Result<T, ValidationError>, D::Error>
where
    D: Deserializer<'de>,
    P: Plan<T>,
{
    let mut s = Sink::new();
    let mut r = None;
    plan.read_into(d, &mut s, &Path::ROOT, &Loc::Root(location), &mut r)?;
    Ok(match r {
        Some(t) if s.out.is_empty() => Ok(t),
        _ => {
            if s.out.is_empty() {
                let _: Option<()> = s.shape(&Path::ROOT, "the document's type");
            }
            Err(ValidationError::new(type_name, s.out))
        }
    })
}

/// `Root::from_json_slice` / `from_json_str`: read one JSON document in one pass.
/// A syntax error is one violation at the root (kind `Syntax`, with its line and
/// column); every rule's violation is listed.
///
/// # Errors
/// [`ValidationError`] with every violation.
pub fn from_json_slice<T, P: Plan<T>>(
    bytes: &[u8],
    plan: P,
    location: &'static str,
    type_name: &'static str,
) -> Result<T, ValidationError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let syntax = |e: serde_json::Error| {
        ValidationError::new(
            type_name,
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
    let r = read_document(&mut de, plan, location, type_name).map_err(syntax)?;
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
pub fn check_value<T, P: Plan<T>>(
    t: &T,
    plan: P,
    location: &'static str,
    type_name: &'static str,
) -> Result<(), ValidationError> {
    let mut out = Vec::new();
    plan.check(t, &mut out, &Path::ROOT, &Loc::Root(location));
    if out.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::new(type_name, out))
    }
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
