#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity/firstName")]
enum Name {
    Ada,
}

fn main() {}
