//! Load schema files and convert them into the IR, resolving `$ref` offline.
//!
//! Conversion is a work queue, not a recursion: a node id is handed out the first
//! time a location is named (by nesting or by `$ref`) and filled later, so legal
//! cycles just work and deep schemas cannot overflow the stack.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Number, Value};

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::ir::{
    Bound, Dialect, FileId, Format, Ir, JsonType, Keywords, Location, Node, NodeId, NodeKind,
};
use crate::source::{escape_token, unescape_token, SourceFile};

/// Keywords that only annotate: they never change a verdict.
const ANNOTATIONS: &[&str] = &[
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "example",
    "readOnly",
    "writeOnly",
    "deprecated",
    "contentMediaType",
    "contentEncoding",
];

/// Load the schema file at `path` (and every file its `$ref`s name) and convert it.
///
/// # Errors
/// Every problem found, each located by file, line:col and pointer: unreadable or
/// malformed files, unsupported keywords, bad keyword values, unresolvable or remote
/// `$ref`s and invalid patterns.
pub fn load(path: &Path) -> Result<Ir, Diagnostics> {
    let name = path.to_string_lossy().into_owned();
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostics(vec![Diagnostic {
            severity: Severity::Error,
            code: "io",
            message: format!("cannot read schema file: {e}"),
            file: name.clone(),
            pointer: String::new(),
            line: 1,
            column: 1,
        }])
    })?;
    load_bytes(path, &name, &bytes)
}

/// Convert an in-memory schema document. `path` anchors relative `$ref`s; `name` is
/// what diagnostics and schema locations call the file.
///
/// # Errors
/// As [`load`].
pub fn load_bytes(path: &Path, name: &str, bytes: &[u8]) -> Result<Ir, Diagnostics> {
    load_with_files(path, name, bytes, &[])
}

/// A schema set embedded in a binary (a generated module's, `gbg_go::Schema::from_embedded`):
/// the root file's path and text first, then the files its relative `$ref`s name, each
/// by the path the reference resolves to. `name` is what diagnostics and schema
/// locations call the root file. An empty set loads as an empty document (its error).
///
/// # Errors
/// As [`load`].
pub fn load_embedded(name: &str, files: &[(&str, &[u8])]) -> Result<Ir, Diagnostics> {
    let Some(((root_path, root), rest)) = files.split_first() else {
        return load_bytes(Path::new(name), name, b"");
    };
    let others: Vec<(&Path, &[u8])> = rest.iter().map(|(p, b)| (Path::new(*p), *b)).collect();
    load_with_files(Path::new(root_path), name, root, &others)
}

/// As [`load_bytes`], with the files that relative `$ref`s name supplied in memory
/// (by the path the reference resolves to, `Ir::input_paths` of an earlier load), so
/// a schema set embedded in a binary loads without its files on disk.
///
/// # Errors
/// As [`load`].
pub fn load_with_files(
    path: &Path,
    name: &str,
    bytes: &[u8],
    files: &[(&Path, &[u8])],
) -> Result<Ir, Diagnostics> {
    let file = SourceFile::parse(path, name.to_owned(), bytes).map_err(Diagnostics)?;
    let mut c = Converter {
        memory: files
            .iter()
            .map(|(p, b)| (p.to_path_buf(), b.to_vec()))
            .collect(),
        ..Converter::default()
    };
    c.add_file(file);
    let root = c.node_for(FileId(0), "");
    c.run();
    // Hand each document back to its file.
    for (file, doc) in c.files.iter_mut().zip(std::mem::take(&mut c.docs)) {
        file.value = std::sync::Arc::try_unwrap(doc).unwrap_or_else(|shared| (*shared).clone());
    }
    // Report in source order, file by file.
    c.errors
        .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    c.warnings
        .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    if c.errors.is_empty() {
        let dialect = c.dialects[0];
        let mut ir = Ir {
            files: c.files,
            nodes: c.nodes,
            root,
            dialect,
            warnings: c.warnings,
        };
        let cycles = crate::lint::check_cycles(&ir);
        if !cycles.is_empty() {
            return Err(Diagnostics(cycles));
        }
        let lints = crate::lint::run(&ir);
        ir.warnings.extend(lints);
        Ok(ir)
    } else {
        Err(Diagnostics(c.errors))
    }
}

#[derive(Default)]
struct Converter {
    files: Vec<SourceFile>,
    dialects: Vec<Dialect>,
    root_ids: Vec<Option<String>>,
    by_path: HashMap<PathBuf, FileId>,
    /// Files supplied in memory, by resolved path.
    memory: HashMap<PathBuf, Vec<u8>>,
    /// Each file's document, shared so a node can read it while `self` is mutated.
    docs: Vec<std::sync::Arc<Value>>,
    nodes: Vec<Node>,
    by_location: HashMap<(FileId, String), NodeId>,
    queue: Vec<NodeId>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Converter {
    fn add_file(&mut self, file: SourceFile) -> FileId {
        let id = FileId(self.files.len() as u32);
        let dialect = match file.value.get("$schema").and_then(Value::as_str) {
            Some(s) if s.contains("2020-12") => Dialect::Draft202012,
            _ => Dialect::Draft7,
        };
        let root_id = file
            .value
            .get("$id")
            .and_then(Value::as_str)
            .map(|s| s.trim_end_matches('#').to_owned());
        let key = std::fs::canonicalize(&file.path).unwrap_or_else(|_| file.path.clone());
        self.by_path.insert(key, id);
        let mut file = file;
        self.docs
            .push(std::sync::Arc::new(std::mem::take(&mut file.value)));
        self.files.push(file);
        self.dialects.push(dialect);
        self.root_ids.push(root_id);
        id
    }

    /// The node for a location, allocated (and queued for filling) on first use.
    fn node_for(&mut self, file: FileId, pointer: &str) -> NodeId {
        if let Some(&id) = self.by_location.get(&(file, pointer.to_owned())) {
            return id;
        }
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            location: Location {
                file,
                pointer: pointer.to_owned(),
            },
            title: None,
            description: None,
            kind: NodeKind::Bool(true),
        });
        self.by_location.insert((file, pointer.to_owned()), id);
        self.queue.push(id);
        id
    }

    fn run(&mut self) {
        let mut next = 0;
        // The queue only grows; filling in allocation order keeps ids deterministic.
        while next < self.queue.len() {
            let id = self.queue[next];
            next += 1;
            self.fill(id);
        }
    }

    fn error(&mut self, file: FileId, code: &'static str, message: String, pointer: &str) {
        let d = self.files[file.0 as usize].diag(Severity::Error, code, message, pointer);
        self.errors.push(d);
    }

    fn warn(&mut self, file: FileId, code: &'static str, message: String, pointer: &str) {
        let d = self.files[file.0 as usize].diag(Severity::Warning, code, message, pointer);
        self.warnings.push(d);
    }

    fn fill(&mut self, id: NodeId) {
        let Location { file, pointer } = self.nodes[id.index()].location.clone();
        // Borrow through a shared handle, not from `self`: cloning the subtree here
        // made conversion quadratic in schema depth.
        let doc = std::sync::Arc::clone(&self.docs[file.0 as usize]);
        let value = doc.pointer(&pointer);
        match value {
            Some(Value::Bool(b)) => self.nodes[id.index()].kind = NodeKind::Bool(*b),
            Some(Value::Object(map)) => {
                let mut f = Filler {
                    c: self,
                    file,
                    pointer: &pointer,
                    k: Keywords::default(),
                };
                f.fill(map);
                let k = f.k;
                let node = &mut self.nodes[id.index()];
                node.title = map.get("title").and_then(Value::as_str).map(str::to_owned);
                node.description = map
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                node.kind = NodeKind::Schema(Box::new(k));
            }
            Some(_) => self.error(
                file,
                "invalid-schema",
                "a schema must be an object or a boolean".into(),
                &pointer,
            ),
            None => self.error(
                file,
                "unresolvable-ref",
                "no schema at this pointer".into(),
                &pointer,
            ),
        }
    }

    /// Resolve a `$ref` value found at `at` in `file`.
    fn resolve_ref(&mut self, file: FileId, at: &str, reference: &str) -> Option<NodeId> {
        let (url, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file = if url.is_empty() {
            file
        } else if let Some(i) = self.root_ids.iter().position(|r| r.as_deref() == Some(url)) {
            FileId(i as u32)
        } else if url.contains("://") || url.starts_with("urn:") || url.starts_with("file:") {
            let msg = if url.starts_with("http://") || url.starts_with("https://") {
                format!("remote $ref `{url}` is not fetched: gbg-go never touches the network; vendor the schema next to this file and use a relative path")
            } else {
                format!("$ref `{url}` uses a URI scheme gbg-go does not resolve; use a relative file path")
            };
            self.error(file, "remote-ref", msg, at);
            return None;
        } else {
            let base = self.files[file.0 as usize]
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let path = base.join(percent_decode(url));
            let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            match self.by_path.get(&key) {
                Some(&f) => f,
                None => {
                    let read = match self.memory.get(&path) {
                        Some(b) => Ok(b.clone()),
                        None => std::fs::read(&path),
                    };
                    let bytes = match read {
                        Ok(b) => b,
                        Err(e) => {
                            self.error(
                                file,
                                "unresolvable-ref",
                                format!("cannot read `{url}` named by $ref: {e}"),
                                at,
                            );
                            return None;
                        }
                    };
                    // Name the file relative to the referring one, as the user wrote it.
                    let name = Path::new(&self.files[file.0 as usize].name)
                        .parent()
                        .map(|p| p.join(percent_decode(url)).to_string_lossy().into_owned())
                        .unwrap_or_else(|| url.to_owned());
                    match SourceFile::parse(&path, name, &bytes) {
                        Ok(sf) => self.add_file(sf),
                        Err(ds) => {
                            self.errors.extend(ds);
                            return None;
                        }
                    }
                }
            }
        };
        let fragment = percent_decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.error(file, "unsupported-keyword", format!("$ref to the anchor `#{fragment}` is not supported; use a JSON pointer such as `#/definitions/{fragment}`"), at);
            return None;
        }
        if self.docs[target_file.0 as usize]
            .pointer(&fragment)
            .is_none()
        {
            self.error(
                file,
                "unresolvable-ref",
                format!("$ref `{reference}` points at nothing"),
                at,
            );
            return None;
        }
        Some(self.node_for(target_file, &fragment))
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads one schema object's keywords into [`Keywords`].
struct Filler<'a> {
    c: &'a mut Converter,
    file: FileId,
    pointer: &'a str,
    k: Keywords,
}

impl Filler<'_> {
    fn at(&self, key: &str) -> String {
        format!("{}/{}", self.pointer, escape_token(key))
    }

    fn bad(&mut self, key: &str, expected: &str) {
        let at = self.at(key);
        self.c.error(
            self.file,
            "invalid-keyword",
            format!("`{key}` must be {expected}"),
            &at,
        );
    }

    fn child(&mut self, key: &str) -> NodeId {
        let at = self.at(key);
        self.c.node_for(self.file, &at)
    }

    fn schema(&mut self, key: &str, v: &Value) -> Option<NodeId> {
        if v.is_object() || v.is_boolean() {
            Some(self.child(key))
        } else {
            self.bad(key, "a schema (an object or a boolean)");
            None
        }
    }

    fn schema_list(&mut self, key: &str, v: &Value) -> Vec<NodeId> {
        match v.as_array() {
            Some(items)
                if !items.is_empty() && items.iter().all(|i| i.is_object() || i.is_boolean()) =>
            {
                let base = self.at(key);
                (0..items.len())
                    .map(|i| self.c.node_for(self.file, &format!("{base}/{i}")))
                    .collect()
            }
            _ => {
                self.bad(key, "a non-empty array of schemas");
                Vec::new()
            }
        }
    }

    fn schema_map(&mut self, key: &str, v: &Value) -> Vec<(String, NodeId)> {
        let Some(map) = v.as_object() else {
            self.bad(key, "an object whose values are schemas");
            return Vec::new();
        };
        let base = self.at(key);
        let mut out = Vec::new();
        // serde_json's map is sorted; put members back in source order, the order a
        // reader expects struct fields in.
        let file = &self.c.files[self.file.0 as usize];
        let mut members: Vec<(&String, &Value)> = map.iter().collect();
        members.sort_by_cached_key(|(name, _)| {
            file.span(&format!("{base}/{}", escape_token(name)))
                .map_or(0, |s| s.key.unwrap_or(s.start))
        });
        for (name, sub) in members {
            let at = format!("{base}/{}", escape_token(name));
            if sub.is_object() || sub.is_boolean() {
                out.push((name.clone(), self.c.node_for(self.file, &at)));
            } else {
                self.c.error(
                    self.file,
                    "invalid-keyword",
                    format!("`{key}/{name}` must be a schema"),
                    &at,
                );
            }
        }
        out
    }

    fn count(&mut self, key: &str, v: &Value) -> Option<u64> {
        match v {
            Value::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 9.0e15)
                    .map(|f| f as u64)
            }),
            _ => None,
        }
        .or_else(|| {
            self.bad(key, "a non-negative integer");
            None
        })
    }

    fn number(&mut self, key: &str, v: &Value) -> Option<Number> {
        match v {
            Value::Number(n) => Some(n.clone()),
            _ => {
                self.bad(key, "a number");
                None
            }
        }
    }

    fn string_list(&mut self, key: &str, v: &Value) -> Option<Vec<String>> {
        let list: Option<Vec<String>> = v
            .as_array()
            .and_then(|a| a.iter().map(|s| s.as_str().map(str::to_owned)).collect());
        if list.is_none() {
            self.bad(key, "an array of strings");
        }
        list
    }

    fn pattern(&mut self, key: &str, v: &Value) -> Option<String> {
        let Some(p) = v.as_str() else {
            self.bad(key, "a string (an ECMA-262 regular expression)");
            return None;
        };
        if let Err(e) = crate::check::compile_pattern(p) {
            let at = self.at(key);
            self.c.error(
                self.file,
                "invalid-pattern",
                format!("`{key}` is not a valid ECMA-262 regular expression: {e}"),
                &at,
            );
            return None;
        }
        Some(p.to_owned())
    }

    fn fill(&mut self, map: &Map<String, Value>) {
        let dialect = self.c.dialects[self.file.0 as usize];
        let draft7 = dialect == Dialect::Draft7;
        let has_ref = map.contains_key("$ref");
        for (key, v) in map {
            let key = key.as_str();
            if ANNOTATIONS.contains(&key) {
                continue;
            }
            // Draft-07: `$ref` overrides every sibling keyword. Say so instead of
            // silently dropping them.
            if draft7
                && has_ref
                && key != "$ref"
                && key != "definitions"
                && key != "$defs"
                && key != "$id"
                && key != "$schema"
            {
                let at = self.at(key);
                self.c.warn(self.file, "ref-sibling-ignored", format!("`{key}` next to `$ref` is ignored in draft-07 (move it into an `allOf` to apply it)"), &at);
                continue;
            }
            match key {
                "$schema" => {
                    let known = v.as_str().is_some_and(|s| {
                        let s = s.trim_end_matches('#');
                        s.ends_with("json-schema.org/draft-07/schema")
                            || s.ends_with("json-schema.org/draft/2020-12/schema")
                    });
                    if !self.pointer.is_empty() {
                        let at = self.at(key);
                        self.c.error(
                            self.file,
                            "unsupported-keyword",
                            "`$schema` is only supported at the document root".into(),
                            &at,
                        );
                    } else if !known {
                        let at = self.at(key);
                        self.c.error(self.file, "unsupported-dialect", "unsupported `$schema`: gbg-go reads draft-07 (the default) and 2020-12".into(), &at);
                    }
                }
                "$id" => {
                    if !self.pointer.is_empty() {
                        let at = self.at(key);
                        self.c.error(self.file, "unsupported-keyword", "`$id` below the document root changes the base URI and is not supported".into(), &at);
                    } else if !v.is_string() {
                        self.bad(key, "a string");
                    }
                }
                "definitions" | "$defs" => {
                    // Converted eagerly so their mistakes are reported even when unused.
                    self.schema_map(key, v);
                }
                "$ref" => match v.as_str() {
                    Some(r) => {
                        let at = self.at(key);
                        self.k.reference = self.c.resolve_ref(self.file, &at, r);
                    }
                    None => self.bad(key, "a string"),
                },
                "type" => self.k.types = self.types(v),
                "enum" => match v.as_array() {
                    Some(a) => self.k.enumeration = Some(a.clone()),
                    None => self.bad(key, "an array"),
                },
                "const" => self.k.constant = Some(v.clone()),
                "minLength" => self.k.min_length = self.count(key, v),
                "maxLength" => self.k.max_length = self.count(key, v),
                "pattern" => self.k.pattern = self.pattern(key, v),
                "format" => match v.as_str() {
                    Some(f) => match Format::parse(f) {
                        // `uuid` arrived with 2019-09: draft-07 validators (the reference
                        // one included) do not assert it, so neither do we, and we say so.
                        Some(Format::Uuid) if draft7 => {
                            let at = self.at(key);
                            self.c.warn(self.file, "unknown-format", "format `uuid` is not defined in draft-07 and is not asserted (use 2020-12, or a `pattern`)".into(), &at);
                        }
                        Some(f) => self.k.format = Some(f),
                        None => {
                            let at = self.at(key);
                            self.c.warn(self.file, "unknown-format", format!("format `{f}` is not asserted by gbg-go (nor by most validators)"), &at);
                        }
                    },
                    None => self.bad(key, "a string"),
                },
                "minimum" | "maximum" => {
                    if let Some(n) = self.number(key, v) {
                        let flag = if key == "minimum" {
                            "exclusiveMinimum"
                        } else {
                            "exclusiveMaximum"
                        };
                        // The draft-4 boolean form: `exclusiveMinimum: true` modifies `minimum`.
                        let exclusive = map.get(flag).and_then(Value::as_bool).unwrap_or(false);
                        let b = Bound {
                            value: n,
                            exclusive,
                        };
                        if key == "minimum" {
                            self.k.minimum.push(b)
                        } else {
                            self.k.maximum.push(b)
                        }
                    }
                }
                "exclusiveMinimum" | "exclusiveMaximum" => match v {
                    Value::Bool(_) => {
                        let base = if key == "exclusiveMinimum" {
                            "minimum"
                        } else {
                            "maximum"
                        };
                        if !map.contains_key(base) {
                            self.bad(
                                key,
                                &format!("used with `{base}` in its boolean (draft-4) form"),
                            );
                        }
                    }
                    _ => {
                        if let Some(n) = self.number(key, v) {
                            let b = Bound {
                                value: n,
                                exclusive: true,
                            };
                            if key == "exclusiveMinimum" {
                                self.k.minimum.push(b)
                            } else {
                                self.k.maximum.push(b)
                            }
                        }
                    }
                },
                "multipleOf" => {
                    self.k.multiple_of = self
                        .number(key, v)
                        .filter(|n| n.as_f64().is_some_and(|f| f > 0.0));
                    if self.k.multiple_of.is_none() && v.is_number() {
                        self.bad(key, "a number greater than 0");
                    }
                }
                "properties" => self.k.properties = self.schema_map(key, v),
                "required" => self.k.required = self.string_list(key, v).unwrap_or_default(),
                "additionalProperties" => self.k.additional_properties = self.schema(key, v),
                "patternProperties" => {
                    let props = self.schema_map(key, v);
                    for (p, _) in &props {
                        if let Err(e) = crate::check::compile_pattern(p) {
                            let at = format!("{}/{}", self.at(key), escape_token(p));
                            self.c.error(self.file, "invalid-pattern", format!("patternProperties key is not a valid ECMA-262 regular expression: {e}"), &at);
                        }
                    }
                    self.k.pattern_properties = props;
                }
                "propertyNames" => self.k.property_names = self.schema(key, v),
                "minProperties" => self.k.min_properties = self.count(key, v),
                "maxProperties" => self.k.max_properties = self.count(key, v),
                "dependentRequired" if !draft7 => self.dependent_required(key, v),
                "dependentSchemas" if !draft7 => self.k.dependent_schemas = self.schema_map(key, v),
                "dependencies" if draft7 => self.dependencies(key, v),
                "items" if draft7 && v.is_array() => {
                    self.k.prefix_items = self.schema_list(key, v);
                    if let Some(extra) = map.get("additionalItems") {
                        self.k.items = self.schema("additionalItems", extra);
                    }
                }
                "items" => self.k.items = self.schema(key, v),
                "additionalItems" if draft7 => {
                    if !map.get("items").is_some_and(Value::is_array) {
                        // Without an `items` array, `additionalItems` asserts nothing.
                        let at = self.at(key);
                        self.c.warn(
                            self.file,
                            "no-effect",
                            "`additionalItems` has no effect without an `items` array".into(),
                            &at,
                        );
                    }
                }
                "prefixItems" if !draft7 => self.k.prefix_items = self.schema_list(key, v),
                "contains" => self.k.contains = self.schema(key, v),
                "minContains" if !draft7 => self.k.min_contains = self.count(key, v),
                "maxContains" if !draft7 => self.k.max_contains = self.count(key, v),
                "minItems" => self.k.min_items = self.count(key, v),
                "maxItems" => self.k.max_items = self.count(key, v),
                "uniqueItems" => match v.as_bool() {
                    Some(b) => self.k.unique_items = b,
                    None => self.bad(key, "a boolean"),
                },
                "allOf" => self.k.all_of = self.schema_list(key, v),
                "anyOf" => self.k.any_of = self.schema_list(key, v),
                "oneOf" => self.k.one_of = self.schema_list(key, v),
                "not" => self.k.not = self.schema(key, v),
                "if" => self.k.if_ = self.schema(key, v),
                "then" => self.k.then_ = self.schema(key, v),
                "else" => self.k.else_ = self.schema(key, v),
                _ => {
                    let at = self.at(key);
                    let why = match key {
                        "unevaluatedProperties" | "unevaluatedItems" | "$dynamicRef" | "$dynamicAnchor" | "$recursiveRef" | "$recursiveAnchor" | "$anchor" | "$vocabulary" | "contentSchema" => "is not supported by gbg-go yet",
                        "nullable" => "is OpenAPI, not JSON Schema; use `\"type\": [\"…\", \"null\"]`",
                        _ => "is not a keyword gbg-go knows; it would be silently ignored by JSON Schema validators",
                    };
                    self.c.error(
                        self.file,
                        "unsupported-keyword",
                        format!("`{key}` {why}"),
                        &at,
                    );
                }
            }
        }
    }

    fn types(&mut self, v: &Value) -> Option<Vec<JsonType>> {
        let list: Option<Vec<JsonType>> = match v {
            Value::String(s) => JsonType::parse(s).map(|t| vec![t]),
            Value::Array(a) => a
                .iter()
                .map(|t| t.as_str().and_then(JsonType::parse))
                .collect(),
            _ => None,
        };
        if list.is_none() {
            self.bad("type", "a JSON type name or an array of them");
        }
        list
    }

    fn dependent_required(&mut self, key: &str, v: &Value) {
        let Some(map) = v.as_object() else {
            return self.bad(key, "an object of string arrays");
        };
        for (name, deps) in map {
            if let Some(list) = self.string_list(key, deps) {
                self.k.dependent_required.push((name.clone(), list));
            }
        }
    }

    fn dependencies(&mut self, key: &str, v: &Value) {
        let Some(map) = v.as_object() else {
            return self.bad(key, "an object");
        };
        let base = self.at(key);
        for (name, dep) in map {
            if dep.is_array() {
                if let Some(list) = self.string_list(key, dep) {
                    self.k.dependent_required.push((name.clone(), list));
                }
            } else if dep.is_object() || dep.is_boolean() {
                let at = format!("{base}/{}", escape_token(name));
                let id = self.c.node_for(self.file, &at);
                self.k.dependent_schemas.push((name.clone(), id));
            } else {
                self.bad(key, "an object of schemas or string arrays");
            }
        }
    }
}

/// Split an RFC 6901 pointer into unescaped tokens.
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(unescape_token).collect()
}
