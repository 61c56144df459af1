//! The reading core: a [`Plan`] reads one value of a Rust type at one place in the
//! schema; a [`Place`] says where the read value goes (an `Option` slot, [`InPlace`]
//! into a [`Blank`] member, or [`Push`] onto a `Vec`); [`At`] is the seed that carries
//! a plan, its place and the shared [`Sink`]; [`Step`] says how a child's schema
//! location is reached.

use super::*;

/// How to read one value of `T` at one place in the schema (see the module docs).
pub trait Plan<T>: Copy {
    /// Read one value from `d` at payload path `p` and schema location `l`,
    /// reporting into `s`. `None` when it cannot be built (reported).
    ///
    /// # Errors
    /// The deserializer's errors, a duplicate key, or nesting past the limit.
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<T>, D::Error>;

    /// [`read`](Self::read) into a slot the caller owns: `Some` when the value was
    /// built, left as it was otherwise. Large generated structs are built straight
    /// into their parent's slot this way instead of being returned (and copied)
    /// through every layer of the deserializer.
    ///
    /// # Errors
    /// As [`read`](Self::read).
    #[inline]
    fn read_into<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
        out: &mut Option<T>,
    ) -> Result<(), D::Error> {
        if let Some(t) = self.read(d, s, p, l)? {
            *out = Some(t);
        }
        Ok(())
    }

    /// [`read`](Self::read) over a value that is there already (a required member
    /// of a struct being filled in place, holding its blank): `true` when the value
    /// was built, `false` (the place holding anything) when it was not. Generated
    /// structs fill their members where they lie instead of being built and moved.
    ///
    /// # Errors
    /// As [`read`](Self::read).
    #[inline]
    fn read_in_place<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
        place: &mut T,
    ) -> Result<bool, D::Error> {
        let built = self.read(d, s, p, l)?;
        Ok(built.map(|t| *place = t).is_some())
    }

    /// [`read`](Self::read) onto the end of `out` (an array's items): `true` when
    /// the value was built and pushed.
    ///
    /// # Errors
    /// As [`read`](Self::read).
    #[inline]
    fn read_push<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
        out: &mut Vec<T>,
    ) -> Result<bool, D::Error> {
        let built = self.read(d, s, p, l)?;
        Ok(built.map(|t| out.push(t)).is_some())
    }

    /// Check a typed value that exists already (`validate()`, the setters of
    /// sealed types) by the same rules at the same place, walking its fields
    /// instead of serializing it. Only the places the plan reads whole (scalars,
    /// buffered subtrees) turn their own value into JSON for their validator.
    fn check(self, t: &T, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>);
}

/// Where a value read by a plan goes: an `Option` slot ([`Plan::read_into`]), a
/// member already holding its blank ([`InPlace`], [`Plan::read_in_place`]), or the
/// end of a `Vec` ([`Push`], [`Plan::read_push`]).
pub trait Place<T> {
    /// Read by `plan` into this place: `true` when the value was built.
    ///
    /// # Errors
    /// As [`Plan::read`].
    fn fill<'de, D: Deserializer<'de>, P: Plan<T>>(
        self,
        plan: P,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<bool, D::Error>;
}

impl<T> Place<T> for &mut Option<T> {
    #[inline]
    fn fill<'de, D: Deserializer<'de>, P: Plan<T>>(
        self,
        plan: P,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<bool, D::Error> {
        plan.read_into(d, s, p, l, self)?;
        Ok(self.is_some())
    }
}

/// A required member of a struct filled in place (see [`Plan::read_in_place`]).
pub struct InPlace<'a, T>(pub &'a mut T);

impl<T> Place<T> for InPlace<'_, T> {
    #[inline]
    fn fill<'de, D: Deserializer<'de>, P: Plan<T>>(
        self,
        plan: P,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<bool, D::Error> {
        plan.read_in_place(d, s, p, l, self.0)
    }
}

/// The end of an array's items (see [`Plan::read_push`]).
pub struct Push<'a, T>(pub &'a mut Vec<T>);

impl<T> Place<T> for Push<'_, T> {
    #[inline]
    fn fill<'de, D: Deserializer<'de>, P: Plan<T>>(
        self,
        plan: P,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<bool, D::Error> {
        plan.read_push(d, s, p, l, self.0)
    }
}

/// A value every bit as cheap as `Default` (no allocation) that a generated struct
/// starts from when it is filled in place. It is never handed out: a struct whose
/// members were not all read and checked is dropped, not returned.
pub trait Blank {
    /// The blank value.
    fn blank() -> Self;
}

macro_rules! blank_by_default {
    ($($t:ty),*) => {
        $(impl Blank for $t {
            #[inline]
            fn blank() -> Self {
                Default::default()
            }
        })*
    };
}
blank_by_default!(String, i64, f64, bool, (), Value);

impl<T> Blank for Option<T> {
    #[inline]
    fn blank() -> Self {
        None
    }
}
impl<T> Blank for Vec<T> {
    #[inline]
    fn blank() -> Self {
        Vec::new()
    }
}
impl<T> Blank for std::collections::BTreeMap<String, T> {
    #[inline]
    fn blank() -> Self {
        std::collections::BTreeMap::new()
    }
}

/// A plan with its place and the shared sink: the `DeserializeSeed` handed to
/// `next_value_seed` and `next_element_seed`.
pub struct At<'a, T, P, O = &'a mut Option<T>> {
    plan: P,
    s: &'a mut Sink,
    p: &'a Path<'a>,
    l: &'a Loc<'a>,
    out: O,
    ty: PhantomData<fn() -> T>,
}

impl<'a, T, P: Plan<T>, O: Place<T>> At<'a, T, P, O> {
    /// Read by `plan` at `p`/`l` into `out`, reporting into `s`.
    #[inline]
    pub fn new(plan: P, s: &'a mut Sink, p: &'a Path<'a>, l: &'a Loc<'a>, out: O) -> Self {
        At {
            plan,
            s,
            p,
            l,
            out,
            ty: PhantomData,
        }
    }
}

impl<'de, T, P: Plan<T>, O: Place<T>> DeserializeSeed<'de> for At<'_, T, P, O> {
    /// Whether the value was built.
    type Value = bool;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        self.out.fill(self.plan, d, self.s, self.p, self.l)
    }
}

/// Run `check` on a value read whole, then build the type.
#[inline]
pub(crate) fn finish<T: FromJson>(
    v: Value,
    check: CheckFn,
    s: &mut Sink,
    p: &Path<'_>,
    l: &Loc<'_>,
) -> Option<T> {
    let mark = s.mark();
    check(&v, p, l, &mut s.out);
    if !s.clean_since(mark) {
        return None;
    }
    match T::from_json(v) {
        Ok(t) => Some(t),
        Err(m) => s.shape(p, m.0),
    }
}

/// What a visitor hands back when nothing was built (reported).
pub(crate) trait Unbuilt {
    fn unbuilt() -> Self;
}
impl<T> Unbuilt for Option<T> {
    #[inline]
    fn unbuilt() -> Self {
        None
    }
}
impl Unbuilt for bool {
    #[inline]
    fn unbuilt() -> Self {
        false
    }
}

/// A value of a type other than the plan reads (a string where an object belongs):
/// its place's validator reports why.
#[cold]
pub(crate) fn other<V: Unbuilt>(
    v: Value,
    check: CheckFn,
    s: &mut Sink,
    p: &Path<'_>,
    l: &Loc<'_>,
    expected: &str,
) -> V {
    let mark = s.mark();
    check(&v, p, l, &mut s.out);
    if s.clean_since(mark) {
        s.shape::<()>(p, expected);
    }
    V::unbuilt()
}

#[inline]
pub(crate) fn shorten_path<'a>(p: &'a Path<'_>) -> &'a Path<'a> {
    p
}
#[inline]
pub(crate) fn shorten_loc<'a>(l: &'a Loc<'_>) -> &'a Loc<'a> {
    l
}

/// Where an array's items are checked: under the array's own location
/// (`/items`), or at a `$ref` target's absolute location.
#[derive(Clone, Copy)]
pub enum Step {
    /// The array's location followed by this suffix.
    Child(&'static str),
    /// An absolute location.
    Root(&'static str),
    /// The parent's own location (members of an open object, which no rule
    /// checks).
    Here,
    /// The parent's location followed by `/properties/<the member's key>` (a
    /// declared property whose schema lies there, as most do).
    Property,
}

impl Step {
    /// The location this step leads to from `l`, for the member `key` (unused
    /// outside objects).
    #[inline]
    pub fn under<'a>(self, l: &'a Loc<'a>, key: &'a str) -> Loc<'a> {
        match self {
            Step::Child(suffix) => l.child(suffix),
            Step::Root(abs) => Loc::Root(abs),
            Step::Here => *l,
            Step::Property => l.property(key),
        }
    }
}
