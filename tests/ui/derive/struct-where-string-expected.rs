#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity/firstName")]
struct Name {
    value: String,
}

fn main() {}
