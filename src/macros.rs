//! `macro_rules!` used by generated code for the impls every generated type shares.
//! Keeping them here keeps generated modules short (and fast to format) and puts the
//! shared behaviour in one reviewed place. Reached only as `::gbg_go::__private::*`.

/// `validate`, `validate_json`, the validating `Deserialize`, and `PiiDebug`.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_impl_common {
    ($name:ident, $validator:path, [$plan:expr], $location:literal) => {
        impl $name {
            /// Read and validate one JSON document in one pass, keeping every
            /// violation structured (a syntax error is one violation of kind
            /// `Syntax`). `serde_json::from_str::<Self>` reads the same way; its error
            /// lists the same violations, one per line.
            ///
            /// # Errors
            /// Every violation, with its JSON pointer, rule and schema location (never
            /// the value).
            #[inline]
            pub fn from_json_slice(
                bytes: &[u8],
            ) -> ::core::result::Result<Self, $crate::ValidationError> {
                $crate::__private::from_json_slice(
                    bytes,
                    $plan,
                    $location,
                    ::core::stringify!($name),
                )
            }

            /// [`from_json_slice`](Self::from_json_slice) for a string.
            ///
            /// # Errors
            /// Every violation, with its JSON pointer, rule and schema location (never
            /// the value).
            #[inline]
            pub fn from_json_str(
                text: &str,
            ) -> ::core::result::Result<Self, $crate::ValidationError> {
                Self::from_json_slice(text.as_bytes())
            }

            /// Check every rule of this type's schema against the value.
            ///
            /// # Errors
            /// Every violation, with its JSON pointer and rule (never the value).
            #[inline]
            pub fn validate(&self) -> ::core::result::Result<(), $crate::ValidationError> {
                $crate::__private::check_value(self, $plan, $location, ::core::stringify!($name))
            }

            /// Check a JSON value against this type's schema without building the type.
            ///
            /// # Errors
            /// Every violation, with its JSON pointer and rule (never the value).
            #[inline]
            pub fn validate_json(
                value: &$crate::__private::Value,
            ) -> ::core::result::Result<(), $crate::ValidationError> {
                $crate::__private::check(value, $validator, $location, ::core::stringify!($name))
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::read_root(d, $plan, $location, ::core::stringify!($name))
            }
        }

        impl $crate::__private::PiiDebug for $name {
            fn fmt_pii(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(self, f)
            }
        }

        impl $crate::__private::ObjectExpr for $name {
            const AT: ::core::option::Option<&'static str> = ::core::option::Option::None;
            #[inline]
            fn object_json(&self) -> $crate::__private::Value {
                $crate::__private::to_value(self)
            }
        }

        impl $crate::Validate for $name {
            #[inline]
            fn validate(&self) -> ::core::result::Result<(), $crate::ValidationError> {
                $name::validate(self)
            }
        }
    };
}

/// `TaskDocument` for a module's `Root`, the whole task document: only the root
/// type can be submitted as a task's data (a part of it, such as a `Name`, cannot).
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_impl_task_document {
    ($name:ty) => {
        impl $crate::TaskDocument for $name {
            #[inline]
            fn to_task_document(
                &self,
            ) -> ::core::result::Result<$crate::__private::Value, $crate::ValidationError> {
                self.validate()?;
                ::core::result::Result::Ok($crate::__private::to_value(self))
            }
        }
    };
}

/// Constructors, accessors, `TryFrom`, `FromJson` and a redacting `Debug` for a
/// newtype over a constrained value. `string` makes `new` take `impl Into<String>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_impl_newtype {
    (string $name:ident) => {
        impl $name {
            /// Build a value, checking every rule of its schema.
            ///
            /// # Errors
            /// Every violated rule (the value itself is never included).
            pub fn new(value: impl ::core::convert::Into<::std::string::String>) -> ::core::result::Result<Self, $crate::ValidationError> {
                let this = Self(value.into());
                this.validate()?;
                ::core::result::Result::Ok(this)
            }

            /// The checked string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::ValidationError;
            /// [`new`](Self::new) from a string slice.
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        $crate::__gbg_go_impl_newtype!(@common $name, ::std::string::String);
        $crate::__gbg_go_impl_newtype!(@blank $name);
    };
    // `blank`: the wrapped type has a `Blank` (the struct holding it can be filled
    // in place).
    ($name:ident, $inner:ty, blank) => {
        $crate::__gbg_go_impl_newtype!($name, $inner);
        $crate::__gbg_go_impl_newtype!(@blank $name);
    };
    (@blank $name:ident) => {
        impl $crate::__private::Blank for $name {
            #[inline]
            fn blank() -> Self {
                Self($crate::__private::Blank::blank())
            }
        }
    };
    ($name:ident, $inner:ty) => {
        impl $name {
            /// Build a value, checking every rule of its schema.
            ///
            /// # Errors
            /// Every violated rule (the value itself is never included).
            pub fn new(value: $inner) -> ::core::result::Result<Self, $crate::ValidationError> {
                let this = Self(value);
                this.validate()?;
                ::core::result::Result::Ok(this)
            }
        }
        $crate::__gbg_go_impl_newtype!(@common $name, $inner);
    };
    (@common $name:ident, $inner:ty) => {
        impl $name {
            /// The checked value. (There is no `Display`, on purpose: values are
            /// personal data, and showing one should be a visible choice.)
            pub fn get(&self) -> &$inner {
                &self.0
            }

            /// The checked value, by value.
            pub fn into_inner(self) -> $inner {
                self.0
            }

            /// For the typed `prefill!` only: a value checked while compiling (or one
            /// that the expansion validates as a whole before handing it out).
            #[doc(hidden)]
            pub fn __checked(_: $crate::__private::Checked, value: $inner) -> Self {
                Self(value)
            }
        }

        impl $crate::__private::Wrap for $name {
            type Inner = $inner;
            fn wrap(_: $crate::__private::Checked, value: $inner) -> Self {
                Self(value)
            }
            fn inner(&self) -> &$inner {
                &self.0
            }
        }

        impl ::core::convert::From<$name> for $inner {
            fn from(value: $name) -> $inner {
                value.0
            }
        }

        impl ::core::convert::TryFrom<$inner> for $name {
            type Error = $crate::ValidationError;
            fn try_from(value: $inner) -> ::core::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl $crate::__private::FromJson for $name {
            fn from_json(v: $crate::__private::Value) -> ::core::result::Result<Self, $crate::__private::Mismatch> {
                ::core::result::Result::Ok(Self($crate::__private::FromJson::from_json(v)?))
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(::core::stringify!($name)).field(&$crate::__private::Redact(&self.0)).finish()
            }
        }
    };
}

/// `as_str`, `FromJson` and a redacting `Debug` for a string enum.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_impl_enum {
    (@blank $name:ident) => {};
    // The first value, for a struct filled in place (never handed out unread).
    (@blank $name:ident $first:ident $($rest:ident)*) => {
        impl $crate::__private::Blank for $name {
            #[inline]
            fn blank() -> Self {
                Self::$first
            }
        }
    };
    ($name:ident { $($variant:ident = $json:literal),* $(,)? }) => {
        $crate::__gbg_go_impl_enum!(@blank $name $($variant)*);
        impl $name {
            /// Every value, in the schema's order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The JSON string of this value.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $json,)*
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::ValidationError;
            /// The value whose JSON string is `s` (exactly, case included).
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                match s {
                    $($json => ::core::result::Result::Ok(Self::$variant),)*
                    _ => ::core::result::Result::Err($crate::__private::not_one_of(
                        ::core::stringify!($name),
                        &[$($json),*],
                    )),
                }
            }
        }

        impl $crate::__private::FromJson for $name {
            fn from_json(v: $crate::__private::Value) -> ::core::result::Result<Self, $crate::__private::Mismatch> {
                match v.as_str() {
                    $(::core::option::Option::Some($json) => ::core::result::Result::Ok(Self::$variant),)*
                    _ => ::core::result::Result::Err($crate::__private::Mismatch("one of the enum's strings")),
                }
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::__private::REDACTED)
            }
        }
    };
}

/// `new` (required members as arguments, optional ones `None`, `extra` empty) and
/// `FromJson` for a generated struct.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_impl_struct {
    (sealed $name:ident {
        required { $($r:ident : $rty:ty = $rjson:literal $(@$rvia:ident)?),* $(,)? }
        optional { $($o:ident = $ojson:literal $(@$ovia:ident)?),* $(,)? }
        $(extra $x:ident)?
    }) => {
        impl $name {
            /// A value with the required members set and every optional one absent,
            /// checked against every rule of the schema. When a rule requires an
            /// optional member (an `if`/`then`), set it with `Self::builder()`, which
            /// checks the rules once every member is in.
            ///
            /// # Errors
            /// Every violated rule (values are never included).
            #[allow(clippy::too_many_arguments)]
            pub fn new($($r: $rty),*) -> ::core::result::Result<Self, $crate::ValidationError> {
                let this = Self {
                    $($r,)*
                    $($o: ::core::option::Option::None,)*
                    $($x: ::std::collections::BTreeMap::new(),)?
                };
                this.validate()?;
                ::core::result::Result::Ok(this)
            }
        }
        $crate::__gbg_go_impl_struct!(@from_json $name { $($r = $rjson $(@$rvia)?),* } { $($o = $ojson $(@$ovia)?),* } $($x)?);
    };
    ($name:ident {
        required { $($r:ident : $rty:ty = $rjson:literal $(@$rvia:ident)?),* $(,)? }
        optional { $($o:ident = $ojson:literal $(@$ovia:ident)?),* $(,)? }
        $(extra $x:ident)?
    }) => {
        impl $name {
            /// A value with the required members set and every optional one absent.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($r: $rty),*) -> Self {
                Self {
                    $($r,)*
                    $($o: ::core::option::Option::None,)*
                    $($x: ::std::collections::BTreeMap::new(),)?
                }
            }
        }
        $crate::__gbg_go_impl_struct!(@from_json $name { $($r = $rjson $(@$rvia)?),* } { $($o = $ojson $(@$ovia)?),* } $($x)?);
    };
    (@from_json $name:ident { $($r:ident = $rjson:literal $(@$rvia:ident)?),* } { $($o:ident = $ojson:literal $(@$ovia:ident)?),* } $($x:ident)?) => {
        impl $crate::__private::FromJson for $name {
            #[inline]
            fn from_json(v: $crate::__private::Value) -> ::core::result::Result<Self, $crate::__private::Mismatch> {
                let mut m = $crate::__private::object(v)?;
                ::core::result::Result::Ok(Self {
                    $($r: $crate::__gbg_go_impl_struct!(@get m, $rjson $(, $rvia)?)?,)*
                    $($o: $crate::__gbg_go_impl_struct!(@opt m, $ojson $(, $ovia)?)?,)*
                    $($x: $crate::__private::rest(m)?,)?
                })
            }
        }
    };
    // A member whose type holds a type of the user's own (`@serde`) is built by serde.
    (@get $m:ident, $json:literal) => { $crate::__private::field(&mut $m, $json) };
    (@get $m:ident, $json:literal, serde) => { $crate::__private::serde_field(&mut $m, $json) };
    (@opt $m:ident, $json:literal) => { $crate::__private::opt_field(&mut $m, $json) };
    (@opt $m:ident, $json:literal, serde) => { $crate::__private::serde_opt_field(&mut $m, $json) };
}

/// The builder of a struct (`Builder::struct_builders(true)`): `Name::builder()`,
/// one setter per member, and `build()`, which reports the missing required members
/// (as the schema's `required` does) and then checks every rule.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_impl_builder {
    ($name:ident, $builder:ident, $location:literal {
        required { $($r:ident / $rset:ident : $rty:ty = $rjson:literal),* $(,)? }
        optional { $($o:ident / $oset:ident : $oty:ty = $ojson:literal),* $(,)? }
        $(extra $x:ident / $xset:ident : $xty:ty)?
    }) => {
        #[doc = ::core::concat!("Builds a [`", ::core::stringify!($name), "`] member by member; [`build`](Self::build) checks every rule of its schema.")]
        #[derive(Clone, Default)]
        #[must_use]
        pub struct $builder {
            $($r: ::core::option::Option<$rty>,)*
            $($o: ::core::option::Option<$oty>,)*
            $($x: ::std::collections::BTreeMap<::std::string::String, $xty>,)?
        }

        // Which members are set, never their values.
        impl ::core::fmt::Debug for $builder {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut set = f.debug_list();
                $(if self.$r.is_some() { set.entry(&$rjson); })*
                $(if self.$o.is_some() { set.entry(&$ojson); })*
                set.finish()
            }
        }

        impl $builder {
            $(
                #[doc = ::core::concat!("Set `", $rjson, "` (required).")]
                pub fn $rset(mut self, value: $rty) -> Self {
                    self.$r = ::core::option::Option::Some(value);
                    self
                }
            )*
            $(
                #[doc = ::core::concat!("Set `", $ojson, "`.")]
                pub fn $oset(mut self, value: $oty) -> Self {
                    self.$o = ::core::option::Option::Some(value);
                    self
                }
            )*
            $(
                /// Add a member the schema does not declare.
                pub fn $xset(mut self, key: impl ::core::convert::Into<::std::string::String>, value: $xty) -> Self {
                    self.$x.insert(key.into(), value);
                    self
                }
            )?

            /// The value, when every required member is set and every rule holds.
            ///
            /// # Errors
            /// Each missing required member (as the schema's `required` reports it),
            /// else every violated rule (values are never included).
            pub fn build(self) -> ::core::result::Result<$name, $crate::ValidationError> {
                let mut missing = ::std::vec::Vec::new();
                $crate::__private::object_rules(
                    &mut missing,
                    &$crate::__private::Path::ROOT,
                    &$crate::__private::Loc::Root($location),
                    0,
                    ::core::option::Option::None,
                    ::core::option::Option::None,
                    &[$((self.$r.is_some(), $rjson)),*],
                    &[],
                );
                $(
                    let ::core::option::Option::Some($r) = self.$r else {
                        return ::core::result::Result::Err($crate::ValidationError::new(::core::stringify!($name), missing));
                    };
                )*
                let this = $name {
                    $($r,)*
                    $($o: self.$o,)*
                    $($x: self.$x,)?
                };
                this.validate()?;
                ::core::result::Result::Ok(this)
            }
        }

        impl $name {
            #[doc = ::core::concat!("A [`", ::core::stringify!($builder), "`] with no member set.")]
            pub fn builder() -> $builder {
                ::core::default::Default::default()
            }
        }
    };
}

/// Getters and validating setters for a sealed struct's members.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_impl_accessors {
    ($name:ident {
        required { $($(#[doc = $rdoc:literal])* $r:ident / $rset:ident : $rty:ty),* $(,)? }
        optional { $($(#[doc = $odoc:literal])* $o:ident / $oset:ident : $oty:ty),* $(,)? }
        $(extra $x:ident / $xset:ident : $xty:ty)?
    }) => {
        impl $name {
            /// For the typed `prefill!` only: members checked while compiling (or a
            /// value the expansion validates as a whole before handing it out).
            #[doc(hidden)]
            #[allow(clippy::too_many_arguments)]
            pub fn __checked(
                _: $crate::__private::Checked,
                $($r: $rty,)*
                $($o: ::core::option::Option<$oty>,)*
                $($x: ::std::collections::BTreeMap<::std::string::String, $xty>,)?
            ) -> Self {
                Self { $($r,)* $($o,)* $($x,)? }
            }

            $(
                $(#[doc = $rdoc])*
                ///
                /// (The member's value.)
                pub fn $r(&self) -> &$rty {
                    &self.$r
                }

                /// Set the member, keeping the value valid.
                ///
                /// # Errors
                /// Every rule the change would break; the value is left unchanged.
                pub fn $rset(&mut self, value: $rty) -> ::core::result::Result<(), $crate::ValidationError> {
                    let old = ::core::mem::replace(&mut self.$r, value);
                    self.validate().inspect_err(|_| self.$r = old)
                }
            )*
            $(
                $(#[doc = $odoc])*
                ///
                /// (The member's value, if present.)
                pub fn $o(&self) -> ::core::option::Option<&$oty> {
                    self.$o.as_ref()
                }

                /// Set (or with `None`, remove) the member, keeping the value valid.
                ///
                /// # Errors
                /// Every rule the change would break; the value is left unchanged.
                pub fn $oset(&mut self, value: ::core::option::Option<$oty>) -> ::core::result::Result<(), $crate::ValidationError> {
                    let old = ::core::mem::replace(&mut self.$o, value);
                    self.validate().inspect_err(|_| self.$o = old)
                }
            )*
            $(
                /// Members the schema does not declare.
                pub fn $x(&self) -> &::std::collections::BTreeMap<::std::string::String, $xty> {
                    &self.$x
                }

                /// Replace the undeclared members, keeping the value valid.
                ///
                /// # Errors
                /// Every rule the change would break; the value is left unchanged.
                pub fn $xset(&mut self, value: ::std::collections::BTreeMap<::std::string::String, $xty>) -> ::core::result::Result<(), $crate::ValidationError> {
                    let old = ::core::mem::replace(&mut self.$x, value);
                    self.validate().inspect_err(|_| self.$x = old)
                }
            )?
        }
    };
}

/// A `Debug` for a generated struct that shows every member's structure and hides
/// every value.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_impl_struct_debug {
    ($name:ident { $($f:ident),* $(,)? }) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(::core::stringify!($name))
                    $(.field(::core::stringify!($f), &$crate::__private::Redact(&self.$f)))*
                    .finish()
            }
        }
    };
}

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

/// The module's rules run by the interpreter ([`Rules`](crate::__private::Rules)):
/// its embedded schema files, whether `format` is asserted, and one validator per
/// place (`name = index @ "file#/pointer"`), each a [`CheckFn`](crate::__private::CheckFn)
/// that hands its value to the interpreter at that place.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_rules {
    ([$(($name:literal, $text:literal)),* $(,)?], $format:literal; $($f:ident = $i:literal @ $place:literal;)*) => {
        static __RULES: $crate::__private::Rules = $crate::__private::Rules::new(
            &[$(($name, $text)),*],
            &[$($place),*],
            $format,
        );
        $(
            fn $f(
                v: &$crate::__private::Value,
                p: &$crate::__private::Path<'_>,
                l: &$crate::__private::Loc<'_>,
                out: &mut ::std::vec::Vec<$crate::__private::Violation>,
            ) {
                __RULES.check($i, v, p, l, out)
            }
        )*
    };
}

/// The check that a generated module's format is the one this runtime reads. Every
/// generated module starts with `__rt::format_version!(<format>, "<codegen version>")`,
/// both literals written by the generator; the format this runtime reads is the
/// literal in the first rule below (not `env!`, which would read the consumer's
/// version). A module from a `gbg-go-codegen` that writes another format fails to
/// compile with one error that names both.
#[doc(hidden)]
#[macro_export]
macro_rules! __gbg_go_format_version {
    (6, $codegen:literal) => {};
    ($format:literal, $codegen:literal) => {
        ::core::compile_error!(::core::concat!(
            "this module was generated by gbg-go-codegen ",
            $codegen,
            " in module format ",
            ::core::stringify!($format),
            ", but this gbg-go runtime reads module format 6: use the same release of gbg-go and gbg-go-codegen (build-dependencies and dependencies)"
        ));
    };
}
