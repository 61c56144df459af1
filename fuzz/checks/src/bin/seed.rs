//! Write the seeds derived from the fixtures, plus the committed seeds and
//! regression inputs, to `fuzz/corpus/<target>/` for `cargo fuzz run`:
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml -p gbg-go-fuzz-checks --bin seed
//! ```
//!
//! The corpus itself is not committed (it grows while fuzzing).

use std::path::Path;

fn main() -> std::io::Result<()> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = fuzz.join("corpus");
    let mut n = 0;
    for (target, name, bytes) in gbg_go_fuzz_checks::fixture_seeds() {
        let dir = corpus.join(target);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(name), bytes)?;
        n += 1;
    }
    for folder in ["seeds", "regressions"] {
        for (target, _) in gbg_go_fuzz_checks::TARGETS {
            let Ok(entries) = std::fs::read_dir(fuzz.join(folder).join(target)) else {
                continue;
            };
            let dir = corpus.join(target);
            std::fs::create_dir_all(&dir)?;
            for e in entries {
                let e = e?;
                std::fs::copy(e.path(), dir.join(e.file_name()))?;
                n += 1;
            }
        }
    }
    println!("{n} inputs written to {}", corpus.display());
    Ok(())
}
