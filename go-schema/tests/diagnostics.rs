//! Hostile and broken schemas give located diagnostics, never a panic or a fetch.

use std::path::Path;

use gbg_go_schema::{load, load_bytes, Diagnostic, Diagnostics};

fn errors(text: &[u8]) -> Vec<Diagnostic> {
    match load_bytes(Path::new("t.json"), "t.json", text) {
        Ok(_) => panic!("expected an error for {}", String::from_utf8_lossy(text)),
        Err(Diagnostics(d)) => d,
    }
}

fn one(text: &str) -> Diagnostic {
    let d = errors(text.as_bytes());
    assert_eq!(d.len(), 1, "{d:?}");
    d.into_iter().next().unwrap()
}

#[test]
fn malformed_json_is_located() {
    let d = one("{\n  \"type\": \"object\",\n  \"properties\": {,}\n}");
    assert_eq!((d.code, d.line, d.column), ("json-syntax", 3, 18));
    assert_eq!(d.file, "t.json");
}

#[test]
fn lenient_json_extensions_are_rejected() {
    for text in [
        "{\"type\": \"object\",}",
        "{/* c */}",
        "{'type': 'string'}",
        "{\"minimum\": +1}",
        "{\"maximum\": .5}",
        "{\"x\": NaN}",
    ] {
        let d = one(text);
        assert_eq!(d.code, "json-syntax", "{text}");
    }
}

#[test]
fn bom_is_accepted_and_columns_count_characters() {
    let d = one("\u{feff}{\"type\": \"object\", \"ünïcödé\": 1}");
    assert_eq!(d.code, "unsupported-keyword");
    assert_eq!((d.line, d.column), (1, 20));
    assert_eq!(d.pointer, "/ünïcödé");
}

#[test]
fn non_utf8_is_located() {
    let d = errors(b"{\"type\": \"\xff\"}");
    assert_eq!((d[0].code, d[0].line, d[0].column), ("invalid-utf8", 1, 11));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(one(&deep).code, "json-syntax");
    // 400 levels of real schema nesting convert without recursion trouble.
    let mut s = String::from("true");
    for _ in 0..250 {
        s = format!("{{\"items\": {s}}}");
    }
    load_bytes(Path::new("t.json"), "t.json", s.as_bytes()).unwrap();
}

#[test]
fn duplicate_keys_are_errors() {
    let d = one("{\"type\": \"string\", \"type\": \"object\"}");
    assert_eq!((d.code, d.pointer.as_str()), ("duplicate-key", "/type"));
}

#[test]
fn remote_refs_are_never_fetched() {
    let d = one(r#"{"properties": {"a": {"$ref": "https://example.com/schema.json#/x"}}}"#);
    assert_eq!(d.code, "remote-ref");
    assert_eq!(d.pointer, "/properties/a/$ref");
    assert!(d.message.contains("never touches the network"));
}

#[test]
fn unknown_and_unsupported_keywords_are_located_errors() {
    let d = errors(br#"{"type": "object", "propertiez": {}, "properties": {"a": {"unevaluatedProperties": false, "nullable": true}}}"#);
    let pointers: Vec<&str> = d.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/propertiez",
            "/properties/a/unevaluatedProperties",
            "/properties/a/nullable"
        ]
    );
    assert!(d.iter().all(|d| d.code == "unsupported-keyword"));
}

#[test]
fn invalid_patterns_are_errors() {
    let d = one(r#"{"pattern": "^(unclosed$"}"#);
    assert_eq!(
        (d.code, d.pointer.as_str()),
        ("invalid-pattern", "/pattern")
    );
}

#[test]
fn bad_keyword_values_are_errors() {
    let d = errors(br#"{"minLength": "3", "type": "strin", "required": [1]}"#);
    let codes: Vec<(&str, &str)> = d.iter().map(|d| (d.code, d.pointer.as_str())).collect();
    assert_eq!(
        codes,
        [
            ("invalid-keyword", "/minLength"),
            ("invalid-keyword", "/type"),
            ("invalid-keyword", "/required")
        ]
    );
}

#[test]
fn unresolvable_refs_are_errors() {
    assert_eq!(
        one(r##"{"$ref": "#/definitions/missing"}"##).code,
        "unresolvable-ref"
    );
    assert_eq!(
        one(r#"{"$ref": "missing-file.json"}"#).code,
        "unresolvable-ref"
    );
}

#[test]
fn legal_cycles_work_and_illegal_ones_are_rejected() {
    let tree = br##"{"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}}"##;
    let ir = load_bytes(Path::new("t.json"), "t.json", tree).unwrap();
    let v = gbg_go_schema::Validator::new(ir);
    assert!(v.is_valid(&serde_json::json!({"children": [{"children": []}]})));
    assert!(!v.is_valid(&serde_json::json!({"children": [{"children": 3}]})));
    assert_eq!(
        one(r##"{"allOf": [{"$ref": "#"}]}"##).code,
        "infinite-recursion"
    );
}

#[test]
fn cross_file_refs_resolve_relative_to_the_referring_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("defs")).unwrap();
    std::fs::write(dir.path().join("defs/common.json"), r#"{"definitions": {"code": {"type": "string", "pattern": "^[A-Z]{2}$"}, "again": {"$ref": "other.json"}}}"#).unwrap();
    std::fs::write(dir.path().join("defs/other.json"), r#"{"type": "integer"}"#).unwrap();
    std::fs::write(dir.path().join("main.json"), r#"{"properties": {"c": {"$ref": "defs/common.json#/definitions/code"}, "n": {"$ref": "defs/common.json#/definitions/again"}}}"#).unwrap();
    let ir = load(&dir.path().join("main.json")).unwrap();
    assert_eq!(ir.files.len(), 3);
    let v = gbg_go_schema::Validator::new(ir);
    let errs = v.validate(&serde_json::json!({"c": "gb", "n": "x"}));
    let got: Vec<(&str, &str)> = errs
        .iter()
        .map(|e| (e.pointer.as_str(), e.keyword))
        .collect();
    assert_eq!(got, [("/c", "pattern"), ("/n", "type")]);
    assert!(
        errs[0]
            .schema_location
            .ends_with("defs/common.json#/definitions/code/pattern"),
        "{}",
        errs[0].schema_location
    );
}

#[test]
fn dialect_comes_from_dollar_schema() {
    let d7 = load_bytes(
        Path::new("a.json"),
        "a.json",
        br#"{"$schema": "http://json-schema.org/draft-07/schema#"}"#,
    )
    .unwrap();
    assert_eq!(d7.dialect, gbg_go_schema::Dialect::Draft7);
    let d20 = load_bytes(
        Path::new("a.json"),
        "a.json",
        br#"{"$schema": "https://json-schema.org/draft/2020-12/schema"}"#,
    )
    .unwrap();
    assert_eq!(d20.dialect, gbg_go_schema::Dialect::Draft202012);
    assert_eq!(
        load_bytes(Path::new("a.json"), "a.json", b"{}")
            .unwrap()
            .dialect,
        gbg_go_schema::Dialect::Draft7
    );
    assert_eq!(
        one(r#"{"$schema": "http://json-schema.org/draft-04/schema#"}"#).code,
        "unsupported-dialect"
    );
    // Draft-07 keywords that 2020-12 renamed are errors there, not silently ignored.
    assert_eq!(
        one(r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "dependencies": {}}"#)
            .code,
        "unsupported-keyword"
    );
}

/// GO's consent export closes every branch of one `allOf`: one warning for the
/// `allOf`, naming every refused property and every closed branch, not one per
/// branch and property.
#[test]
fn a_closed_allof_is_one_warning() {
    let branch = |name: &str| {
        format!(
            r#"{{"properties": {{"{name}": {{"type": "string"}}}}, "additionalProperties": false}}"#
        )
    };
    let branches: Vec<String> = (0..11).map(|i| branch(&format!("p{i}"))).collect();
    let text = format!(r#"{{"allOf": [{}]}}"#, branches.join(", "));
    let ir = load_bytes(Path::new("c.json"), "c.json", text.as_bytes()).unwrap();
    let closed: Vec<_> = ir
        .warnings
        .iter()
        .filter(|w| w.code == "lint-allof-closed")
        .collect();
    assert_eq!(closed.len(), 1, "{closed:?}");
    assert_eq!(closed[0].pointer, "/allOf");
    assert!(
        closed[0].message.contains("`p0`, `p1`"),
        "{}",
        closed[0].message
    );
    assert!(
        closed[0].message.contains("branches 0, 1, 2"),
        "{}",
        closed[0].message
    );
}

#[test]
fn lints_are_warnings_with_locations() {
    let text = br#"{
  "properties": {
    "consent": {"allOf": [
      {"properties": {"type": {"type": "string"}, "url": {}}},
      {"properties": {"url": {}}, "required": ["url", "urll"], "additionalProperties": false}
    ]},
    "mixed": {"enum": ["1", 1]},
    "first_name": {}, "firstName": {}
  }
}"#;
    let ir = load_bytes(Path::new("l.json"), "l.json", text).unwrap();
    let got: Vec<(&str, &str, usize)> = ir
        .warnings
        .iter()
        .map(|w| (w.code, w.pointer.as_str(), w.line))
        .collect();
    assert!(
        got.contains(&("lint-allof-closed", "/properties/consent/allOf", 3)),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "lint-required-undeclared",
            "/properties/consent/allOf/1/required/1",
            5
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&("lint-enum-mixed", "/properties/mixed/enum", 7)),
        "{got:?}"
    );
    assert!(
        got.contains(&("lint-name-collision", "/properties/firstName", 8)),
        "{got:?}"
    );
}

#[test]
fn draft7_ref_siblings_are_reported_not_dropped() {
    let ir = load_bytes(Path::new("r.json"), "r.json", br##"{"definitions": {"a": {"type": "string"}}, "properties": {"x": {"$ref": "#/definitions/a", "maxLength": 3}}}"##).unwrap();
    assert!(ir
        .warnings
        .iter()
        .any(|w| w.code == "ref-sibling-ignored" && w.pointer == "/properties/x/maxLength"));
}
