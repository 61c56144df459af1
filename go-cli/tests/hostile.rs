//! The hostile-input suite, through the `gbg-go` binary: every case states its input,
//! its command and its expected outcome (*accepted*, or *a located error*), and none
//! may panic, overflow the stack or hang. Time is bounded by the harness (a case past
//! [`TIMEOUT`] is killed and fails), never by a timed assertion. Peak memory is read
//! from the kernel (`wait4`) where a case states a bound.
//!
//! The same inputs through the library (loader, interpreter, locator) are in
//! `go-schema/tests/hostile.rs`; the sandbox's HTTP surface in
//! `go-sandbox/tests/hostile_http.rs`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far above any case's run time on this machine (debug build, 2 cores); a case
/// that reaches it is a hang.
const TIMEOUT: Duration = Duration::from_secs(240);

/// What a case must give.
#[derive(Debug)]
enum Expect {
    /// Exit 0.
    Accepted,
    /// This exit code, and every needle in the output (each a located message).
    Error(i32, Vec<String>),
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    /// Peak resident memory of the process, in KiB.
    max_rss_kib: u64,
}

/// Run `gbg-go args…` in `dir` with the output in files (no pipe can block it), kill
/// it at [`TIMEOUT`], and read its peak memory from `wait4`.
// The child is reaped by `wait4` (for its rusage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run(dir: &Path, args: &[&str]) -> Outcome {
    let out = dir.join("stdout.txt");
    let err = dir.join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gbg-go"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"))
        .spawn()
        .expect("gbg-go starts");
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: `rusage` is plain data that wait4 fills; `pid` is our own child,
        // which `child` never waits for itself.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break (status, usage);
        }
        assert!(r == 0, "wait4 failed for {args:?}");
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("hang: gbg-go {args:?} ran past {TIMEOUT:?} and was killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        panic!(
            "gbg-go {args:?} died from signal {} (a stack overflow aborts)",
            libc::WTERMSIG(status)
        );
    };
    Outcome {
        code,
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
        max_rss_kib: usage.ru_maxrss as u64,
    }
}

/// A located error: this exit code, with every needle in the output.
fn err(code: i32, needles: &[&str]) -> Expect {
    Expect::Error(code, needles.iter().map(|n| n.to_string()).collect())
}

fn check(name: &str, o: &Outcome, expect: &Expect) {
    let all = format!("{}{}", o.stdout, o.stderr);
    assert!(!all.contains("panicked"), "{name}: panicked:\n{all}");
    assert_ne!(o.code, 101, "{name}: exit 101 (a panic)");
    match expect {
        Expect::Accepted => assert_eq!(o.code, 0, "{name}: expected acceptance, got:\n{all}"),
        Expect::Error(code, needles) => {
            assert_eq!(o.code, *code, "{name}: wrong exit code:\n{all}");
            for n in needles {
                assert!(all.contains(n), "{name}: `{n}` not in:\n{all}");
            }
        }
    }
}

/// A schema for large payloads: rows of names and dates.
const ROWS_SCHEMA: &str = r#"{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "properties": {
    "rows": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "name": {"type": "string", "maxLength": 50},
          "date": {"type": "string", "format": "date"}
        },
        "required": ["name", "date"],
        "additionalProperties": false
      }
    }
  },
  "required": ["rows"],
  "additionalProperties": false
}"#;

/// `rows` rows on one line (minified) or one per line; with `bad_at`, that row's
/// date is invalid.
fn rows_payload(rows: usize, minified: bool, bad_at: Option<usize>) -> String {
    let sep = if minified { "," } else { ",\n" };
    let mut s = String::with_capacity(rows * 45 + 32);
    s.push_str(if minified {
        "{\"rows\":["
    } else {
        "{\"rows\": [\n"
    });
    for i in 0..rows {
        if i > 0 {
            s.push_str(sep);
        }
        let date = if bad_at == Some(i) {
            "1990-13-01"
        } else {
            "1990-01-01"
        };
        let _ = write!(s, "{{\"name\":\"Person {i:07}\",\"date\":\"{date}\"}}");
    }
    s.push_str("]}");
    s
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), text).expect("write case file");
}

/// Malformed and truncated JSON, non-UTF-8, lone surrogates, duplicate keys: each a
/// located syntax error (exit 1). A BOM is accepted.
#[test]
fn malformed_payloads_are_located_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "schema.json", ROWS_SCHEMA);
    let cases: &[(&str, &[u8], Expect)] = &[
        (
            "malformed",
            b"{\"rows\": [}\n",
            err(1, &["error[syntax]", "malformed.json:1:"]),
        ),
        (
            "truncated",
            b"{\"rows\": [{\"name\": \"A\", \"da",
            err(1, &["error[syntax]", "truncated.json:1:"]),
        ),
        (
            "latin1",
            b"{\"rows\": [{\"name\": \"\xe9\"}]}",
            err(1, &["not valid UTF-8", "latin1.json:1:"]),
        ),
        (
            "surrogate",
            b"{\"rows\": [{\"name\": \"\\ud800\", \"date\": \"1990-01-01\"}]}",
            err(1, &["surrogate", "surrogate.json:1:"]),
        ),
        (
            "duplicate",
            b"{\"rows\": [], \"rows\": []}",
            err(1, &["duplicate key", "duplicate.json:1:"]),
        ),
        ("bom", b"\xef\xbb\xbf{\"rows\": []}", Expect::Accepted),
        ("empty", b"", err(1, &["error[syntax]", "empty.json:1:1"])),
        (
            "nested-10000",
            &[b'['; 10_000],
            err(1, &["too deep", "nested-10000.json:1:129"]),
        ),
    ];
    for (name, bytes, expect) in cases {
        let file = format!("{name}.json");
        write(d, &file, bytes);
        let o = run(d, &["validate", "--schema", "schema.json", &file]);
        check(name, &o, expect);
    }
    // Deep but closed: past the 128-level limit is one located "too deep" error.
    let deep = format!("{{\"rows\": {}{}}}", "[".repeat(200), "]".repeat(200));
    write(d, "deep-200.json", deep);
    let o = run(d, &["validate", "--schema", "schema.json", "deep-200.json"]);
    check(
        "deep-200",
        &o,
        &err(1, &["too deep", "deep-200.json:1:137"]),
    );
}

/// Minified payloads (one line) with an error near the end: the verdict with
/// line:col, and a snippet that is a bounded window with an ellipsis on each side,
/// whatever the line's length.
#[test]
fn minified_lines_give_bounded_snippets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "schema.json", ROWS_SCHEMA);
    for (name, rows) in [("line-100k", 2_500), ("line-50m", 1_250_000)] {
        // The bad row is ten from the end, so the line goes on past the window.
        let text = rows_payload(rows, true, Some(rows - 10));
        let bad = text.rfind("1990-13-01").expect("bad date") - 1;
        write(d, &format!("{name}.json"), &text);
        let o = run(
            d,
            &[
                "validate",
                "--schema",
                "schema.json",
                &format!("{name}.json"),
            ],
        );
        let at = format!("{name}.json:1:{}", bad + 1);
        check(name, &o, &err(1, &["error[format]", &at]));
        // The whole report stays small, each snippet line is a window, and the date
        // itself is redacted.
        assert!(
            o.stdout.len() < 2_000,
            "{name}: {} bytes of output",
            o.stdout.len()
        );
        let snippet = o
            .stdout
            .lines()
            .find(|l| l.starts_with("1 |"))
            .expect("snippet line");
        assert!(snippet.chars().count() < 140, "{name}: {snippet}");
        assert!(
            snippet.starts_with("1 | …") && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(!o.stdout.contains("1990-13-01"), "a value was shown");
    }
}

/// Payload keys and values with ESC sequences, newlines and NUL: escaped in human
/// output, never raw. A 100,000-character key neither crashes nor floods.
#[test]
fn control_characters_and_huge_keys_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "schema.json", ROWS_SCHEMA);
    let long = "k".repeat(100_000);
    let payload = format!(
        r#"{{"rows": [], "evil\u001b[31mred\nerror[forged]: x\u0000": 1, "{long}": "v\u001b[0m\n"}}"#
    );
    write(d, "evil.json", payload);
    let o = run(
        d,
        &[
            "validate",
            "--schema",
            "schema.json",
            "evil.json",
            "--show-values",
        ],
    );
    check(
        "control-chars",
        &o,
        &err(
            1,
            &["evil\\u{1b}[31mred\\nerror[forged]: x\\u{0}", "kkkk…kkkk"],
        ),
    );
    assert!(!o.stdout.contains('\u{1b}'), "raw ESC in output");
    assert!(!o.stdout.contains('\0'), "raw NUL in output");
    assert!(
        !o.stdout.lines().any(|l| l.starts_with("error[forged]")),
        "a forged line:\n{}",
        o.stdout
    );
    assert!(o.stdout.len() < 4_000, "{} bytes of output", o.stdout.len());
}

/// Schema-side hostility: invalid regexes, remote refs, degenerate cycles, scalars,
/// deep nesting are located errors (exit 3); legal cycles, odd property names, mixed
/// enums and boolean schemas are accepted and work.
#[test]
fn hostile_schemas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let deep = format!("{}{}", "{\"not\": ".repeat(10_000), "}".repeat(10_000));
    let cases: Vec<(&str, String, Expect)> = vec![
        ("bad-regex", r#"{"type": "string", "pattern": "(unclosed"}"#.into(), err(3, &["bad-regex.json:1:", "pattern"])),
        ("remote-ref", r#"{"$ref": "https://example.com/s.json"}"#.into(), err(3, &["remote-ref.json:1:", "remote"])),
        ("self-ref", r##"{"$ref": "#"}"##.into(), err(3, &["self-ref.json:1:"])),
        ("ref-loop", r##"{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"}"##.into(), err(3, &["ref-loop.json:"])),
        ("scalar-42", "42".into(), err(3, &["scalar-42.json:1:1", "object or a boolean"])),
        ("scalar-string", "\"x\"".into(), err(3, &["scalar-string.json:1:1"])),
        ("scalar-null", "null".into(), err(3, &["scalar-null.json:1:1"])),
        ("deep-10000", deep, err(3, &["deep-10000.json:1:", "depth"])),
        ("tree", r##"{"definitions": {"node": {"type": "object", "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}}, "$ref": "#/definitions/node"}"##.into(), Expect::Accepted),
        ("odd-names", r#"{"type": "object", "properties": {"type": {"type": "string"}, "2fa": {"type": "boolean"}, "first-name": {"type": "string"}, "": {"type": "integer"}, "ünïcode": {"type": "string"}, "firstName": {"type": "string"}, "first_name": {"type": "string"}, "self": {}, "Self": {}}}"#.into(), Expect::Accepted),
        ("mixed-enum-and-booleans", r#"{"type": "object", "properties": {"e": {"enum": [1, "one", null, true, [1], {"a": 1}]}, "t": true, "f": false}}"#.into(), Expect::Accepted),
        ("catastrophic", r#"{"type": "object", "properties": {"s": {"type": "string", "pattern": "^(a+)+$"}}}"#.into(), Expect::Accepted),
    ];
    for (name, text, expect) in &cases {
        let file = format!("{name}.json");
        write(d, &file, text);
        let o = run(d, &["validate", &file]);
        check(name, &o, expect);
        if matches!(expect, Expect::Accepted) {
            // Generation works too (renames for odd names, unions for mixed enums).
            let o = run(d, &["generate", &file]);
            check(&format!("{name} (generate)"), &o, &Expect::Accepted);
            assert!(o.stdout.contains("pub type Root"), "{name}: no Root");
        }
    }
    // The legal cycle works: a nested error is found at its own pointer.
    write(
        d,
        "tree-ok.json",
        r#"{"value": 1, "children": [{"value": 2, "children": []}]}"#,
    );
    write(
        d,
        "tree-bad.json",
        r#"{"value": 1, "children": [{"value": 2, "children": [{"value": "x"}]}]}"#,
    );
    let o = run(
        d,
        &[
            "validate",
            "--schema",
            "tree.json",
            "tree-ok.json",
            "tree-bad.json",
        ],
    );
    check(
        "tree payloads",
        &o,
        &err(1, &["/children/0/children/0/value", "tree-bad.json:1:"]),
    );
    assert!(o.stdout.contains("1 valid, 1 invalid"), "{}", o.stdout);
    // Odd names, mixed enums and boolean schemas give verdicts.
    write(
        d,
        "odd-ok.json",
        r#"{"type": "x", "2fa": true, "": 1, "first_name": "a", "firstName": "b"}"#,
    );
    write(d, "mixed-bad.json", r#"{"e": 2, "f": 1}"#);
    let o = run(
        d,
        &["validate", "--schema", "odd-names.json", "odd-ok.json"],
    );
    check("odd names payload", &o, &Expect::Accepted);
    let o = run(
        d,
        &[
            "validate",
            "--schema",
            "mixed-enum-and-booleans.json",
            "mixed-bad.json",
        ],
    );
    check(
        "mixed enum payload",
        &o,
        &err(1, &["/e", "error[enum]", "/f", "error[false]"]),
    );
}

/// `^(a+)+$` against 10,000 `a`s and a `!`: a verdict in linear time (regress took
/// about 11 s for 28 `a`s). The harness's timeout is the only bound.
#[test]
fn catastrophic_pattern_gets_a_verdict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "schema.json",
        r#"{"type": "object", "properties": {"s": {"type": "string", "pattern": "^(a+)+$"}}}"#,
    );
    write(
        d,
        "hostile.json",
        format!("{{\"s\": \"{}!\"}}", "a".repeat(10_000)),
    );
    write(
        d,
        "fine.json",
        format!("{{\"s\": \"{}\"}}", "a".repeat(10_000)),
    );
    let o = run(
        d,
        &[
            "validate",
            "--schema",
            "schema.json",
            "hostile.json",
            "fine.json",
        ],
    );
    check(
        "catastrophic",
        &o,
        &err(1, &["error[pattern]", "hostile.json:1:7"]),
    );
    assert!(o.stdout.contains("1 valid, 1 invalid"), "{}", o.stdout);
}

/// A 20 MB schema and a 50 MB payload are accepted within stated memory bounds,
/// and a large payload with one late error costs at most 1.5× the memory of the
/// valid one (the violation is located by a targeted scan, not a span map).
#[test]
fn large_inputs_within_memory_bounds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // 20 MB schema: 20,000 declared properties and an enum of 1,150,000 strings.
    let mut schema = String::from(r#"{"type": "object", "properties": {"#);
    for i in 0..20_000 {
        let _ = write!(
            schema,
            "\"p{i}\": {{\"type\": \"string\", \"maxLength\": 10}},"
        );
    }
    schema.push_str("\"e\": {\"enum\": [");
    for i in 0..1_150_000 {
        let _ = write!(schema, "{}\"value-{i:08}\"", if i > 0 { "," } else { "" });
    }
    schema.push_str("]}}}");
    assert!(schema.len() > 20_000_000, "{}", schema.len());
    write(d, "big-schema.json", &schema);
    write(d, "small.json", r#"{"p1": "x", "e": "value-00000007"}"#);
    let o = run(
        d,
        &["validate", "--schema", "big-schema.json", "small.json"],
    );
    check("20 MB schema", &o, &Expect::Accepted);
    eprintln!(
        "20 MB schema ({} bytes): peak {} KiB",
        schema.len(),
        o.max_rss_kib
    );
    // Bound: 60 bytes of memory per schema byte.
    let bound = schema.len() as u64 * 60 / 1024;
    assert!(
        o.max_rss_kib < bound,
        "20 MB schema: {} KiB > {bound} KiB",
        o.max_rss_kib
    );
    drop(schema);

    write(d, "rows.json", ROWS_SCHEMA);
    let valid = rows_payload(1_250_000, false, None);
    assert!(valid.len() > 50_000_000, "{}", valid.len());
    let size = valid.len() as u64;
    write(d, "valid.json", &valid);
    drop(valid);
    write(
        d,
        "late-error.json",
        rows_payload(1_250_000, false, Some(1_249_999)),
    );
    let ok = run(d, &["validate", "--schema", "rows.json", "valid.json"]);
    check("50 MB payload", &ok, &Expect::Accepted);
    // Bound: 24 bytes of memory per payload byte. The parsed tree of many small
    // objects is most of it (about 18 bytes per byte here); a streaming check that
    // keeps no tree is the one-pass issue's work.
    let bound = size * 24 / 1024;
    assert!(
        ok.max_rss_kib < bound,
        "50 MB payload: {} KiB > {bound} KiB",
        ok.max_rss_kib
    );
    let bad = run(d, &["validate", "--schema", "rows.json", "late-error.json"]);
    eprintln!(
        "50 MB payload ({size} bytes): valid {} KiB, with a late error {} KiB",
        ok.max_rss_kib, bad.max_rss_kib
    );
    check(
        "50 MB payload, late error",
        &bad,
        &err(1, &["error[format]", "late-error.json:1250001:"]),
    );
    assert!(
        bad.max_rss_kib * 2 <= ok.max_rss_kib * 3,
        "invalid {} KiB > 1.5 × valid {} KiB",
        bad.max_rss_kib,
        ok.max_rss_kib
    );
}
