//! Readers of generated structs: [`Streamed`] (implemented by generated code: read a
//! map's members by their plans, check the object's rules), [`Obj`] (the plan of a
//! generated struct), [`Key`]/[`KeySeed`] (a member name, borrowed when it can be),
//! [`member`] (read one declared member by its plan), and duplicate-key and skip
//! helpers.

use super::*;

/// A generated struct read member by member. Its validator (which reports a value
/// that is not an object) is its [`Generated::CHECK`].
pub trait Streamed: Generated {
    /// Read the members of an object (the visitor has already entered it).
    ///
    /// # Errors
    /// The deserializer's errors, a duplicate key, or nesting past the limit.
    fn read_map<'de, A: MapAccess<'de>>(
        a: A,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
        out: &mut Option<Self>,
    ) -> Result<(), A::Error>;

    /// The struct's [`Blank`] when it is filled in place (every required member's
    /// type has one); `None` when it is built from its members once they are read.
    #[inline]
    fn blank() -> Option<Self> {
        None
    }

    /// [`read_map`](Self::read_map) over a value that holds a blank (or anything):
    /// the members are filled where they lie. `true` when every member was read and
    /// checked; otherwise `this` holds a mix and is dropped by the caller.
    ///
    /// # Errors
    /// As [`read_map`](Self::read_map).
    #[inline]
    fn read_map_in_place<'de, A: MapAccess<'de>>(
        a: A,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
        this: &mut Self,
    ) -> Result<bool, A::Error> {
        let mut out = None;
        Self::read_map(a, s, p, l, &mut out)?;
        Ok(out.map(|t| *this = t).is_some())
    }

    /// Check the typed members by the rules `read_map` applies.
    fn check_members(&self, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>);
}

/// Read a generated struct in one pass.
pub struct Obj<T>(PhantomData<fn() -> T>);

impl<T> Clone for Obj<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Obj<T> {}

impl<T> Obj<T> {
    /// The plan.
    #[inline]
    pub const fn new() -> Self {
        Obj(PhantomData)
    }
}

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Where an object read by [`Obj`] goes.
pub(crate) enum ObjOut<'a, T> {
    /// An `Option` slot (`None` unless it was built).
    Slot(&'a mut Option<T>),
    /// A value filled in place.
    InPlace(&'a mut T),
}

pub(crate) struct ObjVisitor<'a, T> {
    s: &'a mut Sink,
    p: &'a Path<'a>,
    l: &'a Loc<'a>,
    out: ObjOut<'a, T>,
}

impl<'de, T: Streamed> Visitor<'de> for ObjVisitor<'_, T> {
    /// Whether it was built.
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<bool, A::Error> {
        self.s.enter()?;
        let built = match self.out {
            ObjOut::Slot(out) => {
                T::read_map(a, self.s, self.p, self.l, out)?;
                out.is_some()
            }
            ObjOut::InPlace(this) => T::read_map_in_place(a, self.s, self.p, self.l, this)?,
        };
        self.s.leave();
        Ok(built)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<bool, A::Error> {
        let v = strict::value_at(de::value::SeqAccessDeserializer::new(a), self.s.depth)?;
        Ok(other(v, T::CHECK, self.s, self.p, self.l, "an object"))
    }
    other_values!(|_: &Self| T::CHECK, "an object");
}

impl<T: Streamed> Obj<T> {
    #[inline]
    fn visit<'de, D: Deserializer<'de>>(
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
        out: ObjOut<'_, T>,
    ) -> Result<bool, D::Error> {
        // The lifetimes of the place are shortened to the call's.
        d.deserialize_any(ObjVisitor::<T> {
            s,
            p: shorten_path(p),
            l: shorten_loc(l),
            out,
        })
    }
}

impl<T: Streamed> Plan<T> for Obj<T> {
    #[inline]
    fn check(self, t: &T, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        t.check_members(out, p, l);
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<T>, D::Error> {
        let mut out = None;
        self.read_into(d, s, p, l, &mut out)?;
        Ok(out)
    }

    #[inline]
    fn read_into<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
        out: &mut Option<T>,
    ) -> Result<(), D::Error> {
        Self::visit(d, s, p, l, ObjOut::Slot(out)).map(drop)
    }

    #[inline]
    fn read_in_place<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
        place: &mut T,
    ) -> Result<bool, D::Error> {
        Self::visit(d, s, p, l, ObjOut::InPlace(place))
    }

    #[inline]
    fn read_push<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
        out: &mut Vec<T>,
    ) -> Result<bool, D::Error> {
        let Some(blank) = T::blank() else {
            // Built from slots: read, then pushed.
            let built = self.read(d, s, p, l)?;
            return Ok(built.map(|t| out.push(t)).is_some());
        };
        // Filled where it lies in the array: no copy of a large struct.
        out.push(blank);
        let built = match out.last_mut() {
            Some(last) => Self::visit(d, s, p, l, ObjOut::InPlace(last))?,
            None => false,
        };
        if !built {
            out.pop();
        }
        Ok(built)
    }
}

/// An object key, borrowed from the input where the deserializer allows it (no
/// allocation per member for serde_json without escapes).
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Owned (escaped, or from a deserializer that cannot lend).
    Owned(String),
}

impl Key<'_> {
    /// The key.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The key, owned.
    #[inline]
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

/// The seed that reads a [`Key`].
#[derive(Clone, Copy)]
pub struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }
    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }
    #[inline]
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}

/// Read one member's value by `plan`, at the member's path and at `step` from the
/// object's location, into `out`: `true` when it was built.
///
/// # Errors
/// The deserializer's errors, a duplicate key, or nesting past the limit.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn member<'de, A: MapAccess<'de>, T, P: Plan<T>>(
    a: &mut A,
    key: &Key<'_>,
    plan: P,
    step: Step,
    s: &mut Sink,
    p: &Path<'_>,
    l: &Loc<'_>,
    out: impl Place<T>,
) -> Result<bool, A::Error> {
    let kp = p.key(key.as_str());
    let l = shorten_loc(l);
    let kl = step.under(l, key.as_str());
    a.next_value_seed(At::new(plan, s, &kp, &kl, out))
}

/// [`member`] for a declared member of a streamed struct: `seen` is the member's
/// flag, and a key seen twice stops the read with the strict parser's error.
///
/// # Errors
/// The deserializer's errors, a duplicate key, or nesting past the limit.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn read_member<'de, A: MapAccess<'de>, T, P: Plan<T>>(
    a: &mut A,
    key: &Key<'_>,
    seen: &mut bool,
    plan: P,
    step: Step,
    s: &mut Sink,
    p: &Path<'_>,
    l: &Loc<'_>,
    out: impl Place<T>,
) -> Result<bool, A::Error> {
    if std::mem::replace(seen, true) {
        return Err(duplicate(key));
    }
    member(a, key, plan, step, s, p, l, out)
}

/// The error for a key seen twice (the same as the strict parser's).
#[cold]
pub fn duplicate<E: de::Error>(key: &Key<'_>) -> E {
    E::custom(messages::duplicate_key(key.as_str()))
}

/// Read and drop a member's value (one the schema forbids, already reported),
/// with the same strict rules as any other value.
///
/// # Errors
/// The deserializer's errors, a duplicate key, or nesting past the limit.
pub fn skip<'de, A: MapAccess<'de>>(a: &mut A, s: &Sink) -> Result<(), A::Error> {
    a.next_value_seed(Skip(s.depth)).map(drop)
}

pub(crate) struct Skip(pub(crate) usize);

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        strict::value_at(d, self.0)
    }
}
