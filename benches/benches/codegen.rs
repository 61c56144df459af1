//! Codegen time for the full GO subject schema: gbg-go against typify 0.8, side by side
//! in one run. Also prints the type and line counts of both outputs.

use criterion::{criterion_group, criterion_main, Criterion};

fn codegen(c: &mut Criterion) {
    let schema = gbg_go_benches::go_subject();
    let (ours, our_types) = gbg_go_benches::gbg_go(&schema);
    let (theirs, their_types) = gbg_go_benches::typify(&schema);
    eprintln!(
        "GO subject: gbg-go {our_types} types, {} lines; typify {their_types} types, {} lines",
        ours.lines().count(),
        theirs.lines().count()
    );
    let mut g = c.benchmark_group("codegen/go_subject");
    g.sample_size(30);
    g.bench_function("gbg-go", |b| {
        b.iter(|| gbg_go_benches::gbg_go(std::hint::black_box(&schema)))
    });
    g.bench_function("typify-0.8", |b| {
        b.iter(|| gbg_go_benches::typify(std::hint::black_box(&schema)))
    });
    g.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
