fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {
            "identity": {"firstname": "Ada", "lastNames": [], "dateOfBirth": "1815-02-30", "currentAddress": {"lines": ["x"], "country": "gb"}}
        }}
    });
}
