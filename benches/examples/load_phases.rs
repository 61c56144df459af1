fn main() {
    let schema = gbg_go_benches::go_subject();
    let n = 50;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            gbg_go_schema::source::SourceFile::parse(
                std::path::Path::new("g.json"),
                "g.json".into(),
                schema.as_bytes(),
            )
            .unwrap(),
        );
    }
    eprintln!("SourceFile::parse: {:?}", t.elapsed() / n);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(serde_json::from_str::<serde_json::Value>(&schema).unwrap());
    }
    eprintln!("serde_json parse: {:?}", t.elapsed() / n);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            gbg_go_schema::load_bytes(std::path::Path::new("g.json"), "g.json", schema.as_bytes())
                .unwrap(),
        );
    }
    eprintln!("load_bytes: {:?}", t.elapsed() / n);
}
