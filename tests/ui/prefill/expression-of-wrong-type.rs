fn main() {
    let age: u8 = 42;
    let _ = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {
            "identity": {"firstName": age, "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}
        }}
    });
}
