// An expression is checked by the type the schema expects at its place: a `String`
// where `lastNames` wants an array of strings does not compile.
fn main() {
    let surname = String::from("Lovelace");
    let _ = gbg_go::try_prefill!(schema = "schemas/kyc.json", {"context": {"subject": {"identity": {
        "firstName": "Ada", "lastNames": surname, "dateOfBirth": "1815-12-10"
    }}}});
}
