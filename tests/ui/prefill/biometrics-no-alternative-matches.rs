fn main() {
    let _ = gbg_go::prefill!(schema = "schemas/biometrics.json", {"context": {"subject": {"biometrics": [{"selfieImage": "aGVsbG8gd29ybGQgaW1hZ2U="}]}}});
}
