//! One-pass reading for generated types: deserializing validates as values arrive,
//! with no intermediate copy of the document (DESIGN, *One-pass strategy*).
//!
//! A generated type is read through a [`Plan`]: how to read one value of a Rust
//! type at one place in the schema. The generator picks a plan per place:
//! - [`Whole`]: read the value whole and run the place's validator on it. For a
//!   scalar the "whole value" is the value itself (a string moves into a `Value` and
//!   back, no copy), so scalars are checked as they arrive. For a subtree it is a
//!   buffer of that subtree only: the keywords DESIGN lists as buffered (`anyOf`,
//!   `oneOf`, `not`, …), and constrained arrays.
//! - [`Obj`]: a generated struct whose object rules are read in one pass; its
//!   generated [`Streamed::read_map`] visits the members directly, reads each one by
//!   its own plan, and checks `required`, `min/maxProperties` and
//!   `dependentRequired` on what it read.
//! - [`Items`], [`Nullable`], [`Boxed`]: arrays item by item, `null`, recursion.
//!
//! Where a read value goes is a [`Place`]: an `Option` slot, a member that already
//! holds its [`Blank`] ([`InPlace`]), or the end of an array ([`Push`]). A struct
//! whose required members all have a blank is filled in place
//! ([`Streamed::read_map_in_place`]): it starts blank where it will live, in its
//! parent or its `Vec`, and each member is read where it lies, so large structs are
//! never built on the stack and moved up; one read unfinished is dropped, never
//! handed out.
//!
//! Every plan reports into one shared [`Sink`] (violations and depth), carried by
//! the [`At`] seed: nested values never report through `D::Error` strings. A plan
//! returns `None` when its value cannot be built; it has then reported why. Reading
//! goes on after a violation, so the sink ends with every violation of the document.
//! Duplicate keys and nesting past 128 levels stop the read with the same errors as
//! [`gbg_go_schema::strict`], whatever the `Deserializer`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use gbg_go_schema::locate::MAX_DEPTH;
use gbg_go_schema::path::Path;
use gbg_go_schema::{messages, strict, Violation, ViolationKind};
use serde_json::Value;

use crate::__private::{CheckFn, FromJson, Loc};
use crate::ValidationError;

/// A plan that holds only its place's validator: the struct with its docs, `Copy`,
/// and `new`.
macro_rules! check_plan {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub struct $name<T>(CheckFn, PhantomData<fn() -> T>);

        impl<T> Clone for $name<T> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<T> Copy for $name<T> {}

        impl<T> $name<T> {
            /// The plan with the place's validator.
            #[inline]
            pub const fn new(check: CheckFn) -> Self {
                $name(check, PhantomData)
            }
        }
    };
}

/// Where violations go while one document is read, and how deep the read is.
#[derive(Default)]
pub struct Sink {
    /// Every violation so far, in reading order.
    pub out: Vec<Violation>,
    depth: usize,
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
fn finish<T: FromJson>(
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
trait Unbuilt {
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
fn other<V: Unbuilt>(
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

/// A generated struct read member by member.
pub trait Streamed: Sized {
    /// The validator of the struct's own schema (reports when the value is not an
    /// object).
    const CHECK: CheckFn;

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

/// Visitor methods for values of another JSON type than a plan reads: read whole
/// (a subtree buffered, on this error path only) and reported by `$check`.
macro_rules! other_values {
    ($check:expr, $expected:literal) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(other(
                Value::Bool(v),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(other(
                Value::from(v),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(other(
                Value::from(v),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(other(
                Value::from(v),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(other(
                Value::String(v.to_owned()),
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(other(
                Value::Null,
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(other(
                Value::Null,
                $check(&self),
                self.s,
                self.p,
                self.l,
                $expected,
            ))
        }
    };
}

/// Where an object read by [`Obj`] goes.
enum ObjOut<'a, T> {
    /// An `Option` slot (`None` unless it was built).
    Slot(&'a mut Option<T>),
    /// A value filled in place.
    InPlace(&'a mut T),
}

struct ObjVisitor<'a, T> {
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

#[inline]
fn shorten_path<'a>(p: &'a Path<'_>) -> &'a Path<'a> {
    p
}
#[inline]
fn shorten_loc<'a>(l: &'a Loc<'_>) -> &'a Loc<'a> {
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

/// An array whose only rules are its items' (`type: array`, `items`): read item by
/// item, each by its own plan.
pub struct Items<T, P> {
    item: P,
    step: Step,
    check: CheckFn,
    /// `minItems` / `maxItems`, checked on the count read.
    min: Option<u64>,
    max: Option<u64>,
    /// `uniqueItems` and `contains` of an array of scalars, decided on the items'
    /// values as read (kept even when an item breaks its own rules).
    kept: KeptRules,
    /// How a kept item (read as a `Value` first) is built: set by
    /// [`kept`](Items::kept) only, so the reading of items from a `Value` is compiled
    /// only for the arrays that keep their items, not for every array.
    read_kept: Option<ReadKept<T, P>>,
    t: PhantomData<fn() -> T>,
}

/// See [`Items::kept`].
type ReadKept<T, P> =
    fn(P, Value, &mut Sink, &Path<'_>, &Loc<'_>, &mut Vec<T>) -> Result<bool, serde_json::Error>;

/// An item of an array that keeps its items, built from the `Value` kept.
fn read_kept_item<T, P: Plan<T>>(
    plan: P,
    v: Value,
    s: &mut Sink,
    p: &Path<'_>,
    l: &Loc<'_>,
    out: &mut Vec<T>,
) -> Result<bool, serde_json::Error> {
    plan.read_push(v, s, p, l, out)
}

/// `uniqueItems` and `contains` (with `minContains`/`maxContains`) of an array whose
/// items are scalars: each item's JSON is kept as it is read (a scalar's copy), so
/// both are decided as the interpreter decides them, also for items that break their
/// own rules.
#[derive(Clone, Copy, Default)]
pub struct KeptRules {
    /// `uniqueItems: true`.
    pub unique: bool,
    /// `contains`: its validator, the least and the most matches, and whether the
    /// least was written (`minContains`) or is the default 1 (`contains`).
    pub contains: Option<(CheckFn, u64, Option<u64>, bool)>,
}

impl KeptRules {
    fn any(&self) -> bool {
        self.unique || self.contains.is_some()
    }

    /// `uniqueItems`, among the array's own rules (before its items' violations).
    fn unique(&self, out: &mut Vec<Violation>, items: &[Value], p: &Path<'_>, l: &Loc<'_>) {
        if self.unique && !gbg_go_schema::check::all_unique(items) {
            crate::__private::report(
                out,
                p,
                "uniqueItems",
                l,
                gbg_go_schema::ViolationKind::UniqueItems,
            );
        }
    }

    /// `contains`, after the items' violations.
    fn contains(&self, out: &mut Vec<Violation>, items: &[Value], p: &Path<'_>, l: &Loc<'_>) {
        let Some((check, min, max, explicit)) = self.contains else {
            return;
        };
        let hits = items
            .iter()
            .enumerate()
            .filter(|(i, v)| crate::__private::valid(v, &p.index(*i), check))
            .count() as u64;
        if hits < min || max.is_some_and(|m| hits > m) {
            let keyword = if hits < min {
                if explicit {
                    "minContains"
                } else {
                    "contains"
                }
            } else {
                "maxContains"
            };
            crate::__private::report(
                out,
                p,
                keyword,
                l,
                gbg_go_schema::ViolationKind::Contains { min, max },
            );
        }
    }
}

impl<T, P: Copy> Clone for Items<T, P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, P: Copy> Copy for Items<T, P> {}

impl<T, P: Plan<T>> Items<T, P> {
    /// Items read by `item` at `step`; `check` is the array's validator (for values
    /// that are not arrays).
    #[inline]
    pub const fn new(item: P, step: Step, check: CheckFn) -> Self {
        Items {
            item,
            step,
            check,
            min: None,
            max: None,
            kept: KeptRules {
                unique: false,
                contains: None,
            },
            read_kept: None,
            t: PhantomData,
        }
    }

    /// [`counted`](Self::counted), with `uniqueItems` and `contains` decided on the
    /// items' values as read (an array of scalars).
    #[inline]
    pub const fn kept(mut self, kept: KeptRules) -> Self {
        self.kept = kept;
        self.read_kept = Some(read_kept_item::<T, P>);
        self
    }

    /// The same, with `minItems` / `maxItems` checked on the number of items read.
    #[inline]
    pub const fn counted(
        item: P,
        step: Step,
        check: CheckFn,
        min: Option<u64>,
        max: Option<u64>,
    ) -> Self {
        Items {
            item,
            step,
            check,
            min,
            max,
            kept: KeptRules {
                unique: false,
                contains: None,
            },
            read_kept: None,
            t: PhantomData,
        }
    }

    /// `minItems` / `maxItems` on the number of items (read, or held by a typed
    /// value).
    fn count_rules(&self, out: &mut Vec<Violation>, n: u64, p: &Path<'_>, l: &Loc<'_>) {
        if let Some(min) = self.min.filter(|m| n < *m) {
            crate::__private::report(
                out,
                p,
                "minItems",
                l,
                crate::__private::kind::min_items(min),
            );
        }
        if let Some(max) = self.max.filter(|m| n > *m) {
            crate::__private::report(
                out,
                p,
                "maxItems",
                l,
                crate::__private::kind::max_items(max),
            );
        }
    }
}

struct ItemsVisitor<'a, T, P> {
    plan: Items<T, P>,
    s: &'a mut Sink,
    p: &'a Path<'a>,
    l: &'a Loc<'a>,
}

impl<'de, T, P: Plan<T>> Visitor<'de> for ItemsVisitor<'_, T, P> {
    type Value = Option<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Option<Vec<T>>, A::Error> {
        let ItemsVisitor { plan, s, p, l } = self;
        s.enter()?;
        let mark = s.mark();
        let il = plan.step.under(l, "");
        let mut out = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
        let mut ok = true;
        let mut i = 0;
        let mut kept: Vec<Value> = Vec::new();
        loop {
            let ip = p.index(i);
            if let Some(read_kept) = plan.read_kept {
                let Some(v) = a.next_element_seed(Skip(s.depth))? else {
                    break;
                };
                kept.push(v.clone());
                ok &= read_kept(plan.item, v, s, &ip, &il, &mut out).map_err(de::Error::custom)?;
                i += 1;
                continue;
            }
            // Each item is read onto the end of the array (a large struct is filled
            // where it lies).
            match a.next_element_seed(At::new(plan.item, s, &ip, &il, Push(&mut out)))? {
                Some(built) => ok &= built,
                None => break,
            }
            i += 1;
        }
        s.leave();
        // The array's own rules come before its items' violations, in the order the
        // interpreter reports them; `contains` after them.
        let mut rules = Vec::new();
        plan.count_rules(&mut rules, i as u64, p, l);
        plan.kept.unique(&mut rules, &kept, p, l);
        let failed = !rules.is_empty();
        s.insert_at(mark, rules);
        plan.kept.contains(&mut s.out, &kept, p, l);
        if failed || !s.clean_since(mark) {
            return Ok(None);
        }
        Ok(ok.then_some(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Option<Vec<T>>, A::Error> {
        let v = strict::value_at(de::value::MapAccessDeserializer::new(a), self.s.depth)?;
        Ok(other(
            v,
            self.plan.check,
            self.s,
            self.p,
            self.l,
            "an array",
        ))
    }
    other_values!(|me: &Self| me.plan.check, "an array");
}

impl<T: serde::Serialize, P: Plan<T>> Plan<Vec<T>> for Items<T, P> {
    fn check(self, t: &Vec<T>, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        self.count_rules(out, t.len() as u64, p, l);
        let kept: Vec<Value> = if self.kept.any() {
            t.iter().map(crate::__private::to_value).collect()
        } else {
            Vec::new()
        };
        self.kept.unique(out, &kept, p, l);
        let l = shorten_loc(l);
        let il = self.step.under(l, "");
        for (i, item) in t.iter().enumerate() {
            self.item.check(item, out, &p.index(i), &il);
        }
        self.kept.contains(out, &kept, p, l);
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<Vec<T>>, D::Error> {
        d.deserialize_any(ItemsVisitor {
            plan: self,
            s,
            p: shorten_path(p),
            l: shorten_loc(l),
        })
    }
}

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

struct NullableVisitor<'a, T, P> {
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

/// An object without declared properties, held as a map (`BTreeMap<String, T>`),
/// whose rules are its values' (`additionalProperties`), its size
/// (`min/maxProperties`), its required names and its names' rule
/// (`propertyNames`): read member by member, each value by its own plan, each key
/// checked as it arrives; the object's own rules come first, as the interpreter
/// reports them.
pub struct Entries<T, P> {
    value: P,
    step: Step,
    check: CheckFn,
    rules: MapRules,
    t: PhantomData<fn() -> T>,
}

/// The rules of an [`Entries`] map about its keys.
#[derive(Clone, Copy)]
pub struct MapRules {
    /// `minProperties`
    pub min: Option<u64>,
    /// `maxProperties`
    pub max: Option<u64>,
    /// `required`
    pub required: &'static [&'static str],
    /// `propertyNames`
    pub names: Option<CheckFn>,
}

impl<T, P: Copy> Clone for Entries<T, P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, P: Copy> Copy for Entries<T, P> {}

impl<T, P: Plan<T>> Entries<T, P> {
    /// Values read by `value` at `step`; `check` is the map's validator (for values
    /// that are not objects).
    #[inline]
    pub const fn new(value: P, step: Step, check: CheckFn, rules: MapRules) -> Self {
        Entries {
            value,
            step,
            check,
            rules,
            t: PhantomData,
        }
    }
}

impl MapRules {
    /// The object's own rules on its keys (read, or held by a typed value). The keys
    /// are listed only when a rule asks about them (most maps have no such rule).
    fn key_rules<'k>(
        &self,
        out: &mut Vec<Violation>,
        keys: impl FnOnce() -> Vec<&'k str>,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) {
        if self.min.is_none() && self.max.is_none() && self.required.is_empty() {
            return;
        }
        let keys = keys();
        let required: Vec<(bool, &str)> = self
            .required
            .iter()
            .map(|r| (keys.contains(r), *r))
            .collect();
        object_rules(
            out,
            p,
            l,
            keys.len() as u64,
            self.min,
            self.max,
            &required,
            &[],
        );
    }

    /// `propertyNames` on one key.
    #[inline]
    fn name(&self, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>, key: &str) {
        if let Some(names) = self.names {
            check_name(out, p, l, key, names);
        }
    }
}

/// One `patternProperties` entry of a [`PatternEntries`] map.
pub struct PatternRule {
    /// The compiled pattern, once.
    pub cell: &'static std::sync::OnceLock<Option<crate::__private::Regex>>,
    /// The pattern's source.
    pub source: &'static str,
    /// The validator of the values it matches, and its place.
    pub check: CheckFn,
    /// Where that validator sits, from the map's location.
    pub step: Step,
}

/// What a [`PatternEntries`] map does with a key no pattern matches.
#[derive(Clone, Copy)]
pub enum Unmatched {
    /// Nothing (no `additionalProperties`, or `true`).
    Open,
    /// `additionalProperties: false`: reported.
    Closed,
    /// `additionalProperties` with a schema: its validator and place.
    Check(CheckFn, Step),
}

/// `patternProperties` and what happens to the keys no pattern matches
/// (`additionalProperties`), for the undeclared members of an object.
#[derive(Clone, Copy)]
pub struct PatternRules {
    /// The patterns, in the schema's order.
    pub patterns: &'static [PatternRule],
    /// Keys no pattern matches.
    pub unmatched: Unmatched,
}

impl PatternRules {
    /// The checks and closed places that apply to one key.
    fn rules_for(&self, key: &str) -> (Vec<(CheckFn, Step)>, &'static [Step]) {
        let checks: Vec<(CheckFn, Step)> = self
            .patterns
            .iter()
            .filter(|r| crate::__private::pattern(r.cell, r.source, key))
            .map(|r| (r.check, r.step))
            .collect();
        if !checks.is_empty() {
            return (checks, &[]);
        }
        match self.unmatched {
            Unmatched::Open => (checks, &[]),
            Unmatched::Closed => (checks, &[Step::Here]),
            Unmatched::Check(check, step) => (vec![(check, step)], &[]),
        }
    }

    /// One member's value (JSON) checked as a typed value holds it.
    fn check(&self, k: &str, v: &Value, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        let kp = p.key(k);
        let (checks, closed) = self.rules_for(k);
        for step in closed {
            crate::__private::report(
                out,
                &kp,
                "additionalProperties",
                &step.under(l, ""),
                crate::__private::kind::additional(k),
            );
        }
        for (check, step) in checks {
            check(v, &kp, &step.under(l, k), out);
        }
    }
}

/// The undeclared members of a struct with `patternProperties` (and the members of
/// a map with patterns), each read whole (they are JSON values) by
/// [`Rest::read_by_patterns`] and checked by the patterns its key matches, or by
/// `additionalProperties`.
pub type PatternRest = Rest<Value>;

impl Rest<Value> {
    /// Read one undeclared member by the patterns its key matches.
    ///
    /// # Errors
    /// The deserializer's errors, a duplicate key, or nesting past the limit.
    pub fn read_by_patterns<'de, A: MapAccess<'de>>(
        &mut self,
        a: &mut A,
        key: Key<'de>,
        rules: &PatternRules,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<(), A::Error> {
        self.take(key, |key, slot| {
            let (checks, closed) = rules.rules_for(key.as_str());
            read_layered(a, key, s, p, l, &checks, closed, slot)
        })
    }
}

/// Check each undeclared member of a typed struct with `patternProperties`.
pub fn check_pattern_rest(
    rest: &std::collections::BTreeMap<String, Value>,
    rules: &PatternRules,
    out: &mut Vec<Violation>,
    p: &Path<'_>,
    l: &Loc<'_>,
) {
    for (k, v) in rest {
        rules.check(k, v, out, p, l);
    }
}

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

/// An object with no declared properties and `patternProperties`, held as a map of
/// JSON values: read member by member, each value checked by every pattern its key
/// matches (or by `additionalProperties`), as the interpreter does; the value is
/// that member's own subtree.
#[derive(Clone, Copy)]
pub struct PatternEntries {
    rules_by_key: PatternRules,
    check: CheckFn,
    rules: MapRules,
}

impl PatternEntries {
    /// The map's patterns and what it does with other keys, its validator (for
    /// values that are not objects) and its rules on keys.
    #[inline]
    pub const fn new(rules_by_key: PatternRules, check: CheckFn, rules: MapRules) -> Self {
        PatternEntries {
            rules_by_key,
            check,
            rules,
        }
    }
}

impl Plan<std::collections::BTreeMap<String, Value>> for PatternEntries {
    fn check(
        self,
        t: &std::collections::BTreeMap<String, Value>,
        out: &mut Vec<Violation>,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) {
        check_map(&self, t, out, p, l);
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<std::collections::BTreeMap<String, Value>>, D::Error> {
        read_map(self, d, s, p, l)
    }
}

/// How a map plan reads one member into what it has read so far (`Entries`: by the
/// values' plan; `PatternEntries`: by the patterns the key matches). The rest of a
/// map's reading is one visitor, [`MapVisitor`].
trait MapMembers: Copy {
    /// The type of the map's values.
    type Value;
    /// The map's rules on keys.
    fn rules(&self) -> &MapRules;
    /// The map's validator (for values that are not objects).
    fn check(&self) -> CheckFn;
    /// Read one member.
    fn read_member<'de, A: MapAccess<'de>>(
        &self,
        a: &mut A,
        key: Key<'de>,
        read: &mut Rest<Self::Value>,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<(), A::Error>;
    /// Check one member of a typed map by the rules `read_member` applies.
    fn check_member(
        &self,
        k: &str,
        v: &Self::Value,
        out: &mut Vec<Violation>,
        p: &Path<'_>,
        l: &Loc<'_>,
    );
}

impl<T, P: Plan<T>> MapMembers for Entries<T, P> {
    type Value = T;
    fn rules(&self) -> &MapRules {
        &self.rules
    }
    fn check(&self) -> CheckFn {
        self.check
    }
    fn read_member<'de, A: MapAccess<'de>>(
        &self,
        a: &mut A,
        key: Key<'de>,
        read: &mut Rest<T>,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<(), A::Error> {
        read.read(a, key, self.value, self.step, s, p, l)
    }
    fn check_member(&self, k: &str, v: &T, out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>) {
        let kl = self.step.under(l, k);
        self.value.check(v, out, &p.key(k), &kl);
    }
}

impl MapMembers for PatternEntries {
    type Value = Value;
    fn rules(&self) -> &MapRules {
        &self.rules
    }
    fn check(&self) -> CheckFn {
        self.check
    }
    fn read_member<'de, A: MapAccess<'de>>(
        &self,
        a: &mut A,
        key: Key<'de>,
        read: &mut Rest<Value>,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<(), A::Error> {
        read.read_by_patterns(a, key, &self.rules_by_key, s, p, l)
    }
    fn check_member(
        &self,
        k: &str,
        v: &Value,
        out: &mut Vec<Violation>,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) {
        self.rules_by_key.check(k, v, out, p, l);
    }
}

/// Check a typed map by its plan (both map plans' `Plan::check`): its rules on keys,
/// then each member's name and value.
fn check_map<M: MapMembers>(
    plan: &M,
    t: &std::collections::BTreeMap<String, M::Value>,
    out: &mut Vec<Violation>,
    p: &Path<'_>,
    l: &Loc<'_>,
) {
    plan.rules()
        .key_rules(out, || t.keys().map(String::as_str).collect(), p, l);
    for (k, v) in t {
        plan.rules().name(out, p, l, k);
        plan.check_member(k, v, out, p, l);
    }
}

/// Read a map by its plan (both map plans' `Plan::read`).
#[inline]
fn read_map<'de, M: MapMembers, D: Deserializer<'de>>(
    plan: M,
    d: D,
    s: &mut Sink,
    p: &Path<'_>,
    l: &Loc<'_>,
) -> Result<Option<std::collections::BTreeMap<String, M::Value>>, D::Error> {
    d.deserialize_any(MapVisitor {
        plan,
        s,
        p: shorten_path(p),
        l: shorten_loc(l),
    })
}

/// An object read as a map: each key checked against `propertyNames` as it arrives,
/// each member read by the plan's own reader, then the map's rules on its keys put
/// before its members' violations, as the interpreter reports them.
struct MapVisitor<'a, M> {
    plan: M,
    s: &'a mut Sink,
    p: &'a Path<'a>,
    l: &'a Loc<'a>,
}

impl<'de, M: MapMembers> Visitor<'de> for MapVisitor<'_, M> {
    type Value = Option<std::collections::BTreeMap<String, M::Value>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        let MapVisitor { plan, s, p, l } = self;
        s.enter()?;
        let mark = s.mark();
        let mut read = Rest::new();
        while let Some(key) = a.next_key_seed(KeySeed)? {
            plan.rules().name(&mut s.out, p, l, key.as_str());
            plan.read_member(&mut a, key, &mut read, s, p, l)?;
        }
        s.leave();
        let mut rules = Vec::new();
        plan.rules()
            .key_rules(&mut rules, || read.keys().collect(), p, l);
        s.insert_at(mark, rules);
        Ok(s.clean_since(mark).then(|| read.into_map()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
        let v = strict::value_at(de::value::SeqAccessDeserializer::new(a), self.s.depth)?;
        Ok(other(
            v,
            self.plan.check(),
            self.s,
            self.p,
            self.l,
            "an object",
        ))
    }
    other_values!(|me: &Self| me.plan.check(), "an object");
}

impl<T, P: Plan<T>> Plan<std::collections::BTreeMap<String, T>> for Entries<T, P> {
    fn check(
        self,
        t: &std::collections::BTreeMap<String, T>,
        out: &mut Vec<Violation>,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) {
        check_map(&self, t, out, p, l);
    }

    #[inline]
    fn read<'de, D: Deserializer<'de>>(
        self,
        d: D,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<Option<std::collections::BTreeMap<String, T>>, D::Error> {
        read_map(self, d, s, p, l)
    }
}

/// A member of a struct whose `if`/`then`/`else` reads only siblings: read by its
/// plan as [`member`] does, and when a condition needs it, its JSON kept (`keep`:
/// the members whose values a condition reads, scalars by construction) or its
/// presence (`presence`: as `null`). The value is kept whether or not it passes its
/// own rules, so the condition is decided as the interpreter decides it.
///
/// # Errors
/// The deserializer's errors, a duplicate key, or nesting past the limit.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn member_kept<'de, A: MapAccess<'de>, T, P: Plan<T>>(
    a: &mut A,
    key: &Key<'_>,
    plan: P,
    step: Step,
    s: &mut Sink,
    p: &Path<'_>,
    l: &Loc<'_>,
    out: impl Place<T>,
    name: &'static str,
    keep: &[&str],
    presence: &[&str],
    kept: &mut Vec<(&'static str, Value)>,
) -> Result<bool, A::Error> {
    if !keep.contains(&name) {
        if presence.contains(&name) {
            kept.push((name, Value::Null));
        }
        return member(a, key, plan, step, s, p, l, out);
    }
    let v = a.next_value_seed(Skip(s.depth))?;
    kept.push((name, v.clone()));
    let kp = p.key(key.as_str());
    let l = shorten_loc(l);
    let kl = step.under(l, key.as_str());
    out.fill(plan, v, s, &kp, &kl).map_err(de::Error::custom)
}

/// `if`/`then`/`else` whose condition reads only siblings, decided on the members it
/// names (`kept`, and the undeclared names seen, as `null`), after the object's
/// members, where the interpreter reports it.
#[allow(clippy::too_many_arguments)]
pub fn conditional(
    out: &mut Vec<Violation>,
    p: &Path<'_>,
    l: &Loc<'_>,
    kept: Vec<(&'static str, Value)>,
    watched: &[(bool, &str)],
    condition: CheckFn,
    then: Option<(CheckFn, Step)>,
    otherwise: Option<(CheckFn, Step)>,
) {
    let mut members = serde_json::Map::new();
    for (k, v) in kept {
        members.insert(k.to_owned(), v);
    }
    for (seen, k) in watched {
        if *seen {
            members.insert((*k).to_owned(), Value::Null);
        }
    }
    let siblings = Value::Object(members);
    let branch = if crate::__private::valid(&siblings, p, condition) {
        then
    } else {
        otherwise
    };
    if let Some((check, step)) = branch {
        let l = shorten_loc(l);
        check(&siblings, p, &step.under(l, ""), out);
    }
}

/// The undeclared members of an open object, each read by the plan of
/// `additionalProperties` (or kept unchecked where there is none).
pub struct Rest<T> {
    map: std::collections::BTreeMap<String, T>,
    failed: Vec<String>,
}

impl<T> Rest<T> {
    /// None yet.
    #[inline]
    pub fn new() -> Self {
        Rest {
            map: std::collections::BTreeMap::new(),
            failed: Vec::new(),
        }
    }

    /// Read one undeclared member.
    ///
    /// # Errors
    /// The deserializer's errors, a duplicate key, or nesting past the limit.
    #[allow(clippy::too_many_arguments)]
    pub fn read<'de, A: MapAccess<'de>, P: Plan<T>>(
        &mut self,
        a: &mut A,
        key: Key<'de>,
        plan: P,
        step: Step,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<(), A::Error> {
        self.take(key, |key, slot| {
            member(a, key, plan, step, s, p, l, slot).map(drop)
        })
    }

    /// Take one undeclared member, read into its slot by `read`: kept when it was
    /// built, its key remembered when not; a key seen before is refused.
    fn take<'de, E: de::Error>(
        &mut self,
        key: Key<'de>,
        read: impl FnOnce(&Key<'de>, &mut Option<T>) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.map.contains_key(key.as_str()) || self.failed.iter().any(|k| k == key.as_str()) {
            return Err(duplicate(&key));
        }
        let mut slot = None;
        read(&key, &mut slot)?;
        match slot {
            Some(v) => {
                self.map.insert(key.into_string(), v);
            }
            None => self.failed.push(key.into_string()),
        }
        Ok(())
    }

    /// Every key read, built or not (for the object's rules on keys).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map
            .keys()
            .map(String::as_str)
            .chain(self.failed.iter().map(String::as_str))
    }

    /// The members read.
    #[inline]
    pub fn into_map(self) -> std::collections::BTreeMap<String, T> {
        self.map
    }
}

impl<T> Default for Rest<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The undeclared members of a closed object (`additionalProperties: false`):
/// each reported, its value read strictly and dropped.
#[derive(Default)]
pub struct Closed {
    seen: Vec<String>,
}

impl Closed {
    /// None yet.
    #[inline]
    pub fn new() -> Self {
        Closed::default()
    }

    /// Report one undeclared member.
    ///
    /// # Errors
    /// The deserializer's errors, a duplicate key, or nesting past the limit.
    pub fn read<'de, A: MapAccess<'de>>(
        &mut self,
        a: &mut A,
        key: Key<'de>,
        s: &mut Sink,
        p: &Path<'_>,
        l: &Loc<'_>,
    ) -> Result<(), A::Error> {
        if self.seen.iter().any(|k| k == key.as_str()) {
            return Err(duplicate(&key));
        }
        crate::__private::report(
            &mut s.out,
            &p.key(key.as_str()),
            "additionalProperties",
            l,
            crate::__private::kind::additional(key.as_str()),
        );
        skip(a, s)?;
        self.seen.push(key.into_string());
        Ok(())
    }
}

/// An object's own rules on the members it holds (read, or held by a typed value),
/// in the interpreter's order: `minProperties`/`maxProperties` on the count `n`,
/// then each `required` name (`(present, name)`), then each `dependentRequired` pair
/// (`(has property, has the name it requires, property, required name)`). Every
/// object the generated code checks member by member reports through here.
#[allow(clippy::too_many_arguments)]
pub fn object_rules(
    out: &mut Vec<Violation>,
    p: &Path<'_>,
    l: &Loc<'_>,
    n: u64,
    min: Option<u64>,
    max: Option<u64>,
    required: &[(bool, &str)],
    dependent: &[(bool, bool, &str, &str)],
) {
    use crate::__private::{kind, report};
    if let Some(min) = min.filter(|m| n < *m) {
        report(out, p, "minProperties", l, kind::min_properties(min));
    }
    if let Some(max) = max.filter(|m| n > *m) {
        report(out, p, "maxProperties", l, kind::max_properties(max));
    }
    for (present, name) in required {
        if !present {
            report(out, p, "required", l, kind::required(name));
        }
    }
    for (has, has_required, property, requires) in dependent {
        if *has && !has_required {
            report(
                out,
                p,
                "dependentRequired",
                l,
                kind::dependent_required(property, requires),
            );
        }
    }
}

/// A member's slot while its object is read: whether the key was seen, and the
/// value when it was built.
pub type Slot<T> = (bool, Option<T>);

/// A required member's slot: its value, or `None` when it is missing or failed
/// (both already reported).
#[inline]
pub fn required<T>(slot: Slot<T>) -> Option<T> {
    slot.1
}

/// An optional member's slot: absent is `Some(None)`; `None` when it failed
/// (already reported).
#[inline]
pub fn optional<T>(slot: Slot<T>) -> Option<Option<T>> {
    match slot {
        (false, _) => Some(None),
        (true, Some(v)) => Some(Some(v)),
        (true, None) => None,
    }
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

struct Skip(usize);

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        strict::value_at(d, self.0)
    }
}

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
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
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

struct PlainVisitor<'a, T> {
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

/// Check one struct member by its plan, counting it when present.
pub mod slot {
    /// A required member (always present in the typed value).
    pub mod required {
        use super::super::{Plan, Step};
        use crate::__private::{Loc, Path, Violation};

        /// Check it.
        #[inline]
        #[allow(clippy::too_many_arguments)]
        pub fn check<T, P: Plan<T>>(
            t: &T,
            plan: P,
            step: Step,
            key: &str,
            out: &mut Vec<Violation>,
            p: &Path<'_>,
            l: &Loc<'_>,
            n: &mut u64,
        ) {
            *n += 1;
            let l = super::super::shorten_loc(l);
            plan.check(t, out, &p.key(key), &step.under(l, key));
        }

        /// Present.
        #[inline]
        pub fn present<T>(_: &T) -> Option<()> {
            Some(())
        }

        /// Its JSON (for a condition on siblings, `kept`).
        #[inline]
        pub fn value<T: serde::Serialize>(t: &T) -> Option<serde_json::Value> {
            Some(crate::__private::to_value(t))
        }
    }

    /// An optional member.
    pub mod optional {
        use super::super::{Plan, Step};
        use crate::__private::{Loc, Path, Violation};

        /// Check it when present.
        #[inline]
        #[allow(clippy::too_many_arguments)]
        pub fn check<T, P: Plan<T>>(
            t: &Option<T>,
            plan: P,
            step: Step,
            key: &str,
            out: &mut Vec<Violation>,
            p: &Path<'_>,
            l: &Loc<'_>,
            n: &mut u64,
        ) {
            if let Some(t) = t {
                super::required::check(t, plan, step, key, out, p, l, n);
            }
        }

        /// Whether it is present.
        #[inline]
        pub fn present<T>(t: &Option<T>) -> Option<()> {
            t.as_ref().map(drop)
        }

        /// Its JSON when present (for a condition on siblings, `kept`).
        #[inline]
        pub fn value<T: serde::Serialize>(t: &Option<T>) -> Option<serde_json::Value> {
            t.as_ref().map(crate::__private::to_value)
        }
    }
}

/// The undeclared members of a typed struct, for its object rules.
pub trait Keys {
    /// Whether `key` is among them.
    fn has(&self, key: &str) -> bool;
    /// How many.
    fn count(&self) -> usize;
    /// Every one (for `propertyNames`).
    fn names(&self) -> Vec<&str>;
}

impl<T> Keys for std::collections::BTreeMap<String, T> {
    fn has(&self, key: &str) -> bool {
        self.contains_key(key)
    }
    fn count(&self) -> usize {
        self.len()
    }
    fn names(&self) -> Vec<&str> {
        self.keys().map(String::as_str).collect()
    }
}

/// `propertyNames`: one key checked against the names' schema, as it arrives (or as
/// a typed value holds it), reported at the member's pointer and the object's
/// `propertyNames`, as the interpreter does.
#[inline]
pub fn check_name(out: &mut Vec<Violation>, p: &Path<'_>, l: &Loc<'_>, key: &str, names: CheckFn) {
    if !crate::__private::valid(&Value::String(key.to_owned()), p, names) {
        crate::__private::report(
            out,
            &p.key(key),
            "propertyNames",
            l,
            crate::__private::kind::property_name(key),
        );
    }
}

/// Check each undeclared member of a typed struct by the plan of
/// `additionalProperties`.
pub fn check_rest<T, P: Plan<T>>(
    rest: &std::collections::BTreeMap<String, T>,
    plan: P,
    step: Step,
    out: &mut Vec<Violation>,
    p: &Path<'_>,
    l: &Loc<'_>,
) {
    let l = shorten_loc(l);
    for (k, v) in rest {
        plan.check(v, out, &p.key(k), &step.under(l, k));
    }
}

/// A member of a struct merged from `allOf` layers that is read whole: checked by
/// each layer that declares it (`checks`: the property's validator and its place
/// from the struct's location), and reported as additional by each closed layer
/// that does not (`closed`: the layer's place). `out` gets the value when no rule
/// failed. The value is this member's subtree only.
///
/// # Errors
/// The deserializer's errors, a duplicate key, or nesting past the limit.
#[allow(clippy::too_many_arguments)]
pub fn read_layered<'de, A: MapAccess<'de>, T: FromJson>(
    a: &mut A,
    key: &Key<'_>,
    s: &mut Sink,
    p: &Path<'_>,
    l: &Loc<'_>,
    checks: &[(CheckFn, Step)],
    closed: &[Step],
    out: &mut Option<T>,
) -> Result<(), A::Error> {
    let v = a.next_value_seed(Skip(s.depth))?;
    let kp = p.key(key.as_str());
    let l = shorten_loc(l);
    let mark = s.mark();
    for step in closed {
        crate::__private::report(
            &mut s.out,
            &kp,
            "additionalProperties",
            &step.under(l, ""),
            crate::__private::kind::additional(key.as_str()),
        );
    }
    for (check, step) in checks {
        check(&v, &kp, &step.under(l, key.as_str()), &mut s.out);
    }
    if s.clean_since(mark) {
        match T::from_json(v) {
            Ok(t) => *out = Some(t),
            Err(m) => {
                s.shape::<()>(&kp, m.0);
            }
        }
    }
    Ok(())
}
