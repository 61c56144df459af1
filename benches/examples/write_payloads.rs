//! Write the full GO subject task schema and N realistic payload files (about 1 KB
//! each, names, dates, addresses, contacts, identity numbers, documents, consent),
//! 2% of them invalid, for the CLI benchmark (`cli/run.sh`).
//!
//! `cargo run --release --example write_payloads -- OUT_DIR [N]`

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: write_payloads OUT_DIR [N]"));
    let n: usize = args.next().map(|s| s.parse().unwrap()).unwrap_or(2000);
    let schema = gbg_go_benches::go_subject();
    std::fs::create_dir_all(out.join("payloads")).unwrap();
    std::fs::write(out.join("go_subject.json"), &schema).unwrap();
    let ir = gbg_go_schema::load_bytes(
        std::path::Path::new("go_subject.json"),
        "go_subject.json",
        schema.as_bytes(),
    )
    .unwrap();
    let validator = gbg_go_schema::Validator::new(ir);
    let mut invalid = 0;
    for i in 0..n {
        let p = gbg_go_benches::payload(i);
        let violations = validator.validate(&p);
        if i % 50 == 49 {
            assert!(!violations.is_empty());
            invalid += 1;
        } else {
            assert!(
                violations.is_empty(),
                "payload {i} should be valid: {violations:?}"
            );
        }
        std::fs::write(
            out.join(format!("payloads/{i:05}.json")),
            serde_json::to_string_pretty(&p).unwrap(),
        )
        .unwrap();
    }
    println!(
        "wrote {n} payloads ({invalid} invalid) and go_subject.json to {}",
        out.display()
    );
}
