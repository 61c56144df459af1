//! Generate typed, validated Rust from GBG GO task schemas.
//!
//! The GO dashboard exports each task's schema as JSON Schema (draft-07). This crate
//! turns such a file into one Rust module: structs, enums and newtypes named after
//! the schema's properties, with doc comments from `description`, serde support,
//! validation of every constraint keyword on construction and on deserialization,
//! and a `Debug` that hides personal data.
//!
//! Use it from `build.rs` through [`Builder`] (or the one-line [`compile_schemas`]),
//! and include the result with `gbg_go::include_schema!`:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), gbg_go_codegen::BuildError> {
//!     gbg_go_codegen::Builder::new()
//!         .schema("schemas/kyc.json")
//!         .reveal("/context/subject/identity/title")
//!         .compile()
//! }
//! ```
//!
//! [`Builder::generate`] returns the code instead of writing it, for tools and tests:
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("kyc.json");
//! std::fs::write(&path, r#"{"type":"object","properties":{"context":{"type":"object",
//!     "properties":{"subject":{"type":"object","properties":{
//!     "identity":{"type":"object","properties":{"firstName":{"type":"string"}}}}}}}}}"#).unwrap();
//! let out = gbg_go_codegen::Builder::new().schema(&path).generate().unwrap();
//! assert_eq!(out[0].module, "kyc");
//! assert!(out[0].code.starts_with("// @generated"));
//! assert!(out[0].code.contains("pub struct Identity"));
//! assert!(out[0].code.contains("pub type Root = Kyc;"));
//!
//! // Hooks: rename the type at a place, add derives.
//! let out = gbg_go_codegen::Builder::new()
//!     .schema(&path)
//!     .rename("/context/subject/identity", "Person")
//!     .derive("Hash")
//!     .generate()
//!     .unwrap();
//! assert!(out[0].code.contains("pub struct Person {"));
//! assert!(out[0].code.contains("#[derive(Clone, PartialEq, Hash, __rt::serde::Serialize)]"));
//! ```
//!
//! The public API is [`Builder`], [`compile_schemas`], [`Generated`], [`BuildError`]
//! and [`FORMAT_VERSION`]. The other items are public for `gbg-go-macros` (the check
//! cores its macros call) and the workspace's own tools; they are hidden from these
//! docs and outside semver.
#![warn(missing_docs)]

#[doc(hidden)]
pub mod derive;
mod emit_impls;
mod emit_read;
mod emit_types;
mod emit_validate;
#[doc(hidden)]
pub mod hooks;
#[doc(hidden)]
pub mod include;
#[doc(hidden)]
pub mod literal;
#[doc(hidden)]
pub mod plan;
#[doc(hidden)]
pub mod prefill;
mod text;
#[doc(hidden)]
pub mod typed;

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use gbg_go_schema::naming::{pascal_case, snake_case};
use gbg_go_schema::{Diagnostic, Diagnostics, Ir, Severity};
use quote::quote;

use crate::plan::{Def, DefKind, Field, Plan};

/// Settings for [`generate`]. Outside semver: configure generation through
/// [`Builder`], which holds these.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct Options {
    /// Path of the runtime crate in the consumer (default `::gbg_go`).
    pub crate_path: String,
    /// Payload pointers (`/context/subject/identity/title`) whose values `Debug`
    /// shows instead of `<redacted>`.
    pub reveal: Vec<String>,
    /// Whether `format` is asserted (on by default, in both dialects). Off makes
    /// `format` an annotation, as the 2020-12 specification's default has it.
    pub assert_format: bool,
    /// Renamed types and types of the user's own at places ([`Builder::rename`],
    /// [`Builder::replace`]).
    pub reshape: hooks::Reshape,
    /// Extra derives: `(None, path)` on every type, `(Some(pointer), path)` on the
    /// type at that place ([`Builder::derive`], [`Builder::derive_at`]).
    pub derives: Vec<(Option<String>, String)>,
    /// Extra outer attributes, as [`Options::derives`] ([`Builder::attribute`],
    /// [`Builder::attribute_at`]).
    pub attributes: Vec<(Option<String>, String)>,
    /// Derive `schemars::JsonSchema` on every type ([`Builder::schemars`]).
    pub schemars: bool,
    /// Generate a builder for structs with two or more optional members
    /// ([`Builder::struct_builders`]).
    pub struct_builders: bool,
    /// The module's name, instead of the one the file name gives
    /// ([`Builder::module_name`]).
    pub module_name: Option<String>,
    /// Lint codes not to report (`lint-allof-closed`; [`Builder::allow`]).
    pub allow: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            crate_path: "::gbg_go".into(),
            reveal: Vec::new(),
            assert_format: true,
            reshape: hooks::Reshape::default(),
            derives: Vec::new(),
            attributes: Vec::new(),
            schemars: false,
            struct_builders: false,
            module_name: None,
            allow: Vec::new(),
        }
    }
}

/// The name a schema file gives its module and, without a title, its root type: the
/// file stem without a trailing `.schema` (`kyc-residency.schema.json` →
/// `kyc-residency`, so module `kyc_residency` and type `KycResidency`). Outside semver.
#[doc(hidden)]
pub fn schema_stem(file_name: &str) -> String {
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let trimmed = match stem.len().checked_sub(".schema".len()) {
        Some(at)
            if at > 0
                && stem.is_char_boundary(at)
                && stem[at..].eq_ignore_ascii_case(".schema") =>
        {
            stem[..at].to_owned()
        }
        _ => stem,
    };
    if trimmed.is_empty() {
        "schema".to_owned()
    } else {
        trimmed
    }
}

/// The result of generating one schema file.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The module name: the snake-cased file stem.
    pub module: String,
    /// The formatted Rust source.
    pub code: String,
    /// Lints and notes (never fatal).
    pub warnings: Vec<Diagnostic>,
    /// Every file read, including `$ref` targets.
    pub inputs: Vec<PathBuf>,
    /// Number of named types generated.
    pub type_count: usize,
}

/// Generate the module for the schema file at `path`: the core of
/// [`Builder::generate`], which is the API to use. Outside semver.
///
/// # Errors
/// Located diagnostics when the schema cannot be loaded or expressed.
///
/// When a `gbg-go.lock` (written by `gbg-go pull`) lies beside the file and has an
/// entry for it, the file must still match the entry's hash (else a `lock-mismatch`
/// error names the file), and the module carries the locked version as constants:
/// `DELIVERY_ID`, `RESOLVED_VERSION`, `INTERACTION_ID` and `SCHEMA_SHA256`.
#[doc(hidden)]
pub fn generate(path: &Path, options: &Options) -> Result<Generated, Diagnostics> {
    let locked = gbg_go_schema::lock::check_file(path).map_err(|message| {
        Diagnostics(vec![Diagnostic {
            severity: Severity::Error,
            code: "lock-mismatch",
            message,
            file: path.display().to_string(),
            pointer: String::new(),
            line: 1,
            column: 1,
        }])
    })?;
    let ir = gbg_go_schema::load(path)?;
    let mut generated = generate_ir(&ir, options)?;
    if let Some((lock, entry)) = locked {
        let header_end = generated.code.find('\n').map_or(0, |i| i + 1);
        generated
            .code
            .insert_str(header_end, &lock_constants(&lock, &entry));
        let dir = path.parent().unwrap_or(Path::new(""));
        generated
            .inputs
            .push(dir.join(gbg_go_schema::lock::LOCK_FILE));
    }
    Ok(generated)
}

/// The locked version as constants, formatted as prettyplease formats them.
fn lock_constants(
    lock: &gbg_go_schema::lock::Lock,
    entry: &gbg_go_schema::lock::LockedFile,
) -> String {
    let (delivery, version, interaction, sha) = (
        lock.delivery_id.as_str(),
        lock.resolved_version.as_str(),
        entry.interaction_id.as_str(),
        entry.sha256.as_str(),
    );
    let tokens = quote! {
        /// The GO journey (`deliveryId`) this module's schema was pulled from (`gbg-go.lock`).
        pub const DELIVERY_ID: &str = #delivery;
        /// The journey version the schema was pulled at: start with `<DELIVERY_ID>@<RESOLVED_VERSION>` to pin it.
        pub const RESOLVED_VERSION: &str = #version;
        /// The design-time interaction this schema describes.
        pub const INTERACTION_ID: &str = #interaction;
        /// SHA-256 of the schema's canonical JSON, as locked.
        pub const SCHEMA_SHA256: &str = #sha;
    };
    syn::parse2::<syn::File>(tokens)
        .map(|f| prettyplease::unparse(&f))
        .unwrap_or_default()
}

/// The format of the modules this generator writes: the shape of the code that
/// `gbg_go::__private` must understand. Each module carries it as a literal, checked
/// while compiling against the runtime's own (`__private::module_format`), so a
/// mismatched `gbg-go` and `gbg-go-codegen` give one clear error. Raise it with the
/// runtime's when that shape changes.
pub const FORMAT_VERSION: u32 = 8;

/// Generate the module for an already loaded IR. Outside semver.
///
/// # Errors
/// Located diagnostics for settings that do not fit the schema (such as a `reveal`
/// pointer that names no field).
#[doc(hidden)]
pub fn generate_ir(ir: &Ir, options: &Options) -> Result<Generated, Diagnostics> {
    let stem = schema_stem(&ir.files[0].name);
    let module = match &options.module_name {
        Some(name) => name.clone(),
        None => snake_case(&stem),
    };
    let mut plan = Plan::build(ir, &pascal_case(&stem));
    hooks::apply(&mut plan, &options.reshape).map_err(|errors| {
        Diagnostics(
            errors
                .into_iter()
                .map(|m| ir.files[0].diag(Severity::Error, "codegen-setting", m, ""))
                .collect(),
        )
    })?;
    let decor = hooks::decorations(&plan, options).map_err(|errors| {
        Diagnostics(
            errors
                .into_iter()
                .map(|m| ir.files[0].diag(Severity::Error, "codegen-setting", m, ""))
                .collect(),
        )
    })?;
    let root_dir = Path::new(&ir.files[0].name)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let names: Vec<String> = ir
        .files
        .iter()
        .map(|f| {
            let p = Path::new(&f.name);
            let rel = p.strip_prefix(&root_dir).unwrap_or(p);
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    let rt_text = format!("{}::__private", options.crate_path);
    if let Err(e) = syn::parse_str::<syn::Path>(&rt_text) {
        return Err(setting_error(
            ir,
            format!("invalid crate path `{}`: {e}", options.crate_path),
        ));
    }
    let serde_crate = format!("{}::__private::serde", options.crate_path);
    let revealed = resolve_reveals(ir, &plan, &options.reveal)?;
    let reveal = |d: &Def, f: &Field| revealed.contains(&(d.name.clone(), f.json.clone()));
    // Types and validators are emitted, parsed and formatted on two threads: most of
    // codegen time is formatting, and prettyplease formats items independently, so
    // the two halves concatenate to exactly the single-threaded output. Token
    // streams are not `Send`, so each thread builds its own.
    let emit = |part: Part| -> Result<String, String> {
        let rt_path: syn::Path = syn::parse_str(&rt_text).map_err(|e| e.to_string())?;
        // Inside the module the runtime is reached through one short alias (the
        // `use` below): a tenth of the module's tokens were this path, and codegen
        // time follows the number of tokens formatted.
        let rt = quote::format_ident!("__rt");
        let ctx = emit_validate::Ctx {
            ir,
            plan: &plan,
            rt: &rt,
            names: names.clone(),
            assert_format: options.assert_format,
            decor: &decor,
            builders: options.struct_builders,
            written: Default::default(),
        };
        let segments = match part {
            Part::Types => {
                let items = ctx.items(&serde_crate, &reveal);
                let root_ty = ctx.ty(&plan.root);
                let root_doc = emit_types::doc_text(&format!(
                    " The whole task document of `{}`; deserializing it validates every rule.",
                    ctx.names[0]
                ));
                let module_ident = quote::format_ident!("{}", module);
                let files = ir.files.iter().zip(&ctx.names).map(|(f, n)| {
                    let text = crate::emit_types::text_literal(&f.text);
                    quote!((#n, #text))
                });
                let macro_doc = emit_types::doc_text(&format!(
                    " `{module}::prefill!({{ … }})`: the whole task document as a `json!`-like literal, checked against `{}` while compiling. It evaluates to [`Root`], built directly from the literal. Rust expressions in value position are refused: use `try_prefill!`.",
                    ctx.names[0]
                ));
                let try_macro_doc = emit_types::doc_text(&format!(
                    " `{module}::try_prefill!({{ … }})`: [`prefill!`] for a literal that may hold Rust expressions in value position (checked by type while compiling, by value at run time). It always evaluates to `Result<Root, ValidationError>`.",
                ));
                // `Root` names a local type, so `from_str::<Root>` validates whatever
                // the root is (see `Plan::root_is_newtype`).
                // Only the root can be submitted as a task's data (a part of it,
                // such as a `Name`, cannot).
                let task_document = |ty: &str| {
                    format!(
                        "impl __rt::TaskDocument for {ty} {{\n    #[inline]\n    fn to_task_document(&self) -> ::core::result::Result<__rt::Value, __rt::ValidationError> {{\n        self.validate()?;\n        ::core::result::Result::Ok(__rt::to_value(self))\n    }}\n}}\n"
                    )
                };
                let root_item = if !plan.root_is_newtype() {
                    let document = task_document(&crate::text::expr(&root_ty));
                    (quote! { pub type Root = #root_ty; }, document)
                } else {
                    let validator_ident = plan.validator_ident(plan.validator(ir.root));
                    let validator = validator_ident.to_string();
                    let root_loc = ctx.location(ir.resolve(ir.root));
                    let serde_crate_lit = proc_macro2::Literal::string(&serde_crate);
                    let (more, user_attrs) =
                        ctx.decor.tokens(None, &["Clone", "PartialEq", "Serialize"]);
                    ctx.write_facts(
                        "Root",
                        &validator,
                        &quote!(__rt::Whole::new(#validator_ident)),
                        &root_loc,
                    );
                    ctx.write_newtype("Root", &crate::text::expr(&root_ty), false);
                    ctx.write_entry_points("Root");
                    let mut text = std::mem::take(&mut *ctx.written.borrow_mut());
                    text.push_str(&task_document("Root"));
                    (
                        quote! {
                            #[derive(Clone, PartialEq, #more #rt::serde::Serialize)]
                            #[serde(crate = #serde_crate_lit)]
                            #[serde(transparent)]
                            #user_attrs
                            pub struct Root(#root_ty);
                        },
                        text,
                    )
                };
                let format = proc_macro2::Literal::u32_unsuffixed(FORMAT_VERSION);
                let crate_path: syn::Path =
                    syn::parse_str(&options.crate_path).map_err(|e| e.to_string())?;
                let schema_hash = typed::schema_files_sha256(ir);
                let codegen_version = env!("CARGO_PKG_VERSION");
                // The module's own `prefill!` reshapes its plan as this one was.
                let reshaped = !options.reshape.is_empty();
                let pairs = |list: &[(String, String)]| -> Vec<proc_macro2::TokenStream> {
                    list.iter().map(|(a, b)| quote!((#a, #b))).collect()
                };
                let renames = pairs(&options.reshape.renames);
                let replacements = pairs(&options.reshape.replacements);
                let (root_tokens, root_text) = root_item;
                // The runtime refuses, while compiling, a module of another format
                // than the one it reads (`__private::module_format`).
                let format_check = format!(
                    "/// Refused while compiling by a gbg-go runtime that reads another module format.\nconst _: () = __rt::module_format({format}, {});\n",
                    crate::emit_impls::lit(codegen_version)
                );
                let mut segments = vec![
                    (
                        quote! {
                            #[allow(unused_imports)]
                            use #rt_path as __rt;
                        },
                        format_check,
                    ),
                    (
                        quote! {
                            #[doc = #root_doc]
                            #root_tokens
                        },
                        root_text,
                    ),
                ];
                segments.extend(items);
                segments.push((quote! {
                    /// The SHA-256 of the schema bytes this module was generated from, which
                    /// `prefill!(schema = …, module = …)` checks while compiling.
                    #[doc(hidden)]
                    pub const __SCHEMA_FILES_SHA256: &str = #schema_hash;
                    /// Whether `Builder::rename` or `Builder::replace` changed this module's
                    /// types, which `prefill!(schema = …, module = …)` from another crate
                    /// cannot know (it refuses such a module while compiling).
                    #[doc(hidden)]
                    pub const __RESHAPED: bool = #reshaped;
                    #[doc = #macro_doc]
                    #[allow(unused_macros)]
                    macro_rules! prefill {
                        ($($literal:tt)+) => {
                            #module_ident::__typed_prefill!(prefill, $($literal)+)
                        };
                    }
                    #[allow(unused_imports)]
                    pub(crate) use prefill;
                    #[doc = #try_macro_doc]
                    #[allow(unused_macros)]
                    macro_rules! try_prefill {
                        ($($literal:tt)+) => {
                            #module_ident::__typed_prefill!(try_prefill, $($literal)+)
                        };
                    }
                    #[allow(unused_imports)]
                    pub(crate) use try_prefill;
                    /// What `prefill!` and `try_prefill!` expand to: the module's schema
                    /// and reshaping, for the typed literal macro.
                    #[doc(hidden)]
                    #[allow(unused_macros)]
                    macro_rules! __typed_prefill {
                        ($mode:ident, $($literal:tt)+) => {
                            #rt_path::typed_prefill!($mode, #crate_path, #module_ident, [#(#files),*], [#(#renames),*], [#(#replacements),*], $($literal)+)
                        };
                    }
                    #[allow(unused_imports)]
                    pub(crate) use __typed_prefill;
                }, String::new()));
                segments
            }
            Part::Validators => {
                // The interpreter's places go inside `mod rules`, after its leaves.
                let (tokens, rules) = ctx.validators();
                let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
                let mut code = prettyplease::unparse(&file);
                let end = code
                    .rfind("}\nuse rules::*;")
                    .ok_or("the rules module was not written")?;
                code.insert_str(end, &rules);
                return Ok(code);
            }
        };
        // Each type's items are formatted, then the impls written out for it
        // follow it (prettyplease formats items independently, so the pieces
        // concatenate to one formatted file).
        let mut code = String::new();
        for (tokens, text) in segments {
            if !tokens.is_empty() {
                let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
                code.push_str(&prettyplease::unparse(&file));
            }
            code.push_str(&text);
        }
        Ok(code)
    };
    let (types, validators) = std::thread::scope(|s| {
        let validators = s.spawn(|| emit(Part::Validators));
        let types = emit(Part::Types);
        (
            types,
            validators
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        )
    });
    let internal = |e: String| {
        setting_error(
            ir,
            format!("internal error: generated code does not parse: {e}"),
        )
    };
    let header = format!(
        "// @generated by gbg-go-codegen {} from {}. Do not edit.\n",
        env!("CARGO_PKG_VERSION"),
        names[0]
    );
    let code = header + &types.map_err(internal)? + &validators.map_err(internal)?;
    let inputs = ir.input_paths().map(Path::to_path_buf).collect();
    Ok(Generated {
        module,
        code,
        warnings: ir
            .warnings
            .iter()
            .filter(|w| !options.allow.iter().any(|a| a == w.code))
            .cloned()
            .collect(),
        inputs,
        type_count: plan.defs.len(),
    })
}

#[derive(Clone, Copy)]
enum Part {
    Types,
    Validators,
}

fn setting_error(ir: &Ir, message: String) -> Diagnostics {
    Diagnostics(vec![ir.files[0].diag(
        Severity::Error,
        "codegen",
        message,
        "",
    )])
}

/// Map each reveal pointer to the `(type, member)` it names (the walk of
/// [`hooks`]: a reveal pointer must end on a declared property).
fn resolve_reveals(
    ir: &Ir,
    plan: &Plan,
    pointers: &[String],
) -> Result<HashSet<(String, String)>, Diagnostics> {
    let mut out = HashSet::new();
    let mut errors = Vec::new();
    for pointer in pointers {
        let found = match hooks::locate(plan, pointer) {
            Ok(hooks::Located {
                base: hooks::Base::Field(d, i),
                depth: 0,
            }) => match &plan.defs[d].kind {
                DefKind::Struct { fields, .. } => {
                    Some((plan.defs[d].name.clone(), fields[i].json.clone()))
                }
                _ => None,
            },
            _ => None,
        };
        match found {
            Some(x) => {
                out.insert(x);
            }
            None => errors.push(ir.files[0].diag(
                Severity::Error,
                "reveal",
                format!("reveal pointer `{pointer}` names no property of the generated types"),
                "",
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Diagnostics(errors))
    }
}

/// Why a build-script generation failed.
pub enum BuildError {
    /// A schema could not be loaded or generated.
    Schema(Diagnostics),
    /// Reading or writing a file failed.
    Io(PathBuf, std::io::Error),
    /// `OUT_DIR` is not set and no output folder was given.
    NoOutDir,
    /// A Builder setting that cannot apply: an unknown lint code, a module name
    /// that is not a Rust identifier, two schemas that would write one module.
    Setting(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Schema(d) => write!(f, "gbg-go-codegen: schema errors:\n{d}"),
            BuildError::Io(p, e) => write!(f, "gbg-go-codegen: {}: {e}", p.display()),
            BuildError::NoOutDir => write!(
                f,
                "gbg-go-codegen: OUT_DIR is not set; call Builder::out_dir or run from build.rs"
            ),
            BuildError::Setting(m) => write!(f, "gbg-go-codegen: {m}"),
        }
    }
}

// `fn main() -> Result<(), BuildError>` prints the error with `Debug`; make that the
// readable, located form.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {}

/// Generate modules from `build.rs`.
///
/// Writes `$OUT_DIR/<module>.rs` for every schema, prints `cargo:rerun-if-changed`
/// for every input (including `$ref` targets and the folders given to
/// [`Builder::schemas`]), writes a file only when its content changed, and reports
/// lint warnings as `cargo:warning`.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    schemas: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    options: Options,
    /// Module names chosen for schema files ([`Builder::module_name`]).
    module_names: Vec<(PathBuf, String)>,
    /// Lint codes allowed for one schema file ([`Builder::allow_in`]).
    allowed_in: Vec<(PathBuf, String)>,
}

impl Builder {
    /// A builder with default settings.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Add one schema file (relative paths are relative to the crate root).
    pub fn schema(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.schemas.push(path.as_ref().to_path_buf());
        self
    }

    /// Add every `*.json` file directly inside `dir` (not its subfolders).
    pub fn schemas(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Name the module generated from `schema` (a path as given to
    /// [`Builder::schema`], or a file inside a folder given to [`Builder::schemas`])
    /// `name`, instead of the snake-cased file stem. `name` must be a Rust
    /// identifier; `include_schema!(name)` includes it.
    ///
    /// ```no_run
    /// gbg_go_codegen::Builder::new()
    ///     .schema("schemas/GO export (v3).json")
    ///     .module_name("schemas/GO export (v3).json", "onboarding")
    ///     .compile()
    ///     .unwrap();
    /// ```
    pub fn module_name(&mut self, schema: impl AsRef<Path>, name: impl Into<String>) -> &mut Self {
        self.module_names
            .push((schema.as_ref().to_path_buf(), name.into()));
        self
    }

    /// Do not report warnings with this code (`lint-allof-closed`,
    /// `lint-pattern-backtracking`, …: [`WARNING_CODES`](gbg_go_schema::diag::WARNING_CODES))
    /// for any schema. An unknown code is an error, so a typo does not silently
    /// allow nothing.
    ///
    /// ```no_run
    /// gbg_go_codegen::Builder::new()
    ///     .schemas("schemas")
    ///     // GO's consent export closes every branch of its `allOf`, on purpose.
    ///     .allow("lint-allof-closed")
    ///     .compile()
    ///     .unwrap();
    /// ```
    pub fn allow(&mut self, code: impl Into<String>) -> &mut Self {
        self.options.allow.push(code.into());
        self
    }

    /// [`Builder::allow`] for one schema file only.
    pub fn allow_in(&mut self, schema: impl AsRef<Path>, code: impl Into<String>) -> &mut Self {
        self.allowed_in
            .push((schema.as_ref().to_path_buf(), code.into()));
        self
    }

    /// Where to write the modules (default: `$OUT_DIR`).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The path of the runtime crate as the consumer names it (default `::gbg_go`).
    pub fn crate_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.options.crate_path = path.into();
        self
    }

    /// Show the value at this payload pointer in `Debug` output instead of
    /// `<redacted>`, e.g. `/context/subject/identity/title`.
    pub fn reveal(&mut self, pointer: impl Into<String>) -> &mut Self {
        self.options.reveal.push(pointer.into());
        self
    }

    /// Name the generated type at this payload pointer (`*` for array items)
    /// `name`, instead of the name the generator picks. A type shared by several
    /// places (the GO address) is renamed wherever it is used.
    ///
    /// ```no_run
    /// gbg_go_codegen::Builder::new()
    ///     .schema("schemas/kyc.json")
    ///     .rename("/context/subject/identity/currentAddress", "PostalAddress")
    ///     .compile()
    ///     .unwrap();
    /// ```
    pub fn rename(&mut self, pointer: impl Into<String>, name: impl Into<String>) -> &mut Self {
        self.options
            .reshape
            .renames
            .push((pointer.into(), name.into()));
        self
    }

    /// Hold a type of your own at this payload pointer instead of a generated one,
    /// written as a Rust type path from the module's crate (`crate::Country`,
    /// `::chrono::NaiveDate`). It must implement `serde::Serialize`,
    /// `serde::de::DeserializeOwned`, `Clone` and `PartialEq` (the generated
    /// structs derive the last two). Its value is still checked against the
    /// schema at that place: read whole and validated before the type's own
    /// `Deserialize` sees it, and serialized and validated by `validate()` and the
    /// setters, so a replaced type never lets an invalid value through. Its
    /// `Debug` is never called: such members show as `<redacted>`.
    ///
    /// A typed `prefill!` literal reaching a replaced place evaluates to
    /// `Result<Root, ValidationError>`: the type's own `Deserialize` builds that
    /// value at run time. The places that cannot be replaced (the root, the items
    /// of a constrained array type, undeclared members) are refused with an error.
    ///
    /// ```no_run
    /// gbg_go_codegen::Builder::new()
    ///     .schema("schemas/kyc.json")
    ///     .replace("/context/subject/identity/dateOfBirth", "::chrono::NaiveDate")
    ///     .compile()
    ///     .unwrap();
    /// ```
    pub fn replace(
        &mut self,
        pointer: impl Into<String>,
        rust_type: impl Into<String>,
    ) -> &mut Self {
        self.options
            .reshape
            .replacements
            .push((pointer.into(), rust_type.into()));
        self
    }

    /// Derive this trait on every generated type (`"Eq"`, `"Hash"`,
    /// `"::my_crate::MyDerive"`). Derives a type has already are skipped; `Debug`,
    /// `Deserialize` and `Default` are refused (the generated code implements them,
    /// hiding personal data and checking every rule).
    pub fn derive(&mut self, derive: impl Into<String>) -> &mut Self {
        self.options.derives.push((None, derive.into()));
        self
    }

    /// [`derive`](Self::derive) on the type at this payload pointer only.
    pub fn derive_at(
        &mut self,
        pointer: impl Into<String>,
        derive: impl Into<String>,
    ) -> &mut Self {
        self.options
            .derives
            .push((Some(pointer.into()), derive.into()));
        self
    }

    /// Put this outer attribute, written whole (`"#[non_exhaustive]"`), on every
    /// generated type. `serde` attributes are refused: the schema fixes the wire
    /// form.
    pub fn attribute(&mut self, attribute: impl Into<String>) -> &mut Self {
        self.options.attributes.push((None, attribute.into()));
        self
    }

    /// [`attribute`](Self::attribute) on the type at this payload pointer only.
    pub fn attribute_at(
        &mut self,
        pointer: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.options
            .attributes
            .push((Some(pointer.into()), attribute.into()));
        self
    }

    /// Derive `schemars::JsonSchema` on every generated type, through the runtime's
    /// re-export (`gbg_go::__private::schemars`, with `#[schemars(crate = …)]`), so
    /// the crate needs no schemars dependency of its own: enable `gbg-go`'s
    /// `schemars` feature. The derived schema describes the Rust types; see the
    /// crate docs for what it keeps of the source schema.
    pub fn schemars(&mut self, on: bool) -> &mut Self {
        self.options.schemars = on;
        self
    }

    /// Generate a builder for every struct with two or more optional members:
    /// `Identity::builder().first_name(…).title(…).build()`, where `build()` reports
    /// the missing required members and checks every rule. Off by default.
    ///
    /// ```no_run
    /// gbg_go_codegen::Builder::new()
    ///     .schema("schemas/kyc.json")
    ///     .struct_builders(true)
    ///     .compile()
    ///     .unwrap();
    /// ```
    pub fn struct_builders(&mut self, on: bool) -> &mut Self {
        self.options.struct_builders = on;
        self
    }

    /// Assert `format` (the default) or treat it as an annotation.
    pub fn assert_formats(&mut self, on: bool) -> &mut Self {
        self.options.assert_format = on;
        self
    }

    /// Generate and write every module; returns the files written or kept.
    ///
    /// # Errors
    /// Located schema diagnostics, or an I/O error naming the file.
    pub fn compile(&self) -> Result<(), BuildError> {
        self.compile_files().map(|_| ())
    }

    /// As [`Builder::compile`], returning the output paths.
    ///
    /// # Errors
    /// As [`Builder::compile`].
    pub fn compile_files(&self) -> Result<Vec<PathBuf>, BuildError> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        for dir in &self.dirs {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        let files = self.files()?;
        self.check_settings(&files)?;
        // Every schema is watched, also one that fails: fixing it reruns the build.
        for file in &files {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        let mut written = Vec::new();
        for g in self.generate_files(&files)? {
            for input in &g.inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
            for w in &g.warnings {
                println!("cargo:warning={w}");
            }
            let target = out_dir.join(format!("{}.rs", g.module));
            write_if_changed(&target, &g.code)?;
            written.push(target);
        }
        Ok(written)
    }

    /// Generate every schema's module with these settings and return them, in file
    /// order, writing nothing and printing nothing: for tools and tests (`gbg-go
    /// generate` uses it). [`Builder::compile`] writes the same code.
    ///
    /// # Errors
    /// As [`Builder::compile`], but never [`BuildError::NoOutDir`].
    pub fn generate(&self) -> Result<Vec<Generated>, BuildError> {
        let files = self.files()?;
        self.check_settings(&files)?;
        self.generate_files(&files)
    }
}

impl Builder {
    /// The schema files: those added one by one, and the `*.json` files of the folders.
    fn files(&self) -> Result<BTreeSet<PathBuf>, BuildError> {
        let mut files: BTreeSet<PathBuf> = self.schemas.iter().cloned().collect();
        for dir in &self.dirs {
            let entries = std::fs::read_dir(dir).map_err(|e| BuildError::Io(dir.clone(), e))?;
            for e in entries {
                let p = e.map_err(|e| BuildError::Io(dir.clone(), e))?.path();
                if p.is_file() && p.extension().is_some_and(|x| x == "json") {
                    files.insert(p);
                }
            }
        }
        Ok(files)
    }

    /// The settings for one file: the builder's, with its module name and the lint
    /// codes allowed for it.
    fn options_for(&self, file: &Path) -> Options {
        let mut options = self.options.clone();
        options.module_name = self
            .module_names
            .iter()
            .rev()
            .find(|(f, _)| f == file)
            .map(|(_, n)| n.clone());
        options.allow.extend(
            self.allowed_in
                .iter()
                .filter(|(f, _)| f == file)
                .map(|(_, c)| c.clone()),
        );
        options
    }

    /// Generate each file; every file's errors, or two files that would write one
    /// module.
    fn generate_files(&self, files: &BTreeSet<PathBuf>) -> Result<Vec<Generated>, BuildError> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let mut modules: std::collections::BTreeMap<String, &PathBuf> = Default::default();
        for file in files {
            match generate(file, &self.options_for(file)) {
                Ok(g) => {
                    if let Some(other) = modules.insert(g.module.clone(), file) {
                        return Err(BuildError::Setting(format!(
                            "{} and {} would both write module `{}`: name one with Builder::module_name",
                            other.display(),
                            file.display(),
                            g.module
                        )));
                    }
                    out.push(g);
                }
                Err(d) => errors.extend(d.0),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(BuildError::Schema(Diagnostics(errors)))
        }
    }
}

impl Builder {
    /// Refuse settings that would silently do nothing or generate broken code.
    fn check_settings(&self, files: &BTreeSet<PathBuf>) -> Result<(), BuildError> {
        let known = gbg_go_schema::diag::WARNING_CODES;
        for code in self
            .options
            .allow
            .iter()
            .chain(self.allowed_in.iter().map(|(_, c)| c))
        {
            if !known.contains(&code.as_str()) {
                return Err(BuildError::Setting(format!(
                    "allow: unknown warning code `{code}` (known: {})",
                    known.join(", ")
                )));
            }
        }
        for (file, _) in self.module_names.iter().chain(&self.allowed_in) {
            if !files.contains(file) {
                return Err(BuildError::Setting(format!(
                    "{} is not one of the schemas this Builder generates (add it with Builder::schema, or name it as a file in a Builder::schemas folder)",
                    file.display()
                )));
            }
        }
        for (_, name) in &self.module_names {
            if !is_module_ident(name) {
                return Err(BuildError::Setting(format!(
                    "module_name: `{name}` is not a Rust identifier in snake case (try `{}`)",
                    snake_case(name)
                )));
            }
        }
        Ok(())
    }
}

/// A name a module can have: a non-keyword identifier in snake case.
fn is_module_ident(name: &str) -> bool {
    !name.is_empty() && snake_case(name) == name && syn::parse_str::<syn::Ident>(name).is_ok()
}

fn write_if_changed(path: &Path, content: &str) -> Result<(), BuildError> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    std::fs::write(path, content).map_err(|e| BuildError::Io(path.to_path_buf(), e))
}

/// The common case in one line: generate every `*.json` schema in `dir` into
/// `$OUT_DIR`.
///
/// # Errors
/// As [`Builder::compile`].
pub fn compile_schemas(dir: impl AsRef<Path>) -> Result<(), BuildError> {
    Builder::new().schemas(dir).compile()
}
