//! The generator on arbitrary schemas. Beyond "no panic", it checks what `generate`
//! does not promise by itself: the output is deterministic, parses as a Rust file with a `Root`,
//! and is a fixed point of the formatter (formatting it again changes nothing), so
//! `gbg-go generate` and the build.rs `Builder` write the same bytes every time.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("/nonexistent/fuzz/schema.json");
    let Ok(ir) = gbg_go_schema::load_with_files(path, "schema.json", data, &[]) else {
        return;
    };
    let options = gbg_go_codegen::Options::default();
    let Ok(first) = gbg_go_codegen::generate_ir(&ir, &options) else {
        return;
    };
    let second = gbg_go_codegen::generate_ir(&ir, &options).expect("second run fails");
    assert_eq!(first.code, second.code, "generation is not deterministic");
    let file = syn::parse_file(&first.code).expect("generated code does not parse");
    assert!(
        file.items.iter().any(|i| match i {
            // An alias of a generated item or, for any other root, a newtype.
            syn::Item::Type(t) => t.ident == "Root",
            syn::Item::Struct(s) => s.ident == "Root",
            _ => false,
        }),
        "no `Root`"
    );
    let again = prettyplease::unparse(&file);
    // The `// @generated` header is a plain comment, which the parse drops.
    let body = first
        .code
        .split_once('\n')
        .filter(|(header, _)| header.starts_with("// @generated"))
        .map_or(first.code.as_str(), |(_, rest)| rest);
    assert_eq!(again.trim(), body.trim(), "formatting is not a fixed point");
});
