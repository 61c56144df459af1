fn main() {
    let _ = gbg_go::prefill!(schema = "tests/ui/schemas/remote-ref.json", {"a": 1});
}
