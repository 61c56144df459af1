//! Write the full GO subject task schema (extracted from `$GBG_GO_SHARED`) to a file,
//! for the compile-time benchmark. `cargo run --example write_go_subject -- OUT.json`
fn main() {
    let out = std::env::args()
        .nth(1)
        .expect("usage: write_go_subject OUT.json");
    std::fs::write(out, gbg_go_benches::go_subject()).expect("write");
}
