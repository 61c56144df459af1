//! The checks of gbg-go's fuzz targets, as plain functions of the input bytes. The
//! libFuzzer targets (`fuzz/fuzz_targets/`) call them, and so does an ordinary test
//! (`tests/replay.rs`) that replays, on stable and in CI, the seeds derived from the
//! fixtures ([`fixture_seeds`]), the committed seeds (`fuzz/seeds/<target>/`) and
//! every committed crash or regression input (`fuzz/regressions/<target>/`). So an
//! oracle that goes stale fails CI, not a fuzzing session weeks later.
//!
//! Each oracle encodes a DESIGN contract, named where it is checked. Inputs that
//! select a fixture take their first byte (two for a generated type) as the selector
//! and the rest as the payload.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gbg_go_schema::loc::Loc;
use gbg_go_schema::path::Path as PayloadPath;
use gbg_go_schema::{NodeId, Validator, Violation};
use serde_json::Value;

pub mod differential;
pub mod sandbox;

gbg_go::include_schema!(pub kyc);
gbg_go::include_schema!(pub biometrics);
gbg_go::include_schema!(pub us_ssn);
gbg_go::include_schema!(pub kyc_2020);
gbg_go::include_schema!(pub address_history);
gbg_go::include_schema!(pub basic_identity);
gbg_go::include_schema!(pub consent);
gbg_go::include_schema!(pub contacts);
gbg_go::include_schema!(pub passport_document);
gbg_go::include_schema!(pub split_address);

/// One generated type of the fixtures' modules (the list is built by `build.rs`).
pub struct TypeCase {
    /// Its fixture, an index into [`FIXTURES`].
    pub fixture: usize,
    /// `module::Type`.
    pub name: &'static str,
    /// Its own schema location (`file#/pointer`).
    pub location: &'static str,
    /// Its generated `validate_json`.
    pub validate_json: fn(&Value) -> Result<(), gbg_go::ValidationError>,
}

include!(concat!(env!("OUT_DIR"), "/types.rs"));

/// The project's fixture schemas folder.
pub fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

/// The fixture schemas every selector indexes into, in a fixed order (the same as
/// `build.rs`'s list, which generates one module per fixture).
pub const FIXTURES: &[&str] = &[
    "kyc.json",
    "biometrics.json",
    "us-ssn.json",
    "kyc-2020.json",
    "address-history.json",
    "basic-identity.json",
    "consent.json",
    "contacts.json",
    "passport-document.json",
    "split-address.json",
];

/// Each fixture's generated `Root::from_json_slice`, in [`FIXTURES`] order.
type ReadRoot = fn(&[u8]) -> Result<(), gbg_go::ValidationError>;
const ROOTS: &[ReadRoot] = &[
    |b| kyc::Root::from_json_slice(b).map(drop),
    |b| biometrics::Root::from_json_slice(b).map(drop),
    |b| us_ssn::Root::from_json_slice(b).map(drop),
    |b| kyc_2020::Root::from_json_slice(b).map(drop),
    |b| address_history::Root::from_json_slice(b).map(drop),
    |b| basic_identity::Root::from_json_slice(b).map(drop),
    |b| consent::Root::from_json_slice(b).map(drop),
    |b| contacts::Root::from_json_slice(b).map(drop),
    |b| passport_document::Root::from_json_slice(b).map(drop),
    |b| split_address::Root::from_json_slice(b).map(drop),
];

/// Each fixture's verdict through `serde_json::from_slice::<Root>` (any
/// `Deserializer` must read as `from_json_slice` does).
const SERDE_ROOTS: &[fn(&[u8]) -> bool] = &[
    |b| serde_json::from_slice::<kyc::Root>(b).is_ok(),
    |b| serde_json::from_slice::<biometrics::Root>(b).is_ok(),
    |b| serde_json::from_slice::<us_ssn::Root>(b).is_ok(),
    |b| serde_json::from_slice::<kyc_2020::Root>(b).is_ok(),
    |b| serde_json::from_slice::<address_history::Root>(b).is_ok(),
    |b| serde_json::from_slice::<basic_identity::Root>(b).is_ok(),
    |b| serde_json::from_slice::<consent::Root>(b).is_ok(),
    |b| serde_json::from_slice::<contacts::Root>(b).is_ok(),
    |b| serde_json::from_slice::<passport_document::Root>(b).is_ok(),
    |b| serde_json::from_slice::<split_address::Root>(b).is_ok(),
];

/// An interpreter per fixture, with format assertion on (the default: DESIGN
/// *Verdicts*, "`format` is asserted by default in both dialects, everywhere"),
/// and each fixture's schema nodes by location.
struct Fixture {
    validator: Validator,
    by_location: HashMap<String, NodeId>,
}

fn fixtures() -> &'static [Fixture] {
    static V: OnceLock<Vec<Fixture>> = OnceLock::new();
    V.get_or_init(|| {
        FIXTURES
            .iter()
            .map(|f| {
                // Named as generated modules name their schema files (relative to
                // the root schema's folder), so schema locations compare as equal.
                let path = schemas_dir().join(f);
                let from_disk = gbg_go_schema::load(&path)
                    .unwrap_or_else(|d| panic!("fixture {f} does not load: {d}"));
                let bytes = std::fs::read(&path).expect("fixture schema");
                let others: Vec<(PathBuf, Vec<u8>)> = from_disk
                    .input_paths()
                    .filter(|p| *p != path)
                    .map(|p| {
                        (
                            p.to_path_buf(),
                            std::fs::read(p).expect("a referenced file"),
                        )
                    })
                    .collect();
                let others: Vec<(&Path, &[u8])> = others
                    .iter()
                    .map(|(p, b)| (p.as_path(), b.as_slice()))
                    .collect();
                let ir = gbg_go_schema::load_with_files(&path, f, &bytes, &others)
                    .unwrap_or_else(|d| panic!("fixture {f} does not load: {d}"));
                let mut by_location = HashMap::new();
                for i in 0..ir.nodes.len() {
                    let id = NodeId(i as u32);
                    by_location.entry(ir.schema_location(id)).or_insert(id);
                }
                Fixture {
                    validator: Validator::new(ir),
                    by_location,
                }
            })
            .collect()
    })
}

/// The interpreter of each fixture.
pub fn validators() -> Vec<&'static Validator> {
    fixtures().iter().map(|f| &f.validator).collect()
}

/// The interpreter's violations on bytes, read as every surface reads a payload
/// (DESIGN *Generated code*: duplicate keys refused; *One-pass strategy*: nesting
/// past 128 levels is an error): `None` when strict parsing refuses them.
pub fn interpreter_violations(v: &Validator, bytes: &[u8]) -> Option<Vec<Violation>> {
    let value = gbg_go_schema::strict::from_slice(bytes).ok()?;
    Some(v.validate(&value))
}

/// What a violation is compared by: its pointer, keyword and schema location (DESIGN
/// *Verdicts*; *Generated code*: "every violation names its own schema location").
pub type Key = (String, &'static str, String);

/// The set of violations, by [`Key`].
pub fn keys<'a>(violations: impl IntoIterator<Item = &'a Violation>) -> BTreeSet<Key> {
    violations
        .into_iter()
        .map(|v| (v.pointer.clone(), v.keyword, v.schema_location.clone()))
        .collect()
}

/// The locate oracle: every violation's pointer must be found by the targeted scan,
/// at a span whose text parses to the value the pointer names (DESIGN *Verdicts*: a
/// line:col "pointing at the offending token").
pub fn check_locations(text: &str, value: &Value, violations: &[Violation]) {
    let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
    let found = gbg_go_schema::locate::locate(text, &pointers, 64);
    for p in pointers {
        let Some(expected) = value.pointer(p) else {
            continue;
        };
        let located = found
            .get(p)
            .unwrap_or_else(|| panic!("pointer {p:?} of a violation was not located"));
        let got: Value = serde_json::from_str(&text[located.span.start..located.span.end])
            .unwrap_or_else(|e| panic!("span of {p:?} is not a JSON value: {e}"));
        assert_eq!(&got, expected, "span of {p:?} holds another value");
    }
}

/// Every target: its name (the libFuzzer binary's and the folders') and its check.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("schema_load", schema_load),
    ("generate", generate),
    ("interpreter", interpreter),
    ("generated_deserialize", generated_deserialize),
    ("generated_validate_json", generated_validate_json),
    ("literal_check", literal_check),
    ("differential", differential::check),
    ("sandbox_request", sandbox::check),
];

/// The schema loader and the IR conversion (with the lints) on arbitrary bytes: a
/// diagnostic or an IR, never a panic, a hang or a stack overflow (DESIGN: "Any
/// schema or payload bytes produce a diagnostic").
pub fn schema_load(data: &[u8]) {
    // In-memory only: a relative `$ref` names a file that is not supplied and is an
    // error, and nothing is read from disk or the network.
    let path = Path::new("/nonexistent/fuzz/schema.json");
    if let Ok(ir) = gbg_go_schema::load_with_files(path, "schema.json", data, &[]) {
        // Diagnostics must render (they quote names from the input).
        for w in &ir.warnings {
            let _ = w.to_string();
        }
    }
}

/// The generator on arbitrary schemas. Beyond "no panic", what `generate` does not
/// promise by itself (DESIGN *Generated code*: `gbg-go generate` prints exactly the
/// bytes the `Builder` writes): the output is deterministic, parses as a Rust file
/// with a `Root`, and formatting it again gives the same code.
pub fn generate(data: &[u8]) {
    let path = Path::new("/nonexistent/fuzz/schema.json");
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
    // The impls after each type are written out as text, laid out as rustfmt would
    // but not byte for byte as prettyplease does: formatting the file again must
    // give the same code, token for token, but for what prettyplease adds where it
    // breaks a line (trailing commas, braces around a long match arm), so commas
    // and braces are left out of the comparison.
    let again = prettyplease::unparse(&file);
    let reparsed = syn::parse_file(&again).expect("formatted code does not parse");
    let tokens = |f: &syn::File| -> Vec<String> {
        fn walk(ts: proc_macro2::TokenStream, out: &mut Vec<String>) {
            for tt in ts {
                match tt {
                    proc_macro2::TokenTree::Group(g) => {
                        if g.delimiter() != proc_macro2::Delimiter::Brace {
                            out.push(format!("{:?}", g.delimiter()));
                        }
                        walk(g.stream(), out);
                    }
                    proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => {}
                    other => out.push(other.to_string()),
                }
            }
        }
        let mut out = Vec::new();
        walk(quote::quote!(#f), &mut out);
        out
    };
    let (a, b) = (tokens(&reparsed), tokens(&file));
    if a != b {
        let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(0);
        panic!(
            "formatting changes the code at token {at}: formatted {:?}, written {:?}",
            &a[at.saturating_sub(20)..(at + 20).min(a.len())],
            &b[at.saturating_sub(20)..(at + 20).min(b.len())]
        );
    }
}

/// The interpreter on arbitrary payloads against every fixture schema, read strictly,
/// and the targeted location scan the CLI uses to report each violation: every
/// violation's pointer is located at a span holding exactly the value it names.
pub fn interpreter(data: &[u8]) {
    let Some((&pick, payload)) = data.split_first() else {
        return;
    };
    let v = &fixtures()[pick as usize % FIXTURES.len()].validator;
    let Ok(value) = gbg_go_schema::strict::from_slice(payload) else {
        return;
    };
    let violations = v.validate(&value);
    for x in &violations {
        let _ = x.to_string();
    }
    let text = std::str::from_utf8(payload).expect("strict parsing accepted non-UTF-8");
    check_locations(text, &value, &violations);
}

/// Generated `Deserialize` on arbitrary bytes through a fixture's `Root`: the
/// violations (pointer, keyword, schema location) equal the interpreter's on the
/// same bytes read strictly (DESIGN *Generated code*: "one rules engine"; generated
/// visitors refuse duplicate keys "whatever the `Deserializer`"), and
/// `serde_json::from_slice::<Root>` gives the same verdict as `from_json_slice`.
pub fn generated_deserialize(data: &[u8]) {
    let Some((&pick, payload)) = data.split_first() else {
        return;
    };
    let which = pick as usize % FIXTURES.len();
    let generated = ROOTS[which](payload);
    assert_eq!(
        generated.is_ok(),
        SERDE_ROOTS[which](payload),
        "from_json_slice and serde_json::from_slice disagree (fixture {which})"
    );
    match interpreter_violations(&fixtures()[which].validator, payload) {
        // Not one strict JSON document: generated code refuses it too.
        None => assert!(
            generated.is_err(),
            "generated code accepts what strict parsing refuses (fixture {which})"
        ),
        Some(interpreted) => {
            let generated = generated
                .err()
                .map(|e| keys(e.violations()))
                .unwrap_or_default();
            assert_eq!(
                generated,
                keys(&interpreted),
                "generated code and the interpreter report different violations (fixture {which})"
            );
        }
    }
}

/// A generated type's `validate_json` on an arbitrary JSON value (the first two
/// bytes pick the type among every generated type of the fixtures): its violations
/// equal the interpreter's at that type's own schema node and location (DESIGN
/// *Generated code*: "every violation names its own schema location").
pub fn generated_validate_json(data: &[u8]) {
    let [a, b, payload @ ..] = data else {
        return;
    };
    let case = &TYPES[usize::from(u16::from_le_bytes([*a, *b])) % TYPES.len()];
    let Ok(value) = gbg_go_schema::strict::from_slice(payload) else {
        return;
    };
    let generated = (case.validate_json)(&value)
        .err()
        .map(|e| keys(e.violations()))
        .unwrap_or_default();
    let fixture = &fixtures()[case.fixture];
    let node = *fixture
        .by_location
        .get(case.location)
        .unwrap_or_else(|| panic!("{}: no schema node at {}", case.name, case.location));
    let mut interpreted = Vec::new();
    fixture.validator.check_at(
        node,
        &value,
        &PayloadPath::ROOT,
        &Loc::Root(case.location),
        false,
        &mut interpreted,
    );
    assert_eq!(
        generated,
        keys(&interpreted),
        "{}::validate_json and the interpreter at {} report different violations",
        case.name,
        case.location
    );
}

/// The compile-time literal check (the core of `gbg_go::prefill!`) on arbitrary token
/// streams against the fixtures: parse errors or located violations, never a panic.
/// Without Rust expressions, the violations it reports equal the interpreter's on
/// the same JSON (DESIGN: one rules engine, the same verdicts on every surface).
pub fn literal_check(data: &[u8]) {
    use std::str::FromStr;
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
    let v = &fixtures()[pick as usize % FIXTURES.len()].validator;
    let errors = gbg_go_codegen::literal::check_literal(v, &lit);
    if gbg_go_codegen::literal::has_exprs(&lit) {
        return;
    }
    let value = gbg_go_codegen::literal::to_json_value(&lit);
    // Within the depth limit, the JSON form is what run time would see.
    let Some(value) = serde_json::to_vec(&value)
        .ok()
        .and_then(|s| gbg_go_schema::strict::from_slice(&s).ok())
    else {
        return;
    };
    assert_eq!(
        keys(errors.iter().flat_map(|e| e.violations.iter())),
        keys(&v.validate(&value)),
        "the literal check and the interpreter report different violations"
    );
}

/// Seeds derived from the fixtures, as `(target, name, bytes)`: every fixture schema
/// for the schema targets, and every fixture payload (valid and invalid) behind its
/// selector byte for the payload targets; for `generated_validate_json`, every value
/// inside those payloads behind the two selector bytes of each type of the payload's
/// fixture. `src/bin/seed.rs` writes them to `fuzz/corpus/`; the replay test runs them.
pub fn fixture_seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out = Vec::new();
    for (i, file) in FIXTURES.iter().enumerate() {
        let stem = file.trim_end_matches(".json");
        let schema = std::fs::read(schemas_dir().join(file)).expect("fixture schema");
        // split-address's `$ref` needs a second file, which these targets never read.
        if stem != "split-address" {
            out.push(("schema_load", format!("{stem}.json"), schema.clone()));
            out.push(("generate", format!("{stem}.json"), schema));
        }
        // The distinct values inside this fixture's payloads, for its types.
        let mut parts = BTreeSet::new();
        for kind in ["valid", "invalid"] {
            let dir = schemas_dir().join(stem).join(kind);
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.retain(|p| p.extension().is_some_and(|e| e == "json"));
            files.sort();
            for path in files {
                let bytes = std::fs::read(&path).expect("fixture payload");
                let name = format!(
                    "{stem}-{kind}-{}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                );
                let mut payload = vec![i as u8];
                payload.extend_from_slice(&bytes);
                for target in ["interpreter", "literal_check", "generated_deserialize"] {
                    out.push((target, name.clone(), payload.clone()));
                }
                if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
                    sub_values(&value, &mut parts);
                }
            }
        }
        for (t, case) in TYPES.iter().enumerate().filter(|(_, c)| c.fixture == i) {
            for (n, part) in parts.iter().enumerate() {
                let mut input = (t as u16).to_le_bytes().to_vec();
                input.extend_from_slice(part.as_bytes());
                out.push((
                    "generated_validate_json",
                    format!("{}-{n}", case.name.replace("::", "-")),
                    input,
                ));
            }
        }
    }
    out
}

/// Every value inside `v` (itself included), as compact JSON.
fn sub_values(v: &Value, out: &mut BTreeSet<String>) {
    out.insert(v.to_string());
    match v {
        Value::Array(items) => items.iter().for_each(|x| sub_values(x, out)),
        Value::Object(m) => m.values().for_each(|x| sub_values(x, out)),
        _ => {}
    }
}
