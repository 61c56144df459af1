//! Generates the fixture modules the `generated_deserialize` target feeds.
fn main() {
    let schemas = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let mut b = gbg_go_codegen::Builder::new();
    for name in [
        "kyc.json",
        "biometrics.json",
        "us-ssn.json",
        "kyc-2020.json",
    ] {
        b.schema(schemas.join(name));
    }
    if let Err(e) = b.compile() {
        panic!("{e}");
    }
}
