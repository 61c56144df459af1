//! What a generated struct reads besides its declared members, and the rules over all
//! of them: [`Rest`] (undeclared members kept by `additionalProperties`' plan),
//! [`Closed`] (refused), [`object_rules`] (`required`, `min/maxProperties`,
//! `dependentRequired`), [`conditional`] (`if`/`then`/`else` on siblings, with
//! [`member_kept`]), [`MemberChecks`] (what `validate()` runs on a built struct's
//! members), and [`Keys`].

use super::*;

/// A member of a struct whose `if`/`then`/`else` reads only siblings: read by its
/// plan as [`read_member`] does, and when a condition needs it, its JSON kept (`keep`:
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
    seen: &mut bool,
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
    if std::mem::replace(seen, true) {
        return Err(duplicate(key));
    }
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
    pub(crate) fn take<'de, E: de::Error>(
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

/// A member's JSON in a built struct, for a condition on siblings (`kept`).
pub mod slot {
    /// A required member.
    pub mod required {
        /// Its JSON.
        #[inline]
        pub fn value<T: serde::Serialize>(t: &T) -> Option<serde_json::Value> {
            Some(crate::__private::to_value(t))
        }
    }

    /// An optional member.
    pub mod optional {
        /// Its JSON when present.
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

/// The checks of a built struct's members, for its `check_members`: each member by
/// its plan at its place (counted when present), and `propertyNames` on each name.
/// The violations are kept apart in `out`, since the object's own rules are
/// reported first.
pub struct MemberChecks<'a> {
    /// The members' violations.
    pub out: Vec<Violation>,
    /// How many members were present.
    pub counted: u64,
    p: &'a Path<'a>,
    l: &'a Loc<'a>,
}

impl<'a> MemberChecks<'a> {
    /// No member checked yet, for the object at `p` and `l`.
    #[inline]
    pub fn new(p: &'a Path<'a>, l: &'a Loc<'a>) -> Self {
        Self {
            out: Vec::new(),
            counted: 0,
            p,
            l,
        }
    }

    /// A required member, by `plan` at `step` from the object's location.
    #[inline]
    pub fn required<T, P: Plan<T>>(&mut self, t: &T, key: &str, plan: P, step: Step) {
        self.counted += 1;
        let l = shorten_loc(self.l);
        plan.check(t, &mut self.out, &self.p.key(key), &step.under(l, key));
    }

    /// An optional member, when present.
    #[inline]
    pub fn optional<T, P: Plan<T>>(&mut self, t: &Option<T>, key: &str, plan: P, step: Step) {
        if let Some(t) = t {
            self.required(t, key, plan, step);
        }
    }

    /// `propertyNames` on one member's name.
    #[inline]
    pub fn name(&mut self, key: &str, names: CheckFn) {
        check_name(&mut self.out, self.p, self.l, key, names);
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
