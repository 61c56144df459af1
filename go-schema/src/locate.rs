//! Finding a few values in JSON text by pointer, without a span map of the whole
//! document.
//!
//! [`SourceFile`](crate::source::SourceFile) records a span for every value, which
//! costs a second tree and a map as large as the document. To report a handful of
//! violations in a 50 MB payload, [`locate`] instead scans the text once and records
//! only the requested pointers (and, for snippets, the scalar tokens near each of
//! them). Subtrees that hold no requested pointer are skipped token by token without
//! building pointers, so the scan costs about as much as reading the bytes.
//!
//! The text is expected to be JSON that a strict parser has already accepted. On any
//! other text the scan still ends, without panicking, and reports what it found.
//!
//! ```
//! use gbg_go_schema::locate::{locate, LineIndex};
//! let text = r#"{"a": [1, {"b": "x"}], "c": true}"#;
//! let found = locate(text, &["/a/1/b", "/c"], 8);
//! let b = &found["/a/1/b"];
//! assert_eq!(&text[b.span.start..b.span.end], "\"x\"");
//! assert_eq!(LineIndex::new(text).line_col(text, b.span.key.unwrap()), (1, 12));
//! assert!(!found.contains_key("/nope"));
//! ```

use std::collections::{HashMap, HashSet, VecDeque};

use crate::source::{escape_token, Span};

/// `pointer`, then each of its ancestors, nearest first, ending with the root `""`.
///
/// ```
/// use gbg_go_schema::locate::self_and_ancestors;
/// let all: Vec<&str> = self_and_ancestors("/a/0/b").collect();
/// assert_eq!(all, ["/a/0/b", "/a/0", "/a", ""]);
/// ```
pub fn self_and_ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(pointer), |p| p.rfind('/').map(|i| &p[..i]))
}

/// One requested value: its span, and the scalar value tokens (not keys) that lie
/// within the requested context of its first byte, in text order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// Where the value (and its key, for an object member) is.
    pub span: Span,
    /// Byte ranges of the scalar values near `span.start` (strings with their quotes,
    /// numbers, `true`, `false`, `null`): what a redacting snippet hides.
    pub scalars: Vec<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
}

struct Frame {
    kind: Kind,
    /// The pointer's length before a child's token is appended.
    base: usize,
    /// The next array index.
    index: usize,
    /// Whether pointers are built below this container (some request lies below it).
    tracked: bool,
    /// Whether this container itself was requested (its end is recorded at close).
    wanted: bool,
}

/// Scan `text` once and return the span of each pointer in `pointers` that the
/// document has, with the scalar tokens within `context` bytes of each value's
/// start. Pointers the document lacks are absent from the map.
pub fn locate(text: &str, pointers: &[&str], context: usize) -> HashMap<String, Located> {
    let wanted: HashSet<&str> = pointers.iter().copied().collect();
    let mut prefixes: HashSet<&str> = HashSet::new();
    for p in pointers {
        // Stop at the first ancestor already there: its own ancestors are too.
        for a in self_and_ancestors(p) {
            if !prefixes.insert(a) {
                break;
            }
        }
    }
    let mut scan = Scan {
        text,
        b: text.as_bytes(),
        wanted,
        prefixes,
        context,
        out: HashMap::new(),
        recent: VecDeque::new(),
        open: Vec::new(),
    };
    scan.run();
    scan.out
}

struct Scan<'a, 'p> {
    text: &'a str,
    b: &'a [u8],
    wanted: HashSet<&'p str>,
    prefixes: HashSet<&'p str>,
    context: usize,
    out: HashMap<String, Located>,
    /// Scalar tokens that may still fall in the context of a value found later.
    recent: VecDeque<(usize, usize)>,
    /// Requested values still collecting the scalar tokens after them: the pointer
    /// and the last byte offset a token may start at.
    open: Vec<(String, usize)>,
}

impl Scan<'_, '_> {
    fn run(&mut self) {
        let (b, n) = (self.b, self.b.len());
        let mut stack: Vec<Frame> = Vec::new();
        let mut pointer = String::new();
        let mut key_start: Option<usize> = None;
        let mut expect_key = false;
        let mut i = 0;
        while i < n {
            match b[i] {
                b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
                b',' => {
                    i += 1;
                    if let Some(f) = stack.last_mut() {
                        match f.kind {
                            Kind::Object => expect_key = true,
                            Kind::Array => f.index += 1,
                        }
                    }
                }
                b'}' | b']' => {
                    i += 1;
                    expect_key = false;
                    if let Some(f) = stack.pop() {
                        if f.wanted {
                            if let Some(found) = self.out.get_mut(&pointer[..f.base]) {
                                found.span.end = i;
                            }
                        }
                        pointer.truncate(f.base);
                    }
                }
                b'"' if expect_key => {
                    let end = string_end(b, i);
                    expect_key = false;
                    if let Some(f) = stack.last().filter(|f| f.tracked) {
                        pointer.truncate(f.base);
                        pointer.push('/');
                        pointer.push_str(&escape_token(&decode_string(&self.text[i..end])));
                        key_start = Some(i);
                    }
                    i = end;
                }
                c => {
                    let tracked = self.enter_value(&mut stack, &mut pointer);
                    let wanted = tracked && self.wanted.contains(pointer.as_str());
                    let key = key_start.take();
                    match c {
                        b'{' | b'[' => {
                            if wanted {
                                self.found(&pointer, i, i + 1, key);
                            }
                            let kind = if c == b'{' { Kind::Object } else { Kind::Array };
                            stack.push(Frame {
                                kind,
                                base: pointer.len(),
                                index: 0,
                                tracked,
                                wanted,
                            });
                            expect_key = kind == Kind::Object;
                            i += 1;
                        }
                        _ => {
                            let end = if c == b'"' {
                                string_end(b, i)
                            } else {
                                bare_end(b, i)
                            };
                            if wanted {
                                self.found(&pointer, i, end, key);
                            }
                            self.scalar(i, end);
                            i = end;
                        }
                    }
                }
            }
        }
    }

    /// A value begins: set the pointer to it (for an array item, append its index)
    /// and say whether it is tracked.
    fn enter_value(&self, stack: &mut [Frame], pointer: &mut String) -> bool {
        match stack.last() {
            None => self.prefixes.contains(""),
            Some(f) if !f.tracked => false,
            Some(f) => {
                if f.kind == Kind::Array {
                    pointer.truncate(f.base);
                    pointer.push('/');
                    pointer.push_str(&f.index.to_string());
                }
                self.prefixes.contains(pointer.as_str())
            }
        }
    }

    fn found(&mut self, pointer: &str, start: usize, end: usize, key: Option<usize>) {
        let floor = start.saturating_sub(self.context);
        let scalars = self
            .recent
            .iter()
            .copied()
            .filter(|&(_, e)| e >= floor)
            .collect();
        self.out.insert(
            pointer.to_owned(),
            Located {
                span: Span { start, end, key },
                scalars,
            },
        );
        self.open
            .push((pointer.to_owned(), start.saturating_add(self.context)));
    }

    fn scalar(&mut self, start: usize, end: usize) {
        let context = self.context;
        self.open.retain(|(_, limit)| start <= *limit);
        for (p, _) in &self.open {
            if let Some(found) = self.out.get_mut(p) {
                if !found.scalars.contains(&(start, end)) {
                    found.scalars.push((start, end));
                }
            }
        }
        self.recent.push_back((start, end));
        while self
            .recent
            .front()
            .is_some_and(|&(_, e)| e.saturating_add(context) < start)
        {
            self.recent.pop_front();
        }
    }
}

/// One past the closing quote of the string starting at `i`, or the text's end.
fn string_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// The end of a number or literal starting at `i`.
fn bare_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < b.len()
        && !matches!(
            b[j],
            b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':'
        )
    {
        j += 1;
    }
    j
}

/// The text of a quoted JSON string token.
fn decode_string(token: &str) -> String {
    if token.contains('\\') {
        serde_json::from_str(token).unwrap_or_else(|_| token.to_owned())
    } else {
        token
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(token)
            .to_owned()
    }
}

/// The deepest nesting a payload may have: serde_json's limit, which generated code
/// inherits, applied on every surface so all of them give one verdict.
pub const MAX_DEPTH: usize = 128;

/// The byte offset of the first `{` or `[` that opens a level deeper than `limit`
/// (the root container is level 1), or `None`. One pass over the bytes, skipping
/// strings; on text that is not JSON it still ends and may find nothing.
///
/// ```
/// use gbg_go_schema::locate::depth_exceeded;
/// assert_eq!(depth_exceeded("[[[]]]", 2), Some(2));
/// assert_eq!(depth_exceeded(r#"["[[[", [[]]]"#, 3), None);
/// ```
pub fn depth_exceeded(text: &str, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = string_end(b, i);
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Line starts of a text, for 1-based line:col (column in characters).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, c)| c == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The byte offset where the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// 1-based line and column (in characters) of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        (line + 1, text[start..offset].chars().count() + 1)
    }

    /// [`line_col`](Self::line_col) for many offsets at once, counting each line's
    /// characters once however many offsets share it (a minified 50 MB line with
    /// many errors stays linear). Results are in the order of `offsets`.
    pub fn line_cols(&self, text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![(1, 1); offsets.len()];
        // (line, byte offset reached, characters counted so far on that line)
        let mut cursor: Option<(usize, usize, usize)> = None;
        for i in order {
            let offset = floor_char_boundary(text, offsets[i].min(text.len()));
            let line = self.line_of(offset);
            let (from, chars) = match cursor {
                Some((l, at, c)) if l == line && at <= offset => (at, c),
                _ => (self.line_start(line).min(offset), 0),
            };
            let chars = chars + text[from..offset].chars().count();
            cursor = Some((line, offset, chars));
            out[i] = (line + 1, chars + 1);
        }
        out
    }
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_members_items_and_containers() {
        let text = "{\n  \"a\": {\"b~/\": [10, {\"c\": null}]},\n  \"d\": \"x\\\"y\"\n}";
        let found = locate(text, &["/a/b~0~1/1", "/d", "", "/a/b~0~1/0"], 4);
        let item = &found["/a/b~0~1/1"];
        assert_eq!(&text[item.span.start..item.span.end], "{\"c\": null}");
        assert_eq!(
            &text[found["/d"].span.start..found["/d"].span.end],
            "\"x\\\"y\""
        );
        assert_eq!(found[""].span.end, text.len());
        let ten = &found["/a/b~0~1/0"];
        assert_eq!(&text[ten.span.start..ten.span.end], "10");
        assert!(ten.scalars.contains(&(ten.span.start, ten.span.end)));
        // Keys are not scalars.
        assert!(found["/d"]
            .scalars
            .iter()
            .all(|&(s, _)| text.as_bytes()[s] != b'"' || s == found["/d"].span.start));
    }

    #[test]
    fn escaped_keys_match_their_text() {
        let text = r#"{"\u0041": 1, "A\n": 2}"#;
        let found = locate(text, &["/A", "/A\n"], 0);
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn malformed_text_ends_without_panic() {
        for t in [
            "{\"a\": [1, 2",
            "]]]}}}",
            "\"abc",
            "{\"a\" \"b\"}",
            "{,,,:::}",
            "\u{e9}\"",
        ] {
            let _ = locate(t, &["/a", "", "/a/0"], 3);
        }
    }

    #[test]
    fn many_columns_on_one_line() {
        let text = format!("[{}]", vec!["\"é\""; 1000].join(","));
        let idx = LineIndex::new(&text);
        let offsets = vec![text.len() - 4, 1, 5];
        let cols = idx.line_cols(&text, &offsets);
        for (o, lc) in offsets.iter().zip(&cols) {
            assert_eq!(*lc, idx.line_col(&text, *o));
        }
    }
}
