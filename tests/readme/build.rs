//! Extracts every ```rust block of the workspace's README.md and writes each, as
//! written, into `$OUT_DIR/snippets.rs`, wrapped in what the README leaves implicit
//! (a function around statements, the values a fragment names); `src/lib.rs`
//! includes it, so a snippet that no longer compiles fails this crate's build.
//!
//! Each block is matched to its wrapper by its first line (`WRAPPERS`). A block with
//! no wrapper, or a wrapper whose block is gone, fails the build with a message that
//! says which, so the README cannot grow an unchecked snippet. The README's
//! dependency list (its first ```toml block) must name exactly this crate's
//! dependencies: the snippets compile with what users are told to add, no more.
//!
//! It also generates the two modules the snippets use, as a user's build script
//! would: `kyc` (schemas/kyc.json) and `verification_documents` (the v2-capture
//! example's pulled schema). Reads only files of this repository.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How a README block is made into compiled Rust.
enum Wrap {
    /// Items, placed in a module as they are.
    Items,
    /// Statements: the body of `fn run(<params>) -> Result<(), Box<dyn Error>>`
    /// (`async` when `asynchronous`), after `prelude`.
    Body {
        asynchronous: bool,
        params: &'static str,
        prelude: &'static str,
    },
    /// An expression: the body of `fn run() -> <ret>`.
    Expr { ret: &'static str },
    /// Statements that use a dev-dependency (the sandbox): the body of
    /// `async fn run() -> Result<(), Box<dyn Error>>` in `dev_snippets.rs`, which a
    /// test includes (a library cannot reach dev-dependencies), named `dev_snippet_N`.
    DevBody,
    /// Not compiled, for the reason given (checked elsewhere).
    Skip { reason: &'static str },
}

/// Every README block, by the start of its first line.
const WRAPPERS: &[(&str, Wrap)] = &[
    ("// The console of an in-process sandbox", Wrap::DevBody),
    ("// build.rs: every", Wrap::Items),
    (
        "// src/main.rs",
        Wrap::Body {
            asynchronous: false,
            params: "text: &str",
            prelude: "",
        },
    ),
    (
        "gbg_go_codegen::Builder::new()",
        Wrap::Expr {
            ret: "Result<(), gbg_go_codegen::BuildError>",
        },
    ),
    (
        "match kyc::Root::from_json_str(text)",
        Wrap::Body {
            asynchronous: false,
            params: "text: &str",
            prelude: "use crate::kyc; fn submit(_: kyc::Root) {}",
        },
    ),
    (
        "let payload: gbg_go::Payload = gbg_go::prefill!(",
        Wrap::Skip {
            reason: "it fails to compile on purpose; tests/ui/prefill/every-error-at-once.rs \
                     holds the same mistakes",
        },
    ),
    (
        "let root: my_tasks::kyc::Root = gbg_go::prefill!(",
        Wrap::Body {
            asynchronous: false,
            params: "",
            prelude: "mod my_tasks { pub use crate::kyc; }",
        },
    ),
    (
        "use gbg_go::Prefill; // the trait",
        Wrap::Body {
            asynchronous: false,
            params: "",
            prelude: "let customer = Customer { first_name: \"Ada\".into(), \
                      last_names: vec![\"Lovelace\".into()], date_of_birth: \"1815-12-10\".into() };",
        },
    ),
    (
        "use gbg_go::client::{Client, Decision, Region, ResourceId};",
        Wrap::Body {
            asynchronous: true,
            params: "client_id: String, secret: String, prefill: gbg_go::Payload, \
                     data: gbg_go::Payload",
            prelude: "",
        },
    ),
    (
        "let part = SubjectPart::new()",
        Wrap::Body {
            asynchronous: true,
            params: "client: gbg_go::Client, interaction: gbg_go::client::Interaction, \
                     front: crate::verification_documents::Document",
            prelude: "use gbg_go::SubjectPart; use crate::verification_documents::Documents;",
        },
    ),
];

/// The fenced blocks of a Markdown text: (info string, body, line of the fence).
fn blocks(text: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    open = Some((info.trim().to_owned(), String::new(), n + 1));
                }
            }
            Some((_, body, _)) => {
                if trimmed.starts_with("```") {
                    out.extend(open.take());
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    out
}

/// The dependency names of a Cargo manifest's dependency tables (any section).
fn dependency_names(toml: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_deps = false;
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]");
            continue;
        }
        if in_deps && !line.is_empty() && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim().trim_end_matches(".workspace").to_owned();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names.sort();
    names
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let root = manifest.join("../..");
    let readme_path = root.join("README.md");
    println!("cargo:rerun-if-changed={}", readme_path.display());
    println!("cargo:rerun-if-changed=Cargo.toml");
    let readme = std::fs::read_to_string(&readme_path).expect("read README.md");
    let all = blocks(&readme);

    // The README's dependency list against this crate's.
    let listed = all
        .iter()
        .find(|(info, body, _)| info == "toml" && body.contains("[dependencies]"))
        .map(|(_, body, _)| dependency_names(body))
        .expect("README.md has a ```toml block with [dependencies]");
    let own = dependency_names(
        &std::fs::read_to_string(manifest.join("Cargo.toml")).expect("read Cargo.toml"),
    );
    assert_eq!(
        listed, own,
        "README.md's \"Use it in your crate\" lists these dependencies, but tests/readme \
         compiles the snippets with these: the two lists must agree"
    );

    // The modules the snippets use, as a user's build script generates them.
    gbg_go_codegen::Builder::new()
        .schema(root.join("schemas/kyc.json"))
        .schema(root.join("examples/v2-capture/schemas/verification.documents.json"))
        .compile()
        .expect("generate the snippets' modules");

    let rust: Vec<&(String, String, usize)> = all
        .iter()
        .filter(|(info, _, _)| info.starts_with("rust"))
        .collect();
    let mut out = String::from("// @generated by tests/readme/build.rs from README.md\n");
    let mut dev_out = out.clone();
    let mut used = vec![false; WRAPPERS.len()];
    let mut compiled = 0usize;
    for (i, (_, body, line)) in rust.iter().enumerate() {
        let first = body.lines().next().unwrap_or("").trim();
        let Some(w) = WRAPPERS
            .iter()
            .position(|(start, _)| first.starts_with(start))
        else {
            panic!(
                "README.md:{line}: a ```rust block starting `{first}` has no wrapper in \
                 tests/readme/build.rs (WRAPPERS): say how it compiles"
            );
        };
        used[w] = true;
        let name = format!("snippet_{i}");
        let head =
            format!("/// README.md:{line}\n#[allow(unused, clippy::all)]\npub mod {name} {{\n");
        match &WRAPPERS[w].1 {
            Wrap::Skip { reason } => {
                writeln!(out, "// README.md:{line} is not compiled here: {reason}").unwrap();
                continue;
            }
            Wrap::Items => {
                write!(out, "{head}use super::*;\n{body}}}\n").unwrap();
            }
            Wrap::DevBody => {
                write!(
                    dev_out,
                    "/// README.md:{line}\n#[allow(unused, clippy::all)]\npub mod dev_{name} {{\n\
                     pub async fn run() -> \
                     ::core::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {{\n\
                     {body}\n::core::result::Result::Ok(())\n}}\n}}\n"
                )
                .unwrap();
            }
            Wrap::Body {
                asynchronous,
                params,
                prelude,
            } => {
                let asynchronous = if *asynchronous { "async " } else { "" };
                write!(
                    out,
                    "{head}use super::*;\npub {asynchronous}fn run({params}) -> \
                     ::core::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {{\n\
                     {prelude}\n{body}\n::core::result::Result::Ok(())\n}}\n}}\n"
                )
                .unwrap();
            }
            Wrap::Expr { ret } => {
                write!(
                    out,
                    "{head}use super::*;\npub fn run() -> {ret} {{\n{body}}}\n}}\n"
                )
                .unwrap();
            }
        }
        compiled += 1;
    }
    if let Some(w) = used.iter().position(|u| !u) {
        panic!(
            "tests/readme/build.rs has a wrapper for a README block starting `{}` that \
             README.md no longer has: remove it",
            WRAPPERS[w].0
        );
    }
    writeln!(
        out,
        "/// How many README blocks are compiled here.\npub const COMPILED: usize = {compiled};"
    )
    .unwrap();
    writeln!(
        out,
        "/// How many ```rust blocks README.md has.\npub const BLOCKS: usize = {};",
        rust.len()
    )
    .unwrap();
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("snippets.rs"), out).expect("write snippets.rs");
    std::fs::write(out_dir.join("dev_snippets.rs"), dev_out).expect("write dev_snippets.rs");
    // `prefill!(schema = "schemas/kyc.json", …)` in the snippets names the schema as a
    // user's crate would, relative to its manifest: here, the workspace root.
    println!(
        "cargo:rustc-env=GBG_GO_MANIFEST_DIR={}",
        Path::new(&root)
            .canonicalize()
            .expect("workspace root")
            .display()
    );
}
