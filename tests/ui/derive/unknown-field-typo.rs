#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity")]
struct Customer {
    frist_name: String,
    first_name: String,
    last_names: Vec<String>,
    date_of_birth: String,
}

fn main() {}
