//! The `impl` blocks every generated type has, written out as plain Rust: the entry
//! points (`from_json_slice`, `from_json_str`, `validate`, `validate_json`, the
//! validating `Deserialize`), newtypes' constructors and conversions, string enums'
//! `as_str`/`FromStr`/`ALL`, `TaskDocument` for the root.
//!
//! Each type's facts are written once: its schema location is the associated const
//! `SCHEMA_LOCATION`, and the plan that reads it is one private function, `__plan`,
//! which every entry point calls. The bodies are calls into documented functions of
//! `gbg_go::__private` (`read_root`, `from_json_slice`, `check_value`, `check`).
//!
//! The non-generic entry points are `#[inline]`: a crate that holds a module compiles
//! only those it calls (BENCHMARKS.md, compile time).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The entry points and shared trait impls of generated type `name`: `plan` reads
/// it at its own schema node (`location`), `validator` checks a `Value` there.
pub(crate) fn common(
    rt: &Ident,
    name: &Ident,
    validator: &Ident,
    plan: &TokenStream,
    location: &str,
) -> TokenStream {
    let name_str = name.to_string();
    quote! {
        impl #name {
            /// This type's place in its schema (`<file>#<pointer>`).
            pub const SCHEMA_LOCATION: &'static str = #location;

            /// How a value of this type is read and checked in one pass.
            #[inline]
            fn __plan() -> impl #rt::Plan<Self> {
                #plan
            }

            /// Read and validate a JSON document in one pass (as `serde_json::from_slice`
            /// does), with every violation structured and never a value.
            #[inline]
            pub fn from_json_slice(
                bytes: &[u8],
            ) -> ::core::result::Result<Self, #rt::ValidationError> {
                #rt::from_json_slice(bytes, Self::__plan(), Self::SCHEMA_LOCATION, #name_str)
            }

            /// [`from_json_slice`](Self::from_json_slice) for a string.
            #[inline]
            pub fn from_json_str(
                text: &str,
            ) -> ::core::result::Result<Self, #rt::ValidationError> {
                Self::from_json_slice(text.as_bytes())
            }

            /// Check every rule of this type's schema against the value.
            #[inline]
            pub fn validate(&self) -> ::core::result::Result<(), #rt::ValidationError> {
                #rt::check_value(self, Self::__plan(), Self::SCHEMA_LOCATION, #name_str)
            }

            /// Check a JSON value against this type's schema without building the type.
            #[inline]
            pub fn validate_json(
                value: &#rt::Value,
            ) -> ::core::result::Result<(), #rt::ValidationError> {
                #rt::check(value, #validator, Self::SCHEMA_LOCATION, #name_str)
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                #rt::read_root(d, Self::__plan(), Self::SCHEMA_LOCATION, #name_str)
            }
        }

        impl #rt::PiiDebug for #name {
            fn fmt_pii(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(self, f)
            }
        }

        impl #rt::ObjectExpr for #name {
            const AT: ::core::option::Option<&'static str> = ::core::option::Option::None;
            #[inline]
            fn object_json(&self) -> #rt::Value {
                #rt::to_value(self)
            }
        }

        impl #rt::Validate for #name {
            #[inline]
            fn validate(&self) -> ::core::result::Result<(), #rt::ValidationError> {
                #name::validate(self)
            }
        }
    }
}

/// `TaskDocument` for a module's `Root`, the whole task document: only the root type
/// can be submitted as a task's data (a part of it, such as a `Name`, cannot).
pub(crate) fn task_document(rt: &Ident, name: &TokenStream) -> TokenStream {
    quote! {
        impl #rt::TaskDocument for #name {
            #[inline]
            fn to_task_document(
                &self,
            ) -> ::core::result::Result<#rt::Value, #rt::ValidationError> {
                self.validate()?;
                ::core::result::Result::Ok(#rt::to_value(self))
            }
        }
    }
}

/// What a newtype over a constrained value holds.
pub(crate) enum Inner<'a> {
    /// A `String`: `new` takes `impl Into<String>`, and `as_str`, `FromStr` and
    /// `AsRef<str>` come with it.
    String,
    /// Any other type; `blank` when it has a `Blank` (the struct holding it can be
    /// filled in place).
    Other { ty: &'a TokenStream, blank: bool },
}

/// Constructors, accessors, conversions, `FromJson` and a redacting `Debug` for a
/// newtype over a constrained value.
pub(crate) fn newtype(rt: &Ident, name: &Ident, inner: Inner<'_>) -> TokenStream {
    let name_str = name.to_string();
    let string_ty = quote!(::std::string::String);
    let (ty, blank, constructor) = match inner {
        Inner::String => (
            &string_ty,
            true,
            quote! {
                impl #name {
                    /// Build a value, checking every rule of its schema.
                    ///
                    /// # Errors
                    /// Every violated rule (the value itself is never included).
                    pub fn new(
                        value: impl ::core::convert::Into<::std::string::String>,
                    ) -> ::core::result::Result<Self, #rt::ValidationError> {
                        let this = Self(value.into());
                        this.validate()?;
                        ::core::result::Result::Ok(this)
                    }

                    /// The checked string.
                    pub fn as_str(&self) -> &str {
                        &self.0
                    }
                }

                impl ::core::str::FromStr for #name {
                    type Err = #rt::ValidationError;
                    /// [`new`](Self::new) from a string slice.
                    fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                        Self::new(s)
                    }
                }

                impl ::core::convert::AsRef<str> for #name {
                    fn as_ref(&self) -> &str {
                        &self.0
                    }
                }
            },
        ),
        Inner::Other { ty, blank } => (
            ty,
            blank,
            quote! {
                impl #name {
                    /// Build a value, checking every rule of its schema.
                    ///
                    /// # Errors
                    /// Every violated rule (the value itself is never included).
                    pub fn new(value: #ty) -> ::core::result::Result<Self, #rt::ValidationError> {
                        let this = Self(value);
                        this.validate()?;
                        ::core::result::Result::Ok(this)
                    }
                }
            },
        ),
    };
    let blank = blank.then(|| {
        quote! {
            impl #rt::Blank for #name {
                #[inline]
                fn blank() -> Self {
                    Self(#rt::Blank::blank())
                }
            }
        }
    });
    quote! {
        #constructor

        impl #name {
            /// The checked value. (There is no `Display`, on purpose: values are
            /// personal data, and showing one should be a visible choice.)
            pub fn get(&self) -> &#ty {
                &self.0
            }

            /// The checked value, by value.
            pub fn into_inner(self) -> #ty {
                self.0
            }

            /// For the typed `prefill!` only: a value checked while compiling (or one
            /// that the expansion validates as a whole before handing it out).
            #[doc(hidden)]
            pub fn __checked(_: #rt::Checked, value: #ty) -> Self {
                Self(value)
            }
        }

        impl #rt::Wrap for #name {
            type Inner = #ty;
            fn wrap(_: #rt::Checked, value: #ty) -> Self {
                Self(value)
            }
            fn inner(&self) -> &#ty {
                &self.0
            }
        }

        impl ::core::convert::From<#name> for #ty {
            fn from(value: #name) -> #ty {
                value.0
            }
        }

        impl ::core::convert::TryFrom<#ty> for #name {
            type Error = #rt::ValidationError;
            fn try_from(value: #ty) -> ::core::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl #rt::FromJson for #name {
            #[inline]
            fn from_json(v: #rt::Value) -> ::core::result::Result<Self, #rt::Mismatch> {
                ::core::result::Result::Ok(Self(#rt::FromJson::from_json(v)?))
            }
        }

        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(#name_str).field(&#rt::Redact(&self.0)).finish()
            }
        }

        #blank
    }
}

/// `ALL`, `as_str`, `FromStr`, `FromJson`, a `Blank` and a redacting `Debug` for a
/// string enum (`variants`: each variant with its JSON string).
pub(crate) fn string_enum(rt: &Ident, name: &Ident, variants: &[(Ident, String)]) -> TokenStream {
    let name_str = name.to_string();
    let idents: Vec<&Ident> = variants.iter().map(|(v, _)| v).collect();
    let strings: Vec<&String> = variants.iter().map(|(_, s)| s).collect();
    // The first value, for a struct filled in place (never handed out unread).
    let blank = idents.first().map(|first| {
        quote! {
            impl #rt::Blank for #name {
                #[inline]
                fn blank() -> Self {
                    Self::#first
                }
            }
        }
    });
    quote! {
        impl #name {
            /// Every value, in the schema's order.
            pub const ALL: &'static [Self] = &[#(Self::#idents),*];

            /// The JSON string of this value.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#idents => #strings,)*
                }
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = #rt::ValidationError;
            /// The value whose JSON string is `s` (exactly, case included).
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                match s {
                    #(#strings => ::core::result::Result::Ok(Self::#idents),)*
                    _ => ::core::result::Result::Err(#rt::not_one_of(#name_str, &[#(#strings),*])),
                }
            }
        }

        impl #rt::FromJson for #name {
            #[inline]
            fn from_json(v: #rt::Value) -> ::core::result::Result<Self, #rt::Mismatch> {
                match v.as_str() {
                    #(::core::option::Option::Some(#strings) => ::core::result::Result::Ok(Self::#idents),)*
                    _ => ::core::result::Result::Err(#rt::Mismatch("one of the enum's strings")),
                }
            }
        }

        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#rt::REDACTED)
            }
        }

        #blank
    }
}
