// `previousAddresses` holds at most 10 items (`maxItems: 10`): index 10 names a place
// no valid document has.
#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/address-history.json", at = "/context/subject/identity/previousAddresses/10")]
struct EleventhAddress {
    lines: Vec<String>,
    country: String,
}

fn main() {}
