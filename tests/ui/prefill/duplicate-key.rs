fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {
            "identity": {"firstName": "Ada", "firstName": "Augusta", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}
        }}
    });
}
