//! Rough per-phase timing of gbg-go codegen on the full GO subject schema (a profiling aid;
//! the reported figures come from `cargo bench`). `GBG_GO_SHARED=../../shared cargo run --release --example phases`
fn main() {
    let schema = gbg_go_benches::go_subject();
    let t = std::time::Instant::now();
    for _ in 0..20 {
        let ir =
            gbg_go_schema::load_bytes(std::path::Path::new("g.json"), "g.json", schema.as_bytes())
                .unwrap();
        std::hint::black_box(ir);
    }
    eprintln!("load: {:?}", t.elapsed() / 20);
    let ir = gbg_go_schema::load_bytes(std::path::Path::new("g.json"), "g.json", schema.as_bytes())
        .unwrap();
    let t = std::time::Instant::now();
    for _ in 0..20 {
        std::hint::black_box(gbg_go_codegen::plan::Plan::build(&ir, "GoSubject"));
    }
    eprintln!("plan: {:?}", t.elapsed() / 20);
    let t = std::time::Instant::now();
    for _ in 0..20 {
        std::hint::black_box(gbg_go_codegen::generate_ir(&ir, &Default::default()).unwrap());
    }
    eprintln!("generate_ir total: {:?}", t.elapsed() / 20);
    let (_, theirs) = gbg_go_benches::typify(&schema);
    let code = gbg_go_codegen::generate_ir(&ir, &Default::default())
        .unwrap()
        .code;
    let t = std::time::Instant::now();
    for _ in 0..20 {
        let f: syn::File = syn::parse_str(&code).unwrap();
        std::hint::black_box(prettyplease::unparse(&f));
    }
    eprintln!("reparse+unparse of our output: {:?}", t.elapsed() / 20);
    eprintln!(
        "typify types (pub struct/enum): {}",
        gbg_go_benches::typify(&schema)
            .0
            .lines()
            .filter(|l| l.starts_with("pub struct") || l.starts_with("pub enum"))
            .count()
    );
    let _ = theirs;
}
