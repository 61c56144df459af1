//! `impl_streamed!`: a generated struct's [`Streamed`](crate::__private::Streamed)
//! impl, its one-pass `read_map` and its `check_members`.

/// `Streamed` for a generated struct read in one pass: members are visited
/// directly, each read by its plan at its place, undeclared members kept (`extra`)
/// or reported (`closed`), then the object's own rules checked on what was read.
/// Names that a rule asks about but no field holds are `watched`. Plans and steps
/// are Rust expressions the generator writes (`__private::Items::new(…)`,
/// `__private::Step::Property`), and the members' types are inferred from the
/// struct's fields.
///
/// The mode says where members go while they are read: `in_place` (every required
/// member's type has a `Blank`), the struct starts blank and each member is filled
/// where it lies, so a large struct is never built and then moved; `slots`, each
/// member is read into a local slot and the struct is built from them at the end.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_impl_streamed {
    ($name:ident, $check:ident, $mode:ident,
     fields { $($f:ident = $json:literal, $req:ident, [$plan:expr], $step:expr $(, $kept_member:ident)?;)* }
     watched { $($w:ident = $wjson:literal),* }
     unknown $unknown:tt
     $(names $names:ident)?
     $(conditional {
        keep [$($kjson:literal),*]
        presence [$($pjson:literal),*]
        if $ifc:ident then [$then:expr] else [$else:expr]
     })?
     $(extra $x:ident)?
     rules {
        properties $min:expr, $max:expr;
        required { $($r:ident = $rn:literal),* }
        dependent { $($da:ident = $dan:literal => $db:ident = $dbn:literal),* }
     }
    ) => {
        $crate::__gbg_go_impl_streamed!(@impl $mode, $name, $check, (a, s, p, l, out, this),
            [$($f)*] [$($x)?],
        {
                let mark = s.mark();
                $(let mut $f = $crate::__gbg_go_impl_streamed!(@slot $mode);)*
                $(let mut $w = (false, ());)*
                let mut n: u64 = 0;
                // A member read but not built (reported by its plan).
                let mut failed = false;
                let mut rest = $crate::__gbg_go_impl_streamed!(@new $unknown);
                // `propertyNames`: each key checked as it arrives.
                let names: ::core::option::Option<$crate::__private::CheckFn> = ::core::option::Option::None;
                $(let names: ::core::option::Option<$crate::__private::CheckFn> = ::core::option::Option::Some($names);)?
                // `if`/`then`/`else` on siblings: the members it reads are kept.
                let keep: &[&str] = &[];
                let presence: &[&str] = &[];
                $(
                    let keep: &[&str] = &[$($kjson),*];
                    let presence: &[&str] = &[$($pjson),*];
                )?
                let mut kept: ::std::vec::Vec<(&'static str, $crate::__private::Value)> = ::std::vec::Vec::new();
                while let ::core::option::Option::Some(key) = a.next_key_seed($crate::__private::KeySeed)? {
                    n += 1;
                    if let ::core::option::Option::Some(names) = names {
                        $crate::__private::check_name(&mut s.out, p, l, key.as_str(), names);
                    }
                    match key.as_str() {
                        $($json => {
                            if $f.0 {
                                return ::core::result::Result::Err($crate::__private::duplicate(&key));
                            }
                            $f.0 = true;
                            // Only the members a condition on siblings reads are
                            // kept (marked `kept` by the generator): every other
                            // member takes the plain `member` call, so the kept
                            // path's `Value` reading is compiled only where needed.
                            let built = $crate::__gbg_go_impl_streamed!(@member [$($kept_member)?],
                                a, key, [$plan], [$step], s, p, l,
                                $crate::__gbg_go_impl_streamed!(@place $mode $req $f this),
                                $json, keep, presence, kept);
                            failed |= !built;
                        })*
                        $($wjson => {
                            $w.0 = true;
                            $crate::__gbg_go_impl_streamed!(@read $unknown, rest, a, key, s, p, l);
                        })*
                        _ => {
                            $crate::__gbg_go_impl_streamed!(@read $unknown, rest, a, key, s, p, l);
                        }
                    }
                }
                let mut rules = ::std::vec::Vec::new();
                $crate::__private::object_rules(
                    &mut rules, p, l, n, $min, $max,
                    &[$(($r.0, $rn)),*],
                    &[$(($da.0, $db.0, $dan, $dbn)),*],
                );
                s.insert_at(mark, rules);
                let watched_flags: &[(bool, &str)] = &[$(($w.0, $wjson)),*];
                $(
                    $crate::__private::conditional(
                        &mut s.out, p, l, kept, watched_flags, $ifc,
                        $then,
                        $else,
                    );
                )?
                if !s.clean_since(mark) {
                    return ::core::result::Result::Ok($crate::__gbg_go_impl_streamed!(@unbuilt $mode));
                }
                if failed {
                    s.shape::<()>(p, "a member");
                    return ::core::result::Result::Ok($crate::__gbg_go_impl_streamed!(@unbuilt $mode));
                }
                $crate::__gbg_go_impl_streamed!(@finish $mode, s, p, out, this,
                    { $($f = $req),* } $($x rest)?)
        },
        {
            #[allow(unused_variables, unused_mut)]
            #[inline]
            fn check_members(
                &self,
                out: &mut ::std::vec::Vec<$crate::__private::Violation>,
                p: &$crate::__private::Path<'_>,
                l: &$crate::__private::Loc<'_>,
            ) {
                let keys: ::core::option::Option<&dyn $crate::__private::Keys> = ::core::option::Option::None;
                $(let keys: ::core::option::Option<&dyn $crate::__private::Keys> = ::core::option::Option::Some(&self.$x);)?
                $(let $f = ($crate::__private::slot::$req::present(&self.$f).is_some(), ());)*
                $(let $w = (keys.is_some_and(|k| k.has($wjson)), ());)*
                let n: u64 = keys.map_or(0, |k| k.count() as u64);
                let mut counted: u64 = 0;
                let mut members = ::std::vec::Vec::new();
                let names: ::core::option::Option<$crate::__private::CheckFn> = ::core::option::Option::None;
                $(let names: ::core::option::Option<$crate::__private::CheckFn> = ::core::option::Option::Some($names);)?
                if let ::core::option::Option::Some(names) = names {
                    $(if $f.0 {
                        $crate::__private::check_name(&mut members, p, l, $json, names);
                    })*
                    if let ::core::option::Option::Some(keys) = keys {
                        for key in keys.names() {
                            $crate::__private::check_name(&mut members, p, l, key, names);
                        }
                    }
                }
                $($crate::__private::slot::$req::check(
                    &self.$f,
                    $plan,
                    $step,
                    $json,
                    &mut members,
                    p,
                    l,
                    &mut counted,
                );)*
                $($crate::__gbg_go_impl_streamed!(@check_rest $unknown, &self.$x, &mut members, p, l);)?
                $crate::__private::object_rules(
                    out, p, l, n + counted, $min, $max,
                    &[$(($r.0, $rn)),*],
                    &[$(($da.0, $db.0, $dan, $dbn)),*],
                );
                out.append(&mut members);
                let keep: &[&str] = &[];
                let presence: &[&str] = &[];
                $(
                    let keep: &[&str] = &[$($kjson),*];
                    let presence: &[&str] = &[$($pjson),*];
                )?
                let mut kept: ::std::vec::Vec<(&'static str, $crate::__private::Value)> = ::std::vec::Vec::new();
                $(
                    if keep.contains(&$json) {
                        if let ::core::option::Option::Some(v) = $crate::__private::slot::$req::value(&self.$f) {
                            kept.push(($json, v));
                        }
                    } else if presence.contains(&$json) && $f.0 {
                        kept.push(($json, $crate::__private::Value::Null));
                    }
                )*
                let watched_flags: &[(bool, &str)] = &[$(($w.0, $wjson)),*];
                $(
                    $crate::__private::conditional(
                        out, p, l, kept, watched_flags, $ifc,
                        $then,
                        $else,
                    );
                )?
            }
        });
    };
    (@impl in_place, $name:ident, $check:ident, ($a:ident, $s:ident, $p:ident, $l:ident, $out:ident, $this:ident),
     [$($f:ident)*] [$($x:ident)?], $body:block, { $($common:tt)* }) => {
        impl $crate::__private::Blank for $name {
            #[inline]
            fn blank() -> Self {
                Self {
                    $($f: $crate::__private::Blank::blank(),)*
                    $($x: $crate::__private::Blank::blank(),)?
                }
            }
        }
        impl $crate::__private::Streamed for $name {
            const CHECK: $crate::__private::CheckFn = $check;
            #[inline]
            fn blank() -> ::core::option::Option<Self> {
                ::core::option::Option::Some(<Self as $crate::__private::Blank>::blank())
            }
            #[inline]
            fn read_map<'de, A: $crate::__private::serde::de::MapAccess<'de>>(
                a: A,
                s: &mut $crate::__private::Sink,
                p: &$crate::__private::Path<'_>,
                l: &$crate::__private::Loc<'_>,
                out: &mut ::core::option::Option<Self>,
            ) -> ::core::result::Result<(), A::Error> {
                let this = out.insert(<Self as $crate::__private::Blank>::blank());
                if !Self::read_map_in_place(a, s, p, l, this)? {
                    *out = ::core::option::Option::None;
                }
                ::core::result::Result::Ok(())
            }
            #[allow(unused_mut, unused_variables)]
            fn read_map_in_place<'de, A: $crate::__private::serde::de::MapAccess<'de>>(
                mut $a: A,
                $s: &mut $crate::__private::Sink,
                $p: &$crate::__private::Path<'_>,
                $l: &$crate::__private::Loc<'_>,
                $this: &mut Self,
            ) -> ::core::result::Result<bool, A::Error> $body
            $($common)*
        }
    };
    (@impl slots, $name:ident, $check:ident, ($a:ident, $s:ident, $p:ident, $l:ident, $out:ident, $this:ident),
     [$($f:ident)*] [$($x:ident)?], $body:block, { $($common:tt)* }) => {
        impl $crate::__private::Streamed for $name {
            const CHECK: $crate::__private::CheckFn = $check;
            #[allow(unused_mut, unused_variables)]
            fn read_map<'de, A: $crate::__private::serde::de::MapAccess<'de>>(
                mut $a: A,
                $s: &mut $crate::__private::Sink,
                $p: &$crate::__private::Path<'_>,
                $l: &$crate::__private::Loc<'_>,
                $out: &mut ::core::option::Option<Self>,
            ) -> ::core::result::Result<(), A::Error> $body
            $($common)*
        }
    };
    (@member [], $a:ident, $key:ident, [$plan:expr], [$step:expr], $s:ident, $p:ident, $l:ident, $place:expr,
     $json:literal, $keep:ident, $presence:ident, $kept:ident) => {{
        let _ = (&$keep, &$presence);
        $crate::__private::member(&mut $a, &$key, $plan, $step, $s, $p, $l, $place)?
    }};
    (@member [kept], $a:ident, $key:ident, [$plan:expr], [$step:expr], $s:ident, $p:ident, $l:ident, $place:expr,
     $json:literal, $keep:ident, $presence:ident, $kept:ident) => {
        $crate::__private::member_kept(
            &mut $a, &$key, $plan, $step, $s, $p, $l, $place, $json, $keep, $presence, &mut $kept,
        )?
    };
    (@slot in_place) => { (false, ()) };
    (@slot slots) => { (false, ::core::option::Option::None) };
    (@place in_place required $f:ident $this:ident) => { $crate::__private::InPlace(&mut $this.$f) };
    (@place in_place optional $f:ident $this:ident) => { &mut $this.$f };
    (@place slots $req:ident $f:ident $this:ident) => { &mut $f.1 };
    (@unbuilt in_place) => { false };
    (@unbuilt slots) => { () };
    (@finish in_place, $s:ident, $p:ident, $out:ident, $this:ident,
     { $($f:ident = $req:ident),* } $($x:ident $rest:ident)?) => {{
        $($this.$x = $rest.into_map();)?
        ::core::result::Result::Ok(true)
    }};
    (@finish slots, $s:ident, $p:ident, $out:ident, $this:ident,
     { $($f:ident = $req:ident),* } $($x:ident $rest:ident)?) => {{
        *$out = ::core::option::Option::Some(Self {
            $($f: match $crate::__private::$req($f) {
                ::core::option::Option::Some(v) => v,
                ::core::option::Option::None => {
                    $s.shape::<()>($p, "a member");
                    return ::core::result::Result::Ok(());
                }
            },)*
            $($x: $rest.into_map(),)?
        });
        ::core::result::Result::Ok(())
    }};
    (@check_rest (extra [$plan:expr], $step:expr), $map:expr, $out:expr, $p:ident, $l:ident) => {
        $crate::__private::check_rest($map, $plan, $step, $out, $p, $l)
    };
    (@check_rest (closed), $map:expr, $out:expr, $p:ident, $l:ident) => {};
    (@check_rest (patterns [$rules:expr]), $map:expr, $out:expr, $p:ident, $l:ident) => {
        $crate::__private::check_pattern_rest($map, &$rules, $out, $p, $l)
    };
    (@new (patterns [$rules:expr])) => { $crate::__private::PatternRest::new() };
    (@read (patterns [$rules:expr]), $rest:ident, $a:ident, $key:ident, $s:ident, $p:ident, $l:ident) => {
        $rest.read_by_patterns(&mut $a, $key, &$rules, $s, $p, $l)?
    };
    (@new (extra [$plan:expr], $step:expr)) => { $crate::__private::Rest::new() };
    (@new (closed)) => { $crate::__private::Closed::new() };
    (@read (extra [$plan:expr], $step:expr), $rest:ident, $a:ident, $key:ident, $s:ident, $p:ident, $l:ident) => {
        $rest.read(&mut $a, $key, $plan, $step, $s, $p, $l)?
    };
    (@read (closed), $rest:ident, $a:ident, $key:ident, $s:ident, $p:ident, $l:ident) => {
        $rest.read(&mut $a, $key, $s, $p, $l)?
    };
}
