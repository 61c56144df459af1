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
    /// `^…$` over ASCII classes with counted repetition, matched byte by byte
    /// (see [`Simple`]).
    Simple(Simple),
    Linear(regex::Regex),
    Bounded(Box<fancy_regex::Regex>),
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (engine, re) = match &self.engine {
            Engine::Simple(_) => ("simple", ""),
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
        if let Some(simple) = Simple::parse(source) {
            return Ok(Pattern {
                engine: Engine::Simple(simple),
            });
        }
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
            Engine::Simple(p) => p.is_match(s),
            Engine::Linear(r) => r.is_match(s),
            Engine::Bounded(r) => r.is_match(s).unwrap_or(false),
        }
    }

    /// Whether matching takes linear time (no lookaround, no backreferences).
    pub fn is_linear(&self) -> bool {
        matches!(self.engine, Engine::Linear(_) | Engine::Simple(_))
    }

    /// Whether the pattern is matched by direct byte checks (see [`Simple`]).
    pub fn is_simple(&self) -> bool {
        matches!(self.engine, Engine::Simple(_))
    }
}

/// The patterns schemas use most (`^\d{4}-\d{2}-\d{2}$`, `^[A-Z]{2,3}$`), matched
/// byte by byte with ECMA-262's meaning and no regex engine.
///
/// A pattern qualifies when it is anchored at both ends (`^…$`) and between the
/// anchors is a sequence of atoms, each an ASCII literal, `\d`, or a class of ASCII
/// characters and ranges (not negated), with an optional greedy quantifier (`?`,
/// `*`, `+`, `{n}`, `{n,}`, `{n,m}`). So that consuming greedily gives the same
/// answer as backtracking, an atom with a variable count must be followed by the end
/// or by an atom that shares no character with it. Every atom matches only ASCII, so
/// a string with any other character cannot match, whether it is read as code points
/// or as UTF-16 units. Anything else goes to the regex engines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simple {
    atoms: Vec<Atom>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Atom {
    /// The ASCII characters the atom matches, one bit each.
    set: u128,
    min: u32,
    max: u32,
}

impl Simple {
    /// The pattern as direct byte checks, or `None` when it does not qualify.
    pub fn parse(source: &str) -> Option<Simple> {
        let body = source.strip_prefix('^')?.strip_suffix('$')?;
        if body.ends_with('\\') {
            return None;
        }
        let b = body.as_bytes();
        let mut atoms: Vec<Atom> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let set = match b[i] {
                b'\\' => {
                    i += 1;
                    // Only `\d` of the letter escapes (`\w`, `\s`, `\b`, … mean more).
                    match b.get(i)? {
                        b'd' => range(b'0', b'9'),
                        b'-' | b'.' | b'/' => bit(b[i]),
                        _ => return None,
                    }
                }
                b'[' => {
                    i += 1;
                    let mut set = 0u128;
                    if b.get(i) == Some(&b'^') || b.get(i) == Some(&b']') {
                        return None;
                    }
                    loop {
                        let c = *b.get(i)?;
                        if c == b']' {
                            break;
                        }
                        let lo = match c {
                            b'\\' => {
                                i += 1;
                                match b.get(i)? {
                                    b'd' => {
                                        set |= range(b'0', b'9');
                                        i += 1;
                                        continue;
                                    }
                                    c @ (b'-' | b'.' | b'/') => *c,
                                    _ => return None,
                                }
                            }
                            c if is_plain(c) || matches!(c, b'.' | b'/' | b' ' | b'_' | b'+') => c,
                            b'-' if b.get(i + 1) == Some(&b']') || set == 0 => c,
                            _ => return None,
                        };
                        if b.get(i + 1) == Some(&b'-') && b.get(i + 2).is_some_and(|c| *c != b']') {
                            let hi = b[i + 2];
                            if !(is_plain(hi) || matches!(hi, b'.' | b'/')) || hi < lo {
                                return None;
                            }
                            set |= range(lo, hi);
                            i += 3;
                        } else {
                            set |= bit(lo);
                            i += 1;
                        }
                    }
                    set
                }
                c if is_plain(c) || matches!(c, b'-' | b' ' | b'_' | b'/' | b':' | b'@' | b',') => {
                    bit(c)
                }
                _ => return None,
            };
            i += 1;
            let (min, max) = match b.get(i) {
                Some(b'?') => {
                    i += 1;
                    (0, 1)
                }
                Some(b'*') => {
                    i += 1;
                    (0, u32::MAX)
                }
                Some(b'+') => {
                    i += 1;
                    (1, u32::MAX)
                }
                Some(b'{') => {
                    let close = i + b[i..].iter().position(|c| *c == b'}')?;
                    let inner = std::str::from_utf8(&b[i + 1..close]).ok()?;
                    let (lo, hi) = match inner.split_once(',') {
                        None => {
                            let n = inner.parse().ok()?;
                            (n, n)
                        }
                        Some((lo, "")) => (lo.parse().ok()?, u32::MAX),
                        Some((lo, hi)) => (lo.parse().ok()?, hi.parse().ok()?),
                    };
                    if lo > hi || !inner.bytes().all(|c| c.is_ascii_digit() || c == b',') {
                        return None;
                    }
                    i = close + 1;
                    (lo, hi)
                }
                _ => (1, 1),
            };
            // A lazy quantifier (`+?`) or a stacked one is the regex engines' job.
            if matches!(b.get(i), Some(b'?' | b'*' | b'+' | b'{')) {
                return None;
            }
            atoms.push(Atom { set, min, max });
        }
        // Greedy is exact only where a variable atom cannot take what the next needs.
        for w in atoms.windows(2) {
            if w[0].min != w[0].max && w[0].set & w[1].set != 0 {
                return None;
            }
        }
        Some(Simple { atoms })
    }

    /// Whether `s` matches.
    pub fn is_match(&self, s: &str) -> bool {
        let b = s.as_bytes();
        let mut at = 0;
        for a in &self.atoms {
            let mut n: u32 = 0;
            while n < a.max && at < b.len() && b[at] < 128 && a.set & (1u128 << b[at]) != 0 {
                at += 1;
                n += 1;
            }
            if n < a.min {
                return false;
            }
        }
        at == b.len()
    }
}

/// ASCII letters and digits: literal in and out of classes.
fn is_plain(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

fn bit(c: u8) -> u128 {
    if c < 128 {
        1u128 << c
    } else {
        0
    }
}

fn range(lo: u8, hi: u8) -> u128 {
    (lo..=hi).fold(0, |acc, c| acc | bit(c))
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

#[cfg(test)]
mod simple_tests {
    use super::*;

    /// The direct byte checks agree with regress, the ECMA-262 engine, on every
    /// pattern they take, over strings built from the characters that matter.
    #[test]
    fn simple_patterns_agree_with_ecma() {
        let patterns = [
            r"^\d{4}-\d{2}-\d{2}$",
            r"^[A-Z]{2,3}$",
            r"^[A-Z]{2}$",
            r"^[0-9]+$",
            r"^[a-z0-9_]*$",
            r"^\d{3}-\d{2}-\d{4}$",
            r"^[A-Z][a-z]+$",
            r"^GB\d{2}[A-Z]?$",
            r"^[-a-c]{1,}x$",
            r"^a?b$",
            r"^[A-Z0-9]{5,9}$",
        ];
        let alphabet = [
            "", "0", "9", "A", "Z", "a", "z", "-", "_", "x", "b", "G", "B", "٣", "é", "\n", " ",
        ];
        let mut strings = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for s in &strings {
                for c in alphabet {
                    next.push(format!("{s}{c}"));
                }
            }
            strings.extend(next);
            strings.sort();
            strings.dedup();
        }
        strings.extend(
            [
                "1815-12-10",
                "1815-12-1",
                "18151-2-10",
                "GB",
                "USA",
                "USAX",
                "GB12X",
                "123-45-6789",
            ]
            .map(String::from),
        );
        for p in patterns {
            let simple = Simple::parse(p).unwrap_or_else(|| panic!("{p} should be simple"));
            assert!(Pattern::new(p).unwrap().is_simple(), "{p}");
            let ecma = regress::Regex::with_flags(p, "u").unwrap();
            for s in &strings {
                assert_eq!(simple.is_match(s), ecma.find(s).is_some(), "{p} on {s:?}");
            }
        }
    }

    /// What the byte checks do not take goes to the regex engines.
    #[test]
    fn other_patterns_are_not_simple() {
        for p in [
            r"\d{4}",         // not anchored
            r"^\w+$",         // \w
            r"^[^A-Z]$",      // negated class
            r"^a|b$",         // alternation
            r"^(ab)+$",       // group
            r"^[a-z]+[a-c]$", // greedy would not be exact
            r"^a+?$",         // lazy
            r"^.$",           // any character
            r"^é$",           // not ASCII
            r"^\$$",
        ] {
            assert!(Simple::parse(p).is_none(), "{p}");
        }
    }
}
