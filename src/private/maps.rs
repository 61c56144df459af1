//! Readers of maps (`additionalProperties` and `patternProperties` typed as a
//! `BTreeMap`): [`Entries`] with [`MapRules`], [`PatternRules`] and [`PatternEntries`],
//! and [`check_pattern_rest`].

use super::*;

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
pub(crate) trait MapMembers: Copy {
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
pub(crate) fn check_map<M: MapMembers>(
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
pub(crate) fn read_map<'de, M: MapMembers, D: Deserializer<'de>>(
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
pub(crate) struct MapVisitor<'a, M> {
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
