// Plain JSON at an object place is refused: wrap it in `gbg_go::Unvalidated` to say
// that it is checked at run time only.
fn main() {
    let identity = serde_json::json!({"firstName": "Ada"});
    let _ = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": identity}}
    });
}
