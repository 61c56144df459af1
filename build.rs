//! Only for this crate's own UI tests (`tests/ui.rs`): their `.stderr` snapshots are
//! tied to the compiler they were made with, because rustc's output format moves. On
//! that compiler (rustc 1.95, stable) this sets `cfg(gbg_go_ui_snapshots)`; on any
//! other it says, visibly, that the UI tests are skipped. CI sets
//! `GBG_GO_REQUIRE_UI=1`, under which a skip fails the test instead. It reads nothing
//! but the compiler's version, and changes nothing in the library.

use std::process::Command;

/// The compiler the UI snapshots were made with (`TRYBUILD=overwrite` on it).
const SNAPSHOT_RUSTC: &str = "rustc 1.95.";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC");
    println!("cargo:rustc-check-cfg=cfg(gbg_go_ui_snapshots)");
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    let version = version.trim();
    let stable =
        !version.contains("nightly") && !version.contains("beta") && !version.contains("-dev");
    if version.starts_with(SNAPSHOT_RUSTC) && stable {
        println!("cargo:rustc-cfg=gbg_go_ui_snapshots");
    } else {
        println!(
            "cargo:warning=gbg-go's UI tests (tests/ui.rs) are skipped: their snapshots were made with rustc 1.95 stable, and this is `{version}`"
        );
    }
}
