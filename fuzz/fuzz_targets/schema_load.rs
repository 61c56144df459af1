//! The schema loader and the IR conversion (with the lints) on arbitrary bytes: a
//! diagnostic or an IR, never a panic, a hang or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // In-memory only: a relative `$ref` names a file that is not supplied and is an
    // error, and nothing is read from disk or the network.
    let path = std::path::Path::new("/nonexistent/fuzz/schema.json");
    if let Ok(ir) = gbg_go_schema::load_with_files(path, "schema.json", data, &[]) {
        // Diagnostics must render (they quote names from the input).
        for w in &ir.warnings {
            let _ = w.to_string();
        }
    }
});
