//! Schema locations built on the stack and rendered only when a violation is reported.

/// Where in the schema a check runs. Identical schemas share one check (generated
/// code, and the interpreter at a shared node), so the location comes from the
/// caller: the root, or the parent's location and this child's place under it.
/// Built on the stack like [`Path`](crate::path::Path), and rendered only when a
/// violation is reported, so every violation names its own schema location.
#[derive(Clone, Copy, Debug)]
pub enum Loc<'a> {
    /// An absolute location, `file#/pointer` (a type's own node, or a `$ref` target).
    Root(&'a str),
    /// The parent's location followed by a pointer suffix (`/items`).
    Child(&'a Loc<'a>, &'a str),
    /// The parent's location followed by `/properties/<name>` (the name escaped as a
    /// pointer token), for declared properties that share one check.
    Property(&'a Loc<'a>, &'a str),
}

impl<'a> Loc<'a> {
    /// This location followed by `suffix` (a child's place under it).
    #[inline]
    pub fn child(&'a self, suffix: &'a str) -> Loc<'a> {
        Loc::Child(self, suffix)
    }

    /// The declared property `name` under this location.
    #[inline]
    pub fn property(&'a self, name: &'a str) -> Loc<'a> {
        Loc::Property(self, name)
    }

    /// Append the rendered location to `out`.
    pub fn write(&self, out: &mut String) {
        match self {
            Loc::Root(s) => out.push_str(s),
            Loc::Child(parent, suffix) => {
                parent.write(out);
                out.push_str(suffix);
            }
            Loc::Property(parent, name) => {
                parent.write(out);
                out.push_str("/properties/");
                out.push_str(&crate::source::escape_token(name));
            }
        }
    }

    /// The location followed by `/<keyword>` (nothing for an empty keyword).
    pub fn at(&self, keyword: &str) -> String {
        let mut out = String::new();
        self.write(&mut out);
        if !keyword.is_empty() {
            out.push('/');
            out.push_str(keyword);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Loc;

    #[test]
    fn renders_children_and_escaped_properties() {
        let root = Loc::Root("kyc.json#/properties/a");
        let items = root.child("/items");
        let prop = items.property("x/y~z");
        assert_eq!(
            prop.at("maxLength"),
            "kyc.json#/properties/a/items/properties/x~1y~0z/maxLength"
        );
        assert_eq!(root.at(""), "kyc.json#/properties/a");
    }
}
