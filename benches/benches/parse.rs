//! Parse and fully validate a payload against the full GO subject schema, side by
//! side in one run (criterion), with format assertion on for every side that checks:
//!
//! - `gbg_go`: `serde_json::from_str::<Root>` of gbg-go's generated types;
//! - `jsonschema_runtime`: `serde_json::Value`, then the `jsonschema` 0.60.2 runtime
//!   validator (built once, outside the timed loop);
//! - `jsonschema_macro`: `Value`, then `#[jsonschema::validator]` (0.60.2, `macros`);
//! - `typify`: `from_str` of typify 0.8's types (they check string constraints only);
//! - `plain_serde`: `from_str` of typify's types for the schema with every assertion
//!   removed: plain serde-derive structs of the same shape, no validation (the floor).
//!
//! Two payloads: the ~1 KB KYC payload and a ~20 KB one with several documents and
//! biometrics. Before the timings, allocations per parse are counted with a counting
//! global allocator and printed.
//!
//! `cd benches && GBG_GO_SHARED=../../shared cargo bench --features go-subject --bench parse`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{criterion_group, criterion_main, Criterion};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[allow(dead_code, unused_imports, unused_macros, clippy::all)]
mod ours {
    include!(concat!(env!("OUT_DIR"), "/go_subject.rs"));
}

#[allow(dead_code, clippy::all, unused_imports)]
mod typified {
    include!(concat!(env!("OUT_DIR"), "/typify_subject.rs"));
}

#[allow(dead_code, clippy::all, unused_imports)]
mod plain {
    include!(concat!(env!("OUT_DIR"), "/plain_subject.rs"));
}

#[jsonschema::validator(path = ".generated/go_subject.json", validate_formats = true)]
struct Compiled;

type Parse = Box<dyn Fn(&str) -> bool>;

fn sides() -> Vec<(&'static str, Parse)> {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(".generated/go_subject.json").unwrap())
            .unwrap();
    let runtime = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    vec![
        (
            "gbg_go",
            Box::new(|s: &str| serde_json::from_str::<ours::Root>(s).is_ok()),
        ),
        (
            "jsonschema_runtime",
            Box::new(move |s: &str| {
                let v: serde_json::Value = serde_json::from_str(s).unwrap();
                runtime.is_valid(&v)
            }),
        ),
        (
            "jsonschema_macro",
            Box::new(|s: &str| {
                let v: serde_json::Value = serde_json::from_str(s).unwrap();
                Compiled::is_valid(&v)
            }),
        ),
        (
            "typify",
            Box::new(|s: &str| serde_json::from_str::<typified::GoSubject>(s).is_ok()),
        ),
        (
            "plain_serde",
            Box::new(|s: &str| serde_json::from_str::<plain::GoSubject>(s).is_ok()),
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let payloads = [
        (
            "kyc_1kb",
            serde_json::to_string(&gbg_go_benches::payload(3)).unwrap(),
        ),
        (
            "documents_20kb",
            serde_json::to_string(&gbg_go_benches::large_payload(3)).unwrap(),
        ),
    ];
    let sides = sides();
    for (name, text) in &payloads {
        eprintln!("{name}: {} bytes", text.len());
        for (side, parse) in &sides {
            assert!(parse(text), "{side} refuses the valid {name} payload");
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            let runs = 100;
            for _ in 0..runs {
                std::hint::black_box(parse(std::hint::black_box(text)));
            }
            let per = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / runs as f64;
            eprintln!("  allocations per parse, {side}: {per:.1}");
        }
    }
    for (name, text) in &payloads {
        let mut g = c.benchmark_group(format!("parse_validate/{name}"));
        for (side, parse) in &sides {
            g.bench_function(*side, |b| b.iter(|| parse(std::hint::black_box(text))));
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
