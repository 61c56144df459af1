fn main() {
    let _ = gbg_go::prefill!({"context": {}});
}
