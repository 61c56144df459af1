fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/contacts.json", {"context": {"subject": {"identity": {}}}});
}
