fn main() {
    let schema = gbg_go_benches::go_subject();
    for _ in 0..100 {
        std::hint::black_box(gbg_go_benches::gbg_go(&schema));
    }
}
