#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity/title")]
enum Title {
    Dr,
    Sir,
}

fn main() {}
