//! The hostile-input suite through the library: the loader (with the IR conversion
//! and lints), the interpreter, the strict parser and the location scan. Each case
//! states its input and its expected outcome, *accepted* or *a located error*; none
//! may panic, overflow the stack or hang (the binary's suite, with time and memory
//! bounds, is `go-cli/tests/hostile.rs`).

use std::path::Path;

use gbg_go_schema::{load_bytes, Diagnostics, Validator};
use serde_json::{json, Value};

fn load(name: &str, text: &[u8]) -> Result<Validator, Diagnostics> {
    load_bytes(Path::new(name), name, text).map(Validator::new)
}

/// A located error: every diagnostic names the file with a 1-based line:col, and
/// one of them has `code`.
fn located(name: &str, r: Result<Validator, Diagnostics>, code: &str) {
    let d = r
        .err()
        .unwrap_or_else(|| panic!("{name}: accepted, expected `{code}`"));
    for x in &d.0 {
        assert_eq!(x.file, name);
        assert!(x.line >= 1 && x.column >= 1, "{name}: {x}");
    }
    assert!(
        d.0.iter().any(|x| x.code == code),
        "{name}: no `{code}` in {d}"
    );
}

#[test]
fn schemas_that_are_errors() {
    let deep = format!("{}{}", "{\"not\": ".repeat(10_000), "}".repeat(10_000));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("malformed.json", b"{\"type\": }".to_vec(), "json-syntax"),
        (
            "truncated.json",
            b"{\"type\": \"obj".to_vec(),
            "json-syntax",
        ),
        (
            "latin1.json",
            b"{\"title\": \"\xe9\"}".to_vec(),
            "invalid-utf8",
        ),
        (
            "surrogate.json",
            br#"{"title": "\ud800"}"#.to_vec(),
            "json-syntax",
        ),
        (
            "duplicate.json",
            br#"{"type": "string", "type": "object"}"#.to_vec(),
            "duplicate-key",
        ),
        (
            "raw-control.json",
            b"{\"title\": \"a\rb\"}".to_vec(),
            "json-syntax",
        ),
        ("deep.json", deep.into_bytes(), "json-syntax"),
        ("scalar.json", b"42".to_vec(), "invalid-schema"),
        ("null.json", b"null".to_vec(), "invalid-schema"),
        (
            "regex.json",
            br#"{"pattern": "(unclosed"}"#.to_vec(),
            "invalid-pattern",
        ),
        (
            "remote.json",
            br#"{"$ref": "https://example.com/s.json"}"#.to_vec(),
            "remote-ref",
        ),
        (
            "self.json",
            br##"{"$ref": "#"}"##.to_vec(),
            "infinite-recursion",
        ),
    ];
    for (name, text, code) in cases {
        located(name, load(name, &text), code);
    }
}

#[test]
fn schemas_that_are_accepted_and_work() {
    // A legal cycle: a tree, with a nested error found at its own pointer.
    let tree = load(
        "tree.json",
        br##"{"definitions": {"node": {"type": "object", "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}}, "$ref": "#/definitions/node"}"##,
    )
    .expect("a legal cycle loads");
    assert!(tree.is_valid(&json!({"value": 1, "children": [{"value": 2, "children": []}]})));
    let e = tree.validate(&json!({"children": [{"children": [{"value": "x"}]}]}));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].pointer, "/children/0/children/0/value");

    // A BOM, odd property names, mixed enums, boolean schemas.
    let odd = load(
        "odd.json",
        "\u{feff}{\"type\": \"object\", \"properties\": {\"type\": {\"type\": \"string\"}, \"2fa\": {}, \"\": {\"type\": \"integer\"}, \"first-name\": {}, \"first_name\": {}, \"firstName\": {}, \"e\": {\"enum\": [1, \"one\", null, [1], {\"a\": 1}]}, \"t\": true, \"f\": false}}".as_bytes(),
    )
    .expect("odd names load");
    assert!(odd.is_valid(&json!({"type": "x", "": 1, "e": {"a": 1}, "t": [1]})));
    let kinds: Vec<&str> = odd
        .validate(&json!({"": "x", "e": 2, "f": 0}))
        .iter()
        .map(|v| v.keyword)
        .collect();
    assert_eq!(kinds, ["type", "enum", "false"]);

    // Lookaround is accepted (with a lint); a catastrophic pattern gets a verdict.
    let p = load_bytes(
        Path::new("p.json"),
        "p.json",
        br#"{"properties": {"a": {"pattern": "^(a+)+$"}, "b": {"pattern": "^(?=\\d)\\w+$"}}}"#,
    )
    .expect("patterns load");
    assert!(p
        .warnings
        .iter()
        .any(|w| w.code == "lint-pattern-backtracking" && w.pointer == "/properties/b/pattern"));
    assert!(!p
        .warnings
        .iter()
        .any(|w| w.pointer == "/properties/a/pattern"));
    let v = Validator::new(p);
    let hostile = format!("{}!", "a".repeat(100_000));
    assert_eq!(v.validate(&json!({ "a": hostile }))[0].keyword, "pattern");
    assert!(v.is_valid(&json!({"a": "aaaa", "b": "1x"})));
}

/// A value built in code can be nested deeper than any parser allows: the interpreter
/// reports one "too deep" error at level 129 instead of recursing on.
#[test]
fn values_nested_past_the_limit() {
    // A big stack for building and dropping the value (serde_json drops recursively);
    // the validation itself stops at the limit.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let v = load("any.json", br##"{"items": {"$ref": "#"}}"##).expect("loads");
            let mut deep = Value::Array(Vec::new());
            for _ in 0..10_000 {
                deep = Value::Array(vec![deep]);
            }
            let e = v.validate(&deep);
            assert_eq!(e.len(), 1, "{e:?}");
            assert_eq!(e[0].keyword, "depth");
            assert_eq!(e[0].pointer.matches('/').count(), 128);
            let mut ok = Value::Array(Vec::new());
            for _ in 0..127 {
                ok = Value::Array(vec![ok]);
            }
            assert!(v.is_valid(&ok), "128 levels are within the limit");
        })
        .expect("thread")
        .join()
        .expect("no panic");
}

/// The strict parser and the location scan on hostile payload text.
#[test]
fn payload_text() {
    use gbg_go_schema::{locate, strict};
    for bad in [
        &b"{\"a\": 1, \"a\": 2}"[..],
        b"{\"a\": ",
        b"\xff",
        b"[\"\\ud800\"]",
        &[b'['; 200],
    ] {
        assert!(strict::from_slice(bad).is_err(), "{bad:?}");
    }
    assert!(strict::from_slice(b"{\"a\": [1, {\"b\": null}]}").is_ok());
    let line = format!("[{}{{\"k\\u001b\\n\": 1}}]", "0,".repeat(1_000_000));
    let found = locate::locate(&line, &["/1000000/k\u{1b}\n"], 16);
    let at = found["/1000000/k\u{1b}\n"].span;
    assert_eq!(&line[at.start..at.end], "1");
    assert_eq!(locate::depth_exceeded(&line, 2), None);
}
