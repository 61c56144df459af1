fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/kyc-2020.json", {"context": {"subject": {"identity": {"firstName": "Grace", "currentAddress": {"lines": ["1 Main St"], "country": "GB", "state": "NY"}}}}});
}
