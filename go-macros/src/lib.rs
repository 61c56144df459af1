//! Procedural macros for gbg-go, re-exported by the `gbg-go` crate behind its default
//! `macros` feature. A shim: all logic lives in `gbg-go-codegen`, where it is unit
//! tested; this crate only converts token types.

use proc_macro::TokenStream;

/// Check a task document against a schema while compiling. See `gbg_go::prefill!`.
#[proc_macro]
pub fn prefill(input: TokenStream) -> TokenStream {
    gbg_go_codegen::prefill::expand_prefill(
        input.into(),
        quote::quote!(::gbg_go),
        gbg_go_codegen::literal::Mode::Checked,
    )
    .unwrap_or_else(gbg_go_codegen::prefill::error_tokens)
    .into()
}

/// `prefill!` for a literal that may hold Rust expressions. See `gbg_go::try_prefill!`.
#[proc_macro]
pub fn try_prefill(input: TokenStream) -> TokenStream {
    gbg_go_codegen::prefill::expand_prefill(
        input.into(),
        quote::quote!(::gbg_go),
        gbg_go_codegen::literal::Mode::Try,
    )
    .unwrap_or_else(gbg_go_codegen::prefill::error_tokens)
    .into()
}

/// Prove that a struct or enum maps onto the schema at a place. See `gbg_go::Prefill`.
#[proc_macro_derive(Prefill, attributes(prefill))]
pub fn derive_prefill(input: TokenStream) -> TokenStream {
    gbg_go_codegen::derive::expand_derive(input.into(), quote::quote!(::gbg_go))
        .unwrap_or_else(syn_error)
        .into()
}

fn syn_error(e: gbg_go_codegen::derive::Error) -> proc_macro2::TokenStream {
    e.into_compile_error()
}

/// What `gbg_go::include_schema!` expands to: `include!` of `$OUT_DIR/<name>.rs`,
/// or one error listing the generated modules.
#[doc(hidden)]
#[proc_macro]
pub fn include_generated(input: TokenStream) -> TokenStream {
    gbg_go_codegen::include::expand_include(input.into())
        .unwrap_or_else(|e| e.into_compile_error())
        .into()
}

/// The typed literal macro behind every generated module's `prefill!`. Not called
/// directly: generated code passes it the module name and the embedded schema.
#[doc(hidden)]
#[proc_macro]
pub fn typed_prefill(input: TokenStream) -> TokenStream {
    gbg_go_codegen::typed::expand_typed(input.into(), quote::quote!(::gbg_go))
        .unwrap_or_else(gbg_go_codegen::prefill::error_tokens)
        .into()
}
