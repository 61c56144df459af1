//! `macro_rules!` for generated structs: constructors and `TryFrom` (`impl_struct!`),
//! builders (`impl_builder!`) and accessors of sealed structs (`impl_accessors!`).
//! (A struct's redacting `Debug` is written out in the module.)

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
