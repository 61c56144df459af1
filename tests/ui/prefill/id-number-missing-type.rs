fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/us-ssn.json", {"context": {"subject": {"identity": {"idNumbers": [{"value": "123-45-6789"}]}}}});
}
