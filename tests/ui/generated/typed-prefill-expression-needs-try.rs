// A module's `prefill!` builds `Root` proven while compiling; a Rust expression points
// to the module's `try_prefill!`, and the form from any crate to `gbg_go::try_prefill!`.
mod kyc {
    include!("../../snapshots/kyc.rs");
}

fn main() {
    let first = String::from("Ada");
    let _root: kyc::Root = kyc::prefill!({
        "context": {"subject": {"identity": {
            "firstName": first, "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"
        }}}
    });
    let born = "1815-12-10";
    let _root: kyc::Root = gbg_go::prefill!(schema = "schemas/kyc.json", module = kyc, {
        "context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": born
        }}}
    });
}
