fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/us-ssn.json", {"context": {"subject": {"identity": {"idNumbers": [{"type": "ITIN", "value": "123-45-6789"}]}}}});
}
