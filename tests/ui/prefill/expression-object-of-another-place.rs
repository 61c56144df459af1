// An object place takes a `#[derive(Prefill)]` type only when its `at` is that place:
// an address struct where the identity goes does not compile.
#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity/currentAddress")]
struct Address {
    lines: Vec<String>,
    country: String,
}

fn main() {
    let address = Address { lines: vec!["1 High St".into()], country: "GB".into() };
    let _ = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": address}}
    });
}
