//! The expansion of `gbg_go::prefill!(schema = "path", { … })`, as a plain function:
//! the macro crate only converts token types.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use gbg_go_schema::Validator;
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};

use crate::literal::{check_literal, first_expr, has_exprs, parse_literal, runtime_tokens, Mode};

/// Environment variable that replaces `CARGO_MANIFEST_DIR` as the base of relative
/// schema paths. trybuild compiles UI tests in a crate of its own, so tests set it to
/// the real crate's folder.
pub const MANIFEST_DIR_OVERRIDE: &str = "GBG_GO_MANIFEST_DIR";

struct Input {
    schema: syn::LitStr,
    /// `module = path::to::kyc`: build that generated module's `Root` (the typed form
    /// from any crate) instead of a `Payload`.
    module: Option<syn::Path>,
    literal: TokenStream,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let first = "expected `schema = \"path/to/task-schema.json\",` before the literal";
        let key: syn::Ident = input
            .parse()
            .map_err(|e| syn::Error::new(e.span(), first))?;
        if key != "schema" {
            return Err(syn::Error::new(
                key.span(),
                "expected `schema = \"path/to/task-schema.json\"`",
            ));
        }
        input.parse::<syn::Token![=]>()?;
        let schema = input.parse()?;
        input.parse::<syn::Token![,]>()?;
        let module = if input.peek(syn::Ident) && input.peek2(syn::Token![=]) {
            let key: syn::Ident = input.parse()?;
            if key != "module" {
                return Err(syn::Error::new(
                    key.span(),
                    "expected `module = path::to::generated_module,` or the literal",
                ));
            }
            input.parse::<syn::Token![=]>()?;
            let path = input.parse()?;
            input.parse::<syn::Token![,]>()?;
            Some(path)
        } else {
            None
        };
        let literal = input.parse()?;
        Ok(Input {
            schema,
            module,
            literal,
        })
    }
}

/// A loaded schema and the files it was built from (for rebuilds and embedding).
pub(crate) struct Loaded {
    pub(crate) validator: Validator,
    pub(crate) files: Vec<(PathBuf, Vec<u8>)>,
}

/// Schemas parsed in this compiler process, so a hundred invocations against one
/// schema parse it once. An entry is reused only while every file it read is
/// byte-for-byte the same.
fn cache() -> &'static Mutex<HashMap<PathBuf, Arc<Loaded>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Loaded>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

impl Loaded {
    /// `(path, include_bytes!(path))` for every file the schema was built from.
    /// `include_bytes!` makes each one an input of the invoking crate, so editing it
    /// triggers a rebuild (`tracked_path` is nightly-only), and embeds the schema for
    /// run-time validation.
    pub(crate) fn embedded_files(&self) -> Vec<TokenStream> {
        self.files
            .iter()
            .map(|(p, _)| {
                let p = p.to_string_lossy().into_owned();
                quote!((#p, ::core::include_bytes!(#p) as &[u8]))
            })
            .collect()
    }
}

pub(crate) fn load(path: &Path, name: &str) -> Result<Arc<Loaded>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    if let Some(hit) = cache().lock().ok().and_then(|c| c.get(path).cloned()) {
        let fresh = hit.files.iter().enumerate().all(|(i, (p, b))| {
            if i == 0 {
                *b == bytes
            } else {
                std::fs::read(p).is_ok_and(|now| now == *b)
            }
        });
        if fresh {
            return Ok(hit);
        }
    }
    let ir = gbg_go_schema::load_bytes(path, name, &bytes).map_err(|d| d.to_string())?;
    let files = ir
        .files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                if f.path == path {
                    bytes.clone()
                } else {
                    std::fs::read(&f.path).unwrap_or_default()
                },
            )
        })
        .collect();
    let loaded = Arc::new(Loaded {
        validator: Validator::new(ir),
        files,
    });
    if let Ok(mut c) = cache().lock() {
        c.insert(path.to_path_buf(), Arc::clone(&loaded));
    }
    Ok(loaded)
}

pub(crate) fn manifest_dir() -> PathBuf {
    std::env::var_os(MANIFEST_DIR_OVERRIDE)
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Expand `prefill!`.
///
/// # Errors
/// Every problem as spanned errors: a malformed invocation or literal, a schema that
/// does not load (on the path literal, with the file's line:col), and every rule the
/// literal breaks (on the offending token).
pub fn expand_prefill(
    input: TokenStream,
    rt_crate: TokenStream,
    mode: Mode,
) -> Result<TokenStream, syn::Error> {
    let parsed: Input = syn::parse2(input)?;
    let root = match &parsed.module {
        Some(m) => quote!(#m::Root),
        None => quote!(#rt_crate::Payload),
    };
    let ty = output_type(&rt_crate, root, mode);
    Ok(expand_parsed(parsed, rt_crate, mode).unwrap_or_else(|e| error_value(e, &ty)))
}

/// The type a literal macro evaluates to: `root`, or a `Result` of it for `try_prefill!`.
pub(crate) fn output_type(rt_crate: &TokenStream, root: TokenStream, mode: Mode) -> TokenStream {
    match mode {
        Mode::Checked => root,
        Mode::Try => quote!(::core::result::Result<#root, #rt_crate::ValidationError>),
    }
}

/// The tokens for a failed expansion whose type is known: every error, then a value
/// of the macro's own type that does not diverge, so code after the call gets no
/// spurious "unreachable statement" warning (only the real errors show).
pub(crate) fn error_value(e: syn::Error, ty: &TokenStream) -> TokenStream {
    let errors = e.into_compile_error();
    quote!({ #errors ::core::option::Option::<#ty>::None.unwrap() })
}

fn expand_parsed(
    parsed: Input,
    rt_crate: TokenStream,
    mode: Mode,
) -> Result<TokenStream, syn::Error> {
    let Input {
        schema,
        module,
        literal,
    } = parsed;
    let lit = parse_literal(literal)?;
    if mode == Mode::Checked {
        if let Some(span) = first_expr(&lit) {
            return Err(Mode::needs_try(
                span,
                "this Rust expression",
                "gbg_go::try_prefill!",
            ));
        }
    }
    let rel = schema.value();
    let path = manifest_dir().join(&rel);
    let loaded = load(&path, &rel).map_err(|e| {
        syn::Error::new(
            schema.span(),
            format!("schema `{rel}` cannot be used:\n{e}"),
        )
    })?;
    let errors = check_literal(&loaded.validator, &lit);
    if let Some(combined) = errors
        .into_iter()
        .map(|e| syn::Error::new(e.span, e.message))
        .reduce(|mut a, b| {
            a.combine(b);
            a
        })
    {
        return Err(combined);
    }
    let rt = quote!(#rt_crate::__private);
    if let Some(module) = module {
        // The typed form from any crate: the module's types, built directly, and a
        // check while compiling that the module was generated from these bytes.
        let plan = crate::typed::plan_of(&loaded.validator);
        let value = crate::typed::build_typed(
            &loaded.validator,
            &plan,
            &module,
            &rt_crate,
            &lit,
            mode,
            "gbg_go::try_prefill!",
        )?;
        let hash = crate::typed::schema_files_sha256(loaded.validator.ir());
        let message = format!(
            "the module was generated from other schema bytes than `{rel}`: regenerate it, or point `schema =` at the file it was generated from"
        );
        let files = loaded.embedded_files();
        let reshaped = "the module's types were renamed or replaced (Builder::rename, Builder::replace), which this form cannot know: use the module's own `prefill!` in its crate";
        return Ok(quote! {{
            const _: &[(&str, &[u8])] = &[#(#files),*];
            const _: () = ::core::assert!(#rt::same_str(#module::__SCHEMA_FILES_SHA256, #hash), #message);
            const _: () = ::core::assert!(!#module::__RESHAPED, #reshaped);
            #value
        }});
    }
    let json = runtime_tokens(loaded.validator.ir(), &lit, &rt);
    let files = loaded.embedded_files();
    let span = Span::call_site();
    match (mode, has_exprs(&lit)) {
        (Mode::Try, true) => Ok(quote_spanned! {span=> {
            static __GBG_GO_FILES: &[(&str, &[u8])] = &[#(#files),*];
            #rt::payload_at_run_time(#rel, __GBG_GO_FILES, #json)
        }}),
        (Mode::Try, false) => Ok(quote_spanned! {span=> {
            const _: &[(&str, &[u8])] = &[#(#files),*];
            ::core::result::Result::<#rt_crate::Payload, #rt_crate::ValidationError>::Ok(
                #rt::payload_checked_at_compile_time(#json)
            )
        }}),
        (Mode::Checked, _) => Ok(quote_spanned! {span=> {
            const _: &[(&str, &[u8])] = &[#(#files),*];
            #rt::payload_checked_at_compile_time(#json)
        }}),
    }
}

/// The tokens for an expansion that failed before its type was known (a malformed
/// invocation): every error, in an expression that still type-checks wherever a
/// value was expected.
pub fn error_tokens(e: syn::Error) -> TokenStream {
    let errors = e.into_compile_error();
    quote!({ #errors loop {} })
}
