//! `gbg-go`: generate typed Rust from GBG GO task schemas.
//!
//! Exit codes: 0 success, 2 usage, 3 bad schema, 4 I/O error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: the command line was wrong.
const EXIT_USAGE: u8 = 2;
/// Exit code: a schema could not be loaded or generated.
const EXIT_SCHEMA: u8 = 3;
/// Exit code: a file could not be read or written.
const EXIT_IO: u8 = 4;

#[derive(Parser)]
#[command(
    name = "gbg-go",
    version,
    about = "Typed, validated Rust for GBG GO journeys",
    after_help = "Exit codes: 0 success, 2 usage, 3 bad schema, 4 I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the Rust module for a task schema (the bytes build.rs would write).
    Generate {
        /// The schema file (JSON Schema draft-07 or 2020-12).
        schema: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Path of the runtime crate in the consuming crate.
        #[arg(long, default_value = "::gbg_go")]
        crate_path: String,
        /// Show values at this payload pointer in Debug output (repeatable).
        #[arg(long)]
        reveal: Vec<String>,
        /// Treat `format` as an annotation instead of asserting it.
        #[arg(long)]
        no_format_assertion: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Generate {
            schema,
            output,
            crate_path,
            reveal,
            no_format_assertion,
        } => {
            let options = gbg_go_codegen::Options {
                crate_path,
                reveal,
                assert_format: !no_format_assertion,
            };
            let generated = match gbg_go_codegen::generate(&schema, &options) {
                Ok(g) => g,
                Err(diags) => {
                    eprintln!("{diags}");
                    let io = diags.0.iter().all(|d| d.code == "io");
                    return ExitCode::from(if io { EXIT_IO } else { EXIT_SCHEMA });
                }
            };
            for w in &generated.warnings {
                eprintln!("{w}");
            }
            match output {
                Some(path) => {
                    if let Err(e) = std::fs::write(&path, &generated.code) {
                        eprintln!("gbg-go: cannot write {}: {e}", path.display());
                        return ExitCode::from(EXIT_IO);
                    }
                }
                None => print!("{}", generated.code),
            }
            ExitCode::SUCCESS
        }
    }
}
