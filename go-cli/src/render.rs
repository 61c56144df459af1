//! Human output: rustc-style diagnostics with a source snippet in which every value
//! is shown as `<redacted>` unless `--show-values`.
//!
//! Rendered here rather than with codespan-reporting or miette: both compute the
//! line:col they print and place the caret from the text they are given, and the text
//! we show is not the file's text (values are replaced), so their location line
//! would be wrong. Our header carries the file's own line:col; the snippet is a
//! window of the redacted line with the caret placed in it.
//!
//! Everything printed that came from the payload (keys, pointers, file names, values
//! with `--show-values`) goes through `gbg_go_schema::text`, so a key holding an
//! escape sequence or a newline cannot colour the terminal or forge a line. The
//! snippet is a window of at most [`BEFORE`] + [`AFTER`] characters around the caret,
//! with `…` where the line goes on, so a minified 50 MB line prints a short line.

use std::collections::HashMap;
use std::fmt::Write;

use gbg_go_schema::locate::{floor_char_boundary, self_and_ancestors, LineIndex, Located};
use gbg_go_schema::text::{printable, printable_clipped, push_printable};

use crate::validate::{Outcome, Report};

const REDACTED: &str = "<redacted>";
/// Characters of the line shown before the caret.
pub const BEFORE: usize = 40;
/// Characters of the line shown from the caret on.
pub const AFTER: usize = 60;
/// The most characters of a pointer shown on the `at:` line (`--format json` has
/// it whole).
const POINTER_MAX: usize = 240;
/// Bytes of context [`Snippets`] must hold around each target: enough for the
/// window in the widest UTF-8.
pub const CONTEXT_BYTES: usize = 4 * (BEFORE + AFTER);

/// What the renderer needs of an invalid file: its text and the located targets.
pub struct Snippets {
    /// The payload's text (BOM stripped).
    pub text: String,
    /// Its line starts.
    pub lines: LineIndex,
    /// The reported pointers (and, where a pointer has no value, its nearest
    /// ancestor), each with the scalar tokens near it.
    pub found: HashMap<String, Located>,
}

impl Snippets {
    /// The located value at `pointer`, or at its nearest located ancestor.
    pub fn nearest(&self, pointer: &str) -> Option<&Located> {
        self_and_ancestors(pointer).find_map(|p| self.found.get(p))
    }
}

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
    let file = printable(&r.file);
    for e in &r.errors {
        let kind = match r.outcome {
            Outcome::Unreadable => "io",
            Outcome::Malformed => "syntax",
            _ => e.keyword.as_str(),
        };
        let _ = writeln!(out, "{red}error[{kind}]{reset}: {}", printable(&e.message));
        let _ = writeln!(out, "  {blue}-->{reset} {file}:{}:{}", e.line, e.column);
        if let Some(source) = &r.source {
            let (gutter, snippet) = snippet(source, &e.pointer, show_values, style);
            out.push_str(&snippet);
            let pad = " ".repeat(gutter);
            let at = if e.pointer.is_empty() {
                "(root)".into()
            } else {
                printable_clipped(&e.pointer, POINTER_MAX)
            };
            let _ = writeln!(out, "{pad}{blue}={reset} at: {at}");
            if !e.schema_location.is_empty() {
                let _ = writeln!(
                    out,
                    "{pad}{blue}={reset} schema: {}",
                    printable(&e.schema_location)
                );
            }
        }
        out.push('\n');
    }
    out
}

/// The window of the target's line with values redacted, and a caret line under the
/// token at `pointer`. Returns the gutter width too.
fn snippet(source: &Snippets, pointer: &str, show_values: bool, style: Style) -> (usize, String) {
    let Style {
        error: red,
        accent: blue,
        reset,
    } = style;
    let text = source.text.as_str();
    let Some(target) = source.nearest(pointer) else {
        return (2, String::new());
    };
    let t = floor_char_boundary(text, target.span.start);
    let line = source.lines.line_of(t);
    let line_start = source.lines.line_start(line).min(t);
    let line_end = text[t..].find('\n').map_or(text.len(), |i| t + i).max(t);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    }
    .max(t);
    // The window: up to BEFORE characters before the target, AFTER from it on.
    let ws = text[line_start..t]
        .char_indices()
        .rev()
        .nth(BEFORE - 1)
        .map_or(line_start, |(i, _)| line_start + i);
    let we = text[t..line_end]
        .char_indices()
        .nth(AFTER)
        .map_or(line_end, |(i, _)| t + i);
    let target_is_scalar = !matches!(text.as_bytes().get(t), Some(b'{' | b'['));

    let mut rendered = String::new();
    if ws > line_start {
        rendered.push('…');
    }
    let mut caret: Option<(usize, usize)> = None; // (column in chars, width)
    let mut pos = ws;
    let push = |rendered: &mut String, s: &str| {
        for c in s.chars() {
            push_printable(rendered, c);
        }
    };
    let mut scalars: Vec<(usize, usize)> = target
        .scalars
        .iter()
        .copied()
        .filter(|&(s, e)| e > ws && s < we)
        .collect();
    scalars.sort_unstable();
    for (s, e) in scalars {
        let (s, e) = (
            floor_char_boundary(text, s.max(pos)),
            floor_char_boundary(text, e.min(we)),
        );
        if s < pos || e <= s {
            continue;
        }
        if caret.is_none() && t >= pos && t < s {
            push(&mut rendered, &text[pos..t]);
            caret = Some((rendered.chars().count(), 1));
            push(&mut rendered, &text[t..s]);
        } else {
            push(&mut rendered, &text[pos..s]);
        }
        let col = rendered.chars().count();
        if show_values {
            push(&mut rendered, &text[s..e]);
        } else {
            rendered.push_str(REDACTED);
        }
        if caret.is_none() && t >= s && t < e.max(s + 1) {
            caret = Some((col, rendered.chars().count() - col));
        }
        pos = e;
    }
    if caret.is_none() && t >= pos && t <= we {
        push(&mut rendered, &text[pos..t]);
        let col = rendered.chars().count();
        let width = if target_is_scalar {
            text[t..we].chars().count()
        } else {
            1
        };
        caret = Some((col, width.max(1)));
        push(&mut rendered, &text[t..we]);
    } else {
        push(&mut rendered, &text[pos.min(we)..we]);
    }
    if we < line_end {
        rendered.push('…');
    }
    let number = line + 1;
    let gutter = number.to_string().len() + 1;
    let pad = " ".repeat(gutter);
    let mut out = String::new();
    let _ = writeln!(out, "{pad}{blue}|{reset}");
    let _ = writeln!(
        out,
        "{blue}{number:>w$} |{reset} {rendered}",
        w = gutter - 1
    );
    if let Some((c, w)) = caret {
        let _ = writeln!(
            out,
            "{pad}{blue}|{reset} {}{red}{}{reset}",
            " ".repeat(c),
            "^".repeat(w)
        );
    }
    (gutter, out)
}
