fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/kyc-2020.json", {"context": {"subject": {"identity": {"firstName": "Kid", "age": 12}}}});
}
