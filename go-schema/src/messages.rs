//! Violation messages, rendered from a [`ViolationKind`](crate::ViolationKind) (see
//! `ViolationKind::message`), and the parse errors the loader and the strict parser
//! share. None of them takes the payload's value.

use serde_json::Value;

use crate::ir::{Format, JsonType};

/// The most characters of a payload key that a message quotes.
const NAME_MAX: usize = 80;

/// `type`
pub fn type_mismatch(expected: &[JsonType]) -> String {
    let names: Vec<&str> = expected.iter().map(|t| t.as_str()).collect();
    format!("must be of type {}", names.join(" or "))
}
/// `required`
pub fn required(name: &str) -> String {
    format!("missing required property `{name}`")
}
/// `additionalProperties`
pub fn additional(name: &str) -> String {
    // The name is the payload's own key: escaped and clipped (see `text`).
    let name = crate::text::printable_clipped(name, NAME_MAX);
    format!("property `{name}` is not allowed here")
}
/// `n` and its noun, singular for one ("1 character", "2 characters").
fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `minLength`
pub fn min_length(n: u64) -> String {
    format!(
        "must be at least {} long",
        count(n, "character", "characters")
    )
}
/// `maxLength`
pub fn max_length(n: u64) -> String {
    format!(
        "must be at most {} long",
        count(n, "character", "characters")
    )
}
/// `pattern`
pub fn pattern(p: &str) -> String {
    format!("must match the pattern `{p}`")
}
/// `format`
pub fn format(f: Format) -> String {
    format!("must be a valid `{}`", f.as_str())
}
/// `minItems`
pub fn min_items(n: u64) -> String {
    format!("must have at least {}", count(n, "item", "items"))
}
/// `maxItems`
pub fn max_items(n: u64) -> String {
    format!("must have at most {}", count(n, "item", "items"))
}
/// `uniqueItems`
pub fn unique_items() -> String {
    "items must be unique".into()
}
/// `contains`
pub fn contains(min: u64, max: Option<u64>) -> String {
    match max {
        Some(max) => format!(
            "must contain between {min} and {}",
            count(max, "matching item", "matching items")
        ),
        None => format!(
            "must contain at least {}",
            count(min, "matching item", "matching items")
        ),
    }
}
/// `minProperties`
pub fn min_properties(n: u64) -> String {
    format!("must have at least {}", count(n, "property", "properties"))
}
/// `maxProperties`
pub fn max_properties(n: u64) -> String {
    format!("must have at most {}", count(n, "property", "properties"))
}
/// `dependentRequired`
pub fn dependent_required(name: &str, dep: &str) -> String {
    format!("property `{dep}` is required when `{name}` is present")
}
/// `propertyNames`
pub fn property_name(name: &str) -> String {
    let name = crate::text::printable_clipped(name, NAME_MAX);
    format!("property name `{name}` is not allowed by `propertyNames`")
}
/// `anyOf`
pub fn any_of(n: usize) -> String {
    format!("must match at least one of the {n} alternatives")
}
/// `oneOf` with no match
pub fn one_of_none(n: usize) -> String {
    format!("must match exactly one of the {n} alternatives, but matches none")
}
/// `oneOf` with several matches
pub fn one_of_many(a: usize, b: usize) -> String {
    format!("must match exactly one alternative, but matches alternatives {a} and {b}")
}
/// `not`
pub fn not() -> String {
    "must not match the `not` schema".into()
}
/// a duplicate object key (a parse error, in the schema loader and the strict parser)
pub fn duplicate_key(name: &str) -> String {
    let name = crate::text::printable_clipped(name, NAME_MAX);
    format!("duplicate key `{name}`: JSON tools disagree on which one wins")
}
/// a value nested past the depth limit
pub fn too_deep(limit: usize) -> String {
    format!("too deep: nesting deeper than {limit} levels")
}
/// the `false` schema
pub fn false_schema() -> String {
    "no value is allowed here".into()
}

/// A schema literal for a message, cut short.
pub(crate) fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(37).collect();
        format!("{cut}…")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(min_length(1), "must be at least 1 character long");
        assert_eq!(min_length(2), "must be at least 2 characters long");
        assert_eq!(max_length(1), "must be at most 1 character long");
        assert_eq!(min_items(1), "must have at least 1 item");
        assert_eq!(max_items(0), "must have at most 0 items");
        assert_eq!(min_properties(1), "must have at least 1 property");
        assert_eq!(max_properties(3), "must have at most 3 properties");
        assert_eq!(contains(1, None), "must contain at least 1 matching item");
        assert_eq!(contains(2, None), "must contain at least 2 matching items");
        assert_eq!(
            contains(1, Some(1)),
            "must contain between 1 and 1 matching item"
        );
    }
}
