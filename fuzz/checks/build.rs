//! Generates a module per fixture schema (the `generated_*` targets feed them), and
//! `types.rs`: every generated type with its schema location and `validate_json`, for
//! `generated_validate_json`. The types are read from the generated files' per-type
//! `impl_common!` calls (type name first, schema location last); a module in which
//! none is found fails the build, so a change to generated code's shape cannot leave
//! the target with nothing to check.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The fixtures, in `gbg_go_fuzz_checks::FIXTURES` order (seeds' first byte).
const FIXTURES: &[&str] = &[
    "kyc",
    "biometrics",
    "us-ssn",
    "kyc-2020",
    "address-history",
    "basic-identity",
    "consent",
    "contacts",
    "passport-document",
    "split-address",
];

fn main() {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let mut b = gbg_go_codegen::Builder::new();
    for stem in FIXTURES {
        b.schema(schemas.join(format!("{stem}.json")));
    }
    if let Err(e) = b.compile() {
        panic!("{e}");
    }
    let mut table = String::from("pub static TYPES: &[TypeCase] = &[\n");
    for (fixture, stem) in FIXTURES.iter().enumerate() {
        let module = stem.replace('-', "_");
        let path = out.join(format!("{module}.rs"));
        let code = std::fs::read_to_string(&path).expect("generated module");
        let file = syn::parse_file(&code).expect("generated code parses");
        let mut found = 0;
        for item in &file.items {
            let syn::Item::Macro(m) = item else { continue };
            if m.mac
                .path
                .segments
                .last()
                .is_none_or(|s| s.ident != "impl_common")
            {
                continue;
            }
            let tokens: Vec<proc_macro2::TokenTree> = m.mac.tokens.clone().into_iter().collect();
            let Some(proc_macro2::TokenTree::Ident(name)) = tokens.first() else {
                panic!("{module}: impl_common! without a type name");
            };
            let Some(proc_macro2::TokenTree::Literal(lit)) = tokens.last() else {
                panic!("{module}: impl_common! without a schema location");
            };
            let location: syn::LitStr = syn::parse_str(&lit.to_string()).expect("a string literal");
            writeln!(
                table,
                "    TypeCase {{ fixture: {fixture}, name: \"{module}::{name}\", location: {:?}, validate_json: crate::{module}::{name}::validate_json }},",
                location.value()
            )
            .unwrap();
            found += 1;
        }
        assert!(found > 0, "no generated type found in {module}.rs: the shape of generated code changed; update fuzz/checks/build.rs");
    }
    table.push_str("];\n");
    std::fs::write(out.join("types.rs"), table).expect("write types.rs");
}
