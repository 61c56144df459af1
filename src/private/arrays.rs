//! Readers of arrays: [`Items`] (item by item, each by its plan; `minItems`/`maxItems`,
//! `uniqueItems` and `contains` through [`KeptRules`] on the values kept for them).

use super::*;

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
pub(crate) type ReadKept<T, P> =
    fn(P, Value, &mut Sink, &Path<'_>, &Loc<'_>, &mut Vec<T>) -> Result<bool, serde_json::Error>;

/// An item of an array that keeps its items, built from the `Value` kept.
pub(crate) fn read_kept_item<T, P: Plan<T>>(
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

pub(crate) struct ItemsVisitor<'a, T, P> {
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
