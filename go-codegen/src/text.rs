//! Generated code written as text: the impls that follow each type are plain Rust
//! written line by line, not token streams run through prettyplease (codegen time
//! follows the tokens prettyplease formats; see `Ctx::written`).
//!
//! The few expressions that are built as tokens (read plans, steps, limits) are
//! printed on one line by [`expr`], with the spacing rustfmt would give them, and
//! calls laid out by [`call`].

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// One expression's tokens as one line of Rust: `__rt::Whole::new(check_title)`,
/// `::core::option::Option::Some(1u64)`, `__rt::MapRules { min: None, … }`.
pub(crate) fn expr(tokens: &TokenStream) -> String {
    let mut out = String::new();
    let mut last = Last::Start;
    print(tokens.clone(), &mut out, &mut last);
    out
}

/// A call, `{indent}{head}(a, b){tail}`, on one line when it fits in 100 columns,
/// else with its arguments in groups, a group a line: the readers' calls put what
/// reads (`&mut a, &key, &mut seen`), the plan and its step, and where the value
/// goes (`s, p, l, place`) each on a line.
pub(crate) fn call(indent: &str, head: &str, groups: &[&[&str]], tail: &str) -> String {
    let all: Vec<&str> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    let line = format!("{indent}{head}({}){tail}", all.join(", "));
    if line.len() <= 100 {
        return line;
    }
    let mut out = format!("{indent}{head}(\n");
    for g in groups {
        out.push_str(indent);
        out.push_str("    ");
        out.push_str(&g.join(", "));
        out.push_str(",\n");
    }
    out.push_str(indent);
    out.push(')');
    out.push_str(tail);
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Last {
    /// Nothing yet, or just after an opening delimiter.
    Start,
    /// An identifier or a literal.
    Word,
    /// A punctuation that binds to what follows (`::`, `&`, `!`, `.`, `-`, `'`, `#`).
    Tight,
    /// A punctuation followed by a space (`,`, `;`, `=`, `=>`, `:` of a field).
    Spaced,
    /// A closing delimiter.
    Close,
}

fn print(tokens: TokenStream, out: &mut String, last: &mut Last) {
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Ident(i) => {
                if matches!(*last, Last::Word | Last::Spaced | Last::Close) {
                    out.push(' ');
                }
                out.push_str(&i.to_string());
                *last = Last::Word;
            }
            TokenTree::Literal(l) => {
                if matches!(*last, Last::Word | Last::Spaced | Last::Close) {
                    out.push(' ');
                }
                out.push_str(&l.to_string());
                *last = Last::Word;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                let joint = p.spacing() == Spacing::Joint;
                match c {
                    ',' | ';' => {
                        out.push(c);
                        *last = Last::Spaced;
                    }
                    ':' if joint => {
                        // The first of `::`: the second follows with no space.
                        if *last == Last::Spaced || *last == Last::Close {
                            out.push(' ');
                        }
                        out.push(':');
                        if let Some(TokenTree::Punct(q)) = iter.peek() {
                            if q.as_char() == ':' {
                                out.push(':');
                                iter.next();
                            }
                        }
                        *last = Last::Tight;
                    }
                    ':' => {
                        out.push(':');
                        *last = Last::Spaced;
                    }
                    '=' if joint => {
                        // `=>` (or `==`): spaced on both sides.
                        out.push(' ');
                        out.push('=');
                        if let Some(TokenTree::Punct(q)) = iter.next() {
                            out.push(q.as_char());
                        }
                        *last = Last::Spaced;
                    }
                    '=' => {
                        out.push_str(" =");
                        *last = Last::Spaced;
                    }
                    // Generic arguments of a type: `Vec<Line>`.
                    '<' | '>' => {
                        if *last == Last::Spaced {
                            out.push(' ');
                        }
                        out.push(c);
                        *last = Last::Tight;
                    }
                    _ => {
                        if matches!(*last, Last::Spaced)
                            || (*last == Last::Word && c != '!' && c != '.' && c != '?')
                        {
                            out.push(' ');
                        }
                        out.push(c);
                        *last = Last::Tight;
                    }
                }
            }
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                // A space before a block or struct body, and after `,` or `=`.
                let brace = g.delimiter() == Delimiter::Brace
                    && *last != Last::Start
                    && *last != Last::Tight;
                if brace || *last == Last::Spaced {
                    out.push(' ');
                }
                out.push_str(open);
                let mut inner = Last::Start;
                print(g.stream(), out, &mut inner);
                out.push_str(close);
                *last = Last::Close;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::expr;

    #[test]
    fn expressions_print_as_rustfmt_would_on_one_line() {
        let cases = [
            (quote!(__rt::Whole::new(check_title)), "__rt::Whole::new(check_title)"),
            (
                quote!(::core::option::Option::Some(1u64)),
                "::core::option::Option::Some(1u64)",
            ),
            (
                quote!(__rt::Items::new(__rt::Obj::new(), __rt::Step::Child("/items"), check_x)),
                "__rt::Items::new(__rt::Obj::new(), __rt::Step::Child(\"/items\"), check_x)",
            ),
            (
                quote!(__rt::MapRules { min: None, max: Some(2), required: &[], names: Some(f as __rt::CheckFn) }),
                "__rt::MapRules { min: None, max: Some(2), required: &[], names: Some(f as __rt::CheckFn) }",
            ),
            (
                quote!(__rt::Judged::new({ static CHECKS: &[(__rt::CheckFn, __rt::Step)] = &[(a, __rt::Step::Here)]; CHECKS })),
                "__rt::Judged::new({ static CHECKS: &[(__rt::CheckFn, __rt::Step)] = &[(a, __rt::Step::Here)]; CHECKS })",
            ),
            (quote!(-1i64), "-1i64"),
            (
                quote!(::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<Line>>),
                "::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<Line>>",
            ),
            (quote!(&'static str), "&'static str"),
            (quote!(::core::compile_error!("x")), "::core::compile_error!(\"x\")"),
        ];
        for (tokens, text) in cases {
            assert_eq!(expr(&tokens), text);
        }
    }
}
