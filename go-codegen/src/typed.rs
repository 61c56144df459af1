//! The typed literal macro: `kyc::prefill!({ … })`, provided by every generated module,
//! expands here. The literal is checked like `gbg_go::prefill!`, then built directly as
//! the generated types (struct literals and checked constructors, no run-time parsing).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use gbg_go_schema::naming::pascal_case;
use gbg_go_schema::{Ir, Validator};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use serde_json::Value;
use syn::parse::{Parse, ParseStream};

use crate::hooks::Reshape;
use crate::literal::{
    check_literal, first_expr, has_exprs, parse_literal, runtime_tokens, Lit, LitKind, Mode,
};
use crate::plan::{DefKind, Plan, Ty};

struct Input {
    /// `prefill` or `try_prefill`: which of the module's macros expands.
    mode: Mode,
    /// The runtime crate's path in the module's crate (`Builder::crate_path`).
    krate: syn::Path,
    module: syn::Path,
    files: Vec<(String, String)>,
    /// The module's renames and replaced types (`Builder::rename`, `replace`).
    reshape: Reshape,
    literal: TokenStream,
}

/// `[("a", "b"), …]`.
fn pairs(input: ParseStream<'_>) -> syn::Result<Vec<(String, String)>> {
    let list;
    syn::bracketed!(list in input);
    let mut out = Vec::new();
    while !list.is_empty() {
        let pair;
        syn::parenthesized!(pair in list);
        let a: syn::LitStr = pair.parse()?;
        pair.parse::<syn::Token![,]>()?;
        let b: syn::LitStr = pair.parse()?;
        out.push((a.value(), b.value()));
        if !list.is_empty() {
            list.parse::<syn::Token![,]>()?;
        }
    }
    Ok(out)
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let which: syn::Ident = input.parse()?;
        let mode = match which.to_string().as_str() {
            "prefill" => Mode::Checked,
            "try_prefill" => Mode::Try,
            _ => {
                return Err(syn::Error::new(
                    which.span(),
                    "expected `prefill` or `try_prefill` (regenerate the module)",
                ))
            }
        };
        input.parse::<syn::Token![,]>()?;
        let krate = input.parse()?;
        input.parse::<syn::Token![,]>()?;
        let module = input.parse()?;
        input.parse::<syn::Token![,]>()?;
        let files = pairs(input)?;
        input.parse::<syn::Token![,]>()?;
        let renames = pairs(input)?;
        input.parse::<syn::Token![,]>()?;
        let replacements = pairs(input)?;
        input.parse::<syn::Token![,]>()?;
        Ok(Input {
            mode,
            krate,
            module,
            files,
            reshape: Reshape {
                renames,
                replacements,
            },
            literal: input.parse()?,
        })
    }
}

pub(crate) struct Loaded {
    validator: Validator,
    plan: Plan,
}

impl Loaded {
    /// The loaded schema with the plan its module was generated from.
    pub(crate) fn new(validator: Validator) -> Loaded {
        let plan = plan_of(&validator);
        Loaded { validator, plan }
    }
}

/// The hash a generated module carries (`__SCHEMA_FILES_SHA256`) of the schema bytes it
/// was generated from: every file's text, in the IR's order, each length-prefixed.
/// `prefill!(schema = …, module = …)` computes it for the file it loads and asserts
/// while compiling that the two agree.
pub fn schema_files_sha256(ir: &Ir) -> String {
    let mut bytes = Vec::new();
    for f in &ir.files {
        bytes.extend_from_slice(&(f.text.len() as u64).to_le_bytes());
        bytes.extend_from_slice(f.text.as_bytes());
    }
    gbg_go_schema::lock::sha256_hex(&bytes)
}

/// Parsed schemas by their embedded text (and the module's reshaping), so
/// invocations share one parse.
fn load(files: &[(String, String)], reshape: &Reshape) -> Result<Arc<Loaded>, String> {
    type Cache = Mutex<HashMap<(Vec<(String, String)>, Reshape), Arc<Loaded>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (files.to_vec(), reshape.clone());
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let (root_name, _) = files.first().ok_or("no schema embedded")?;
    let embedded: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let ir = gbg_go_schema::load_embedded(root_name, &embedded).map_err(|d| d.to_string())?;
    let mut loaded = Loaded::new(Validator::new(ir));
    crate::hooks::apply(&mut loaded.plan, reshape).map_err(|e| e.join("\n"))?;
    let loaded = Arc::new(loaded);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, Arc::clone(&loaded));
    }
    Ok(loaded)
}

/// Expand a generated module's `prefill!`.
///
/// # Errors
/// As [`crate::prefill::expand_prefill`]: every rule the literal breaks, on its token.
pub fn expand_typed(input: TokenStream, _default_crate: TokenStream) -> syn::Result<TokenStream> {
    let parsed: Input = syn::parse2(input)?;
    let (krate, module) = (&parsed.krate, &parsed.module);
    let ty = crate::prefill::output_type(&quote!(#krate), quote!(#module::Root), parsed.mode);
    Ok(expand_parsed(parsed).unwrap_or_else(|e| crate::prefill::error_value(e, &ty)))
}

fn expand_parsed(parsed: Input) -> syn::Result<TokenStream> {
    let Input {
        mode,
        krate,
        module,
        files,
        reshape,
        literal,
    } = parsed;
    let lit = parse_literal(literal)?;
    let try_macro = format!(
        "{}::try_prefill!",
        quote!(#module).to_string().replace(' ', "")
    );
    if mode == Mode::Checked {
        if let Some(span) = first_expr(&lit) {
            return Err(Mode::needs_try(span, "this Rust expression", &try_macro));
        }
    }
    let loaded = load(&files, &reshape).map_err(|e| {
        syn::Error::new(
            proc_macro2::Span::call_site(),
            format!("the embedded schema does not load (regenerate the module):\n{e}"),
        )
    })?;
    build_typed(
        &loaded.validator,
        &loaded.plan,
        &module,
        &quote!(#krate),
        &lit,
        mode,
        &try_macro,
    )
}

/// The plan a module generated from this schema has (the generator's own).
pub(crate) fn plan_of(validator: &Validator) -> Plan {
    let ir = validator.ir();
    Plan::build(ir, &pascal_case(&crate::schema_stem(&ir.files[0].name)))
}

/// The typed value of a checked literal, built from `module`'s types.
pub(crate) fn build_typed(
    validator: &Validator,
    plan: &Plan,
    module: &syn::Path,
    rt_crate: &TokenStream,
    lit: &Lit,
    mode: Mode,
    try_macro: &str,
) -> syn::Result<TokenStream> {
    let errors = check_literal(validator, lit);
    if let Some(e) = errors
        .into_iter()
        .map(|e| syn::Error::new(e.span, e.message))
        .reduce(|mut a, b| {
            a.combine(b);
            a
        })
    {
        return Err(e);
    }
    let b = Builder {
        ir: validator.ir(),
        validator,
        plan,
        module,
        rt: quote!(#rt_crate::__private),
        foreign: std::cell::RefCell::new(Vec::new()),
    };
    let value = b.build(&plan.root, lit, "")?;
    let root = quote!(#module::Root);
    let value = if plan.root_is_newtype() {
        let rt = &b.rt;
        quote!(#root::__checked(#rt::Checked, #value))
    } else {
        value
    };
    let built = if has_exprs(lit) {
        quote!({
            let root: #root = #value;
            root.validate().map(|()| root)
        })
    } else {
        quote!({
            let root: #root = #value;
            root
        })
    };
    let foreign = b.foreign.into_inner();
    if mode == Mode::Checked && !foreign.is_empty() {
        return Err(Mode::needs_try(
            lit.span,
            "this literal reaches a place held by a type of your own (Builder::replace), whose `Deserialize` builds it, so it",
            try_macro,
        ));
    }
    if foreign.is_empty() {
        return Ok(match (mode, has_exprs(lit)) {
            (Mode::Try, false) => {
                quote!(::core::result::Result::<#root, #rt_crate::ValidationError>::Ok(#built))
            }
            _ => built,
        });
    }
    // Values of the user's own types are built by their `Deserialize` at run time,
    // one after the other; the first refusal is the error. Nested matches, not a
    // closure with `?`: a `?` in the user's expressions keeps meaning the user's own
    // function.
    let mut nested = if has_exprs(lit) {
        built
    } else {
        quote!(::core::result::Result::<#root, #rt_crate::ValidationError>::Ok(#built))
    };
    for (i, make) in foreign.iter().enumerate().rev() {
        let id = format_ident!("__gbg_go_foreign_{}", i);
        nested = quote!(match #make {
            ::core::result::Result::Ok(#id) => #nested,
            ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
        });
    }
    Ok(nested)
}

struct Builder<'a> {
    ir: &'a Ir,
    validator: &'a Validator,
    plan: &'a Plan,
    module: &'a syn::Path,
    rt: TokenStream,
    /// The expressions that build values of the user's own types (replaced
    /// places), bound to `__gbg_go_foreign_<i>` before the value is built.
    foreign: std::cell::RefCell<Vec<TokenStream>>,
}

impl Builder<'_> {
    /// The tokens that build `lit` as a value of type `ty` (at payload pointer `at`).
    fn build(&self, ty: &Ty, lit: &Lit, at: &str) -> syn::Result<TokenStream> {
        let rt = &self.rt;
        let module = self.module;
        if let LitKind::Expr(e) = &lit.kind {
            return Ok(self.expr(ty, e, lit));
        }
        Ok(match ty {
            Ty::String => match &lit.kind {
                LitKind::String(s) => quote!(::std::string::String::from(#s)),
                _ => return Err(self.mismatch(lit, "a string")),
            },
            Ty::I64 => match &lit.kind {
                LitKind::Number(n) => match n
                    .as_i64()
                    .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                {
                    Some(i) => {
                        let l = Literal::i64_suffixed(i);
                        quote!(#l)
                    }
                    None => return Err(self.mismatch(lit, "an integer that fits in i64")),
                },
                _ => return Err(self.mismatch(lit, "an integer")),
            },
            Ty::F64 => match &lit.kind {
                LitKind::Number(n) => {
                    let l = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                    quote!(#l)
                }
                _ => return Err(self.mismatch(lit, "a number")),
            },
            Ty::Bool => match &lit.kind {
                LitKind::Bool(b) => quote!(#b),
                _ => return Err(self.mismatch(lit, "a boolean")),
            },
            Ty::Unit => quote!(()),
            Ty::Value => runtime_tokens(self.ir, lit, rt),
            Ty::External(path) => {
                let t: syn::Type = syn::parse_str(path)?;
                let json = runtime_tokens(self.ir, lit, rt);
                let mut foreign = self.foreign.borrow_mut();
                let id = format_ident!("__gbg_go_foreign_{}", foreign.len());
                foreign.push(quote!(#rt::foreign_literal::<#t>(#json, #at)));
                quote!(#id)
            }
            Ty::Vec(t) => match &lit.kind {
                LitKind::Array(items) => {
                    let items = items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| self.build(t, v, &format!("{at}/{i}")))
                        .collect::<syn::Result<Vec<_>>>()?;
                    quote!(::std::vec![#(#items),*])
                }
                _ => return Err(self.mismatch(lit, "an array")),
            },
            Ty::Map(t) => match &lit.kind {
                LitKind::Object { members, .. } => {
                    let entries = members
                        .iter()
                        .map(|m| {
                            let k = &m.key;
                            let v = self.build(
                                t,
                                &m.value,
                                &format!("{at}/{}", gbg_go_schema::source::escape_token(k)),
                            )?;
                            Ok(quote!((::std::string::String::from(#k), #v)))
                        })
                        .collect::<syn::Result<Vec<_>>>()?;
                    quote!(::std::collections::BTreeMap::from([#(#entries),*]))
                }
                _ => return Err(self.mismatch(lit, "an object")),
            },
            Ty::Option(t) => match &lit.kind {
                LitKind::Null => quote!(::core::option::Option::None),
                _ => {
                    let inner = self.build(t, lit, at)?;
                    quote!(::core::option::Option::Some(#inner))
                }
            },
            Ty::Boxed(t) => {
                let inner = self.build(t, lit, at)?;
                quote!(::std::boxed::Box::new(#inner))
            }
            Ty::Named(d) => {
                let def = &self.plan.defs[*d];
                let name = format_ident!("{}", def.name);
                match &def.kind {
                    DefKind::Newtype { inner } => {
                        let v = self.build(inner, lit, at)?;
                        quote!(#module::#name::__checked(#rt::checked(), #v))
                    }
                    DefKind::StringEnum { variants } => match &lit.kind {
                        LitKind::String(s) => match variants.iter().find(|(_, json)| json == s) {
                            Some((ident, _)) => {
                                let v = format_ident!("{}", ident);
                                quote!(#module::#name::#v)
                            }
                            None => return Err(self.mismatch(lit, "one of the enum's strings")),
                        },
                        _ => return Err(self.mismatch(lit, "a string")),
                    },
                    DefKind::Union { variants } => {
                        let value = self.json_of(lit);
                        let chosen = variants.iter().find(|(_, validator, _)| {
                            self.validator
                                .validate_at(self.plan.validators[*validator], &value)
                                .is_empty()
                        });
                        let Some((ident, _, vty)) = chosen else {
                            return Err(syn::Error::new(lit.span, "cannot tell which alternative this value is while compiling; write it without Rust expressions, or build it yourself"));
                        };
                        let v = format_ident!("{}", ident);
                        let inner = self.build(vty, lit, at)?;
                        quote!(#module::#name::#v(#inner))
                    }
                    DefKind::Struct {
                        fields,
                        extra,
                        sealed,
                    } => {
                        let LitKind::Object { members, .. } = &lit.kind else {
                            return Err(self.mismatch(lit, "an object"));
                        };
                        let mut values = Vec::new();
                        for f in fields {
                            let child =
                                format!("{at}/{}", gbg_go_schema::source::escape_token(&f.json));
                            let v = match members.iter().find(|m| m.key == f.json) {
                                Some(m) if f.required => self.build(&f.ty, &m.value, &child)?,
                                Some(m) => {
                                    let inner = self.build(&f.ty, &m.value, &child)?;
                                    quote!(::core::option::Option::Some(#inner))
                                }
                                None if f.required => {
                                    return Err(syn::Error::new(
                                        lit.span,
                                        format!("missing required property `{}`", f.json),
                                    ))
                                }
                                None => quote!(::core::option::Option::None),
                            };
                            values.push((format_ident!("{}", f.ident), v, f.required));
                        }
                        let extra_value = match extra {
                            Some((_, xty)) => {
                                let entries = members
                                    .iter()
                                    .filter(|m| !fields.iter().any(|f| f.json == m.key))
                                    .map(|m| {
                                        let k = &m.key;
                                        let v = self.build(
                                            xty,
                                            &m.value,
                                            &format!(
                                                "{at}/{}",
                                                gbg_go_schema::source::escape_token(k)
                                            ),
                                        )?;
                                        Ok(quote!((::std::string::String::from(#k), #v)))
                                    })
                                    .collect::<syn::Result<Vec<_>>>()?;
                                Some(quote!(::std::collections::BTreeMap::from([#(#entries),*])))
                            }
                            None => None,
                        };
                        if *sealed {
                            // `__checked` takes the required members first, then the
                            // optional ones (as `impl_accessors!` declares it), not
                            // the schema's order.
                            let args = values
                                .iter()
                                .filter(|(_, _, required)| *required)
                                .chain(values.iter().filter(|(_, _, required)| !*required))
                                .map(|(_, v, _)| v);
                            let extra_arg = extra_value.iter();
                            quote!(#module::#name::__checked(#rt::checked(), #(#args,)* #(#extra_arg,)*))
                        } else {
                            let inits = values.iter().map(|(id, v, _)| quote!(#id: #v));
                            let extra_init =
                                extra.as_ref().zip(extra_value.as_ref()).map(|((x, _), v)| {
                                    let id = format_ident!("{}", x);
                                    quote!(#id: #v,)
                                });
                            quote!(#module::#name { #(#inits,)* #extra_init })
                        }
                    }
                    DefKind::Pending => return Err(self.mismatch(lit, "a value")),
                }
            }
        })
    }

    /// A Rust expression where a value of `ty` goes: converted into it with `Into`
    /// (checked by the compiler under the expression), or taken as is for generated
    /// types. The whole value is validated before it is handed out.
    fn expr(&self, ty: &Ty, e: &TokenStream, lit: &Lit) -> TokenStream {
        let rt = &self.rt;
        let module = self.module;
        let span = lit.span;
        match ty {
            Ty::String => {
                quote_spanned!(span=> ::core::convert::Into::<::std::string::String>::into(#e))
            }
            Ty::I64 => quote_spanned!(span=> ::core::convert::Into::<i64>::into(#e)),
            Ty::F64 => quote_spanned!(span=> ::core::convert::Into::<f64>::into(#e)),
            Ty::Value => quote_spanned!(span=> #rt::expr_json(#e)),
            Ty::Option(t) => {
                let inner = self.expr(t, e, lit);
                quote_spanned!(span=> ::core::option::Option::Some(#inner))
            }
            Ty::Boxed(t) => {
                let inner = self.expr(t, e, lit);
                quote_spanned!(span=> ::std::boxed::Box::new(#inner))
            }
            Ty::Named(d) => match &self.plan.defs[*d].kind {
                DefKind::Newtype { inner } => {
                    let name = format_ident!("{}", self.plan.defs[*d].name);
                    let v = self.expr(inner, e, lit);
                    quote_spanned!(span=> #module::#name::__checked(#rt::checked(), #v))
                }
                _ => quote_spanned!(span=> #e),
            },
            _ => quote_spanned!(span=> #e),
        }
    }

    fn json_of(&self, lit: &Lit) -> Value {
        crate::literal::to_json_value(lit)
    }

    fn mismatch(&self, lit: &Lit, expected: &str) -> syn::Error {
        syn::Error::new(
            lit.span,
            format!("expected {expected} here (the generated type needs it)"),
        )
    }
}
