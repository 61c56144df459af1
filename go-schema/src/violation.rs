//! What a failed validation reports: pointer, keyword, schema location and a message,
//! never the offending value.

use std::fmt;

use crate::ir::{Format, JsonType};
use crate::messages as msg;

/// What rule failed, with its parameters: the typed form of a violation, for callers
/// that act on it (the missing property, the limit, the pattern, the branches). The
/// message is rendered from it in one place ([`ViolationKind::message`]); nothing
/// needs to parse a message back.
///
/// Limits that are JSON numbers are kept as their JSON text (`"18"`, `"0.5"`), and
/// `const`/`enum` values as the schema's JSON text, so the kind stays `Ord` and `Hash`.
/// None of it is ever a payload value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ViolationKind {
    /// `type`: the value is none of these types.
    Type {
        /// The allowed types.
        expected: Vec<JsonType>,
    },
    /// `const`: the value differs from the schema's constant.
    Const {
        /// The constant, as JSON text (clipped).
        expected: String,
    },
    /// `enum`: the value is none of the allowed ones.
    Enum {
        /// The allowed values, as JSON text, the first twelve.
        allowed: Vec<String>,
        /// How many values the schema allows in all.
        count: usize,
    },
    /// `minLength`.
    MinLength {
        /// The least number of characters.
        limit: u64,
    },
    /// `maxLength`.
    MaxLength {
        /// The most characters.
        limit: u64,
    },
    /// `pattern`.
    Pattern {
        /// The ECMA-262 pattern.
        pattern: String,
    },
    /// `format` (asserted).
    Format {
        /// The format.
        format: Format,
    },
    /// `minimum` or `exclusiveMinimum`.
    Minimum {
        /// The bound, as JSON text.
        limit: String,
        /// Whether the bound itself is excluded.
        exclusive: bool,
    },
    /// `maximum` or `exclusiveMaximum`.
    Maximum {
        /// The bound, as JSON text.
        limit: String,
        /// Whether the bound itself is excluded.
        exclusive: bool,
    },
    /// `multipleOf`.
    MultipleOf {
        /// The divisor, as JSON text.
        divisor: String,
    },
    /// `minItems`.
    MinItems {
        /// The least number of items.
        limit: u64,
    },
    /// `maxItems`.
    MaxItems {
        /// The most items.
        limit: u64,
    },
    /// `uniqueItems`.
    UniqueItems,
    /// `contains`, `minContains` or `maxContains`.
    Contains {
        /// The least number of matching items.
        min: u64,
        /// The most, if bounded.
        max: Option<u64>,
    },
    /// `minProperties`.
    MinProperties {
        /// The least number of properties.
        limit: u64,
    },
    /// `maxProperties`.
    MaxProperties {
        /// The most properties.
        limit: u64,
    },
    /// `required`: a property is missing.
    Required {
        /// The missing property.
        property: String,
    },
    /// `dependentRequired` (draft-07 `dependencies` with names).
    DependentRequired {
        /// The property that is present.
        property: String,
        /// The property it requires, which is missing.
        requires: String,
    },
    /// `additionalProperties: false` (or a schema it breaks is reported inside).
    AdditionalProperty {
        /// The payload's own key (escaped in messages).
        property: String,
    },
    /// `propertyNames`.
    PropertyName {
        /// The payload's own key (escaped in messages).
        property: String,
    },
    /// `anyOf`: no alternative matches.
    AnyOf {
        /// The number of alternatives.
        alternatives: usize,
    },
    /// `oneOf`: no alternative matches.
    OneOfNone {
        /// The number of alternatives.
        alternatives: usize,
    },
    /// `oneOf`: more than one alternative matches.
    OneOfMany {
        /// The first matching alternative (0-based).
        first: usize,
        /// The second.
        second: usize,
    },
    /// `not`.
    Not,
    /// The `false` schema.
    False,
    /// A value nested past the depth limit.
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A value whose shape the generated type cannot hold (only when a schema says less
    /// than the type assumes), or that cannot be represented as JSON.
    Shape {
        /// What was expected.
        expected: String,
    },
    /// A typed value that cannot be represented as JSON (it has no JSON form to check).
    Unrepresentable,
    /// A schema embedded at compile time that does not load at run time.
    SchemaUnavailable {
        /// The loader's diagnostic (about the schema, never the payload).
        problem: String,
    },
    /// A pointer the schema describes nothing at.
    Undescribed,
    /// The input is not one JSON document (from the structured entry points, which
    /// report every problem as a violation). The message is the parser's, which names
    /// the problem and never a value.
    Syntax {
        /// The parser's message, without its position.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

impl ViolationKind {
    /// The human message: it names the rule, never the payload's value.
    pub fn message(&self) -> String {
        use ViolationKind as K;
        match self {
            K::Type { expected } => msg::type_mismatch(expected),
            K::Const { expected } => format!("must equal the constant {expected}"),
            K::Enum { allowed, count } => {
                let more = if *count > allowed.len() { ", …" } else { "" };
                format!("must be one of: {}{more}", allowed.join(", "))
            }
            K::MinLength { limit } => msg::min_length(*limit),
            K::MaxLength { limit } => msg::max_length(*limit),
            K::Pattern { pattern } => msg::pattern(pattern),
            K::Format { format } => msg::format(*format),
            K::Minimum { limit, exclusive } => {
                if *exclusive {
                    format!("must be greater than {limit}")
                } else {
                    format!("must be at least {limit}")
                }
            }
            K::Maximum { limit, exclusive } => {
                if *exclusive {
                    format!("must be less than {limit}")
                } else {
                    format!("must be at most {limit}")
                }
            }
            K::MultipleOf { divisor } => format!("must be a multiple of {divisor}"),
            K::MinItems { limit } => msg::min_items(*limit),
            K::MaxItems { limit } => msg::max_items(*limit),
            K::UniqueItems => msg::unique_items(),
            K::Contains { min, max } => msg::contains(*min, *max),
            K::MinProperties { limit } => msg::min_properties(*limit),
            K::MaxProperties { limit } => msg::max_properties(*limit),
            K::Required { property } => msg::required(property),
            K::DependentRequired { property, requires } => {
                msg::dependent_required(property, requires)
            }
            K::AdditionalProperty { property } => msg::additional(property),
            K::PropertyName { property } => msg::property_name(property),
            K::AnyOf { alternatives } => msg::any_of(*alternatives),
            K::OneOfNone { alternatives } => msg::one_of_none(*alternatives),
            K::OneOfMany { first, second } => msg::one_of_many(*first, *second),
            K::Not => msg::not(),
            K::False => msg::false_schema(),
            K::TooDeep { limit } => msg::too_deep(*limit),
            K::Shape { expected } => format!("expected {expected}"),
            K::Unrepresentable => "value cannot be represented as JSON".into(),
            K::SchemaUnavailable { problem } => {
                format!("the embedded schema does not load: {problem}")
            }
            K::Undescribed => "the schema describes nothing here".into(),
            K::Syntax {
                message,
                line,
                column,
            } => format!("not JSON: {message} at line {line} column {column}"),
        }
    }

    /// `const`: the constant, clipped as messages show it.
    pub fn constant(v: &serde_json::Value) -> ViolationKind {
        ViolationKind::Const {
            expected: msg::short(v),
        }
    }

    /// `enum`: the first twelve values, clipped as messages show them.
    pub fn enumeration(values: &[serde_json::Value]) -> ViolationKind {
        ViolationKind::Enum {
            allowed: values.iter().take(12).map(msg::short).collect(),
            count: values.len(),
        }
    }
}

/// One rule a payload breaks.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Violation {
    /// RFC 6901 pointer into the payload (`""` for the root).
    pub pointer: String,
    /// The keyword that failed (`required`, `pattern`, `type`, …).
    pub keyword: &'static str,
    /// `file#/pointer` of the failing keyword in the schema.
    pub schema_location: String,
    /// A human message, rendered from `kind`. It names the rule, never the value.
    pub message: String,
    /// The rule and its parameters.
    pub kind: ViolationKind,
}

impl Violation {
    /// A violation whose message is rendered from its kind.
    pub fn new(
        pointer: String,
        keyword: &'static str,
        schema_location: String,
        kind: ViolationKind,
    ) -> Violation {
        Violation {
            pointer,
            keyword,
            schema_location,
            message: kind.message(),
            kind,
        }
    }

    /// A violation that only marks "not valid": no pointer, location, message or
    /// parameters are built (its kind is the placeholder `False`). Made while a
    /// branch is only being tried (`anyOf`, `oneOf`, `not`, `if`, `contains`,
    /// unions), whose violations are dropped unread: only their presence counts.
    pub fn mark(keyword: &'static str) -> Violation {
        Violation {
            pointer: String::new(),
            keyword,
            schema_location: String::new(),
            message: String::new(),
            kind: ViolationKind::False,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Pointers hold the payload's keys, and messages may quote them: neither
        // reaches a terminal or a log raw.
        use crate::text::printable;
        let at = if self.pointer.is_empty() {
            "(root)".into()
        } else {
            printable(&self.pointer)
        };
        write!(
            f,
            "{at}: {} [{}; {}]",
            printable(&self.message),
            self.keyword,
            printable(&self.schema_location)
        )
    }
}
