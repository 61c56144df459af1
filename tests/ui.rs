//! trybuild UI tests for the macros: every diagnostic we write, one mistake per file.
//!
//! The `.stderr` files are tied to the toolchain installed here (rustc 1.95 stable),
//! since rustc's output format moves. build.rs sets `cfg(gbg_go_ui_snapshots)` on that
//! compiler; on any other the suite is skipped visibly (a build-script warning, and
//! this test says so), and under `GBG_GO_REQUIRE_UI=1` (set by `.ci/run`) a skip is a
//! failure. Regenerate with `TRYBUILD=overwrite cargo test --test ui` and review the
//! diff.

#[cfg(not(gbg_go_ui_snapshots))]
#[test]
fn ui() {
    let why = "the UI snapshots were made with rustc 1.95 stable, and this compiler is another (see build.rs)";
    assert!(
        std::env::var_os("GBG_GO_REQUIRE_UI").is_none(),
        "GBG_GO_REQUIRE_UI is set, but the UI tests cannot run: {why}"
    );
    eprintln!("UI tests skipped: {why}");
}

#[cfg(gbg_go_ui_snapshots)]
#[test]
fn ui() {
    // trybuild compiles the cases in a crate of its own; relative schema paths must
    // still resolve against this crate (see `gbg_go::prefill!`).
    std::env::set_var("GBG_GO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/prefill/*.rs");
    t.compile_fail("tests/ui/derive/*.rs");
    t.compile_fail("tests/ui/generated/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
