#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity")]
struct Customer {
    first_name: String,
    last_names: String,
    date_of_birth: String,
}

fn main() {}
