#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identiy")]
struct Customer {
    first_name: String,
}

fn main() {}
