//! The IR: an arena of schema nodes addressed by [`NodeId`], in a deterministic order.
//!
//! One node exists per schema location (file + JSON pointer) reachable from the root
//! or from a definitions table. `$ref` targets are resolved to node ids, so cycles are
//! plain id cycles. The IR holds no syn/quote types: codegen, the runtime interpreter
//! and the lints all read it.

use serde_json::{Number, Value};

use crate::diag::Diagnostic;
use crate::source::SourceFile;

/// Index of a node in [`Ir::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The arena index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a file in [`Ir::files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// The JSON Schema dialect of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// `http://json-schema.org/draft-07/schema#` (the GO dashboard's export; the default).
    Draft7,
    /// `https://json-schema.org/draft/2020-12/schema`.
    Draft202012,
}

/// The JSON types of the `type` keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonType {
    /// `null`
    Null,
    /// `boolean`
    Boolean,
    /// `object`
    Object,
    /// `array`
    Array,
    /// `number`
    Number,
    /// `string`
    String,
    /// `integer` (a number with no fractional part)
    Integer,
}

impl JsonType {
    /// The keyword spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Integer => "integer",
        }
    }

    /// Parse the keyword spelling.
    pub fn parse(s: &str) -> Option<JsonType> {
        Some(match s {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "number" => JsonType::Number,
            "string" => JsonType::String,
            "integer" => JsonType::Integer,
            _ => return None,
        })
    }
}

/// Where a node came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// RFC 6901 pointer to the schema inside the file.
    pub pointer: String,
}

/// A lower or upper numeric bound.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    /// The limit.
    pub value: Number,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

/// A `format` value the validators assert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// RFC 3339 full-date
    Date,
    /// RFC 3339 date-time
    DateTime,
    /// RFC 3339 full-time
    Time,
    /// RFC 5321 mailbox (simplified: local@domain)
    Email,
    /// RFC 3986 URI (absolute)
    Uri,
    /// RFC 3986 URI reference
    UriReference,
    /// RFC 4122 UUID
    Uuid,
    /// dotted quad
    Ipv4,
    /// RFC 4291
    Ipv6,
    /// RFC 1123 host name
    Hostname,
    /// RFC 6901 JSON pointer
    JsonPointer,
    /// ECMA-262 regular expression
    Regex,
}

impl Format {
    /// Parse the keyword value; `None` for formats we do not assert.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "date" => Format::Date,
            "date-time" => Format::DateTime,
            "time" => Format::Time,
            "email" => Format::Email,
            "uri" => Format::Uri,
            "uri-reference" => Format::UriReference,
            "uuid" => Format::Uuid,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "hostname" => Format::Hostname,
            "json-pointer" => Format::JsonPointer,
            "regex" => Format::Regex,
            _ => return None,
        })
    }

    /// The keyword spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Date => "date",
            Format::DateTime => "date-time",
            Format::Time => "time",
            Format::Email => "email",
            Format::Uri => "uri",
            Format::UriReference => "uri-reference",
            Format::Uuid => "uuid",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Hostname => "hostname",
            Format::JsonPointer => "json-pointer",
            Format::Regex => "regex",
        }
    }
}

/// A node: a boolean schema or a schema object's keywords.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the schema is.
    pub location: Location,
    /// `title`
    pub title: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// The assertions.
    pub kind: NodeKind,
}

/// The assertions of a node.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// `true` accepts everything, `false` nothing.
    Bool(bool),
    /// A schema object.
    Schema(Box<Keywords>),
}

/// Every assertion keyword we support, after `$ref` resolution.
///
/// Vectors of `(name, node)` keep the source order; that order is deterministic and
/// it is the order a reader expects fields in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keywords {
    /// `$ref`, resolved.
    pub reference: Option<NodeId>,
    /// `type`
    pub types: Option<Vec<JsonType>>,
    /// `enum`
    pub enumeration: Option<Vec<Value>>,
    /// `const`
    pub constant: Option<Value>,
    /// `minLength` (code points)
    pub min_length: Option<u64>,
    /// `maxLength` (code points)
    pub max_length: Option<u64>,
    /// `pattern` (ECMA-262 source; checked to compile)
    pub pattern: Option<String>,
    /// `format`, when asserted.
    pub format: Option<Format>,
    /// `minimum` / `exclusiveMinimum`
    pub minimum: Vec<Bound>,
    /// `maximum` / `exclusiveMaximum`
    pub maximum: Vec<Bound>,
    /// `multipleOf`
    pub multiple_of: Option<Number>,
    /// `properties`
    pub properties: Vec<(String, NodeId)>,
    /// `required`
    pub required: Vec<String>,
    /// `additionalProperties`
    pub additional_properties: Option<NodeId>,
    /// `patternProperties`
    pub pattern_properties: Vec<(String, NodeId)>,
    /// `propertyNames`
    pub property_names: Option<NodeId>,
    /// `minProperties`
    pub min_properties: Option<u64>,
    /// `maxProperties`
    pub max_properties: Option<u64>,
    /// `dependentRequired` (and draft-07 `dependencies` with an array)
    pub dependent_required: Vec<(String, Vec<String>)>,
    /// `dependentSchemas` (and draft-07 `dependencies` with a schema)
    pub dependent_schemas: Vec<(String, NodeId)>,
    /// `prefixItems` (and draft-07 `items` as an array)
    pub prefix_items: Vec<NodeId>,
    /// `items` (2020-12) / `items` as a schema or `additionalItems` (draft-07):
    /// the schema for every item after the prefix.
    pub items: Option<NodeId>,
    /// `contains`
    pub contains: Option<NodeId>,
    /// `minContains` (2020-12; defaults to 1 when `contains` is present)
    pub min_contains: Option<u64>,
    /// `maxContains`
    pub max_contains: Option<u64>,
    /// `minItems`
    pub min_items: Option<u64>,
    /// `maxItems`
    pub max_items: Option<u64>,
    /// `uniqueItems`
    pub unique_items: bool,
    /// `allOf`
    pub all_of: Vec<NodeId>,
    /// `anyOf`
    pub any_of: Vec<NodeId>,
    /// `oneOf`
    pub one_of: Vec<NodeId>,
    /// `not`
    pub not: Option<NodeId>,
    /// `if`
    pub if_: Option<NodeId>,
    /// `then`
    pub then_: Option<NodeId>,
    /// `else`
    pub else_: Option<NodeId>,
}

/// A converted schema set: files, nodes, the root and the diagnostics gathered.
#[derive(Debug)]
pub struct Ir {
    /// Loaded files; index 0 is the root file.
    pub files: Vec<SourceFile>,
    /// The node arena.
    pub nodes: Vec<Node>,
    /// The root schema.
    pub root: NodeId,
    /// The root file's dialect.
    pub dialect: Dialect,
    /// Warnings (lints). Errors abort conversion instead.
    pub warnings: Vec<Diagnostic>,
}

impl Ir {
    /// The node behind an id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// The node's keywords, or `None` for a boolean schema.
    pub fn keywords(&self, id: NodeId) -> Option<&Keywords> {
        match &self.node(id).kind {
            NodeKind::Schema(k) => Some(k),
            NodeKind::Bool(_) => None,
        }
    }

    /// Follow `$ref`-only nodes (a `$ref` with no sibling assertions) to their target.
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        let mut hops = 0;
        while let Some(k) = self.keywords(id) {
            match k.reference {
                Some(target) if k.is_ref_only() && hops < 64 => {
                    id = target;
                    hops += 1;
                }
                _ => break,
            }
        }
        id
    }

    /// `file#pointer` of a node, the schema location used in diagnostics.
    pub fn schema_location(&self, id: NodeId) -> String {
        let loc = &self.node(id).location;
        format!("{}#{}", self.files[loc.file.0 as usize].name, loc.pointer)
    }

    /// Where `node` lies under `ancestor` in the schema text: the pointer suffix
    /// (`""` for the same place, else `/…`) when both are in one file and `node`'s
    /// pointer extends `ancestor`'s by whole tokens; `None` otherwise (another file,
    /// or elsewhere in this one, such as a `$ref` target). The one rule by which a
    /// shared schema's violations are located under each place that uses it (the
    /// generator's `Loc`s and [`Validator::check_at`](crate::Validator::check_at)).
    pub fn pointer_under(&self, ancestor: NodeId, node: NodeId) -> Option<&str> {
        let (a, n) = (&self.node(ancestor).location, &self.node(node).location);
        let rest = n.pointer.strip_prefix(a.pointer.as_str())?;
        (a.file == n.file && (rest.is_empty() || rest.starts_with('/'))).then_some(rest)
    }

    /// The source file a node lives in.
    pub fn file_of(&self, id: NodeId) -> &SourceFile {
        &self.files[self.node(id).location.file.0 as usize]
    }

    /// The schema node for a payload pointer (`/context/subject/identity`): the
    /// place's own schema from [`nodes_at`](Self::nodes_at) with
    /// [`Follow::Declared`](crate::walk::Follow::Declared).
    pub fn node_at(&self, pointer: &str) -> Option<NodeId> {
        self.nodes_at(pointer, crate::walk::Follow::Declared)
            .first()
            .copied()
    }

    /// The properties a node declares, with those of its `$ref` target and `allOf`
    /// branches merged in (the first declaration of a name wins).
    pub fn properties_of(&self, node: NodeId) -> Vec<(String, NodeId)> {
        self.declared_properties(&self.applicators(node, crate::walk::Follow::Declared))
    }

    /// Every file that contributed to the IR (for `rerun-if-changed`).
    pub fn input_paths(&self) -> impl Iterator<Item = &std::path::Path> {
        self.files.iter().map(|f| f.path.as_path())
    }
}

impl Keywords {
    /// Every subschema of the node, in a fixed order: `$ref`, `properties`,
    /// `additionalProperties`, `patternProperties`, `propertyNames`,
    /// `dependentSchemas`, `prefixItems`, `items`, `contains`, `allOf`, `anyOf`,
    /// `oneOf`, `not`, `if`, `then`, `else`. The walk every pass over the IR shares
    /// (the generator's plan, its validator collection).
    pub fn children(&self) -> Vec<NodeId> {
        // Destructured so that a new keyword field cannot be forgotten here: a field
        // that holds subschemas must be listed below, any other is named and ignored.
        let Keywords {
            reference,
            types: _,
            enumeration: _,
            constant: _,
            min_length: _,
            max_length: _,
            pattern: _,
            format: _,
            minimum: _,
            maximum: _,
            multiple_of: _,
            properties,
            required: _,
            additional_properties,
            pattern_properties,
            property_names,
            min_properties: _,
            max_properties: _,
            dependent_required: _,
            dependent_schemas,
            prefix_items,
            items,
            contains,
            min_contains: _,
            max_contains: _,
            min_items: _,
            max_items: _,
            unique_items: _,
            all_of,
            any_of,
            one_of,
            not,
            if_,
            then_,
            else_,
        } = self;
        let mut v: Vec<NodeId> = reference.iter().copied().collect();
        v.extend(properties.iter().map(|(_, n)| *n));
        v.extend(*additional_properties);
        v.extend(pattern_properties.iter().map(|(_, n)| *n));
        v.extend(*property_names);
        v.extend(dependent_schemas.iter().map(|(_, n)| *n));
        v.extend(prefix_items.iter().copied());
        v.extend(*items);
        v.extend(*contains);
        v.extend(all_of.iter().copied());
        v.extend(any_of.iter().copied());
        v.extend(one_of.iter().copied());
        v.extend(*not);
        v.extend(*if_);
        v.extend(*then_);
        v.extend(*else_);
        v
    }

    /// The keywords the node sets, by their JSON names (`minimum` and `maximum`
    /// stand for their exclusive forms too). Destructured like [`children`](Self::children),
    /// so a new keyword cannot be left out: the generator decides from this which
    /// nodes it reads in one pass and which it buffers (DESIGN's one-pass table).
    pub fn assertions(&self) -> Vec<&'static str> {
        let Keywords {
            reference,
            types,
            enumeration,
            constant,
            min_length,
            max_length,
            pattern,
            format,
            minimum,
            maximum,
            multiple_of,
            properties,
            required,
            additional_properties,
            pattern_properties,
            property_names,
            min_properties,
            max_properties,
            dependent_required,
            dependent_schemas,
            prefix_items,
            items,
            contains,
            min_contains,
            max_contains,
            min_items,
            max_items,
            unique_items,
            all_of,
            any_of,
            one_of,
            not,
            if_,
            then_,
            else_,
        } = self;
        let mut v = Vec::new();
        let mut set = |on: bool, name: &'static str| {
            if on {
                v.push(name);
            }
        };
        set(reference.is_some(), "$ref");
        set(types.is_some(), "type");
        set(enumeration.is_some(), "enum");
        set(constant.is_some(), "const");
        set(min_length.is_some(), "minLength");
        set(max_length.is_some(), "maxLength");
        set(pattern.is_some(), "pattern");
        set(format.is_some(), "format");
        set(!minimum.is_empty(), "minimum");
        set(!maximum.is_empty(), "maximum");
        set(multiple_of.is_some(), "multipleOf");
        set(!properties.is_empty(), "properties");
        set(!required.is_empty(), "required");
        set(additional_properties.is_some(), "additionalProperties");
        set(!pattern_properties.is_empty(), "patternProperties");
        set(property_names.is_some(), "propertyNames");
        set(min_properties.is_some(), "minProperties");
        set(max_properties.is_some(), "maxProperties");
        set(!dependent_required.is_empty(), "dependentRequired");
        set(!dependent_schemas.is_empty(), "dependentSchemas");
        set(!prefix_items.is_empty(), "prefixItems");
        set(items.is_some(), "items");
        set(contains.is_some(), "contains");
        set(min_contains.is_some(), "minContains");
        set(max_contains.is_some(), "maxContains");
        set(min_items.is_some(), "minItems");
        set(max_items.is_some(), "maxItems");
        set(*unique_items, "uniqueItems");
        set(!all_of.is_empty(), "allOf");
        set(!any_of.is_empty(), "anyOf");
        set(!one_of.is_empty(), "oneOf");
        set(not.is_some(), "not");
        set(if_.is_some(), "if");
        set(then_.is_some(), "then");
        set(else_.is_some(), "else");
        v
    }

    /// Whether the node is a `$ref` and nothing else that asserts.
    pub fn is_ref_only(&self) -> bool {
        // Destructured so that a new keyword field cannot be forgotten here.
        let Keywords {
            reference,
            types,
            enumeration,
            constant,
            min_length,
            max_length,
            pattern,
            format,
            minimum,
            maximum,
            multiple_of,
            properties,
            required,
            additional_properties,
            pattern_properties,
            property_names,
            min_properties,
            max_properties,
            dependent_required,
            dependent_schemas,
            prefix_items,
            items,
            contains,
            min_contains,
            max_contains,
            min_items,
            max_items,
            unique_items,
            all_of,
            any_of,
            one_of,
            not,
            if_,
            then_,
            else_,
        } = self;
        reference.is_some()
            && types.is_none()
            && enumeration.is_none()
            && constant.is_none()
            && min_length.is_none()
            && max_length.is_none()
            && pattern.is_none()
            && format.is_none()
            && minimum.is_empty()
            && maximum.is_empty()
            && multiple_of.is_none()
            && properties.is_empty()
            && required.is_empty()
            && additional_properties.is_none()
            && pattern_properties.is_empty()
            && property_names.is_none()
            && min_properties.is_none()
            && max_properties.is_none()
            && dependent_required.is_empty()
            && dependent_schemas.is_empty()
            && prefix_items.is_empty()
            && items.is_none()
            && contains.is_none()
            && min_contains.is_none()
            && max_contains.is_none()
            && min_items.is_none()
            && max_items.is_none()
            && !unique_items
            && all_of.is_empty()
            && any_of.is_empty()
            && one_of.is_empty()
            && not.is_none()
            && if_.is_none()
            && then_.is_none()
            && else_.is_none()
    }
}
