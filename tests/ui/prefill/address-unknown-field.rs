fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {
            "identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10", "currentAddress": {"lines": ["1 High Street"], "country": "GB", "county": "Yorkshire"}}
        }}
    });
}
