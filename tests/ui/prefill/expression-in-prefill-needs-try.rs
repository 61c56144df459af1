// `prefill!` evaluates to a value proven while compiling; a Rust expression can only
// be checked at run time, so it points to `try_prefill!` (one return type per macro).
fn main() {
    let first = String::from("Ada");
    let _ = gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {
            "identity": {"firstName": first, "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}
        }}
    });
}
