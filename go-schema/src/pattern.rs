//! `pattern` and `patternProperties`: ECMA-262 regexes matched in bounded time.
//!
//! A backtracking engine takes exponential time on patterns such as `^(a+)+$`: with
//! regress, 28 `a`s and a `!` took about 11 s, so one schema pattern and one hostile
//! payload could stall the CLI, the sandbox or a service. So a pattern is translated
//! from ECMA-262 into the syntax of the `regex` crate, a finite-automaton engine whose
//! matching time is linear in the input, keeping ECMA-262's meaning:
//!
//! - `\d`, `\w`, `\s` and `\b` are ECMA's classes (`\d` and `\w` ASCII only; `\s` is
//!   ECMA's white-space and line-terminator set), not the `regex` crate's Unicode ones;
//! - `.` excludes the four ECMA line terminators, not only `\n`;
//! - escapes (`\cX`, `\0`, `\xHH`, `\uHHHH` with surrogate pairs, `\u{…}`) become the
//!   characters they name, and every literal inside a class is written as `\x{…}`, so
//!   the `regex` crate's class operators (`&&`, `--`, `~~`, nested `[`) never apply.
//!
//! Only lookaround and backreferences, which no automaton can express, go to
//! `fancy-regex` (the same translation, with a backtracking limit of
//! [`BACKTRACK_LIMIT`] steps). A match that exceeds the limit counts as *not
//! matching*: the value is refused, never let through (the schema's lint
//! `lint-pattern-backtracking` warns about such patterns).
//!
//! What counts as a valid pattern is still decided by regress, the ECMA-262 engine:
//! a pattern it refuses in both Unicode and legacy syntax is an error, as before.

use std::fmt;

/// The most backtracking steps one match of a lookaround or backreference pattern
/// may take before the value is refused.
pub const BACKTRACK_LIMIT: usize = 1_000_000;

/// A compiled `pattern`.
#[derive(Clone)]
pub struct Pattern {
    engine: Engine,
}

#[derive(Clone)]
enum Engine {
    Linear(regex::Regex),
    Bounded(Box<fancy_regex::Regex>),
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (engine, re) = match &self.engine {
            Engine::Linear(r) => ("linear", r.as_str()),
            Engine::Bounded(r) => ("bounded", r.as_str()),
        };
        f.debug_struct("Pattern")
            .field("engine", &engine)
            .field("translated", &re)
            .finish()
    }
}

impl Pattern {
    /// Compile an ECMA-262 pattern.
    ///
    /// # Errors
    /// regress's message when the pattern is not ECMA-262, or a message naming the
    /// construct that cannot be matched here.
    pub fn new(source: &str) -> Result<Pattern, String> {
        regress::Regex::with_flags(source, "u")
            .or_else(|_| regress::Regex::new(source))
            .map_err(|e| e.to_string())?;
        let t = translate(source)?;
        let engine = if t.needs_backtracking {
            fancy_regex::RegexBuilder::new(&t.regex)
                .backtrack_limit(BACKTRACK_LIMIT)
                .build()
                .map(|r| Engine::Bounded(Box::new(r)))
                .map_err(|e| format!("cannot match this pattern: {e}"))?
        } else {
            regex::RegexBuilder::new(&t.regex)
                .size_limit(64 << 20)
                .build()
                .map(Engine::Linear)
                .map_err(|e| format!("cannot match this pattern: {e}"))?
        };
        Ok(Pattern { engine })
    }

    /// Whether the pattern matches anywhere in `s` (patterns are not anchored). A
    /// match that exceeds the backtracking limit is `false`: the value is refused.
    pub fn is_match(&self, s: &str) -> bool {
        match &self.engine {
            Engine::Linear(r) => r.is_match(s),
            Engine::Bounded(r) => r.is_match(s).unwrap_or(false),
        }
    }

    /// Whether matching takes linear time (no lookaround, no backreferences).
    pub fn is_linear(&self) -> bool {
        matches!(self.engine, Engine::Linear(_))
    }
}

/// Whether `source` needs the step-limited backtracking engine (lookaround or
/// backreferences), decided by the same translation as [`Pattern::new`] but without
/// compiling anything. `None` when the pattern cannot be translated.
pub fn needs_backtracking(source: &str) -> Option<bool> {
    translate(source).ok().map(|t| t.needs_backtracking)
}

/// A pattern in `regex`/`fancy-regex` syntax.
#[derive(Debug, PartialEq, Eq)]
struct Translated {
    regex: String,
    needs_backtracking: bool,
}

/// ECMA-262 white space and line terminators, as `\s` matches them.
const SPACE: &str = r"\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const DIGIT: &str = "0-9";
const WORD: &str = "0-9A-Za-z_";

/// One class escape's members (`\d` → `0-9`) and whether it is negated.
fn class_escape(c: char) -> Option<(&'static str, bool)> {
    Some(match c {
        'd' => (DIGIT, false),
        'D' => (DIGIT, true),
        'w' => (WORD, false),
        'W' => (WORD, true),
        's' => (SPACE, false),
        'S' => (SPACE, true),
        _ => return None,
    })
}

/// A character as a `regex` literal that is special in no context.
fn lit(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
}

struct Reader {
    chars: Vec<char>,
    i: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }
    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.i += usize::from(c.is_some());
        c
    }
    fn eat(&mut self, c: char) -> bool {
        let yes = self.peek() == Some(c);
        self.i += usize::from(yes);
        yes
    }
    /// Up to `max` hex digits (exactly `max` when `exact`).
    fn hex(&mut self, max: usize, exact: bool) -> Option<u32> {
        let digits: String = self.chars[self.i..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        if digits.is_empty() || (exact && digits.len() != max) {
            return None;
        }
        self.i += digits.len();
        u32::from_str_radix(&digits, 16).ok()
    }
}

/// What a character escape (after the backslash) stands for.
enum Escape {
    Char(char),
    /// A code point no Rust string can hold (a lone surrogate): matches nothing.
    Nothing,
    Class(&'static str, bool),
    /// `\p{…}` or `\P{…}`, as written.
    Property(String),
}

fn escape(r: &mut Reader, in_class: bool) -> Result<Escape, String> {
    let c = r.next().ok_or("a pattern cannot end with `\\`")?;
    if let Some((members, negated)) = class_escape(c) {
        return Ok(Escape::Class(members, negated));
    }
    let ch = |u: u32| char::from_u32(u).map_or(Escape::Nothing, Escape::Char);
    Ok(match c {
        'n' => Escape::Char('\n'),
        'r' => Escape::Char('\r'),
        't' => Escape::Char('\t'),
        'f' => Escape::Char('\x0C'),
        'v' => Escape::Char('\x0B'),
        'b' if in_class => Escape::Char('\x08'),
        '0' if !r.peek().is_some_and(|d| d.is_ascii_digit()) => Escape::Char('\0'),
        'c' if r.peek().is_some_and(|l| l.is_ascii_alphabetic()) => {
            let l = r.next().unwrap_or('@');
            ch(l as u32 % 32)
        }
        'x' => match r.hex(2, true) {
            Some(u) => ch(u),
            None => Escape::Char('x'),
        },
        'u' if r.peek() == Some('{') => {
            r.next();
            let u = r.hex(8, false).ok_or("bad `\\u{…}` escape")?;
            if !r.eat('}') {
                return Err("bad `\\u{…}` escape".into());
            }
            ch(u)
        }
        'u' => match r.hex(4, true) {
            Some(hi @ 0xD800..=0xDBFF) if r.peek() == Some('\\') && r.peek_at(1) == Some('u') => {
                let save = r.i;
                r.i += 2;
                match r.hex(4, true) {
                    Some(lo @ 0xDC00..=0xDFFF) => {
                        ch(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                    }
                    _ => {
                        r.i = save;
                        Escape::Nothing
                    }
                }
            }
            Some(u) => ch(u),
            None => Escape::Char('u'),
        },
        'p' | 'P' if r.peek() == Some('{') => {
            let mut body = String::new();
            r.next();
            loop {
                match r.next() {
                    Some('}') => break,
                    Some(x) => body.push(x),
                    None => return Err("unterminated `\\p{…}`".into()),
                }
            }
            Escape::Property(format!("\\{c}{{{body}}}"))
        }
        // Identity escapes (`\/`, `\-`, and in legacy syntax `\a` for `a`).
        other => Escape::Char(other),
    })
}

/// Translate ECMA-262 to `regex` syntax. Backreferences and lookaround set
/// `needs_backtracking` (they stay in the output for `fancy-regex`).
fn translate(source: &str) -> Result<Translated, String> {
    let mut r = Reader {
        chars: source.chars().collect(),
        i: 0,
    };
    let mut out = String::with_capacity(source.len() * 2);
    let mut needs_backtracking = false;
    while let Some(c) = r.next() {
        match c {
            '\\' => match r.peek() {
                Some('b') => {
                    r.next();
                    out.push_str(r"(?-u:\b)");
                }
                Some('B') => {
                    r.next();
                    out.push_str(r"(?-u:\B)");
                }
                Some(d @ '1'..='9') => {
                    needs_backtracking = true;
                    r.next();
                    out.push('\\');
                    out.push(d);
                    while let Some(d) = r.peek().filter(char::is_ascii_digit) {
                        r.next();
                        out.push(d);
                    }
                }
                Some('k') if r.peek_at(1) == Some('<') => {
                    needs_backtracking = true;
                    r.next();
                    out.push_str("\\k");
                    while let Some(x) = r.next() {
                        out.push(x);
                        if x == '>' {
                            break;
                        }
                    }
                }
                _ => match escape(&mut r, false)? {
                    Escape::Char(ch) => lit(&mut out, ch),
                    Escape::Nothing => out.push_str(r"[^\x{0}-\x{10FFFF}]"),
                    Escape::Class(members, negated) => {
                        out.push_str(if negated { "[^" } else { "[" });
                        out.push_str(members);
                        out.push(']');
                    }
                    Escape::Property(p) => out.push_str(&p),
                },
            },
            '.' => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            '[' => class(&mut r, &mut out)?,
            '(' => {
                if r.peek() == Some('?') {
                    match (r.peek_at(1), r.peek_at(2)) {
                        (Some(op @ ('=' | '!')), _) => {
                            needs_backtracking = true;
                            out.push_str("(?");
                            out.push(op);
                            r.i += 2;
                        }
                        (Some('<'), Some(op @ ('=' | '!'))) => {
                            needs_backtracking = true;
                            out.push_str("(?<");
                            out.push(op);
                            r.i += 3;
                        }
                        (Some('<'), _) => {
                            // A named group: `(?P<name>` in both engines.
                            out.push_str("(?P<");
                            r.i += 2;
                            while let Some(x) = r.next() {
                                out.push(x);
                                if x == '>' {
                                    break;
                                }
                            }
                        }
                        (Some(':'), _) => {
                            out.push_str("(?:");
                            r.i += 2;
                        }
                        _ => return Err("unsupported group syntax".into()),
                    }
                } else {
                    out.push('(');
                }
            }
            '{' => {
                // A quantifier when it reads as one; otherwise a literal brace
                // (legacy syntax).
                let start = r.i;
                let mut q = String::from("{");
                let mut ok = false;
                while let Some(x) = r.next() {
                    q.push(x);
                    if x == '}' {
                        ok = q.len() > 2 && q[1..q.len() - 1].split(',').count() <= 2 && {
                            let parts: Vec<&str> = q[1..q.len() - 1].split(',').collect();
                            !parts[0].is_empty()
                                && parts.iter().all(|p| p.chars().all(|d| d.is_ascii_digit()))
                        };
                        break;
                    }
                    if !(x.is_ascii_digit() || x == ',') {
                        break;
                    }
                }
                if ok {
                    out.push_str(&q);
                } else {
                    r.i = start;
                    lit(&mut out, '{');
                }
            }
            '^' | '$' | '|' | ')' | '*' | '+' | '?' => out.push(c),
            other => lit(&mut out, other),
        }
    }
    Ok(Translated {
        regex: out,
        needs_backtracking,
    })
}

/// A character class, after its `[`.
fn class(r: &mut Reader, out: &mut String) -> Result<(), String> {
    let negated = r.eat('^');
    if r.eat(']') {
        // ECMA's `[]` matches nothing and `[^]` matches any character.
        out.push_str(if negated {
            r"[\x{0}-\x{10FFFF}]"
        } else {
            r"[^\x{0}-\x{10FFFF}]"
        });
        return Ok(());
    }
    let mut body = String::new();
    // Nested classes for negated escapes (`[\D]` → `[[^0-9]]`).
    let mut any = false;
    loop {
        let c = r.next().ok_or("unterminated character class")?;
        if c == ']' {
            break;
        }
        let first = atom(r, c)?;
        // A range `a-z`, when `-` is followed by another character.
        if r.peek() == Some('-') && r.peek_at(1).is_some_and(|n| n != ']') {
            if let ClassAtom::Char(lo) = first {
                let save = r.i;
                r.next();
                let n = r.next().ok_or("unterminated character class")?;
                match atom(r, n)? {
                    ClassAtom::Char(hi) => {
                        if hi < lo {
                            return Err("range out of order in character class".into());
                        }
                        lit(&mut body, lo);
                        body.push('-');
                        lit(&mut body, hi);
                        any = true;
                        continue;
                    }
                    _ => r.i = save,
                }
            }
        }
        any |= push_atom(&mut body, first);
    }
    if !any {
        // Only members that match nothing (lone surrogates).
        body.push_str(r"[^\x{0}-\x{10FFFF}]");
    }
    out.push('[');
    if negated {
        out.push('^');
    }
    out.push_str(&body);
    out.push(']');
    Ok(())
}

enum ClassAtom {
    Char(char),
    Nothing,
    Class(&'static str, bool),
    Property(String),
}

fn atom(r: &mut Reader, c: char) -> Result<ClassAtom, String> {
    if c != '\\' {
        return Ok(ClassAtom::Char(c));
    }
    Ok(match escape(r, true)? {
        Escape::Char(ch) => ClassAtom::Char(ch),
        Escape::Nothing => ClassAtom::Nothing,
        Escape::Class(m, n) => ClassAtom::Class(m, n),
        Escape::Property(p) => ClassAtom::Property(p),
    })
}

/// Append a class member; false when it matches nothing.
fn push_atom(body: &mut String, a: ClassAtom) -> bool {
    match a {
        ClassAtom::Char(c) => lit(body, c),
        ClassAtom::Nothing => return false,
        ClassAtom::Class(members, false) => body.push_str(members),
        ClassAtom::Class(members, true) => {
            body.push_str("[^");
            body.push_str(members);
            body.push(']');
        }
        ClassAtom::Property(p) => body.push_str(&p),
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Pattern::new(p).unwrap().is_match(s)
    }

    #[test]
    fn ecma_classes_are_ascii() {
        assert!(!m(r"^\d$", "٣"));
        assert!(!m(r"^\w$", "é"));
        assert!(m(r"^\s$", "\u{feff}"));
        assert!(!m(r"^.$", "\u{2028}"));
        assert!(m(r"a\b", "aé"));
        assert!(m(r"^[\d-]+$", "12-3"));
        assert!(!m(r"^[^\W]$", "é"));
        assert!(m(r"^[\W]$", "é"));
    }

    #[test]
    fn escapes_and_literals() {
        assert!(m(r"^\u0041\x42\u{43}$", "ABC"));
        assert!(m(r"^\uD83D\uDE00$", "😀"));
        assert!(!m(r"\uD83D", "😀"));
        assert!(m(r"^\cJ$", "\n"));
        assert!(m(r"^[[]$", "["));
        assert!(m(r"^[a&&b]+$", "&&"));
        assert!(m(r"^a{2}$", "aa"));
        assert!(m(r"^a{,2}$", "a{,2}"));
        assert!(m(r"^\/\-$", "/-"));
        assert!(!m(r"[]", "a"));
        assert!(m(r"^[^]$", "\n"));
        assert!(m(r"^\p{Lu}+$", "ÀB"));
        assert!(m(r"^(?<y>\d{4})$", "2024"));
    }

    #[test]
    fn catastrophic_patterns_are_linear() {
        let p = Pattern::new("^(a+)+$").unwrap();
        assert!(p.is_linear());
        let hostile = format!("{}!", "a".repeat(10_000));
        assert!(!p.is_match(&hostile));
        assert!(p.is_match(&"a".repeat(10_000)));
    }

    #[test]
    fn lookaround_and_backreferences_are_bounded() {
        let p = Pattern::new(r"^(?=.*\d)(\w)\1").unwrap();
        assert!(!p.is_linear());
        assert!(p.is_match("aa1"));
        assert!(!p.is_match("ab1"));
        // Exponential work with a backreference: refused within the limit, not hung.
        let p = Pattern::new(r"^(a+)+\1$").unwrap();
        assert!(!p.is_match(&format!("{}!", "a".repeat(40))));
    }

    #[test]
    fn invalid_patterns_are_errors() {
        assert!(Pattern::new("(").is_err());
        assert!(Pattern::new("[z-a]").is_err());
        assert!(Pattern::new("a**").is_err());
    }
}
