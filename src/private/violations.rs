//! Where violations go and how they are made: the [`Sink`] every reader reports into
//! (violations and depth), `report`/`report_here` (a violation at a place, or only a
//! probe of whether one would be), and `kind`, the constructors of each keyword's
//! [`ViolationKind`].

use super::*;

/// Where violations go while one document is read, and how deep the read is.
#[derive(Default)]
pub struct Sink {
    /// Every violation so far, in reading order.
    pub out: Vec<Violation>,
    pub(crate) depth: usize,
}

impl Sink {
    /// An empty sink at the document's root.
    pub fn new() -> Self {
        Sink::default()
    }

    /// The number of violations so far (to tell later whether a subtree added any).
    #[inline]
    pub fn mark(&self) -> usize {
        self.out.len()
    }

    /// Enter an object or array: one level deeper, refused past the limit.
    ///
    /// # Errors
    /// The "too deep" error, as every surface gives it.
    #[inline]
    pub fn enter<E: de::Error>(&mut self) -> Result<(), E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(messages::too_deep(MAX_DEPTH)));
        }
        self.depth += 1;
        Ok(())
    }

    /// Leave an object or array.
    #[inline]
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Put an object's own violations (`required`, …) before those of its members,
    /// in the order the interpreter reports them.
    #[inline]
    pub fn insert_at(&mut self, mark: usize, rules: Vec<Violation>) {
        if !rules.is_empty() {
            self.out.splice(mark..mark, rules);
        }
    }

    /// A value that passed its checks but does not have its type's shape: only when
    /// a schema says less than the type assumes. Reported, never panicked on.
    #[cold]
    pub fn shape<T>(&mut self, path: &Path<'_>, expected: &str) -> Option<T> {
        self.out.push(Violation::new(
            path.to_pointer(),
            "type",
            String::new(),
            ViolationKind::Shape {
                expected: expected.to_owned(),
            },
        ));
        None
    }

    /// After an object's members: `None` unless the object added no violation.
    #[inline]
    pub fn clean_since(&self, mark: usize) -> bool {
        self.out.len() == mark
    }
}

/// Record one violation of `keyword`; its schema location is `location` followed by
/// `/<keyword>`, and its message is rendered from `kind`.
#[inline(never)]
pub fn report(
    out: &mut Vec<Violation>,
    path: &Path<'_>,
    keyword: &'static str,
    location: &Loc<'_>,
    kind: ViolationKind,
) {
    if probing() {
        drop(kind);
        out.push(Violation::mark(keyword));
        return;
    }
    out.push(Violation::new(
        path.to_pointer(),
        keyword,
        location.at(keyword),
        kind,
    ));
}

thread_local! {
    /// Whether the validators on this thread only answer "valid or not" (inside
    /// [`valid`]): violations are then dropped unread, so they are not rendered.
    pub(crate) static PROBING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[inline]
pub(crate) fn probing() -> bool {
    PROBING.with(std::cell::Cell::get)
}

/// Record a violation of the schema at `location` itself (the `false` schema).
#[inline(never)]
pub fn report_here(
    out: &mut Vec<Violation>,
    path: &Path<'_>,
    keyword: &'static str,
    location: &Loc<'_>,
    kind: ViolationKind,
) {
    if probing() {
        drop(kind);
        out.push(Violation::mark(keyword));
        return;
    }
    out.push(Violation::new(
        path.to_pointer(),
        keyword,
        location.at(""),
        kind,
    ));
}

/// Short constructors of [`ViolationKind`] for generated code (only called when a
/// rule fails).
pub mod kind {
    use super::{Format, JsonType, ViolationKind as K};

    /// `type`
    pub fn types(expected: &[JsonType]) -> K {
        K::Type {
            expected: expected.to_vec(),
        }
    }
    /// `const`
    pub fn constant(expected: &str) -> K {
        K::Const {
            expected: expected.to_owned(),
        }
    }
    /// `enum`
    pub fn one_of_values(allowed: &[&str], count: usize) -> K {
        K::Enum {
            allowed: allowed.iter().map(|s| (*s).to_owned()).collect(),
            count,
        }
    }
    /// `minLength`
    pub fn min_length(limit: u64) -> K {
        K::MinLength { limit }
    }
    /// `maxLength`
    pub fn max_length(limit: u64) -> K {
        K::MaxLength { limit }
    }
    /// `pattern`
    pub fn pattern(pattern: &str) -> K {
        K::Pattern {
            pattern: pattern.to_owned(),
        }
    }
    /// `format`
    pub fn format(format: Format) -> K {
        K::Format { format }
    }
    /// `minimum` / `exclusiveMinimum`
    pub fn minimum(limit: &str, exclusive: bool) -> K {
        K::Minimum {
            limit: limit.to_owned(),
            exclusive,
        }
    }
    /// `maximum` / `exclusiveMaximum`
    pub fn maximum(limit: &str, exclusive: bool) -> K {
        K::Maximum {
            limit: limit.to_owned(),
            exclusive,
        }
    }
    /// `multipleOf`
    pub fn multiple_of(divisor: &str) -> K {
        K::MultipleOf {
            divisor: divisor.to_owned(),
        }
    }
    /// `minItems`
    pub fn min_items(limit: u64) -> K {
        K::MinItems { limit }
    }
    /// `maxItems`
    pub fn max_items(limit: u64) -> K {
        K::MaxItems { limit }
    }
    /// `contains` / `minContains` / `maxContains`
    pub fn contains(min: u64, max: Option<u64>) -> K {
        K::Contains { min, max }
    }
    /// `minProperties`
    pub fn min_properties(limit: u64) -> K {
        K::MinProperties { limit }
    }
    /// `maxProperties`
    pub fn max_properties(limit: u64) -> K {
        K::MaxProperties { limit }
    }
    /// `required`
    pub fn required(property: &str) -> K {
        K::Required {
            property: property.to_owned(),
        }
    }
    /// `dependentRequired`
    pub fn dependent_required(property: &str, requires: &str) -> K {
        K::DependentRequired {
            property: property.to_owned(),
            requires: requires.to_owned(),
        }
    }
    /// `additionalProperties: false`
    pub fn additional(property: &str) -> K {
        K::AdditionalProperty {
            property: property.to_owned(),
        }
    }
    /// `propertyNames`
    pub fn property_name(property: &str) -> K {
        K::PropertyName {
            property: property.to_owned(),
        }
    }
    /// `anyOf`
    pub fn any_of(alternatives: usize) -> K {
        K::AnyOf { alternatives }
    }
}
