//! `gbg-go validate`: schema files, or payload files against a schema.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use gbg_go_schema::locate::{depth_exceeded, locate, self_and_ancestors, LineIndex, MAX_DEPTH};
use gbg_go_schema::source::SourceFile;
use gbg_go_schema::{Diagnostic, Severity, Validator};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::ci::{self, Finding, Kind, Level};
use crate::render;
use crate::{EXIT_INVALID, EXIT_IO, EXIT_OK, EXIT_SCHEMA};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rendered diagnostics with source snippets.
    Human,
    /// JSON Lines: one object per file.
    Json,
}

/// `gbg-go validate`'s output formats (the other commands take [`Format`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    /// Rendered diagnostics with source snippets.
    Human,
    /// JSON Lines: one object per file.
    Json,
    /// GitHub Actions workflow commands: one `::error`/`::warning` annotation per
    /// finding, at its line in the file.
    Github,
    /// One SARIF 2.1.0 log for the whole run (code scanning).
    Sarif,
}

/// One error, as `--format json` writes it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub pointer: String,
    pub keyword: String,
    pub line: usize,
    pub column: usize,
    pub schema_location: String,
    pub message: String,
}

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Valid,
    Invalid,
    Malformed,
    Unreadable,
}

/// One payload file's report.
pub struct Report {
    pub file: String,
    pub outcome: Outcome,
    pub errors: Vec<Item>,
    /// The text and the located violations, kept for rendering snippets of invalid
    /// files.
    pub source: Option<render::Snippets>,
}

impl Report {
    fn valid(file: &str) -> Report {
        Report {
            file: file.to_owned(),
            outcome: Outcome::Valid,
            errors: Vec::new(),
            source: None,
        }
    }

    /// A file that could not be read: one `io` error at its start.
    fn unreadable(file: &str, reason: &str) -> Report {
        Report {
            file: file.to_owned(),
            outcome: Outcome::Unreadable,
            errors: vec![Item {
                pointer: String::new(),
                keyword: "io".into(),
                line: 1,
                column: 1,
                schema_location: String::new(),
                message: format!("cannot read: {reason}"),
            }],
            source: None,
        }
    }

    /// A file that is not (acceptable) JSON: one located syntax error.
    fn malformed(file: &str, line: usize, column: usize, message: String) -> Report {
        Report {
            file: file.to_owned(),
            outcome: Outcome::Malformed,
            errors: vec![Item {
                pointer: String::new(),
                keyword: "syntax".into(),
                line,
                column,
                schema_location: String::new(),
                message,
            }],
            source: None,
        }
    }
}

#[derive(Serialize)]
struct JsonLine<'a> {
    file: &'a str,
    valid: bool,
    errors: &'a [Item],
}

/// Expand the arguments: directories are searched (recursively, sorted) for
/// `*.json` files; files and missing paths are kept as given.
fn expand(inputs: &[PathBuf]) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "json") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found);
            out.extend(found.into_iter().map(|p| p.display().to_string()));
        } else {
            out.push(input.display().to_string());
        }
    }
    out
}

fn check_file(file: &str, validator: &Validator) -> Report {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return Report::unreadable(file, &io_reason(&e)),
    };
    // A UTF-8 BOM is tolerated, as the schema loader tolerates it.
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    // Parse strictly (duplicate keys are an error, as in the schema loader) with
    // serde_json's speed; the span-keeping parser runs only for a file that needs a
    // located syntax error.
    let parse_error = match gbg_go_schema::strict::from_slice(body) {
        Ok(value) => {
            let violations = validator.validate(&value);
            // The tree is not needed to locate the violations: free it first, so an
            // invalid file costs about the memory of a valid one.
            drop(value);
            if violations.is_empty() {
                return Report::valid(file);
            }
            // serde_json accepted the bytes, so they are UTF-8 and nothing is replaced.
            return located(file, String::from_utf8_lossy(body).into_owned(), violations);
        }
        Err(e) => e,
    };
    // Malformed, or nested too deep: find out which, with a location.
    if let Some(report) = too_deep(file, body) {
        return report;
    }
    match SourceFile::parse(Path::new(file), file.to_owned(), &bytes) {
        Err(diags) => Report {
            file: file.to_owned(),
            outcome: Outcome::Malformed,
            errors: diags
                .into_iter()
                .map(|d| Item {
                    pointer: d.pointer,
                    keyword: "syntax".into(),
                    line: d.line,
                    column: d.column,
                    schema_location: String::new(),
                    message: d.message,
                })
                .collect(),
            source: None,
        },
        // The span-keeping parser accepts what serde_json refused (a lone surrogate
        // in a `\u` escape, say): serde_json's error, at its position, decides.
        Ok(source) => {
            let lines = LineIndex::new(&source.text);
            // serde_json counts columns in bytes; ours are characters.
            let offset = lines.line_start(parse_error.line().saturating_sub(1))
                + parse_error.column().saturating_sub(1);
            let (line, column) = lines.line_col(&source.text, offset);
            Report::malformed(file, line, column, format!("invalid JSON: {parse_error}"))
        }
    }
}

/// A payload nested deeper than [`MAX_DEPTH`] levels is one located error, the
/// limit generated code inherits from serde_json, so every surface agrees.
fn too_deep(file: &str, body: &[u8]) -> Option<Report> {
    let text = std::str::from_utf8(body).ok()?;
    let at = depth_exceeded(text, MAX_DEPTH)?;
    let (line, column) = LineIndex::new(text).line_col(text, at);
    Some(Report::malformed(
        file,
        line,
        column,
        gbg_go_schema::messages::too_deep(MAX_DEPTH),
    ))
}

/// An invalid file's report: the reported pointers are found in the text by one
/// targeted scan (`gbg_go_schema::locate`), not by a span map of the whole document.
fn located(file: &str, text: String, violations: Vec<gbg_go_schema::Violation>) -> Report {
    let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
    let mut found = locate(&text, &pointers, render::CONTEXT_BYTES);
    // A pointer the document lacks is shown at its nearest ancestor that it has.
    let missing: Vec<&str> = pointers
        .iter()
        .copied()
        .filter(|p| !found.contains_key(*p))
        .flat_map(|p| self_and_ancestors(p).skip(1))
        .collect();
    if !missing.is_empty() {
        for (p, l) in locate(&text, &missing, render::CONTEXT_BYTES) {
            found.entry(p).or_insert(l);
        }
    }
    let snippets = render::Snippets {
        lines: LineIndex::new(&text),
        text,
        found,
    };
    let offsets: Vec<usize> = violations
        .iter()
        .map(|v| snippets.nearest(&v.pointer).map_or(0, |l| l.span.start))
        .collect();
    let positions = snippets.lines.line_cols(&snippets.text, &offsets);
    let errors = violations
        .into_iter()
        .zip(positions)
        .map(|(v, (line, column))| Item {
            pointer: v.pointer,
            keyword: v.keyword.to_owned(),
            line,
            column,
            schema_location: v.schema_location,
            message: v.message,
        })
        .collect();
    Report {
        file: file.to_owned(),
        outcome: Outcome::Invalid,
        errors,
        source: Some(snippets),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}

/// Validate payload files against a schema.
pub fn payloads(
    schema: &Path,
    inputs: &[PathBuf],
    format: ValidateFormat,
    show_values: bool,
    assert_format: bool,
    allow: &[String],
) -> u8 {
    let ir = match gbg_go_schema::load(schema) {
        Ok(ir) => ir,
        Err(diags) => {
            // The payloads cannot be checked; a missing one still raises the code,
            // since the highest code wins.
            let missing = inputs.iter().filter(|p| !p.exists()).collect::<Vec<_>>();
            if matches!(format, ValidateFormat::Github | ValidateFormat::Sarif) {
                let mut findings: Vec<Finding> = diags.0.iter().map(schema_finding).collect();
                findings.extend(missing.iter().flat_map(|p| {
                    let missing = Report::unreadable(&p.display().to_string(), "no such file");
                    report_findings(&missing, false)
                }));
                emit_ci(format, &findings);
            }
            for p in &missing {
                eprintln!("{}: cannot read: no such file", p.display());
            }
            let code = schema_failure(&diags);
            return if missing.is_empty() {
                code
            } else {
                code.max(EXIT_IO)
            };
        }
    };
    let mut findings: Vec<Finding> = Vec::new();
    for w in ir
        .warnings
        .iter()
        .filter(|w| !allow.iter().any(|a| a == w.code))
    {
        match format {
            ValidateFormat::Human => eprintln!("{w}"),
            ValidateFormat::Github | ValidateFormat::Sarif => findings.push(schema_finding(w)),
            ValidateFormat::Json => {}
        }
    }
    let validator = Validator::new(ir).assert_format(assert_format);
    let files = expand(inputs);
    let bar = (std::io::stderr().is_terminal() && files.len() >= 200).then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let reports: Vec<Report> = files
        .par_iter()
        .map(|f| {
            let r = check_file(f, &validator);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            r
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let stdout = std::io::stdout();
    // Colours only on a terminal, and never with NO_COLOR (https://no-color.org).
    let style = render::Style::new(
        stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    );
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut counts = [0usize; 4];
    let mut exit = EXIT_OK;
    for r in &reports {
        let (i, code) = match r.outcome {
            Outcome::Valid => (0, EXIT_OK),
            Outcome::Invalid => (1, EXIT_INVALID),
            Outcome::Malformed => (2, EXIT_INVALID),
            Outcome::Unreadable => (3, EXIT_IO),
        };
        counts[i] += 1;
        exit = exit.max(code);
        match format {
            ValidateFormat::Github | ValidateFormat::Sarif => {
                findings.extend(report_findings(r, show_values));
            }
            ValidateFormat::Json => {
                let line = JsonLine {
                    file: &r.file,
                    valid: r.outcome == Outcome::Valid,
                    errors: &r.errors,
                };
                let _ = serde_json::to_writer(&mut out, &line);
                let _ = writeln!(out);
            }
            ValidateFormat::Human if r.outcome != Outcome::Valid => {
                let _ = write!(out, "{}", render::report(r, show_values, style));
            }
            ValidateFormat::Human => {}
        }
    }
    let summary = format!(
        "{} file{} checked: {} valid, {} invalid, {} malformed, {} unreadable",
        reports.len(),
        if reports.len() == 1 { "" } else { "s" },
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    );
    let _ = out.flush();
    drop(out);
    match format {
        ValidateFormat::Human => println!("{summary}"),
        ValidateFormat::Json => eprintln!("{summary}"),
        ValidateFormat::Github | ValidateFormat::Sarif => {
            emit_ci(format, &findings);
            eprintln!("{summary}");
        }
    }
    exit
}

/// Write the CI formats' output on stdout.
fn emit_ci(format: ValidateFormat, findings: &[Finding]) {
    let text = match format {
        ValidateFormat::Github => ci::github(findings),
        ValidateFormat::Sarif => {
            let mut text =
                serde_json::to_string_pretty(&ci::sarif(findings)).unwrap_or_else(|_| "{}".into());
            text.push('\n');
            text
        }
        ValidateFormat::Human | ValidateFormat::Json => return,
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// A schema's diagnostic as a CI finding.
fn schema_finding(d: &Diagnostic) -> Finding {
    Finding {
        kind: Kind::Schema,
        level: if d.is_error() {
            Level::Error
        } else {
            Level::Warning
        },
        file: d.file.clone(),
        line: d.line,
        column: d.column,
        rule: d.code.to_owned(),
        message: d.message.clone(),
        pointer: d.pointer.clone(),
        schema_location: String::new(),
        value: None,
    }
}

/// The most characters of a value `--show-values` adds to a CI finding.
const VALUE_MAX: usize = 200;

/// A payload file's report as CI findings: its violations, or why it could not be
/// checked. With `show_values`, each violation carries the text of the value at its
/// pointer (none for a member that is missing).
fn report_findings(r: &Report, show_values: bool) -> Vec<Finding> {
    let kind = match r.outcome {
        Outcome::Valid => return Vec::new(),
        Outcome::Invalid => Kind::Violation,
        Outcome::Malformed | Outcome::Unreadable => Kind::Unchecked,
    };
    r.errors
        .iter()
        .map(|e| {
            let value = show_values
                .then(|| {
                    let source = r.source.as_ref()?;
                    let span = source.found.get(&e.pointer)?.span;
                    let text = source.text.get(span.start..span.end)?;
                    Some(gbg_go_schema::text::printable_clipped(text, VALUE_MAX).into_owned())
                })
                .flatten();
            Finding {
                kind,
                level: Level::Error,
                file: r.file.clone(),
                line: e.line,
                column: e.column,
                rule: e.keyword.clone(),
                message: e.message.clone(),
                pointer: e.pointer.clone(),
                schema_location: e.schema_location.clone(),
                value,
            }
        })
        .collect()
}

fn schema_failure(diags: &gbg_go_schema::Diagnostics) -> u8 {
    eprintln!("{diags}");
    if diags.0.iter().all(|d| d.code == "io") {
        EXIT_IO
    } else {
        EXIT_SCHEMA
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SchemaItem<'a> {
    severity: &'static str,
    code: &'a str,
    pointer: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

/// Check schema files: syntax, meta-schema, `$ref`s (no network), regexes,
/// keyword support, lints.
pub fn schemas(inputs: &[PathBuf], format: ValidateFormat, allow: &[String]) -> u8 {
    let mut findings: Vec<Finding> = Vec::new();
    let mut exit = EXIT_OK;
    let (mut ok, mut bad) = (0, 0);
    // A directory stands for the schema files at its top (subfolders hold payloads
    // or shared definitions, as in this repository's `schemas/`).
    let mut files = Vec::new();
    for input in inputs {
        match std::fs::read_dir(input) {
            Ok(entries) if input.is_dir() => {
                let mut found: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
                    .collect();
                found.sort();
                files.extend(found);
            }
            _ => files.push(input.clone()),
        }
    }
    for path in &files {
        let name = path.display().to_string();
        let mut diags: Vec<Diagnostic> = Vec::new();
        let mut unreadable = false;
        match std::fs::read(path) {
            Err(e) => {
                unreadable = true;
                diags.push(Diagnostic {
                    severity: Severity::Error,
                    code: "io",
                    message: format!("cannot read: {}", io_reason(&e)),
                    file: name.clone(),
                    pointer: String::new(),
                    line: 1,
                    column: 1,
                });
            }
            Ok(bytes) => {
                // The meta-schema is checked by the reference validator (offline), on
                // the loader's parse of the file, or a parse of its own when loading
                // failed after parsing.
                match gbg_go_schema::load_bytes(path, &name, &bytes) {
                    Ok(mut ir) => {
                        diags.extend(meta_schema(&ir.files[0]));
                        ir.warnings.retain(|w| !allow.iter().any(|a| a == w.code));
                        diags.append(&mut ir.warnings);
                    }
                    Err(d) => {
                        diags.extend(d.0);
                        if let Ok(source) = SourceFile::parse(path, name.clone(), &bytes) {
                            diags.extend(meta_schema(&source));
                        }
                    }
                }
            }
        }
        diags.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        diags.dedup();
        let errors = diags.iter().any(Diagnostic::is_error);
        if unreadable {
            exit = exit.max(EXIT_IO);
        } else if errors {
            exit = exit.max(EXIT_SCHEMA);
        }
        if errors {
            bad += 1;
        } else {
            ok += 1;
        }
        match format {
            ValidateFormat::Github | ValidateFormat::Sarif => {
                findings.extend(diags.iter().map(|d| {
                    let mut f = schema_finding(d);
                    // A file that cannot be read is not a finding about a schema.
                    if d.code == "io" {
                        f.kind = Kind::Unchecked;
                    }
                    f
                }));
            }
            ValidateFormat::Human => {
                for d in &diags {
                    eprintln!("{d}");
                }
                if !errors {
                    println!(
                        "ok: {name}{}",
                        match diags.len() {
                            0 => String::new(),
                            1 => " (1 warning)".into(),
                            n => format!(" ({n} warnings)"),
                        }
                    );
                }
            }
            ValidateFormat::Json => {
                let items: Vec<SchemaItem> = diags
                    .iter()
                    .map(|d| SchemaItem {
                        severity: if d.is_error() { "error" } else { "warning" },
                        code: d.code,
                        pointer: &d.pointer,
                        line: d.line,
                        column: d.column,
                        message: &d.message,
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({"file": name, "valid": !errors, "errors": items})
                );
            }
        }
    }
    let summary = format!(
        "{} schema{} checked: {ok} ok, {bad} with errors",
        ok + bad,
        if ok + bad == 1 { "" } else { "s" }
    );
    match format {
        ValidateFormat::Human => println!("{summary}"),
        ValidateFormat::Json => {}
        ValidateFormat::Github | ValidateFormat::Sarif => {
            emit_ci(format, &findings);
            eprintln!("{summary}");
        }
    }
    exit
}

fn meta_schema(source: &SourceFile) -> Vec<Diagnostic> {
    let dialect = source
        .value
        .get("$schema")
        .and_then(Value::as_str)
        .unwrap_or("");
    let validator = if dialect.contains("2020-12") {
        jsonschema::draft202012::meta::validator()
    } else if dialect.is_empty() || dialect.contains("draft-07") {
        jsonschema::draft7::meta::validator()
    } else {
        // An unsupported dialect is reported by the loader.
        return Vec::new();
    };
    validator
        .iter_errors(&source.value)
        .map(|e| {
            let pointer = e.instance_path().as_str().to_owned();
            source.diag(
                Severity::Error,
                "meta-schema",
                format!("not a valid schema: {e}"),
                &pointer,
            )
        })
        .collect()
}
