fn main() {
    let schema = gbg_go_benches::go_subject();
    for _ in 0..300 {
        std::hint::black_box(
            gbg_go_schema::load_bytes(std::path::Path::new("g.json"), "g.json", schema.as_bytes())
                .unwrap(),
        );
    }
}
