//! `gbg-go`: validate schemas and payloads, generate Rust, diff journey versions, run
//! the sandbox and drive journeys.
//!
//! Exit codes: 0 success (all valid), 1 some payload invalid or malformed (or a
//! breaking change for `diff`), 2 usage, 3 bad schema, 4 missing or unreadable file
//! (or a failed API call). When several apply, the highest wins.

mod ci;
mod remote;
mod render;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: everything valid.
const EXIT_OK: u8 = 0;
/// Exit code: a payload is invalid or malformed; `diff` found a breaking change.
const EXIT_INVALID: u8 = 1;
/// Exit code: the command line was wrong.
const EXIT_USAGE: u8 = 2;
/// Exit code: a schema could not be loaded or generated.
const EXIT_SCHEMA: u8 = 3;
/// Exit code: a file could not be read or written (or an API call failed).
const EXIT_IO: u8 = 4;

const EXIT_CODES: &str = "Exit codes: 0 all valid, 1 some payload invalid or malformed (diff: a breaking change), 2 usage, 3 bad schema, 4 missing or unreadable file (journey: the API call failed). When several apply, the highest wins.";

#[derive(Parser)]
#[command(name = "gbg-go", version, about = "Typed, validated Rust for GBG GO journeys", after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check schema files, or (with --schema) payload files against a schema.
    #[command(after_help = EXIT_CODES)]
    Validate {
        /// Validate these payload files (or directories of *.json) against this schema.
        #[arg(long)]
        schema: Option<PathBuf>,
        /// Schema files (without --schema), or payload files and directories (with it).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format: human (diagnostics with snippets), json (JSON Lines, one object per file), github (workflow annotations) or sarif (one SARIF 2.1.0 log).
        #[arg(long, value_enum, default_value = "human")]
        format: validate::ValidateFormat,
        /// Show payload values in snippets (they are redacted by default).
        #[arg(long)]
        show_values: bool,
        /// Treat `format` as an annotation instead of asserting it.
        #[arg(long)]
        no_format_assertion: bool,
        /// Do not report warnings with this code (repeatable), e.g. `lint-allof-closed`.
        #[arg(long, value_name = "CODE", value_parser = clap::builder::PossibleValuesParser::new(gbg_go_schema::diag::WARNING_CODES))]
        allow: Vec<String>,
    },
    /// Print the Rust module for a task schema (the bytes build.rs would write).
    #[command(after_help = EXIT_CODES)]
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
        /// Do not report warnings with this code (repeatable), e.g. `lint-allof-closed`.
        #[arg(long, value_name = "CODE", value_parser = clap::builder::PossibleValuesParser::new(gbg_go_schema::diag::WARNING_CODES))]
        allow: Vec<String>,
    },
    /// Compare two versions of a task schema; exit 1 on a breaking change.
    #[command(after_help = EXIT_CODES)]
    Diff {
        /// The published (old) schema.
        old: PathBuf,
        /// The new schema.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: validate::Format,
    },
    /// Pull a journey's interaction schemas from GO (`schema/fetch`, v2) into DIR, with
    /// `gbg-go.lock` recording the version they came from.
    #[command(after_help = EXIT_CODES)]
    Pull {
        #[command(flatten)]
        connection: remote::Connection,
        /// `<id>@latest` or `<id>@<version>`.
        resource: String,
        /// Where to write the schemas and the lock.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Compare the live journey with `gbg-go.lock`: exit 0 without drift or with only
    /// non-breaking changes (listed), 1 on a breaking change, 4 when GO cannot be
    /// reached.
    #[command(after_help = EXIT_CODES)]
    Drift {
        #[command(flatten)]
        connection: remote::Connection,
        /// The lock file (its folder holds the locked schemas).
        #[arg(long, default_value = "schemas/gbg-go.lock")]
        lock: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: validate::Format,
    },
    /// Run the local GO sandbox until Ctrl-C.
    #[command(after_help = remote::SANDBOX_JOURNEYS_HELP)]
    Sandbox(remote::SandboxArgs),
    /// Drive a journey through the client (GO or the sandbox).
    Journey {
        #[command(flatten)]
        connection: remote::Connection,
        #[command(subcommand)]
        command: remote::Journey,
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
    ExitCode::from(match cli.command {
        Command::Validate {
            schema,
            files,
            format,
            show_values,
            no_format_assertion,
            allow,
        } => match schema {
            Some(schema) => validate::payloads(
                &schema,
                &files,
                format,
                show_values,
                !no_format_assertion,
                &allow,
            ),
            None => validate::schemas(&files, format, &allow),
        },
        Command::Generate {
            schema,
            output,
            crate_path,
            reveal,
            no_format_assertion,
            allow,
        } => generate(
            schema,
            output,
            crate_path,
            reveal,
            no_format_assertion,
            allow,
        ),
        Command::Diff { old, new, format } => diff_command(&old, &new, format),
        Command::Pull {
            connection,
            resource,
            out,
        } => remote::pull(&connection, &resource, &out),
        Command::Drift {
            connection,
            lock,
            format,
        } => remote::drift(&connection, &lock, format == validate::Format::Json),
        Command::Sandbox(args) => remote::sandbox(args),
        Command::Journey {
            connection,
            command,
        } => remote::journey(&connection, command),
    })
}

fn generate(
    schema: PathBuf,
    output: Option<PathBuf>,
    crate_path: String,
    reveal: Vec<String>,
    no_format_assertion: bool,
    allow: Vec<String>,
) -> u8 {
    let mut builder = gbg_go_codegen::Builder::new();
    builder
        .schema(&schema)
        .crate_path(crate_path)
        .assert_formats(!no_format_assertion);
    for pointer in reveal {
        builder.reveal(pointer);
    }
    for code in allow {
        builder.allow(code);
    }
    let generated = match builder.generate() {
        Ok(mut modules) => modules.remove(0),
        Err(gbg_go_codegen::BuildError::Schema(diags)) => {
            eprintln!("{diags}");
            let io = diags.0.iter().all(|d| d.code == "io");
            return if io { EXIT_IO } else { EXIT_SCHEMA };
        }
        Err(gbg_go_codegen::BuildError::Io(path, e)) => {
            eprintln!("gbg-go: {}: {e}", path.display());
            return EXIT_IO;
        }
        Err(e) => {
            eprintln!("{e}");
            return EXIT_USAGE;
        }
    };
    for w in &generated.warnings {
        eprintln!("{w}");
    }
    match output {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, &generated.code) {
                eprintln!("gbg-go: cannot write {}: {e}", path.display());
                return EXIT_IO;
            }
        }
        None => print!("{}", generated.code),
    }
    EXIT_OK
}

fn diff_command(old: &std::path::Path, new: &std::path::Path, format: validate::Format) -> u8 {
    let load = |p: &std::path::Path| {
        gbg_go_schema::load(p).map_err(|d| {
            eprintln!("{d}");
            if d.0.iter().all(|d| d.code == "io") {
                EXIT_IO
            } else {
                EXIT_SCHEMA
            }
        })
    };
    let (o, n) = match (load(old), load(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(a), Err(b)) => return a.max(b),
        (Err(a), _) | (_, Err(a)) => return a,
    };
    let changes = gbg_go_schema::diff::diff(&o, &n);
    let breaking = changes.iter().filter(|c| c.breaking).count();
    match format {
        validate::Format::Json => {
            for c in &changes {
                println!("{}", c.to_json());
            }
        }
        validate::Format::Human => {
            for c in &changes {
                println!(
                    "{} {}: {}",
                    if c.breaking {
                        "breaking    "
                    } else {
                        "non-breaking"
                    },
                    c.pointer,
                    c.message
                );
            }
            println!(
                "{} change{}: {breaking} breaking, {} non-breaking",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" },
                changes.len() - breaking
            );
        }
    }
    if breaking > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}
