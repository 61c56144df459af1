//! Instance paths built on the stack and rendered only when a violation is reported.

use std::fmt;

/// One step into a JSON document.
#[derive(Clone, Copy, Debug)]
pub enum Seg<'a> {
    /// An object member.
    Key(&'a str),
    /// An array element.
    Index(usize),
}

/// A path from the document root, as a linked list of stack frames: building one
/// costs nothing, and only a reported violation turns it into an RFC 6901 string.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Option<Seg<'a>>,
    depth: usize,
}

impl Path<'static> {
    /// The document root (`""`).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        seg: None,
        depth: 0,
    };
}

impl<'a> Path<'a> {
    /// The member `key` of this value.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Some(Seg::Key(key)),
            depth: self.depth + 1,
        }
    }

    /// Element `index` of this value.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Some(Seg::Index(index)),
            depth: self.depth + 1,
        }
    }

    /// The member name of the last step, when it is one.
    pub fn last_key(&self) -> Option<&'a str> {
        match self.seg {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// How many steps below the root (the root is 0).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The RFC 6901 pointer.
    pub fn to_pointer(&self) -> String {
        let mut segs = Vec::new();
        let mut p = Some(self);
        while let Some(cur) = p {
            if let Some(s) = cur.seg {
                segs.push(s);
            }
            p = cur.parent;
        }
        let mut out = String::new();
        for s in segs.iter().rev() {
            out.push('/');
            match s {
                Seg::Key(k) => out.push_str(&crate::source::escape_token(k)),
                Seg::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_pointer())
    }
}

/// The keywords along a pointer into a *schema* (a schema location's fragment), in
/// order: `/properties/then/anyOf/1/type` gives `["properties", "anyOf", "type"]`,
/// since `then` there is a property name and `1` a branch index. Tokens are read by
/// the structure of JSON Schema: after `properties`, `patternProperties`,
/// `definitions`, `$defs`, `dependentSchemas` or `dependencies` comes a name; after
/// `allOf`, `anyOf`, `oneOf`, `prefixItems` (and `items` in its array form) an index;
/// anything else is a subschema.
///
/// ```
/// use gbg_go_schema::path::schema_keywords;
/// assert_eq!(schema_keywords("/properties/then/anyOf/1/type"), ["properties", "anyOf", "type"]);
/// assert_eq!(schema_keywords("/if/properties/a/const"), ["if", "properties", "const"]);
/// assert!(schema_keywords("").is_empty());
/// ```
pub fn schema_keywords(pointer: &str) -> Vec<String> {
    let tokens = crate::pointer_tokens(pointer);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let keyword = &tokens[i];
        out.push(keyword.clone());
        i += 1;
        let skips_one = matches!(
            keyword.as_str(),
            "properties"
                | "patternProperties"
                | "definitions"
                | "$defs"
                | "dependentSchemas"
                | "dependencies"
                | "allOf"
                | "anyOf"
                | "oneOf"
                | "prefixItems"
        ) || (keyword == "items"
            && tokens.get(i).is_some_and(|t| t.parse::<usize>().is_ok()));
        if skips_one {
            i += 1;
        }
    }
    out
}
