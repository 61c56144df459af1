//! Source files, JSON parsing with positions, and the pointer → position map.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jsonc_parser::ast;
use serde_json::{Map, Number, Value};

use crate::diag::{Diagnostic, Severity};

/// Where a value (and, for object members, its key) starts in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the value's first byte.
    pub start: usize,
    /// Byte offset one past the value's last byte.
    pub end: usize,
    /// Byte offset of the member's key, when the value is an object member.
    pub key: Option<usize>,
}

/// A parsed JSON document that remembers where every value came from.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user named it (or as a `$ref` resolved it).
    pub path: PathBuf,
    /// The name used in diagnostics and schema locations (relative, never absolute
    /// in generated code).
    pub name: String,
    /// The full text, BOM stripped.
    pub text: String,
    /// The parsed value.
    pub value: Value,
    spans: HashMap<String, Span>,
    line_starts: Vec<usize>,
}

/// Parse options that make jsonc-parser a strict RFC 8259 parser: it is lenient by
/// default (comments, trailing commas, single quotes, …), and a schema or payload
/// with any of those would be rejected by every other JSON tool.
fn strict() -> jsonc_parser::ParseOptions {
    jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

impl SourceFile {
    /// Parse `bytes` as strict JSON. Every failure is a located diagnostic.
    ///
    /// # Errors
    /// Non-UTF-8 input, malformed JSON, nesting deeper than 512 levels, duplicate
    /// object keys and numbers out of range.
    pub fn parse(path: &Path, name: String, bytes: &[u8]) -> Result<SourceFile, Vec<Diagnostic>> {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.valid_up_to();
                let prefix = String::from_utf8_lossy(&bytes[..at]).into_owned();
                let (line, column) = line_col_of(&prefix, at);
                return Err(vec![Diagnostic {
                    severity: Severity::Error,
                    code: "invalid-utf8",
                    message: format!("file is not valid UTF-8 (invalid byte at offset {at})"),
                    file: name,
                    pointer: String::new(),
                    line,
                    column,
                }]);
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
        let line_starts = line_starts(&text);
        let mut file = SourceFile {
            path: path.to_path_buf(),
            name,
            text: String::new(),
            value: Value::Null,
            spans: HashMap::new(),
            line_starts,
        };
        let parsed = jsonc_parser::parse_to_ast(&text, &Default::default(), &strict());
        // jsonc-parser lets a raw control character (a CR, a NUL) stand inside a
        // string, which RFC 8259 forbids and every other JSON tool refuses.
        if let (Ok(_), Some(at)) = (&parsed, raw_control_in_string(&text)) {
            let (line, column) = file.line_col_in(&text, at);
            return Err(vec![file.diag_at(
                "json-syntax",
                format!(
                    "invalid JSON: control character U+{:04X} must be escaped inside a string",
                    text.as_bytes()[at]
                ),
                String::new(),
                line,
                column,
            )]);
        }
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                let (line, column) = file.line_col_in(&text, e.range().start);
                return Err(vec![file.diag_at(
                    "json-syntax",
                    format!("invalid JSON: {}", e.kind()),
                    String::new(),
                    line,
                    column,
                )]);
            }
        };
        let Some(root) = parsed.value else {
            return Err(vec![file.diag_at(
                "json-syntax",
                "invalid JSON: the file holds no value".into(),
                String::new(),
                1,
                1,
            )]);
        };
        let mut errors = Vec::new();
        let mut spans = HashMap::new();
        let value = convert(&root, String::new(), None, &mut spans, &mut errors);
        file.spans = spans;
        if !errors.is_empty() {
            return Err(errors
                .into_iter()
                .map(|(ptr, offset, code, msg)| {
                    let (line, column) = file.line_col_in(&text, offset);
                    file.diag_at(code, msg, ptr, line, column)
                })
                .collect());
        }
        file.value = value;
        file.text = text;
        Ok(file)
    }

    /// The span recorded for an RFC 6901 pointer, if the document has that value.
    pub fn span(&self, pointer: &str) -> Option<Span> {
        self.spans.get(pointer).copied()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.line_col_in(&self.text, offset)
    }

    fn line_col_in(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// Line and column of the value at `pointer`; for a member, `key` selects the key.
    /// Falls back to the nearest ancestor that has a recorded position.
    pub fn position(&self, pointer: &str, key: bool) -> (usize, usize) {
        crate::locate::self_and_ancestors(pointer)
            .find_map(|p| self.spans.get(p))
            .map_or((1, 1), |span| {
                let offset = if key {
                    span.key.unwrap_or(span.start)
                } else {
                    span.start
                };
                self.line_col(offset)
            })
    }

    /// A diagnostic located at `pointer` in this file.
    pub fn diag(
        &self,
        severity: Severity,
        code: &'static str,
        message: String,
        pointer: &str,
    ) -> Diagnostic {
        let (line, column) = self.position(pointer, true);
        Diagnostic {
            severity,
            code,
            message,
            file: self.name.clone(),
            pointer: pointer.to_owned(),
            line,
            column,
        }
    }

    fn diag_at(
        &self,
        code: &'static str,
        message: String,
        pointer: String,
        line: usize,
        column: usize,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message,
            file: self.name.clone(),
            pointer,
            line,
            column,
        }
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn line_col_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// The byte offset of the first unescaped control character (U+0000 to U+001F)
/// inside a string literal of well-formed JSON text, if any.
fn raw_control_in_string(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        match (in_string, b[i]) {
            (false, b'"') => in_string = true,
            (true, b'"') => in_string = false,
            (true, b'\\') => i += 1,
            (true, c) if c < 0x20 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Escape one reference token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescape one reference token (RFC 6901).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

type RawError = (String, usize, &'static str, String);

fn convert(
    v: &ast::Value<'_>,
    pointer: String,
    key: Option<usize>,
    spans: &mut HashMap<String, Span>,
    errors: &mut Vec<RawError>,
) -> Value {
    let range = match v {
        ast::Value::StringLit(s) => s.range,
        ast::Value::NumberLit(n) => n.range,
        ast::Value::BooleanLit(b) => b.range,
        ast::Value::Object(o) => o.range,
        ast::Value::Array(a) => a.range,
        ast::Value::NullKeyword(n) => n.range,
    };
    spans.insert(
        pointer.clone(),
        Span {
            start: range.start,
            end: range.end,
            key,
        },
    );
    match v {
        ast::Value::StringLit(s) => Value::String(s.value.to_string()),
        ast::Value::NumberLit(n) => match serde_json::from_str::<Number>(n.value) {
            Ok(num) => Value::Number(num),
            Err(_) => {
                errors.push((
                    pointer,
                    range.start,
                    "json-number",
                    "number is out of range".into(),
                ));
                Value::Null
            }
        },
        ast::Value::BooleanLit(b) => Value::Bool(b.value),
        ast::Value::NullKeyword(_) => Value::Null,
        ast::Value::Array(a) => Value::Array(
            a.elements
                .iter()
                .enumerate()
                .map(|(i, e)| convert(e, format!("{pointer}/{i}"), None, spans, errors))
                .collect(),
        ),
        ast::Value::Object(o) => {
            let mut map = Map::new();
            for prop in &o.properties {
                let (name, key_start) = match &prop.name {
                    ast::ObjectPropName::String(s) => (s.value.to_string(), s.range.start),
                    ast::ObjectPropName::Word(w) => (w.value.to_string(), w.range.start),
                };
                let child = format!("{pointer}/{}", escape_token(&name));
                if map.contains_key(&name) {
                    errors.push((
                        child.clone(),
                        key_start,
                        "duplicate-key",
                        crate::messages::duplicate_key(&name),
                    ));
                }
                let value = convert(&prop.value, child, Some(key_start), spans, errors);
                map.insert(name, value);
            }
            Value::Object(map)
        }
    }
}
