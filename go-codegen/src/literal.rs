//! The compile-time check behind `gbg_go::prefill!`: a `json!`-like literal, parsed
//! with a span for every key and value, validated against a schema by the same
//! interpreter as run-time validation, each violation mapped back to the token that
//! caused it.
//!
//! This is a plain library function (no proc-macro types beyond `proc_macro2`), so it
//! is unit-testable and the macro crate stays a shim.

use std::collections::BTreeMap;

use gbg_go_schema::ir::JsonType;
use gbg_go_schema::walk::Follow;
use gbg_go_schema::{Ir, NodeId, Validator, Violation, ViolationKind};
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use serde_json::{Map, Number, Value};

/// A parsed literal: JSON values with spans, and Rust expressions in value position.
#[derive(Clone, Debug)]
pub struct Lit {
    /// What the value is.
    pub kind: LitKind,
    /// The value's tokens (for an object or array, the whole group).
    pub span: Span,
}

/// The kinds of literal values.
#[derive(Clone, Debug)]
pub enum LitKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(Number),
    /// A string literal.
    String(String),
    /// `[ … ]`
    Array(Vec<Lit>),
    /// `{ "key": value, … }`.
    Object {
        /// The members, in source order.
        members: Vec<Member>,
        /// The opening brace (where a missing property is reported).
        open: Span,
    },
    /// A Rust expression, checked at run time.
    Expr(TokenStream),
}

/// One `"key": value` of an object.
#[derive(Clone, Debug)]
pub struct Member {
    /// The key.
    pub key: String,
    /// The key's token.
    pub key_span: Span,
    /// The value.
    pub value: Lit,
}

/// Parse `json!`-like tokens: objects with string-literal keys, arrays, strings,
/// numbers, `true`, `false`, `null`, and any other tokens up to the next comma as a
/// Rust expression.
///
/// # Errors
/// A spanned error for a malformed literal (a missing colon, a non-string key, …).
pub fn parse_literal(tokens: TokenStream) -> syn::Result<Lit> {
    let tts: Vec<TokenTree> = tokens.into_iter().collect();
    if tts.is_empty() {
        return Err(syn::Error::new(Span::call_site(), "expected a JSON value"));
    }
    value(&tts)
}

fn value(tts: &[TokenTree]) -> syn::Result<Lit> {
    let span = join(tts);
    if let [TokenTree::Group(g)] = tts {
        match g.delimiter() {
            Delimiter::Brace => return object(g),
            Delimiter::Bracket => {
                let items = split_commas(g.stream())?
                    .iter()
                    .map(|t| value(t))
                    .collect::<syn::Result<Vec<_>>>()?;
                return Ok(Lit {
                    kind: LitKind::Array(items),
                    span,
                });
            }
            _ => {}
        }
    }
    if let [TokenTree::Ident(i)] = tts {
        match i.to_string().as_str() {
            "null" => {
                return Ok(Lit {
                    kind: LitKind::Null,
                    span,
                })
            }
            "true" => {
                return Ok(Lit {
                    kind: LitKind::Bool(true),
                    span,
                })
            }
            "false" => {
                return Ok(Lit {
                    kind: LitKind::Bool(false),
                    span,
                })
            }
            _ => {}
        }
    }
    let (neg, rest) = match tts {
        [TokenTree::Punct(p), rest @ ..] if p.as_char() == '-' => (true, rest),
        _ => (false, tts),
    };
    if let [TokenTree::Literal(l)] = rest {
        match syn::Lit::new(l.clone()) {
            syn::Lit::Str(s) if !neg => {
                return Ok(Lit {
                    kind: LitKind::String(s.value()),
                    span,
                })
            }
            syn::Lit::Int(i) if i.suffix().is_empty() => {
                let text = format!("{}{}", if neg { "-" } else { "" }, i.base10_digits());
                if let Ok(n) = text.parse::<Number>() {
                    return Ok(Lit {
                        kind: LitKind::Number(n),
                        span,
                    });
                }
            }
            syn::Lit::Float(f) if f.suffix().is_empty() => {
                let text = format!("{}{}", if neg { "-" } else { "" }, f.base10_digits());
                if let Ok(n) = text.parse::<Number>() {
                    return Ok(Lit {
                        kind: LitKind::Number(n),
                        span,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(Lit {
        kind: LitKind::Expr(tts.iter().cloned().collect()),
        span,
    })
}

fn object(g: &proc_macro2::Group) -> syn::Result<Lit> {
    let mut members = Vec::new();
    for part in split_commas(g.stream())? {
        let (key, key_span) = match part.first() {
            Some(TokenTree::Literal(l)) => match syn::Lit::new(l.clone()) {
                syn::Lit::Str(s) => (s.value(), l.span()),
                _ => {
                    return Err(syn::Error::new(
                        l.span(),
                        "object keys must be string literals, as in JSON",
                    ))
                }
            },
            Some(other) => {
                return Err(syn::Error::new(
                    other.span(),
                    "object keys must be string literals, as in JSON",
                ))
            }
            None => continue,
        };
        match part.get(1) {
            Some(TokenTree::Punct(p)) if p.as_char() == ':' => {}
            _ => {
                return Err(syn::Error::new(
                    key_span,
                    format!("expected `:` after the key `{key}`"),
                ))
            }
        }
        if part.len() < 3 {
            return Err(syn::Error::new(
                key_span,
                format!("expected a value after `{key}:`"),
            ));
        }
        if members.iter().any(|m: &Member| m.key == key) {
            // The same rule as every other gbg-go surface (`gbg_go_schema::strict`).
            return Err(syn::Error::new(
                key_span,
                gbg_go_schema::messages::duplicate_key(&key),
            ));
        }
        let value = value(&part[2..])?;
        members.push(Member {
            key,
            key_span,
            value,
        });
    }
    Ok(Lit {
        kind: LitKind::Object {
            members,
            open: g.span_open(),
        },
        span: g.span(),
    })
}

/// Split a stream at top-level commas (a trailing comma is allowed).
fn split_commas(ts: TokenStream) -> syn::Result<Vec<Vec<TokenTree>>> {
    let mut parts = vec![Vec::new()];
    for tt in ts {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                if parts.last().is_some_and(Vec::is_empty) {
                    return Err(syn::Error::new(p.span(), "unexpected `,`"));
                }
                parts.push(Vec::new());
            }
            _ => parts.last_mut().expect("never empty").push(tt),
        }
    }
    if parts.last().is_some_and(Vec::is_empty) {
        parts.pop();
    }
    Ok(parts)
}

fn join(tts: &[TokenTree]) -> Span {
    let first = tts.first().map_or_else(Span::call_site, TokenTree::span);
    let last = tts.last().map_or(first, TokenTree::span);
    first.join(last).unwrap_or(first)
}

/// Where each pointer of the literal came from.
#[derive(Default)]
struct Spans {
    value: BTreeMap<String, Span>,
    key: BTreeMap<String, Span>,
    open: BTreeMap<String, Span>,
    exprs: Vec<String>,
}

/// The literal as JSON (expressions become `null` placeholders) plus its spans.
fn to_json(lit: &Lit, pointer: String, spans: &mut Spans) -> Value {
    spans.value.insert(pointer.clone(), lit.span);
    match &lit.kind {
        LitKind::Null => Value::Null,
        LitKind::Bool(b) => Value::Bool(*b),
        LitKind::Number(n) => Value::Number(n.clone()),
        LitKind::String(s) => Value::String(s.clone()),
        LitKind::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_json(v, format!("{pointer}/{i}"), spans))
                .collect(),
        ),
        LitKind::Object { members, open } => {
            spans.open.insert(pointer.clone(), *open);
            let mut m = Map::new();
            for member in members {
                let child = format!(
                    "{pointer}/{}",
                    gbg_go_schema::source::escape_token(&member.key)
                );
                spans.key.insert(child.clone(), member.key_span);
                m.insert(member.key.clone(), to_json(&member.value, child, spans));
            }
            Value::Object(m)
        }
        LitKind::Expr(_) => {
            spans.exprs.push(pointer);
            Value::Null
        }
    }
}

/// The literal as JSON, Rust expressions as `null`.
pub fn to_json_value(lit: &Lit) -> Value {
    to_json(lit, String::new(), &mut Spans::default())
}

/// A compile-time diagnostic: a message under a span.
#[derive(Debug)]
pub struct LitError {
    /// Where the error is shown.
    pub span: Span,
    /// What rule failed, with the JSON pointer and the schema location.
    pub message: String,
    /// The violations this error reports, structured (the missing members of one
    /// object are one error).
    pub violations: Vec<Violation>,
}

/// Check a literal against a schema. Returns every error (not only the first), each
/// placed under the offending token: a missing property at the object's `{`, an
/// unknown one at its key, anything else at the value.
pub fn check_literal(validator: &Validator, lit: &Lit) -> Vec<LitError> {
    let mut spans = Spans::default();
    let value = to_json(lit, String::new(), &mut spans);
    let violations: Vec<Violation> = validator
        .validate(&value)
        .into_iter()
        .filter(|v| certain(validator.ir(), v, &spans.exprs))
        .collect();
    let mut errors = Vec::new();
    // Missing properties are grouped per object, at its opening brace.
    let mut missing: BTreeMap<String, Vec<&Violation>> = BTreeMap::new();
    // (pointer, at the key) → index in `errors`.
    let mut placed: Vec<((String, bool), usize)> = Vec::new();
    for v in &violations {
        if let ViolationKind::Required { .. } = &v.kind {
            missing.entry(v.pointer.clone()).or_default().push(v);
            continue;
        }
        let span = match v.keyword {
            "additionalProperties" | "propertyNames" => spans
                .key
                .get(&v.pointer)
                .or_else(|| spans.value.get(&v.pointer)),
            _ => spans.value.get(&v.pointer),
        }
        .copied()
        .unwrap_or_else(Span::call_site);
        let mut message = format!(
            "{} [{} at `{}`; {}]",
            v.message,
            v.keyword,
            display_pointer(&v.pointer),
            v.schema_location
        );
        if v.keyword == "additionalProperties" {
            if let Some(s) = suggestion(validator.ir(), &value, &v.pointer) {
                message.push_str(&format!("\n  help: did you mean `{s}`?"));
            }
        }
        if matches!(v.keyword, "anyOf" | "oneOf") {
            if let Some(hint) = closest_branch(validator, &value, v) {
                message.push_str(&format!("\n  note: {hint}"));
            }
        }
        // One error per place and token, listing every rule it breaks (a bad date
        // breaks both `pattern` and `format`: one error, two lines).
        let key = (
            v.pointer.clone(),
            matches!(v.keyword, "additionalProperties" | "propertyNames"),
        );
        match placed.iter().position(|(k, _)| *k == key) {
            Some(i) => {
                let e: &mut LitError = &mut errors[placed[i].1];
                e.message.push_str(&format!("\n  and: {message}"));
                e.violations.push(v.clone());
            }
            None => {
                placed.push((key, errors.len()));
                errors.push(LitError {
                    span,
                    message,
                    violations: vec![v.clone()],
                });
            }
        }
    }
    for (pointer, group) in missing {
        let names: Vec<&str> = group
            .iter()
            .filter_map(|v| match &v.kind {
                ViolationKind::Required { property } => Some(property.as_str()),
                _ => None,
            })
            .collect();
        let span = spans
            .open
            .get(&pointer)
            .or_else(|| spans.value.get(&pointer))
            .copied()
            .unwrap_or_else(Span::call_site);
        let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        let noun = if names.len() == 1 {
            "property"
        } else {
            "properties"
        };
        // Each `required` keeps its own schema location (one inside an `else`
        // branch says so).
        let mut locations: Vec<&str> = Vec::new();
        for v in &group {
            if !locations.contains(&v.schema_location.as_str()) {
                locations.push(&v.schema_location);
            }
        }
        errors.push(LitError {
            span,
            message: format!(
                "missing required {noun} {} [required at `{}`; {}]",
                list.join(", "),
                display_pointer(&pointer),
                locations.join(", ")
            ),
            violations: group.into_iter().cloned().collect(),
        });
    }
    errors
}

fn display_pointer(p: &str) -> &str {
    if p.is_empty() {
        "(root)"
    } else {
        p
    }
}

/// Whether a violation holds whatever values the literal's Rust expressions take.
/// Violations inside an expression are for run time; at an ancestor, only rules about
/// which members exist (not their values) are certain, and not those that a
/// condition or alternative over the expression's value may have chosen.
fn certain(ir: &Ir, v: &Violation, exprs: &[String]) -> bool {
    let under = |e: &String| v.pointer == *e || v.pointer.starts_with(&format!("{e}/"));
    let above = |e: &String| {
        e.starts_with(&format!("{}/", v.pointer)) || v.pointer.is_empty() && !e.is_empty()
    };
    if exprs.iter().any(under) {
        return false;
    }
    if exprs.iter().any(above) {
        let structural = matches!(
            v.keyword,
            "required"
                | "additionalProperties"
                | "propertyNames"
                | "minProperties"
                | "maxProperties"
                | "dependentRequired"
                | "minItems"
                | "maxItems"
                | "type"
        );
        // Under a branch whose choice may depend on the expression's value. Read by
        // the schema's structure, so a property named `then` is not a branch.
        let fragment = v.schema_location.rsplit_once('#').map_or("", |(_, f)| f);
        let keywords = gbg_go_schema::path::schema_keywords(fragment);
        let conditionals = keywords
            .iter()
            .filter(|k| matches!(k.as_str(), "then" | "else" | "anyOf" | "oneOf" | "not"))
            .count();
        if conditionals == 0 {
            return structural;
        }
        // A `required` in the `then`/`else` of an `if` whose condition reads only
        // members that are literals here was chosen by the literal alone: certain
        // (a US address without the state its `then` requires, next to an
        // expression elsewhere in the object).
        return structural
            && conditionals == 1
            && v.keyword == "required"
            && branch_chosen_by_literals(ir, v, &keywords, exprs);
    }
    true
}

/// Whether the `then`/`else` that `v` (a `required` directly in it) comes from was
/// chosen by members that are literals: its `if` reads only named members
/// (`properties`, `required`, `type`), and no Rust expression stands at or under any
/// of them in the object `v` is about.
fn branch_chosen_by_literals(
    ir: &Ir,
    v: &Violation,
    keywords: &[String],
    exprs: &[String],
) -> bool {
    let [.., branch, last] = keywords else {
        return false;
    };
    if !matches!(branch.as_str(), "then" | "else") || last != "required" {
        return false;
    }
    let suffix = format!("/{branch}/required");
    let Some(owner) = v.schema_location.strip_suffix(&suffix) else {
        return false;
    };
    let if_location = format!("{owner}/if");
    let Some(if_node) = (0..ir.nodes.len())
        .map(|i| NodeId(i as u32))
        .find(|n| ir.schema_location(*n) == if_location)
    else {
        return false;
    };
    let Some(k) = ir.keywords(if_node) else {
        return false;
    };
    // Only named members: anything that reads the object as a whole (counts,
    // `enum`, composites, patterns) may depend on an expression.
    let reads_only_members = k.children().len() == k.properties.len()
        && k.enumeration.is_none()
        && k.constant.is_none()
        && k.min_properties.is_none()
        && k.max_properties.is_none();
    if !reads_only_members {
        return false;
    }
    let names = k
        .properties
        .iter()
        .map(|(n, _)| n.as_str())
        .chain(k.required.iter().map(String::as_str));
    for name in names {
        let at = format!(
            "{}/{}",
            v.pointer,
            gbg_go_schema::source::escape_token(name)
        );
        if exprs
            .iter()
            .any(|e| *e == at || e.starts_with(&format!("{at}/")))
        {
            return false;
        }
    }
    true
}

/// The declared property closest to an unknown key, for "did you mean".
fn suggestion(ir: &Ir, value: &Value, pointer: &str) -> Option<String> {
    let key = pointer
        .rsplit('/')
        .next()
        .map(gbg_go_schema::source::unescape_token)?;
    let parent = &pointer[..pointer.len() - pointer.rsplit('/').next()?.len() - 1];
    let _ = value.pointer(parent)?;
    closest_declared(ir, parent, &key)
}

/// The property declared at `parent` (a payload pointer) closest to `key`, within a
/// small edit distance: the "did you mean" of the literal and of the derive's `at`.
pub(crate) fn closest_declared(ir: &Ir, parent: &str, key: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for name in declared_at(ir, parent) {
        let d = distance(&key.to_lowercase(), &name.to_lowercase());
        let limit = (name.chars().count() / 3).max(2);
        if d <= limit && best.as_ref().is_none_or(|(bd, _)| d < *bd) {
            best = Some((d, name));
        }
    }
    best.map(|(_, n)| n)
}

/// Property names the schema may declare for the object at `pointer` (the walker,
/// following composites too: any branch's names are suggestions).
fn declared_at(ir: &Ir, pointer: &str) -> Vec<String> {
    ir.declared_properties(&ir.nodes_at(pointer, Follow::Composites))
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// Levenshtein distance, for "did you mean".
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// For a failed `anyOf`/`oneOf`: the alternative with the fewest violations. The
/// failing node is found among the nodes the walker gives for the violation's
/// pointer (the one whose keyword's location the violation names).
fn closest_branch(validator: &Validator, value: &Value, v: &Violation) -> Option<String> {
    let ir = validator.ir();
    let node = ir
        .nodes_at(&v.pointer, Follow::Composites)
        .into_iter()
        .find(|n| {
            let at = ir.schema_location(*n);
            v.schema_location.len() == at.len() + 1 + v.keyword.len()
                && v.schema_location.starts_with(&at)
                && v.schema_location.ends_with(v.keyword)
        })?;
    let k = ir.keywords(node)?;
    let branches = if v.keyword == "anyOf" {
        &k.any_of
    } else {
        &k.one_of
    };
    let instance = value.pointer(&v.pointer)?;
    let scored: Vec<(usize, Vec<Violation>)> = branches
        .iter()
        .map(|b| validator.validate_at(*b, instance))
        .enumerate()
        .collect();
    let (i, errs) = scored
        .iter()
        .filter(|(_, e)| !e.is_empty())
        .min_by_key(|(_, e)| e.len())?;
    let first = errs
        .first()
        .map(|e| format!(": {} at `{}`", e.message, display_pointer(&e.pointer)))
        .unwrap_or_default();
    Some(format!(
        "closest is alternative {i} with {} violation{}{first}",
        errs.len(),
        if errs.len() == 1 { "" } else { "s" }
    ))
}

/// What JSON type the schema expects at a pointer, when it names exactly one
/// (the walker, following `$ref` and `allOf`); used to type-check expressions.
pub fn expected_type(ir: &Ir, pointer: &str) -> Option<JsonType> {
    single_type(ir, ir.nodes_at(pointer, Follow::Declared))
}

/// Of the walker's nodes that always apply at a place, the first that names types:
/// its one type besides `null`, if it names one.
fn single_type(ir: &Ir, nodes: Vec<NodeId>) -> Option<JsonType> {
    let types = nodes
        .into_iter()
        .find_map(|n| ir.keywords(n).and_then(|k| k.types.clone()))?;
    let t: Vec<JsonType> = types.into_iter().filter(|t| *t != JsonType::Null).collect();
    match t.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// `tokens` with every span set to `span` (a path built at the call site would
/// otherwise stretch a call's span over the whole macro invocation).
fn respan(tokens: &TokenStream, span: Span) -> TokenStream {
    tokens
        .clone()
        .into_iter()
        .map(|mut t| {
            t.set_span(span);
            t
        })
        .collect()
}

/// The one JSON type (besides `null`) the schema expects at a place (`…/*` for any
/// item), if it names one.
fn item_type(ir: &Ir, place: &str) -> Option<JsonType> {
    single_type(ir, ir.nodes_at_place(place, Follow::Declared))
}

/// The conversion a Rust expression goes through at a place whose schema expects
/// `expected`: a scalar by its type (`Into<String>`, `Into<i64>`, …); an array as an
/// iterable whose items meet the item place's conversion, recursively; anything else
/// by `serde::Serialize`. The compiler checks the expression's type against it, so
/// `"lastNames": surname` (a `String` where an array is expected) does not compile.
fn conversion(
    ir: &Ir,
    expected: Option<JsonType>,
    pointer: &str,
    rt: &TokenStream,
    depth: usize,
    span: Span,
) -> TokenStream {
    // Spanned at the expression, so a type error lands on it.
    match expected {
        Some(JsonType::String) => quote_spanned!(span=> #rt::expr_string),
        Some(JsonType::Integer) => quote_spanned!(span=> #rt::expr_integer),
        Some(JsonType::Number) => quote_spanned!(span=> #rt::expr_number),
        Some(JsonType::Boolean) => quote_spanned!(span=> #rt::expr_bool),
        // Nested arrays are as deep as the schema says; a `$ref` cycle through
        // arrays alone stops at a depth no literal reaches.
        Some(JsonType::Array) if depth < 16 => {
            let place = format!("{pointer}/*");
            let each = conversion(ir, item_type(ir, &place), &place, rt, depth + 1, span);
            // A function item, not a closure, so the `IntoIterator` bound is checked
            // at the call on the expression (the error lands on it).
            quote_spanned!(span=> #rt::expr_array_with(#each))
        }
        _ => quote_spanned!(span=> #rt::expr_json),
    }
}

/// The expression that builds the literal's `serde_json::Value` directly (maps and
/// arrays through `__private::lit_object`/`lit_array`, no `json!`), with every Rust
/// expression wrapped in a conversion that the compiler type-checks against the
/// schema's type at that place (the error lands on the expression). No macro is
/// expanded per level, so a literal of any size, nested up to the 128-level limit,
/// compiles (`json!` recursed once per token and hit the recursion limit on a
/// realistic 370-line literal).
pub fn runtime_tokens(ir: &Ir, lit: &Lit, rt: &TokenStream) -> TokenStream {
    emit(ir, lit, String::new(), rt)
}

fn emit(ir: &Ir, lit: &Lit, pointer: String, rt: &TokenStream) -> TokenStream {
    match &lit.kind {
        LitKind::Null => quote!(#rt::Value::Null),
        LitKind::Bool(b) => quote!(#rt::Value::Bool(#b)),
        LitKind::Number(n) => {
            let lit = if let Some(i) = n.as_u64() {
                proc_macro2::Literal::u64_suffixed(i)
            } else if let Some(i) = n.as_i64() {
                proc_macro2::Literal::i64_suffixed(i)
            } else {
                proc_macro2::Literal::f64_suffixed(n.as_f64().unwrap_or_default())
            };
            quote!(#rt::Value::from(#lit))
        }
        LitKind::String(s) => quote!(#rt::Value::String(::std::string::String::from(#s))),
        LitKind::Array(items) => {
            let items = items
                .iter()
                .enumerate()
                .map(|(i, v)| emit(ir, v, format!("{pointer}/{i}"), rt));
            quote!(#rt::lit_array([#(#items),*]))
        }
        LitKind::Object { members, .. } => {
            let members = members.iter().map(|m| {
                let key = &m.key;
                let child = format!("{pointer}/{}", gbg_go_schema::source::escape_token(key));
                let v = emit(ir, &m.value, child, rt);
                quote!((#key, #v))
            });
            quote!(#rt::lit_object([#(#members),*]))
        }
        LitKind::Expr(e) => {
            let expected = expected_type(ir, &pointer);
            if expected == Some(JsonType::Object) {
                // A derive of this place (checked while compiling, after the
                // expression's type is known), a generated type, or `Unvalidated`.
                let rt = respan(rt, lit.span);
                let message = format!(
                    "this value's type maps onto another place than `{}` (its `#[prefill(at = …)]`): derive it with that `at`, or wrap JSON in `gbg_go::Unvalidated(…)` to check it at run time only",
                    if pointer.is_empty() { "(root)" } else { pointer.as_str() }
                );
                return quote_spanned!(lit.span=> ({
                    fn __gbg_go_object<T: #rt::ObjectExpr>(value: &T) -> #rt::Value {
                        const {
                            ::core::assert!(
                                match <T as #rt::ObjectExpr>::AT {
                                    ::core::option::Option::Some(at) => #rt::place_matches(at, #pointer),
                                    ::core::option::Option::None => true,
                                },
                                #message
                            )
                        };
                        #rt::ObjectExpr::object_json(value)
                    }
                    __gbg_go_object(&(#e))
                }));
            }
            if expected == Some(JsonType::Array) {
                // The expression is the argument that `IntoIterator` bounds, so a
                // type error lands on it.
                let place = format!("{pointer}/*");
                let each = conversion(ir, item_type(ir, &place), &place, rt, 1, lit.span);
                let rt = respan(rt, lit.span);
                return quote_spanned!(lit.span=> (#rt::expr_array(#e, #each)));
            }
            let conv = conversion(ir, expected, &pointer, rt, 0, lit.span);
            quote_spanned!(lit.span=> (#conv(#e)))
        }
    }
}

/// Whether the literal holds any Rust expression.
pub fn first_expr(lit: &Lit) -> Option<Span> {
    match &lit.kind {
        LitKind::Expr(_) => Some(lit.span),
        LitKind::Array(items) => items.iter().find_map(first_expr),
        LitKind::Object { members, .. } => members.iter().find_map(|m| first_expr(&m.value)),
        _ => None,
    }
}

/// Which literal macro is expanding: `prefill!`, whose value is proven while
/// compiling and which therefore takes only literals, or `try_prefill!`, which
/// takes Rust expressions too, checks their values at run time and always returns
/// a `Result`. Each macro has one return type, whatever its literal holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `prefill!`: the value itself.
    Checked,
    /// `try_prefill!`: `Result<value, ValidationError>`.
    Try,
}

impl Mode {
    /// The error for an expression (or a type of the user's own) in `prefill!`.
    pub fn needs_try(span: Span, what: &str, try_macro: &str) -> syn::Error {
        syn::Error::new(
            span,
            format!(
                "`prefill!` builds a value proven while compiling, and {what} can only be checked at run time: use `{try_macro}`, which takes the same literal and returns `Result<_, gbg_go::ValidationError>`"
            ),
        )
    }
}

/// Whether the literal holds any Rust expression.
pub fn has_exprs(lit: &Lit) -> bool {
    match &lit.kind {
        LitKind::Expr(_) => true,
        LitKind::Array(items) => items.iter().any(has_exprs),
        LitKind::Object { members, .. } => members.iter().any(|m| has_exprs(&m.value)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validator(schema: &str) -> Validator {
        Validator::new(
            gbg_go_schema::load_bytes(std::path::Path::new("t.json"), "t.json", schema.as_bytes())
                .unwrap(),
        )
    }

    fn errors(schema: &str, lit: &str) -> Vec<String> {
        let lit = parse_literal(lit.parse().unwrap()).unwrap();
        check_literal(&validator(schema), &lit)
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    const SCHEMA: &str = r#"{"type": "object", "properties": {
        "firstName": {"type": "string", "minLength": 1},
        "lastNames": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"}},
        "required": ["firstName", "lastNames"], "additionalProperties": false}"#;

    #[test]
    fn every_error_at_once_with_suggestions() {
        let e = errors(
            SCHEMA,
            r#"{"firstname": "Ada", "country": "United Kingdom"}"#,
        );
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(
            e.iter()
                .any(|m| m.starts_with("property `firstname` is not allowed")
                    && m.contains("did you mean `firstName`?")),
            "{e:?}"
        );
        assert!(
            e.iter().any(|m| m.contains("must match the pattern")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|m| m.starts_with("missing required properties `firstName`, `lastNames`")),
            "{e:?}"
        );
    }

    #[test]
    fn expressions_defer_value_rules_to_run_time() {
        assert!(errors(
            SCHEMA,
            r#"{"firstName": customer.first, "lastNames": [last]}"#
        )
        .is_empty());
        let e = errors(SCHEMA, r#"{"firstName": name}"#);
        assert_eq!(e.len(), 1, "structure is still checked: {e:?}");
    }

    #[test]
    fn parse_errors_are_spanned() {
        assert!(parse_literal(r#"{firstName: "x"}"#.parse().unwrap()).is_err());
        // A property named `then` is no `then` branch: a missing sibling of an
        // expression under it is still certain.
        let then_schema = r#"{"type": "object", "properties": {"then": {"type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["a", "b"]}}}"#;
        let e = errors(then_schema, r#"{"then": {"a": name}}"#);
        assert!(e.iter().any(|m| m.contains("`b`")), "{e:?}");
        let dup = parse_literal(r#"{"a": 1, "a": 2}"#.parse().unwrap()).unwrap_err();
        assert!(dup.to_string().contains("duplicate key `a`"), "{dup}");
        assert!(parse_literal(r#"{"a" "x"}"#.parse().unwrap()).is_err());
        let lit =
            parse_literal(r#"{"n": -1.5, "i": 3, "b": [true, null]}"#.parse().unwrap()).unwrap();
        let mut spans = Spans::default();
        assert_eq!(
            to_json(&lit, String::new(), &mut spans),
            serde_json::json!({"n": -1.5, "i": 3, "b": [true, null]})
        );
    }

    #[test]
    fn closest_alternative_is_named() {
        let schema = r#"{"anyOf": [{"type": "object", "required": ["a", "b"]}, {"type": "object", "required": ["c"]}]}"#;
        let e = errors(schema, r#"{"a": 1}"#);
        assert!(
            e[0].contains("closest is alternative 0 with 1 violation"),
            "{e:?}"
        );
    }
}
