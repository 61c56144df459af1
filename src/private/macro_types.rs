//! `macro_rules!` for the impls every generated type shares: entry points,
//! `Deserialize` and `PiiDebug` (`impl_common!`), newtypes and string enums, the module's interpreter rules (`rules!`) and its format check
//! (`format_version!`).

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
            pub(super) fn $f(
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
    (7, $codegen:literal) => {};
    ($format:literal, $codegen:literal) => {
        ::core::compile_error!(::core::concat!(
            "this module was generated by gbg-go-codegen ",
            $codegen,
            " in module format ",
            ::core::stringify!($format),
            ", but this gbg-go runtime reads module format 7: use the same release of gbg-go and gbg-go-codegen (build-dependencies and dependencies)"
        ));
    };
}
