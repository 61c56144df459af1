//! The impls that follow each generated type, written out as plain Rust text (see
//! `Ctx::written`): its facts ([`Generated`](../../gbg_go/__private/trait.Generated.html))
//! and entry points, constructors, accessors, builders, `FromJson` and the
//! redacting `Debug`. Each function writes one kind of impl; the runtime functions
//! they call are documented in `gbg_go::__private`.

use std::fmt::Write as _;

use proc_macro2::TokenStream;

use crate::emit_validate::Ctx;
use crate::text;

/// A string as a Rust literal (`"firstName"`), escaped as `str`'s `Debug` escapes
/// (quotes, backslashes, control and invisible characters).
pub(crate) fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// `///` lines from a description (each escaped as every doc line is); nothing when
/// there is none.
pub(crate) fn doc_lines(text: Option<&str>, indent: &str) -> String {
    let mut out = String::new();
    for line in text.into_iter().flat_map(crate::emit_types::doc_line_texts) {
        let _ = writeln!(out, "{indent}///{}", line.trim_end());
    }
    out
}

/// One member of a struct, as the written impls need it.
pub(crate) struct Member<'a> {
    pub ident: &'a str,
    /// Its Rust type, as text.
    pub ty: String,
    pub json: &'a str,
    pub required: bool,
    /// Its type holds a type of the user's own: built by serde.
    pub serde: bool,
    pub doc: Option<&'a str>,
}

impl Ctx<'_> {
    fn out(&self) -> std::cell::RefMut<'_, String> {
        self.written.borrow_mut()
    }

    /// A type's facts, once ([`Generated`]): its name, schema location, validator
    /// and read plan. Written first after the type.
    pub(crate) fn write_facts(
        &self,
        name: &str,
        validator: &str,
        plan: &TokenStream,
        location: &str,
    ) {
        let plan = text::expr(plan);
        let name_lit = lit(name);
        let location = lit(location);
        let _ = write!(
            self.out(),
            r#"impl __rt::Generated for {name} {{
    const NAME: &'static str = {name_lit};
    const LOCATION: &'static str = {location};
    const CHECK: __rt::CheckFn = {validator};
    #[inline]
    fn plan() -> impl __rt::Plan<Self> {{
        {plan}
    }}
}}
"#
        );
    }

    /// A type's entry points: `from_json_slice`, `from_json_str`, `validate`,
    /// `validate_json`, the validating `Deserialize` and `PiiDebug`, each a call into
    /// the runtime through the type's [`Generated`] facts. (`Validate` and
    /// `ObjectExpr` are the runtime's, for every `Generated` type.)
    pub(crate) fn write_entry_points(&self, name: &str) {
        let _ = write!(
            self.out(),
            r#"// The entry points are `#[inline]`: a crate compiles only those it calls.
impl {name} {{
    /// Read and validate one JSON document in one pass (as `serde_json::from_slice`
    /// does), keeping every violation structured, never a value.
    #[inline]
    pub fn from_json_slice(bytes: &[u8]) -> ::core::result::Result<Self, __rt::ValidationError> {{
        __rt::from_json_slice(bytes)
    }}
    /// [`from_json_slice`](Self::from_json_slice) for a string.
    #[inline]
    pub fn from_json_str(text: &str) -> ::core::result::Result<Self, __rt::ValidationError> {{
        __rt::from_json_slice(text.as_bytes())
    }}
    /// Check every rule of this type's schema against the value.
    #[inline]
    pub fn validate(&self) -> ::core::result::Result<(), __rt::ValidationError> {{
        __rt::check_value(self)
    }}
    /// Check a JSON value against this type's schema without building the type.
    #[inline]
    pub fn validate_json(value: &__rt::Value) -> ::core::result::Result<(), __rt::ValidationError> {{
        __rt::check_json::<Self>(value)
    }}
}}
impl<'de> __rt::serde::Deserialize<'de> for {name} {{
    fn deserialize<D: __rt::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {{
        __rt::read_root(d)
    }}
}}
impl __rt::PiiDebug for {name} {{
    fn fmt_pii(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{
        ::core::fmt::Debug::fmt(self, f)
    }}
}}
"#
        );
    }

    /// A newtype's constructor, accessors, conversions, `FromJson` and redacting
    /// `Debug`; `blank` when its value has a `Blank` (a struct holding it is filled
    /// in place).
    pub(crate) fn write_newtype(&self, name: &str, inner: &str, blank: bool) {
        let mut out = self.out();
        let string = inner == "::std::string::String";
        if string {
            let _ = write!(
                out,
                r#"impl {name} {{
    /// Build a value, checking every rule of its schema.
    ///
    /// # Errors
    /// Every violated rule (the value itself is never included).
    pub fn new(value: impl ::core::convert::Into<::std::string::String>) -> ::core::result::Result<Self, __rt::ValidationError> {{
        let this = Self(value.into());
        this.validate()?;
        ::core::result::Result::Ok(this)
    }}
    /// The checked string.
    pub fn as_str(&self) -> &str {{
        &self.0
    }}
"#
            );
        } else {
            let _ = write!(
                out,
                r#"impl {name} {{
    /// Build a value, checking every rule of its schema.
    ///
    /// # Errors
    /// Every violated rule (the value itself is never included).
    pub fn new(value: {inner}) -> ::core::result::Result<Self, __rt::ValidationError> {{
        let this = Self(value);
        this.validate()?;
        ::core::result::Result::Ok(this)
    }}
"#
            );
        }
        let name_lit = lit(name);
        let _ = write!(
            out,
            r#"    /// The checked value. (There is no `Display`, on purpose: values are personal
    /// data, and showing one should be a visible choice.)
    pub fn get(&self) -> &{inner} {{
        &self.0
    }}
    /// The checked value, by value.
    pub fn into_inner(self) -> {inner} {{
        self.0
    }}
    /// For the typed `prefill!` only: a value checked while compiling (or one that
    /// the expansion validates as a whole before handing it out).
    #[doc(hidden)]
    pub fn __checked(_: __rt::Checked, value: {inner}) -> Self {{
        Self(value)
    }}
}}
impl __rt::Wrap for {name} {{
    type Inner = {inner};
    fn wrap(_: __rt::Checked, value: {inner}) -> Self {{
        Self(value)
    }}
    fn inner(&self) -> &{inner} {{
        &self.0
    }}
}}
impl ::core::convert::From<{name}> for {inner} {{
    fn from(value: {name}) -> {inner} {{
        value.0
    }}
}}
impl ::core::convert::TryFrom<{inner}> for {name} {{
    type Error = __rt::ValidationError;
    fn try_from(value: {inner}) -> ::core::result::Result<Self, Self::Error> {{
        Self::new(value)
    }}
}}
impl __rt::FromJson for {name} {{
    fn from_json(v: __rt::Value) -> ::core::result::Result<Self, __rt::Mismatch> {{
        ::core::result::Result::Ok(Self(__rt::FromJson::from_json(v)?))
    }}
}}
impl ::core::fmt::Debug for {name} {{
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{
        f.debug_tuple({name_lit}).field(&__rt::Redact(&self.0)).finish()
    }}
}}
"#
        );
        if string {
            let _ = write!(
                out,
                r#"impl ::core::str::FromStr for {name} {{
    type Err = __rt::ValidationError;
    /// [`new`](Self::new) from a string slice.
    fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {{
        Self::new(s)
    }}
}}
impl ::core::convert::AsRef<str> for {name} {{
    fn as_ref(&self) -> &str {{
        &self.0
    }}
}}
"#
            );
        }
        if blank {
            let _ = write!(
                out,
                r#"impl __rt::Blank for {name} {{
    #[inline]
    fn blank() -> Self {{
        Self(__rt::Blank::blank())
    }}
}}
"#
            );
        }
    }

    /// A string enum's `ALL`, `as_str`, `FromStr`, `FromJson` and redacting `Debug`
    /// (and a `Blank`, its first value, for a struct filled in place).
    pub(crate) fn write_enum(&self, name: &str, variants: &[(String, String)]) {
        let mut out = self.out();
        let all: Vec<String> = variants.iter().map(|(v, _)| format!("Self::{v}")).collect();
        let _ = write!(
            out,
            "impl {name} {{\n    /// Every value, in the schema's order.\n    pub const ALL: &'static [Self] = &[{}];\n    /// The JSON string of this value.\n    pub fn as_str(&self) -> &'static str {{\n        match self {{\n",
            all.join(", ")
        );
        for (v, json) in variants {
            let _ = writeln!(out, "            Self::{v} => {},", lit(json));
        }
        let strings: Vec<String> = variants.iter().map(|(_, j)| lit(j)).collect();
        let _ = write!(
            out,
            "        }}\n    }}\n}}\nimpl ::core::str::FromStr for {name} {{\n    type Err = __rt::ValidationError;\n    /// The value whose JSON string is `s` (exactly, case included).\n    fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {{\n        match s {{\n"
        );
        for (v, json) in variants {
            let _ = writeln!(
                out,
                "            {} => ::core::result::Result::Ok(Self::{v}),",
                lit(json)
            );
        }
        let _ = write!(
            out,
            "            _ => ::core::result::Result::Err(__rt::not_one_of({}, &[{}])),\n        }}\n    }}\n}}\nimpl __rt::FromJson for {name} {{\n    fn from_json(v: __rt::Value) -> ::core::result::Result<Self, __rt::Mismatch> {{\n        match v.as_str() {{\n",
            lit(name),
            strings.join(", ")
        );
        for (v, json) in variants {
            let _ = writeln!(
                out,
                "            ::core::option::Option::Some({}) => ::core::result::Result::Ok(Self::{v}),",
                lit(json)
            );
        }
        let _ = write!(
            out,
            "            _ => ::core::result::Result::Err(__rt::Mismatch(\"one of the enum's strings\")),\n        }}\n    }}\n}}\nimpl ::core::fmt::Debug for {name} {{\n    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{\n        f.write_str(__rt::REDACTED)\n    }}\n}}\n"
        );
        if let Some((first, _)) = variants.first() {
            let _ = write!(
                out,
                "impl __rt::Blank for {name} {{\n    #[inline]\n    fn blank() -> Self {{\n        Self::{first}\n    }}\n}}\n"
            );
        }
    }

    /// A struct's `new` (required members as arguments, optional ones `None`,
    /// `extra` empty; a sealed struct's checks every rule) and `FromJson`.
    pub(crate) fn write_struct(
        &self,
        name: &str,
        sealed: bool,
        members: &[Member<'_>],
        extra: Option<&str>,
    ) {
        let mut out = self.out();
        let args: Vec<String> = members
            .iter()
            .filter(|m| m.required)
            .map(|m| format!("{}: {}", m.ident, m.ty))
            .collect();
        let mut fill = String::new();
        for m in members {
            if m.required {
                let _ = writeln!(fill, "            {},", m.ident);
            } else {
                let _ = writeln!(
                    fill,
                    "            {}: ::core::option::Option::None,",
                    m.ident
                );
            }
        }
        if let Some(x) = extra {
            let _ = writeln!(
                fill,
                "            {x}: ::std::collections::BTreeMap::new(),"
            );
        }
        let many = if args.len() > 7 {
            "    #[allow(clippy::too_many_arguments)]\n"
        } else {
            ""
        };
        let args = args.join(", ");
        if sealed {
            let _ = write!(
                out,
                r#"impl {name} {{
    /// A value with the required members set and every optional one absent,
    /// checked against every rule of the schema. When a rule requires an optional
    /// member (an `if`/`then`), set it with `Self::builder()`, which checks the
    /// rules once every member is in.
    ///
    /// # Errors
    /// Every violated rule (values are never included).
{many}    pub fn new({args}) -> ::core::result::Result<Self, __rt::ValidationError> {{
        let this = Self {{
{fill}        }};
        this.validate()?;
        ::core::result::Result::Ok(this)
    }}
}}
"#
            );
        } else {
            let _ = write!(
                out,
                r#"impl {name} {{
    /// A value with the required members set and every optional one absent.
{many}    pub fn new({args}) -> Self {{
        Self {{
{fill}        }}
    }}
}}
"#
            );
        }
        let _ = write!(
            out,
            "impl __rt::FromJson for {name} {{\n    #[inline]\n    fn from_json(v: __rt::Value) -> ::core::result::Result<Self, __rt::Mismatch> {{\n        let mut m = __rt::object(v)?;\n        ::core::result::Result::Ok(Self {{\n"
        );
        for m in members {
            // A member whose type holds a type of the user's own is built by serde.
            let get = match (m.required, m.serde) {
                (true, false) => "field",
                (true, true) => "serde_field",
                (false, false) => "opt_field",
                (false, true) => "serde_opt_field",
            };
            let _ = writeln!(
                out,
                "            {}: __rt::{get}(&mut m, {})?,",
                m.ident,
                lit(m.json)
            );
        }
        if let Some(x) = extra {
            let _ = writeln!(out, "            {x}: __rt::rest(m)?,");
        }
        out.push_str("        })\n    }\n}\n");
    }

    /// The builder of a struct: `Name::builder()`, one setter per member, and
    /// `build()`, which reports the missing required members (as the schema's
    /// `required` does) and then checks every rule. `setter` names a member's
    /// setter; `extra` is the undeclared members' field, setter and value type.
    pub(crate) fn write_builder(
        &self,
        name: &str,
        location: &str,
        members: &[Member<'_>],
        setter: &dyn Fn(&str) -> String,
        extra: Option<(&str, &str, &str)>,
    ) {
        let mut out = self.out();
        let builder = format!("{name}Builder");
        let _ = write!(
            out,
            "/// Builds a [`{name}`] member by member; [`build`](Self::build) checks every rule of its schema.\n#[derive(Clone, Default)]\n#[must_use]\npub struct {builder} {{\n"
        );
        for m in members {
            let _ = writeln!(out, "    {}: ::core::option::Option<{}>,", m.ident, m.ty);
        }
        if let Some((x, _, t)) = extra {
            let _ = writeln!(
                out,
                "    {x}: ::std::collections::BTreeMap<::std::string::String, {t}>,"
            );
        }
        let _ = write!(
            out,
            "}}\n// Which members are set, never their values.\nimpl ::core::fmt::Debug for {builder} {{\n    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{\n        let mut set = f.debug_list();\n"
        );
        for m in members {
            let _ = writeln!(
                out,
                "        if self.{}.is_some() {{\n            set.entry(&{});\n        }}",
                m.ident,
                lit(m.json)
            );
        }
        let _ = write!(out, "        set.finish()\n    }}\n}}\nimpl {builder} {{\n");
        for m in members {
            let what = if m.required { " (required)" } else { "" };
            let _ = write!(
                out,
                "    /// Set `{}`{what}.\n    pub fn {}(mut self, value: {}) -> Self {{\n        self.{} = ::core::option::Option::Some(value);\n        self\n    }}\n",
                gbg_go_schema::text::printable(m.json).replace('`', "'"),
                setter(m.ident),
                m.ty,
                m.ident
            );
        }
        if let Some((x, set, t)) = extra {
            let _ = write!(
                out,
                "    /// Add a member the schema does not declare.\n    pub fn {set}(mut self, key: impl ::core::convert::Into<::std::string::String>, value: {t}) -> Self {{\n        self.{x}.insert(key.into(), value);\n        self\n    }}\n"
            );
        }
        let required: Vec<String> = members
            .iter()
            .filter(|m| m.required)
            .map(|m| format!("(self.{}.is_some(), {})", m.ident, lit(m.json)))
            .collect();
        let _ = write!(
            out,
            r#"    /// The value, when every required member is set and every rule holds.
    ///
    /// # Errors
    /// Each missing required member (as the schema's `required` reports it), else
    /// every violated rule (values are never included).
    pub fn build(self) -> ::core::result::Result<{name}, __rt::ValidationError> {{
        let mut missing = ::std::vec::Vec::new();
        __rt::object_rules(
            &mut missing,
            &__rt::Path::ROOT,
            &__rt::Loc::Root({}),
            0,
            ::core::option::Option::None,
            ::core::option::Option::None,
            &[{}],
            &[],
        );
"#,
            lit(location),
            required.join(", ")
        );
        for m in members.iter().filter(|m| m.required) {
            let _ = write!(
                out,
                "        let ::core::option::Option::Some({0}) = self.{0} else {{\n            return ::core::result::Result::Err(__rt::ValidationError::new({1}, missing));\n        }};\n",
                m.ident,
                lit(name)
            );
        }
        let _ = writeln!(out, "        let this = {name} {{");
        for m in members {
            if m.required {
                let _ = writeln!(out, "            {},", m.ident);
            } else {
                let _ = writeln!(out, "            {0}: self.{0},", m.ident);
            }
        }
        if let Some((x, _, _)) = extra {
            let _ = writeln!(out, "            {x}: self.{x},");
        }
        let _ = write!(
            out,
            "        }};\n        this.validate()?;\n        ::core::result::Result::Ok(this)\n    }}\n}}\nimpl {name} {{\n    /// A [`{builder}`] with no member set.\n    pub fn builder() -> {builder} {{\n        ::core::default::Default::default()\n    }}\n}}\n"
        );
    }

    /// A sealed struct's getters and validating setters (and the constructor the
    /// typed `prefill!` uses). `extra` is the undeclared members' field, setter and
    /// value type.
    pub(crate) fn write_accessors(
        &self,
        name: &str,
        members: &[Member<'_>],
        extra: Option<(&str, &str, &str)>,
    ) {
        let mut out = self.out();
        let mut params = String::new();
        let mut fields = Vec::new();
        // Required members first, then optional ones: the order the typed
        // `prefill!` passes them in.
        for m in members
            .iter()
            .filter(|m| m.required)
            .chain(members.iter().filter(|m| !m.required))
        {
            if m.required {
                let _ = writeln!(params, "        {}: {},", m.ident, m.ty);
            } else {
                let _ = writeln!(
                    params,
                    "        {}: ::core::option::Option<{}>,",
                    m.ident, m.ty
                );
            }
            fields.push(m.ident);
        }
        if let Some((x, _, t)) = extra {
            let _ = writeln!(
                params,
                "        {x}: ::std::collections::BTreeMap<::std::string::String, {t}>,"
            );
            fields.push(x);
        }
        let many = if fields.len() > 6 {
            "    #[allow(clippy::too_many_arguments)]\n"
        } else {
            ""
        };
        let _ = write!(
            out,
            "impl {name} {{\n    /// For the typed `prefill!` only: members checked while compiling (or a value the\n    /// expansion validates as a whole before handing it out).\n    #[doc(hidden)]\n{many}    pub fn __checked(\n        _: __rt::Checked,\n{params}    ) -> Self {{\n        Self {{ {} }}\n    }}\n",
            fields.join(", ")
        );
        for m in members {
            let set = format!(
                "set_{}",
                m.ident.trim_start_matches("r#").trim_start_matches('_')
            );
            let doc = doc_lines(m.doc, "    ");
            let gap = if doc.is_empty() { "" } else { "    ///\n" };
            if m.required {
                let _ = write!(
                    out,
                    "{doc}{gap}    /// (The member's value.)\n    pub fn {0}(&self) -> &{1} {{\n        &self.{0}\n    }}\n    /// Set the member, keeping the value valid.\n    ///\n    /// # Errors\n    /// Every rule the change would break; the value is left unchanged.\n    pub fn {set}(&mut self, value: {1}) -> ::core::result::Result<(), __rt::ValidationError> {{\n        let old = ::core::mem::replace(&mut self.{0}, value);\n        self.validate().inspect_err(|_| self.{0} = old)\n    }}\n",
                    m.ident, m.ty
                );
            } else {
                let _ = write!(
                    out,
                    "{doc}{gap}    /// (The member's value, if present.)\n    pub fn {0}(&self) -> ::core::option::Option<&{1}> {{\n        self.{0}.as_ref()\n    }}\n    /// Set (or with `None`, remove) the member, keeping the value valid.\n    ///\n    /// # Errors\n    /// Every rule the change would break; the value is left unchanged.\n    pub fn {set}(&mut self, value: ::core::option::Option<{1}>) -> ::core::result::Result<(), __rt::ValidationError> {{\n        let old = ::core::mem::replace(&mut self.{0}, value);\n        self.validate().inspect_err(|_| self.{0} = old)\n    }}\n",
                    m.ident, m.ty
                );
            }
        }
        if let Some((x, set, t)) = extra {
            let _ = write!(
                out,
                "    /// Members the schema does not declare.\n    pub fn {x}(&self) -> &::std::collections::BTreeMap<::std::string::String, {t}> {{\n        &self.{x}\n    }}\n    /// Replace the undeclared members, keeping the value valid.\n    ///\n    /// # Errors\n    /// Every rule the change would break; the value is left unchanged.\n    pub fn {set}(&mut self, value: ::std::collections::BTreeMap<::std::string::String, {t}>) -> ::core::result::Result<(), __rt::ValidationError> {{\n        let old = ::core::mem::replace(&mut self.{x}, value);\n        self.validate().inspect_err(|_| self.{x} = old)\n    }}\n"
            );
        }
        out.push_str("}\n");
    }
}
