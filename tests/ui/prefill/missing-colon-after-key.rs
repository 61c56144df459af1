fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/kyc.json", {"context" {}});
}
