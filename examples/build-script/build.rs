//! Generate `$OUT_DIR/kyc.rs` from the fixture schema. A real consumer points this at
//! the schemas it exported from the GO dashboard (often just `compile_schemas("schemas")`).

fn main() -> Result<(), gbg_go_codegen::BuildError> {
    gbg_go_codegen::Builder::new()
        .schema("../../schemas/kyc.json")
        // Titles are not sensitive: show them in Debug output.
        .reveal("/context/subject/identity/title")
        // Hooks shape the types, each place named by payload pointer.
        .rename("/context/subject/identity/currentAddress", "PostalAddress")
        .derive("Eq")
        .derive("Hash")
        // `Identity::builder()…build()` for structs with several optional members.
        .struct_builders(true)
        .compile()
}
