//! Readers that wrap another plan: [`Nullable`] (`null` or the value), [`Boxed`]
//! (recursion), and [`Wrapped`] (a newtype over a constrained value, through [`Wrap`]).

use super::*;

/// A place that allows `null` (`Option<T>`): `null` is checked by the place's
/// validator, anything else is read by the inner plan.
pub struct Nullable<T, P> {
    inner: P,
    check: CheckFn,
    t: PhantomData<fn() -> T>,
}

impl<T, P: Copy> Clone for Nullable<T, P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, P: Copy> Copy for Nullable<T, P> {}

impl<T, P: Plan<T>> Nullable<T, P> {
    /// `inner` for values, `check` for `null`.
    #[inline]
    pub const fn new(inner: P, check: CheckFn) -> Self {
        Nullable {
            inner,
            check,
            t: PhantomData,
        }
    }
}

pub(crate) struct NullableVisitor<'a, T, P> {
    plan: Nullable<T, P>,
    s: &'a mut Sink,
    p: &'a Path<'a>,
    l: &'a Loc<'a>,
}

impl<'de, T, P: Plan<T>> Visitor<'de> for NullableVisitor<'_, T, P> {
    type Value = Option<Option<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        let mark = self.s.mark();
        (self.plan.check)(&Value::Null, self.p, self.l, &mut self.s.out);
        Ok(self.s.clean_since(mark).then_some(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_none()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Ok(self.plan.inner.read(d, self.s, self.p, self.l)?.map(Some))
    }
}

impl<T, P: Plan<T>> Plan<Option<T>> for Nullable<T, P> {
    fn check(self, t: &Option<T>, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        match t {
            None => (self.check)(&Value::Null, p, l, out),
            Some(v) => self.inner.check(v, out, p, l),
        }
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<Option<T>>, D::Error> {
        d.deserialize_option(NullableVisitor {
            plan: self,
            s,
            p: shorten_path(p),
            l: shorten_loc(l),
        })
    }
}

/// A recursive member: read by the inner plan, then boxed.
pub struct Boxed<T, P>(P, PhantomData<fn() -> T>);

impl<T, P: Copy> Clone for Boxed<T, P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, P: Copy> Copy for Boxed<T, P> {}

impl<T, P: Plan<T>> Boxed<T, P> {
    /// Box what `inner` reads.
    #[inline]
    pub const fn new(inner: P) -> Self {
        Boxed(inner, PhantomData)
    }
}

impl<T, P: Plan<T>> Plan<Box<T>> for Boxed<T, P> {
    #[inline]
    fn check(self, t: &Box<T>, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        self.0.check(t, out, p, l);
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<Box<T>>, D::Error> {
        Ok(self.0.read(d, s, p, l)?.map(Box::new))
    }
}

/// A generated newtype built from a value its plan has fully checked.
pub trait Wrap: Sized {
    /// The wrapped type.
    type Inner;
    /// Wrap a checked value.
    fn wrap(_: crate::__private::Checked, inner: Self::Inner) -> Self;
    /// The wrapped value.
    fn inner(&self) -> &Self::Inner;
}

/// A newtype read by its inner plan (an array with `minItems`/`maxItems`).
pub struct Wrapped<N, P>(P, PhantomData<fn() -> N>);

impl<N, P: Copy> Clone for Wrapped<N, P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<N, P: Copy> Copy for Wrapped<N, P> {}

impl<N: Wrap, P: Plan<N::Inner>> Wrapped<N, P> {
    /// Wrap what `inner` reads.
    #[inline]
    pub const fn new(inner: P) -> Self {
        Wrapped(inner, PhantomData)
    }
}

impl<N: Wrap, P: Plan<N::Inner>> Plan<N> for Wrapped<N, P> {
    #[inline]
    fn check(self, t: &N, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        self.0.check(t.inner(), out, p, l);
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<N>, D::Error> {
        Ok(self
            .0
            .read(d, s, p, l)?
            .map(|v| N::wrap(crate::__private::checked(), v)))
    }
}
