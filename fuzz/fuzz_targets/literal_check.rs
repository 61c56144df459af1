//! The compile-time literal check (the core of `gbg_go::prefill!`) on arbitrary token
//! streams against the fixtures: parse errors or located violations, never a panic.
//! When the literal holds no Rust expressions, its verdict must equal the
//! interpreter's on the same JSON.
#![no_main]

use std::str::FromStr;

use gbg_go_fuzz::validators;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(tokens) = proc_macro2::TokenStream::from_str(text) else {
        return;
    };
    let Ok(lit) = gbg_go_codegen::literal::parse_literal(tokens) else {
        return;
    };
    let vs = validators();
    let v = &vs[pick as usize % vs.len()];
    let errors = gbg_go_codegen::literal::check_literal(v, &lit);
    if !gbg_go_codegen::literal::has_exprs(&lit) {
        let value = gbg_go_codegen::literal::to_json_value(&lit);
        // Within serde_json's depth limit, the JSON form is what run time would see.
        if serde_json::to_string(&value)
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .is_some()
        {
            assert_eq!(
                errors.is_empty(),
                v.validate(&value).is_empty(),
                "the literal check and the interpreter disagree"
            );
        }
    }
});
