// Rules that depend only on the literal parts are still checked while compiling when
// other values are Rust expressions: `"country": "US"` chooses the `then` that
// requires `state`, whatever `first` and `street` hold.
fn main() {
    let first = String::from("Grace");
    let street = String::from("1 Main St");
    let _ = gbg_go::try_prefill!(schema = "schemas/kyc-2020.json", {"context": {"subject": {"identity": {
        "firstName": first,
        "currentAddress": {"lines": [street], "country": "US"}
    }}}});
}
