//! Generates a module per fixture schema (the `generated_*` targets feed them), and
//! `types.rs`: every generated type with its schema location and `validate_json`, for
//! `generated_validate_json`. The types are read from the generated files' per-type
//! facts (`impl __rt::Generated for <Type>`, with its `LOCATION`); a module in which
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
            // Each type's facts: `impl __rt::Generated for <Type> { const LOCATION … }`.
            let syn::Item::Impl(imp) = item else { continue };
            let Some((path, _)) = &imp.trait_ else { continue };
            if path.segments.last().is_none_or(|s| s.ident != "Generated") {
                continue;
            }
            let syn::Type::Path(ty) = &*imp.self_ty else {
                panic!("{module}: Generated for a type that is not a path");
            };
            let name = &ty.path.segments.last().expect("a type name").ident;
            let location = imp
                .items
                .iter()
                .find_map(|i| match i {
                    syn::ImplItem::Const(c) if c.ident == "LOCATION" => match &c.expr {
                        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.clone()),
                        _ => None,
                    },
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{module}: {name}'s facts name no LOCATION"));
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
