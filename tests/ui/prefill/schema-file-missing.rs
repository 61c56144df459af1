fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/no-such-schema.json", {"context": {}});
}
