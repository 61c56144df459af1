//! Human output: rustc-style diagnostics with a source snippet in which every value
//! is shown as `<redacted>` unless `--show-values`.
//!
//! Rendered here rather than with codespan-reporting or miette: both compute the
//! line:col they print and place the caret from the text they are given, and the text
//! we show is not the file's text (values are replaced), so their location line
//! would be wrong. Our header carries the file's own line:col; the snippet is the
//! redacted line with the caret placed in it.

use std::fmt::Write;

use gbg_go_schema::source::{escape_token, SourceFile};
use serde_json::Value;

use crate::validate::{Outcome, Report};

const REDACTED: &str = "<redacted>";

/// ANSI styles, or nothing (not a terminal, or `NO_COLOR` set).
#[derive(Clone, Copy)]
pub struct Style {
    error: &'static str,
    accent: &'static str,
    reset: &'static str,
}

impl Style {
    /// Colours when `on`.
    pub fn new(on: bool) -> Style {
        if on {
            Style {
                error: "\x1b[1;31m",
                accent: "\x1b[1;34m",
                reset: "\x1b[0m",
            }
        } else {
            Style {
                error: "",
                accent: "",
                reset: "",
            }
        }
    }
}

/// Render one file's problems.
pub fn report(r: &Report, show_values: bool, style: Style) -> String {
    let Style {
        error: red,
        accent: blue,
        reset,
    } = style;
    let mut out = String::new();
    for e in &r.errors {
        let kind = match r.outcome {
            Outcome::Unreadable => "io",
            Outcome::Malformed => "syntax",
            _ => e.keyword.as_str(),
        };
        let _ = writeln!(out, "{red}error[{kind}]{reset}: {}", e.message);
        let _ = writeln!(out, "  {blue}-->{reset} {}:{}:{}", r.file, e.line, e.column);
        if let Some(source) = &r.source {
            let (gutter, snippet) = snippet(source, &e.pointer, e.line, show_values, style);
            out.push_str(&snippet);
            let at = if e.pointer.is_empty() {
                "(root)"
            } else {
                &e.pointer
            };
            let _ = writeln!(out, "{:gutter$}{blue}={reset} at: {at}", "");
            if !e.schema_location.is_empty() {
                let _ = writeln!(
                    out,
                    "{:gutter$}{blue}={reset} schema: {}",
                    "", e.schema_location
                );
            }
        }
        out.push('\n');
    }
    out
}

/// Every scalar's pointer in a document.
fn scalar_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                scalar_pointers(v, format!("{pointer}/{}", escape_token(k)), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                scalar_pointers(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => out.push(pointer),
    }
}

/// The numbered line with values redacted, and a caret line under the token at
/// `pointer`. Returns the gutter width too.
fn snippet(
    source: &SourceFile,
    pointer: &str,
    line: usize,
    show_values: bool,
    style: Style,
) -> (usize, String) {
    let Style {
        error: red,
        accent: blue,
        reset,
    } = style;
    let text = &source.text;
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line_text = text[line_start..]
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r');
    let line_end = line_start + line_text.len();
    // The target token's byte range.
    let target = nearest_span(source, pointer);
    let target_is_scalar = source
        .value
        .pointer(pointer)
        .is_some_and(|v| !v.is_object() && !v.is_array());
    // Replace every scalar on this line (byte ranges inside the line).
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    if !show_values {
        let mut pointers = Vec::new();
        scalar_pointers(&source.value, String::new(), &mut pointers);
        for p in pointers {
            if let Some(span) = source.span(&p) {
                if span.start >= line_start && span.end <= line_end {
                    cuts.push((span.start, span.end));
                }
            }
        }
        cuts.sort_unstable();
    }
    let mut rendered = String::new();
    let mut caret: Option<(usize, usize)> = None; // (column in chars, width)
    let mut pos = line_start;
    let mut col = 0usize;
    let push = |rendered: &mut String, s: &str, col: &mut usize| {
        rendered.push_str(s);
        *col += s.chars().count();
    };
    for (start, end) in &cuts {
        if *start < pos {
            continue;
        }
        if target.is_some_and(|(t, _)| t >= pos && t < *start) {
            let (t, e) = target.unwrap_or_default();
            let before = &text[pos..t];
            let width = if target_is_scalar {
                text[t..e.min(line_end)].chars().count()
            } else {
                1
            };
            caret = Some((col + before.chars().count(), width.max(1)));
        }
        push(&mut rendered, &text[pos..*start], &mut col);
        if target.is_some_and(|(t, _)| t == *start) {
            caret = Some((col, REDACTED.len()));
        }
        push(&mut rendered, REDACTED, &mut col);
        pos = *end;
    }
    if caret.is_none() {
        if let Some((t, e)) = target.filter(|(t, _)| *t >= pos && *t <= line_end) {
            let width = if target_is_scalar {
                text[t..e.min(line_end)].chars().count()
            } else {
                1
            };
            caret = Some((col + text[pos..t].chars().count(), width.max(1)));
        }
    }
    push(&mut rendered, &text[pos..line_end], &mut col);
    let gutter = line.to_string().len() + 1;
    let mut out = String::new();
    let _ = writeln!(out, "{:gutter$}{blue}|{reset}", "");
    let _ = writeln!(out, "{blue}{line:>w$} |{reset} {rendered}", w = gutter - 1);
    if let Some((c, w)) = caret {
        let _ = writeln!(
            out,
            "{:gutter$}{blue}|{reset} {:c$}{red}{}{reset}",
            "",
            "",
            "^".repeat(w)
        );
    }
    (gutter, out)
}

/// The span of the value at `pointer`, or of its nearest located ancestor.
fn nearest_span(source: &SourceFile, pointer: &str) -> Option<(usize, usize)> {
    let mut p = pointer;
    loop {
        if let Some(s) = source.span(p) {
            return Some((s.start, s.end));
        }
        p = &p[..p.rfind('/')?];
    }
}
