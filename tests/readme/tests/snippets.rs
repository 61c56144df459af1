//! The README's snippets run, where they need no server (the client snippets are
//! compiled only: they name a GO tenant's credentials).

#[test]
fn every_readme_block_is_compiled_but_the_deliberate_failure() {
    // build.rs skips exactly one block: the prefill that fails to compile on purpose.
    assert_eq!(gbg_go_readme::COMPILED + 1, gbg_go_readme::BLOCKS);
}

const VALID: &str = r#"{"context": {"subject": {"identity": {
    "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}}}}"#;

#[test]
fn the_include_schema_snippet_reads_a_valid_document() {
    gbg_go_readme::snippet_1::run(VALID).expect("the README's src/main.rs snippet");
}

#[test]
fn the_from_json_str_snippet_reports_violations_instead_of_failing() {
    gbg_go_readme::snippet_3::run(VALID).expect("valid");
    gbg_go_readme::snippet_3::run(r#"{"context": {}}"#).expect("violations are printed");
}

#[test]
fn the_typed_prefill_and_derive_snippets_build_their_values() {
    gbg_go_readme::snippet_5::run().expect("the typed prefill! snippet");
    gbg_go_readme::snippet_6::run().expect("the derive snippet");
}

#[test]
fn the_builder_snippet_is_the_build_script_users_write() {
    // It compiles schemas/kyc.json relative to the working directory, which a test
    // does not control: running it belongs to examples/build-script. Here it must
    // at least refuse cleanly, never panic, where there is no schemas/ folder.
    let dir = std::env::temp_dir().join("gbg-go-readme-builder");
    std::fs::create_dir_all(&dir).unwrap();
    let here = std::env::current_dir().unwrap();
    std::env::set_current_dir(&dir).unwrap();
    let result = gbg_go_readme::snippet_2::run();
    std::env::set_current_dir(here).unwrap();
    assert!(result.is_err(), "no schemas/kyc.json there");
}
