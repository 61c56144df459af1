// `*` names array items (or undeclared members): `identity` is a closed object.
#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity/*")]
struct Anything {
    first_name: String,
}

fn main() {}
