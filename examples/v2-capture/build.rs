//! Generate one module per interaction schema of the sandbox's `verification`
//! journey, as `gbg-go pull verification@latest --out schemas` wrote them (with
//! `schemas/gbg-go.lock`; `tests/drift.rs` checks they still match what the journey
//! serves). A real service pulls from its GO tenant the same way.

fn main() -> Result<(), gbg_go_codegen::BuildError> {
    gbg_go_codegen::Builder::new()
        .schemas("schemas")
        // `Identity::builder()…build()` for structs with several optional members.
        .struct_builders(true)
        .compile()
}
