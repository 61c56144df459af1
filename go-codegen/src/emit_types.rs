//! Emit the Rust items of a plan: structs, enums and newtypes with serde support,
//! validating `Deserialize`, `validate()`, and `Debug` that redacts values.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit_validate::{validator_ident, Ctx};
use crate::plan::{Def, DefKind, Field, Ty};

impl Ctx<'_> {
    pub(crate) fn ty(&self, ty: &Ty) -> TokenStream {
        let rt = self.rt;
        match ty {
            Ty::String => quote!(::std::string::String),
            Ty::I64 => quote!(i64),
            Ty::F64 => quote!(f64),
            Ty::Bool => quote!(bool),
            Ty::Unit => quote!(()),
            Ty::Value => quote!(#rt::Value),
            Ty::Vec(t) => {
                let t = self.ty(t);
                quote!(::std::vec::Vec<#t>)
            }
            Ty::Map(t) => {
                let t = self.ty(t);
                quote!(::std::collections::BTreeMap<::std::string::String, #t>)
            }
            Ty::Option(t) => {
                let t = self.ty(t);
                quote!(::core::option::Option<#t>)
            }
            Ty::Boxed(t) => {
                let t = self.ty(t);
                quote!(::std::boxed::Box<#t>)
            }
            Ty::Named(d) => {
                let name = format_ident!("{}", self.plan.defs[*d].name);
                quote!(#name)
            }
        }
    }

    /// Every item of the plan.
    pub(crate) fn items(
        &self,
        serde_crate: &str,
        reveal: &dyn Fn(&Def, &Field) -> bool,
    ) -> TokenStream {
        let items = self
            .plan
            .defs
            .iter()
            .map(|d| self.item(d, serde_crate, reveal));
        quote!(#(#items)*)
    }

    fn item(
        &self,
        def: &Def,
        serde_crate: &str,
        reveal: &dyn Fn(&Def, &Field) -> bool,
    ) -> TokenStream {
        let rt = self.rt;
        let name = format_ident!("{}", def.name);
        let name_str = def.name.as_str();
        let validator = validator_ident(def.validator);
        let node = self.ir.node(def.node);
        let doc = doc_attr(node.description.as_deref().or(node.title.as_deref()));
        let loc = format!(" Schema: `{}`.", self.location(def.node));
        let (body, from_json, debug) = match &def.kind {
            DefKind::Struct { fields, extra } => {
                self.struct_parts(def, fields, extra.as_ref(), reveal)
            }
            DefKind::StringEnum { variants } => self.enum_parts(variants),
            DefKind::Newtype { inner } => self.newtype_parts(def, inner),
            DefKind::Union { variants } => self.union_parts(variants),
            DefKind::Pending => (
                quote!(;),
                quote!(::core::result::Result::Err(#rt::Mismatch("a planned type"))),
                quote!(f.write_str(#rt::REDACTED)),
            ),
        };
        let (keyword, derives, extra_attrs) = match &def.kind {
            DefKind::StringEnum { .. } => (
                quote!(enum),
                quote!(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord),
                TokenStream::new(),
            ),
            DefKind::Union { .. } => (
                quote!(enum),
                quote!(Clone, PartialEq),
                quote!(#[serde(untagged)]),
            ),
            DefKind::Newtype { .. } => (
                quote!(struct),
                quote!(Clone, PartialEq),
                quote!(#[serde(transparent)]),
            ),
            _ => (quote!(struct), quote!(Clone, PartialEq), TokenStream::new()),
        };
        let trait_impls = match &def.kind {
            DefKind::Newtype { inner } => {
                let t = self.ty(inner);
                quote! {
                    impl ::core::convert::TryFrom<#t> for #name {
                        type Error = #rt::ValidationError;
                        fn try_from(value: #t) -> ::core::result::Result<Self, Self::Error> {
                            Self::new(value)
                        }
                    }
                }
            }
            DefKind::Struct { fields, .. } if fields.iter().all(|f| !f.required) => quote! {
                impl ::core::default::Default for #name {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            },
            _ => TokenStream::new(),
        };
        let constructors = match &def.kind {
            DefKind::Newtype { inner } => self.newtype_api(inner),
            DefKind::StringEnum { variants } => enum_api(variants),
            DefKind::Struct { fields, extra } => self.struct_api(fields, extra.as_ref()),
            _ => TokenStream::new(),
        };
        quote! {
            #doc
            #[doc = ""]
            #[doc = #loc]
            #[derive(#derives, #rt::serde::Serialize)]
            #[serde(crate = #serde_crate)]
            #extra_attrs
            pub #keyword #name #body

            impl #name {
                #constructors

                /// Check every rule of this type's schema against the value.
                ///
                /// # Errors
                /// Every violation, with its JSON pointer and rule (never the value).
                pub fn validate(&self) -> ::core::result::Result<(), #rt::ValidationError> {
                    #rt::check_typed(self, #validator, #name_str)
                }

                /// Check a JSON value against this type's schema without building the type.
                ///
                /// # Errors
                /// Every violation, with its JSON pointer and rule (never the value).
                pub fn validate_json(value: &#rt::Value) -> ::core::result::Result<(), #rt::ValidationError> {
                    #rt::check(value, #validator, #name_str)
                }
            }

            #trait_impls

            impl<'de> #rt::serde::Deserialize<'de> for #name {
                fn deserialize<D: #rt::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    #rt::deserialize(d, #validator, #name_str)
                }
            }

            impl #rt::FromJson for #name {
                fn from_json(v: #rt::Value) -> ::core::result::Result<Self, #rt::Mismatch> {
                    #from_json
                }
            }

            impl ::core::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #debug
                }
            }

            impl #rt::PiiDebug for #name {
                fn fmt_pii(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Debug::fmt(self, f)
                }
            }
        }
    }

    fn struct_parts(
        &self,
        def: &Def,
        fields: &[Field],
        extra: Option<&(String, Ty)>,
        reveal: &dyn Fn(&Def, &Field) -> bool,
    ) -> (TokenStream, TokenStream, TokenStream) {
        let rt = self.rt;
        let name_str = def.name.as_str();
        let mut decls = Vec::new();
        let mut inits = Vec::new();
        let mut dbg = Vec::new();
        for f in fields {
            let ident = format_ident!("{}", f.ident);
            let base = self.ty(&f.ty);
            let json = f.json.as_str();
            let doc = doc_attr(f.doc.as_deref());
            let rename = (f.ident != f.json).then(|| quote!(rename = #json,));
            if f.required {
                decls.push(quote!(#doc #[serde(#rename)] pub #ident: #base,));
                inits.push(quote!(#ident: #rt::field(&mut m, #json)?,));
            } else {
                decls.push(quote! {
                    #doc
                    #[serde(#rename skip_serializing_if = "::core::option::Option::is_none")]
                    pub #ident: ::core::option::Option<#base>,
                });
                inits.push(quote!(#ident: #rt::opt_field(&mut m, #json)?,));
            }
            let label = f.ident.as_str();
            if reveal(def, f) {
                dbg.push(quote!(.field(#label, &#rt::Reveal(&self.#ident))));
            } else {
                dbg.push(quote!(.field(#label, &#rt::Redact(&self.#ident))));
            }
        }
        if let Some((ident, ty)) = extra {
            let id = format_ident!("{}", ident);
            let t = self.ty(ty);
            decls.push(quote! {
                /// Members the schema does not declare, kept so nothing is lost on a round trip.
                #[serde(flatten)]
                pub #id: ::std::collections::BTreeMap<::std::string::String, #t>,
            });
            inits.push(quote!(#id: #rt::rest(m)?,));
            dbg.push(quote!(.field(#ident, &#rt::Redact(&self.#id))));
        }
        let needs_mut = !fields.is_empty();
        let binding = if needs_mut {
            quote!(let mut m = #rt::object(v)?;)
        } else {
            quote!(let m = #rt::object(v)?;)
        };
        (
            quote!({ #(#decls)* }),
            quote! {
                #binding
                ::core::result::Result::Ok(Self { #(#inits)* })
            },
            quote!(f.debug_struct(#name_str) #(#dbg)* .finish()),
        )
    }

    /// `new(required fields…)`: optional fields start as `None`, `extra` empty.
    fn struct_api(&self, fields: &[Field], extra: Option<&(String, Ty)>) -> TokenStream {
        let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
        let params = required.iter().map(|f| {
            let id = format_ident!("{}", f.ident);
            let t = self.ty(&f.ty);
            quote!(#id: #t)
        });
        let inits = fields.iter().map(|f| {
            let id = format_ident!("{}", f.ident);
            if f.required {
                quote!(#id,)
            } else {
                quote!(#id: ::core::option::Option::None,)
            }
        });
        let extra_init = extra.map(|(ident, _)| {
            let id = format_ident!("{}", ident);
            quote!(#id: ::std::collections::BTreeMap::new(),)
        });
        let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            /// A value with the required members set and every optional one absent.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* #extra_init }
            }
        }
    }

    fn enum_parts(&self, variants: &[(String, String)]) -> (TokenStream, TokenStream, TokenStream) {
        let rt = self.rt;
        let decls = variants.iter().map(|(ident, json)| {
            let id = format_ident!("{}", ident);
            let doc = format!(" `{json}`");
            quote!(#[doc = #doc] #[serde(rename = #json)] #id,)
        });
        let arms = variants.iter().map(|(ident, json)| {
            let id = format_ident!("{}", ident);
            quote!(::core::option::Option::Some(#json) => ::core::result::Result::Ok(Self::#id),)
        });
        (
            quote!({ #(#decls)* }),
            quote! {
                match v.as_str() {
                    #(#arms)*
                    _ => ::core::result::Result::Err(#rt::Mismatch("one of the enum's strings")),
                }
            },
            quote!(f.write_str(#rt::REDACTED)),
        )
    }

    fn newtype_parts(&self, def: &Def, inner: &Ty) -> (TokenStream, TokenStream, TokenStream) {
        let rt = self.rt;
        let t = self.ty(inner);
        let name_str = def.name.as_str();
        (
            quote!((#t);),
            quote!(::core::result::Result::Ok(Self(#rt::FromJson::from_json(v)?))),
            quote!(f.debug_tuple(#name_str).field(&#rt::Redact(&self.0)).finish()),
        )
    }

    fn newtype_api(&self, inner: &Ty) -> TokenStream {
        let rt = self.rt;
        let t = self.ty(inner);
        let (param, conv) = if *inner == Ty::String {
            (
                quote!(value: impl ::core::convert::Into<::std::string::String>),
                quote!(value.into()),
            )
        } else {
            (quote!(value: #t), quote!(value))
        };
        quote! {
            /// Build a value, checking every rule of its schema.
            ///
            /// # Errors
            /// Every violated rule (the value itself is never included).
            pub fn new(#param) -> ::core::result::Result<Self, #rt::ValidationError> {
                let this = Self(#conv);
                this.validate()?;
                ::core::result::Result::Ok(this)
            }

            /// The checked value.
            pub fn get(&self) -> &#t {
                &self.0
            }

            /// The checked value, by value.
            pub fn into_inner(self) -> #t {
                self.0
            }
        }
    }

    fn union_parts(
        &self,
        variants: &[(String, usize, Ty)],
    ) -> (TokenStream, TokenStream, TokenStream) {
        let rt = self.rt;
        let decls = variants.iter().map(|(ident, _, ty)| {
            let id = format_ident!("{}", ident);
            let t = self.ty(ty);
            quote!(#id(#t),)
        });
        let tries = variants.iter().map(|(ident, validator, _)| {
            let id = format_ident!("{}", ident);
            let f = validator_ident(*validator);
            quote! {
                if #rt::valid(&v, &#rt::Path::ROOT, #f) {
                    return ::core::result::Result::Ok(Self::#id(#rt::FromJson::from_json(v)?));
                }
            }
        });
        let dbg = variants.iter().map(|(ident, _, _)| {
            let id = format_ident!("{}", ident);
            let label = ident.as_str();
            quote!(Self::#id(x) => f.debug_tuple(#label).field(&#rt::Redact(x)).finish(),)
        });
        (
            quote!({ #(#decls)* }),
            quote! {
                #(#tries)*
                ::core::result::Result::Err(#rt::Mismatch("one of the alternatives"))
            },
            quote!(match self { #(#dbg)* }),
        )
    }
}

fn enum_api(variants: &[(String, String)]) -> TokenStream {
    let arms = variants.iter().map(|(ident, json)| {
        let id = format_ident!("{}", ident);
        quote!(Self::#id => #json,)
    });
    quote! {
        /// The JSON string of this value.
        pub fn as_str(&self) -> &'static str {
            match self { #(#arms)* }
        }
    }
}

/// `#[doc = "…"]` lines from a description; nothing when there is none.
fn doc_attr(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = text
        .lines()
        .map(|l| Literal::string(&format!(" {}", l.trim_end())));
    quote!(#(#[doc = #lines])*)
}
