fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/passport-document.json", {"context": {"subject": {"documents": [{"type": "Visa", "number": "123456789", "issuingCountry": "GBR", "expiryDate": "2030-01-01"}]}}});
}
