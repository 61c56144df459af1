//! Regressions found by the fuzz targets and the conformance suite, each with the
//! input that found it.

use std::path::Path;

fn generate(schema: &str) -> String {
    let ir = gbg_go_schema::load_bytes(Path::new("r.json"), "r.json", schema.as_bytes())
        .expect("schema loads");
    gbg_go_codegen::generate_ir(&ir, &Default::default())
        .expect("generates")
        .code
}

/// Found by the conformance suite (enum.json, "enum with escaped characters"): an enum
/// value holding a bare CR went into a doc comment, which rustc refuses. Control
/// characters in values and descriptions are now written escaped.
#[test]
fn control_characters_in_enum_values_and_descriptions() {
    let code = generate(
        r#"{"type": "object", "properties": {"e": {"enum": ["foo\nbar", "foo\rbar", "a\u001bb"], "description": "line\rwith CR and \u0000 NUL"}}}"#,
    );
    assert!(!code
        .chars()
        .any(|c| c == '\r' || c == '\u{1b}' || c == '\0'));
    assert!(code.contains("foo\\rbar"), "{code}");
    syn::parse_file(&code).expect("generated code parses");
}

/// Found by the conformance suite (maxLength.json and 140 other groups): a schema whose
/// root is not an object made `Root` an alias of `String` or `Value`, so
/// `serde_json::from_str::<Root>` checked nothing. `Root` is now a checked newtype.
#[test]
fn a_non_object_root_is_a_checked_newtype() {
    // A constrained string root was already a generated newtype.
    let code = generate(r#"{"type": "string", "maxLength": 2}"#);
    assert!(code.contains("pub type Root = R;"), "{code}");
    // Without a type, or with a type but no rule of its own, it was a bare alias.
    let code = generate(r#"{"type": "integer"}"#);
    assert!(code.contains("pub struct Root(i64);"), "{code}");
    assert!(
        code.contains("impl __rt::Generated for Root {")
            && code.contains("const CHECK: __rt::CheckFn = check_integer;"),
        "{code}"
    );
    let code = generate(r#"{"maxLength": 2}"#);
    assert!(code.contains("pub struct Root(__rt::Value);"), "{code}");
}

/// Found by the conformance suite (2020-12 minContains.json): `minContains: 0` emitted
/// `hits < 0u64`, a comparison that is always false and warns, so the module did not
/// compile under `#![deny(warnings)]`. Schemas with subschemas (`contains` among them)
/// are now checked by the interpreter: the module emits no code for them, only their
/// place among the module's rules (the conformance suite still compiles such modules
/// under `#![deny(warnings)]`).
#[test]
fn contains_is_a_place_of_the_rules_not_code() {
    for schema in [
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "contains": {"const": 1}, "minContains": 0, "maxContains": 1}"#,
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "contains": {"const": 1}, "minContains": 0}"#,
    ] {
        let code = generate(schema);
        assert!(!code.contains("hits"), "{code}");
        assert!(code.contains("static RULES: __rt::Rules"), "{code}");
        assert!(
            code.contains("        \"r.json#\",\n")
                && code.contains("RULES.check(0, v, p, l, out)"),
            "{code}"
        );
        syn::parse_file(&code).expect("generated code parses");
    }
}

/// Found by the `generate` fuzz target after the change above: the boolean schemas
/// `true` and `false` at the root generate a checked `Root` newtype too.
#[test]
fn boolean_root_schemas_have_a_root() {
    for schema in ["true", "false"] {
        let code = generate(schema);
        assert!(code.contains("pub struct Root("), "{schema}: {code}");
        syn::parse_file(&code).expect("generated code parses");
    }
}

/// Found by the `generate` fuzz target (its input is `cr-in-property-name.json`, as the
/// fuzzer wrote it). Two bugs:
/// - the loader accepted raw CRs inside a JSON string, which RFC 8259 forbids: now a
///   located syntax error;
/// - a property name holding a CR (escaped, which is legal) reached the `Schema:` and
///   `Checks` doc comments through its schema location, and the module did not parse.
#[test]
fn control_characters_in_property_names_stay_out_of_doc_comments() {
    let input =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cr-in-property-name.json"))
            .expect("the fuzzer's input");
    let d = gbg_go_schema::load_bytes(Path::new("r.json"), "r.json", &input)
        .expect_err("raw control characters in strings are not JSON");
    assert_eq!(d.0[0].code, "json-syntax");
    assert_eq!((d.0[0].line, d.0[0].column), (27, 25), "{d}");
    let code = generate(
        r#"{"type": "object", "properties": {"a\rb\u001b": {"type": "object", "properties": {"x": {"minLength": 1}}}}}"#,
    );
    assert!(!code.contains('\r') && !code.contains('\u{1b}'));
    syn::parse_file(&code).expect("generated code parses");
}

/// Issue 11: a scalar or array newtype (or string enum) is never shared across
/// meanings (an address line is not a first name), over every fixture schema.
#[test]
fn no_newtype_is_reused_across_meanings_in_any_fixture() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut schemas: Vec<std::path::PathBuf> = Vec::new();
    for dir in [root.join("schemas"), root.join("tests/schemas")] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                schemas.push(p);
            }
        }
    }
    assert!(schemas.len() >= 10, "{schemas:?}");
    for path in schemas {
        let ir = gbg_go_schema::load(&path).unwrap();
        let plan = gbg_go_codegen::plan::Plan::build(&ir, "Root");
        let reused = plan.reused_across_meanings(&ir);
        assert!(reused.is_empty(), "{}: {reused:?}", path.display());
    }
}

/// A struct shared by shape stands for several places; its doc comment describes the
/// type (a description all of them share, else its title), and each member keeps its
/// own description.
#[test]
fn a_shared_struct_is_documented_by_what_its_places_share() {
    let shape = |description: &str| {
        format!(
            r#"{{"type": "object", "description": "{description}", "properties": {{"lines": {{"type": "array", "items": {{"type": "string"}}}}}}}}"#
        )
    };
    let code = generate(&format!(
        r#"{{"type": "object", "properties": {{"home": {}, "work": {}}}}}"#,
        shape("Where the customer lives."),
        shape("Where the customer works.")
    ));
    // The doc and attribute lines right above the item.
    let head = |code: &str| -> String {
        let before = &code[..code.find("pub struct Home").expect("one shared struct")];
        let mut lines: Vec<&str> = before
            .lines()
            .rev()
            .take_while(|l| l.starts_with("///") || l.starts_with("#["))
            .collect();
        lines.reverse();
        lines.join("\n")
    };
    let item = head(&code);
    assert!(!item.contains("lives") && !item.contains("works"), "{item}");
    assert!(code.contains("/// Where the customer lives.\n"), "{code}");
    assert!(code.contains("/// Where the customer works.\n"), "{code}");
    assert!(
        !code.contains("pub struct Work"),
        "one type for both: {code}"
    );

    // Places that agree keep the description on the type.
    let code = generate(&format!(
        r#"{{"type": "object", "properties": {{"home": {}, "work": {}}}}}"#,
        shape("A postal address."),
        shape("A postal address.")
    ));
    let item = head(&code);
    assert!(
        item.starts_with("/// A postal address.\n///\n/// Schema:"),
        "{item}"
    );
}
