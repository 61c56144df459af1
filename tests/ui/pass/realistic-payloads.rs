//! Realistic payloads for every fixture schema compile.

fn main() {
    objects_in_try_prefill(Customer {
        first_name: "Ada".into(),
        middle_names: None,
        last_names: vec!["Lovelace".into()],
        date_of_birth: "1815-12-10".into(),
        gender: None,
    });
    let _kyc: gbg_go::Payload = gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {
            "identity": {
                "title": "Dr", "firstName": "Ada", "middleNames": ["Augusta"], "lastNames": ["Lovelace"],
                "dateOfBirth": "1815-12-10", "gender": "F",
                "currentAddress": {"lines": ["12 St James's Square"], "locality": "London", "postalCode": "SW1Y 4JH", "country": "GB"},
                "emails": [{"email": "ada@example.com"}], "phones": [{"number": "+447700900123"}]
            },
            "consent": [{"type": "explicit", "url": "https://example.com/terms"}]
        }}
    });
    let _basic = gbg_go::prefill!(schema = "schemas/basic-identity.json", {"context": {"subject": {"identity": {"firstName": "Émile", "lastNames": ["Zola"], "dateOfBirth": "1840-04-02"}}}});
    let _history = gbg_go::prefill!(schema = "schemas/address-history.json", {"context": {"subject": {"identity": {
        "currentAddress": {"lines": ["1 High Street"], "country": "GB"},
        "previousAddresses": [{"lines": ["2 Low Road"], "country": "IE", "fromDate": "2015-01-01", "toDate": "2019-06-30"}]}}}});
    let _passport = gbg_go::prefill!(schema = "schemas/passport-document.json", {"context": {"subject": {"documents": [
        {"type": "Passport", "number": "123456789", "issuingCountry": "GBR", "expiryDate": "2030-01-01"}]}}});
    let _contacts = gbg_go::prefill!(schema = "schemas/contacts.json", {"context": {"subject": {"identity": {"emails": [{"email": "a@example.com", "type": "work"}]}}}});
    let _ssn = gbg_go::prefill!(schema = "schemas/us-ssn.json", {"context": {"subject": {"identity": {"idNumbers": [{"type": "SSN", "value": "123-45-6789"}]}}}});
    let _bio = gbg_go::prefill!(schema = "schemas/biometrics.json", {"context": {"subject": {"biometrics": [{"faceImage": "aGVsbG8gd29ybGQgaW1hZ2U="}]}}});
    let _consent = gbg_go::prefill!(schema = "schemas/consent.json", {"context": {"subject": {"consent": [{"type": "implicit", "url": "https://example.com/privacy"}]}}});
    let _kyc2020 = gbg_go::prefill!(schema = "schemas/kyc-2020.json", {"context": {"subject": {"identity": {"firstName": "Grace", "middleName": null, "age": 40,
        "currentAddress": {"lines": ["1 Main St"], "country": "US", "state": "NY", "postalCode": "10001"}}}}});
    let _split = gbg_go::prefill!(schema = "schemas/split-address.json", {"context": {"subject": {"identity": {"currentAddress": {"lines": ["1 High Street"], "country": "GB"}, "nationality": "GB"}}}});
    let first = String::from("Ada");
    // An array place takes any iterable of what its items take.
    let surnames = vec!["Lovelace", "King"];
    let _arrays: Result<gbg_go::Payload, gbg_go::ValidationError> = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {"firstName": "Ada", "lastNames": surnames, "dateOfBirth": "1815-12-10",
            "middleNames": ["Augusta"].iter().map(|s| s.to_string())}}}
    });
    // `try_prefill!` returns a `Result` whatever its literal holds.
    let _literal_only: Result<gbg_go::Payload, gbg_go::ValidationError> = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}}}
    });
    let _with_exprs: Result<gbg_go::Payload, gbg_go::ValidationError> = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {"firstName": first, "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}}}
    });
}

#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity")]
#[allow(dead_code)]
struct Customer {
    first_name: String,
    middle_names: Option<Vec<String>>,
    last_names: Vec<String>,
    date_of_birth: String,
    gender: Option<Gender>,
}

#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity/gender")]
#[allow(dead_code)]
enum Gender {
    M,
    F,
    X,
}

/// `*` names any item of an array, as in the build hooks.
#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/address-history.json", at = "/context/subject/identity/previousAddresses/*")]
#[allow(dead_code)]
struct PreviousAddress {
    lines: Vec<String>,
    country: String,
    from_date: Option<String>,
}

/// A concrete index the schema allows (`maxItems: 10`) is a place too.
#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/address-history.json", at = "/context/subject/identity/previousAddresses/9")]
#[allow(dead_code)]
struct TenthAddress {
    lines: Vec<String>,
    country: String,
}

/// An object place of a `try_prefill!` literal takes a derive of that place, and
/// `Unvalidated` JSON (checked at run time only).
fn objects_in_try_prefill(customer: Customer) {
    let _ok: Result<gbg_go::Payload, gbg_go::ValidationError> = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": customer}}
    });
    let address = gbg_go::Unvalidated(serde_json::json!({"lines": ["1 High St"], "country": "GB"}));
    let _ok: Result<gbg_go::Payload, gbg_go::ValidationError> = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
            "currentAddress": address}}}
    });
}
