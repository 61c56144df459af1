//! Readers of scalars and whole values: [`Whole`] (read the value whole and run the
//! place's validator), [`Plain`] (a scalar checked as it arrives, no `Value`),
//! [`Judged`], [`Foreign`] (a type of the user's, read by its own `Deserialize`), and
//! the cells generated validators keep compiled patterns, numbers and literals in.

use super::*;

check_plan!(
    /// Read whole and check with the place's validator (see the module docs).
    Whole
);

impl<T: FromJson + serde::Serialize> Plan<T> for Whole<T> {
    #[inline]
    fn check(self, t: &T, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        (self.0)(&crate::__private::to_value(t), p, l, out);
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<T>, D::Error> {
        let v = strict::value_at(d, s.depth)?;
        Ok(finish(v, self.0, s, p, l))
    }
}

check_plan!(
    /// A type of the user's own at a place (`Builder::replace`): the subtree is read
    /// whole and checked by the place's validator (a replaced type never fails open),
    /// then handed to the type's own `Deserialize`. A typed value is checked on its
    /// serialized form.
    Foreign
);

impl<T: serde::de::DeserializeOwned + serde::Serialize> Plan<T> for Foreign<T> {
    fn check(self, t: &T, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        (self.0)(&crate::__private::to_value(t), p, l, out);
    }

    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<T>, D::Error> {
        let v = strict::value_at(d, s.depth)?;
        let mark = s.mark();
        (self.0)(&v, p, l, &mut s.out);
        if !s.clean_since(mark) {
            return Ok(None);
        }
        Ok(match crate::__private::foreign::<T>(v) {
            Ok(t) => Some(t),
            Err(m) => s.shape(p, m.0),
        })
    }
}

/// The validator of a place with no rules (members of an open object).
pub fn accept_any(_: &Value, _: &Path<'_>, _: &Loc<'_>, _: &mut Vec<Violation>) {}

/// A declared member that more than its property's schema judges (a
/// `patternProperties` entry matches its name): its subtree read whole and checked
/// by each, every check with its own place from the struct's location (the member
/// is read with the step `here`).
pub struct Judged<T> {
    checks: &'static [(CheckFn, Step)],
    t: PhantomData<fn() -> T>,
}

impl<T> Clone for Judged<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Judged<T> {}

impl<T> Judged<T> {
    /// The checks, in the interpreter's order.
    #[inline]
    pub const fn new(checks: &'static [(CheckFn, Step)]) -> Self {
        Judged {
            checks,
            t: PhantomData,
        }
    }
}

impl<T: FromJson + serde::Serialize> Plan<T> for Judged<T> {
    fn check(self, t: &T, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        let v = crate::__private::to_value(t);
        let key = p.last_key().unwrap_or_default();
        for (check, step) in self.checks {
            check(&v, p, &step.under(l, key), out);
        }
    }

    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<T>, D::Error> {
        let v = strict::value_at(d, s.depth)?;
        let key = p.last_key().unwrap_or_default();
        let mark = s.mark();
        for (check, step) in self.checks {
            check(&v, p, &step.under(l, key), &mut s.out);
        }
        if !s.clean_since(mark) {
            return Ok(None);
        }
        Ok(match T::from_json(v) {
            Ok(t) => Some(t),
            Err(m) => s.shape(p, m.0),
        })
    }
}

check_plan!(
    /// A scalar place whose only rule is its `type` (`{"type": "string"}`): the value
    /// is taken straight into the Rust type, with no `Value` and no validator call.
    /// Any other value goes through the place's validator (which reports the type, or
    /// accepts an integer written `1.0`) exactly as [`Whole`] would.
    Plain
);

/// The scalar types a [`Plain`] place reads directly; `None` sends the value to the
/// validator.
pub trait PlainScalar: FromJson {
    /// From a string.
    fn from_str(_: &str) -> Option<Self> {
        None
    }
    /// From a boolean.
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    /// From a signed integer.
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    /// From an unsigned integer.
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    /// From a float.
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    /// Whether a typed value always meets the place's only rule, its type.
    fn always_valid(&self) -> bool {
        true
    }
}

impl PlainScalar for String {
    #[inline]
    fn from_str(v: &str) -> Option<Self> {
        Some(v.to_owned())
    }
}
impl PlainScalar for bool {
    #[inline]
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
}
impl PlainScalar for i64 {
    #[inline]
    fn from_i64(v: i64) -> Option<Self> {
        Some(v)
    }
    #[inline]
    fn from_u64(v: u64) -> Option<Self> {
        i64::try_from(v).ok()
    }
}
impl PlainScalar for f64 {
    #[inline]
    fn from_i64(v: i64) -> Option<Self> {
        f64::from_json(Value::from(v)).ok()
    }
    #[inline]
    fn from_u64(v: u64) -> Option<Self> {
        f64::from_json(Value::from(v)).ok()
    }
    #[inline]
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }
    fn always_valid(&self) -> bool {
        self.is_finite()
    }
}

pub(crate) struct PlainVisitor<'a, T> {
    check: CheckFn,
    s: &'a mut Sink,
    p: &'a Path<'a>,
    l: &'a Loc<'a>,
    t: PhantomData<fn() -> T>,
}

impl<T: PlainScalar> PlainVisitor<'_, T> {
    #[inline]
    fn got(self, direct: Option<T>, v: impl FnOnce() -> Value) -> Option<T> {
        match direct {
            Some(t) => Some(t),
            None => finish(v(), self.check, self.s, self.p, self.l),
        }
    }
}

impl<'de, T: PlainScalar> Visitor<'de> for PlainVisitor<'_, T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        Ok(self.got(T::from_str(v), || Value::String(v.to_owned())))
    }
    #[inline]
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        Ok(self.got(T::from_bool(v), || Value::Bool(v)))
    }
    #[inline]
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        Ok(self.got(T::from_i64(v), || Value::from(v)))
    }
    #[inline]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        Ok(self.got(T::from_u64(v), || Value::from(v)))
    }
    #[inline]
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        Ok(self.got(T::from_f64(v), || Value::from(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(self.got(None, || Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<Option<T>, A::Error> {
        let v = strict::value_at(de::value::SeqAccessDeserializer::new(a), self.s.depth)?;
        Ok(finish(v, self.check, self.s, self.p, self.l))
    }
    fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Option<T>, A::Error> {
        let v = strict::value_at(de::value::MapAccessDeserializer::new(a), self.s.depth)?;
        Ok(finish(v, self.check, self.s, self.p, self.l))
    }
}

impl<T: PlainScalar + serde::Serialize> Plan<T> for Plain<T> {
    #[inline]
    fn check(self, t: &T, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        // A string, boolean or integer always has its type; a float may not be
        // JSON at all (NaN), which the validator then reports.
        if !t.always_valid() {
            (self.0)(&crate::__private::to_value(t), p, l, out);
        }
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<T>, D::Error> {
        d.deserialize_any(PlainVisitor {
            check: self.0,
            s,
            p: shorten_path(p),
            l: shorten_loc(l),
            t: PhantomData,
        })
    }
}

/// The error of a string enum's `FromStr`: an `enum` violation listing the schema's
/// values (never the input).
pub fn not_one_of(type_name: &'static str, allowed: &[&str]) -> ValidationError {
    ValidationError::new(
        type_name,
        vec![Violation::new(
            String::new(),
            "enum",
            String::new(),
            ViolationKind::enumeration(
                &allowed
                    .iter()
                    .map(|s| Value::String((*s).to_owned()))
                    .collect::<Vec<_>>(),
            ),
        )],
    )
}

/// Match a pattern, compiling it on first use. The generator has already checked
/// that it compiles; should it not, the value is reported as not matching (never
/// silently accepted).
pub fn pattern(cell: &'static OnceLock<Option<Regex>>, source: &str, s: &str) -> bool {
    cell.get_or_init(|| gbg_go_schema::check::compile_pattern(source).ok())
        .as_ref()
        .is_some_and(|re| pattern_matches(re, s))
}

/// Parse a numeric literal emitted by the generator.
pub fn number(cell: &'static OnceLock<Number>, text: &str) -> &'static Number {
    cell.get_or_init(|| text.parse::<Number>().unwrap_or_else(|_| Number::from(0)))
}

/// Parse a JSON literal emitted by the generator (`const`/`enum` values).
pub fn literal(cell: &'static OnceLock<Value>, text: &str) -> &'static Value {
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or(Value::Null))
}
