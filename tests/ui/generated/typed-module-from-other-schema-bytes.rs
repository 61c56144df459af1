// `prefill!(schema = …, module = …)` asserts while compiling that the module was
// generated from the same schema bytes: here the module comes from `schemas/kyc.json`
// and the schema named is a reformatted copy of it (same rules, other bytes).
mod kyc {
    include!("../../snapshots/kyc.rs");
}

fn main() {
    let _root: kyc::Root = gbg_go::prefill!(schema = "tests/ui/schemas/kyc-reformatted.json", module = kyc, {
        "context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"
        }}}
    });
}
