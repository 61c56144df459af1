// `identity` is closed (`additionalProperties: false`): no member `nope` can be there,
// so a struct at that place is refused while compiling, not at run time.
#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity/nope")]
struct Customer {
    first_name: String,
}

fn main() {}
