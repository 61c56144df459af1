//! Untrusted text made safe to print.
//!
//! Payload keys and schema names reach messages, pointers and terminal output. A key
//! holding `ESC [31m` would colour a terminal, and one holding a newline could forge an
//! output line. Every human-facing surface (messages, `Display` of violations and
//! diagnostics, the CLI's renderer, logs) passes such text through [`printable`] first.
//! Machine output (JSON) needs no escaping: JSON escapes control characters itself.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal raw: C0 and C1 controls, DEL, the line and
/// paragraph separators, and the bidirectional formatting characters that can reorder
/// what a reader sees ("Trojan Source").
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `s` with every [unsafe](is_unsafe) character written as a Rust-style escape
/// (`\n`, `\t`, `\u{1b}`). Text without such characters is borrowed as it is, and
/// escaping twice changes nothing more (the output holds no unsafe character).
///
/// ```
/// use gbg_go_schema::text::printable;
/// assert_eq!(printable("first\u{1b}[31mName\n"), "first\\u{1b}[31mName\\n");
/// assert_eq!(printable("firstName"), "firstName");
/// ```
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_printable(&mut out, c);
    }
    Cow::Owned(out)
}

/// Append `c` to `out`, escaped when it is [unsafe](is_unsafe).
pub fn push_printable(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// [`printable`], and cut to at most `max` characters with `…` in the middle, so a
/// 100,000-character property name cannot flood a message.
///
/// ```
/// use gbg_go_schema::text::printable_clipped;
/// let long = "a".repeat(1000);
/// let shown = printable_clipped(&long, 21);
/// assert_eq!(shown.chars().count(), 21);
/// assert!(shown.contains('…'));
/// ```
pub fn printable_clipped(s: &str, max: usize) -> Cow<'_, str> {
    let p = printable(s);
    let n = p.chars().count();
    if n <= max || max < 3 {
        return p;
    }
    let head = (max - 1) / 2;
    let tail = max - 1 - head;
    let mut out: String = p.chars().take(head).collect();
    out.push('…');
    out.extend(p.chars().skip(n - tail));
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(printable("a\u{0}b"), "a\\u{0}b");
        assert_eq!(printable("\u{202e}x"), "\\u{202e}x");
        assert_eq!(printable("é ü 名"), "é ü 名");
        let once = printable("x\u{1b}y\n").into_owned();
        assert_eq!(printable(&once), once);
    }

    #[test]
    fn clips_in_the_middle() {
        let s = format!("{}{}", "a".repeat(50), "b".repeat(50));
        let c = printable_clipped(&s, 11);
        assert_eq!(c, "aaaaa…bbbbb");
        assert_eq!(printable_clipped("short", 11), "short");
    }
}
