//! Composites and the rules generated code hands to the interpreter: [`Rules`] (a
//! module's embedded schema files, run by `gbg_go_schema::Validator` at a place),
//! [`one_of`] and [`valid`] (branches judged on their own sink).

use super::*;

/// A generated module's rules for the schemas it does not check in its own code
/// (objects, arrays and composites; its leaf schemas stay code, since they run on
/// every scalar): the module's schema files, embedded, run by the interpreter
/// (`gbg_go_schema::Validator`), the one rules engine of every surface. Built on
/// first use and kept for the process.
///
/// Generated code calls [`Rules::check`] with the index of a place in `places`:
/// the schema location of the node whose rules that validator checks (the first of
/// the identical schemas sharing it; each call passes its own [`Loc`]).
pub struct Rules {
    files: &'static [(&'static str, &'static str)],
    places: &'static [&'static str],
    assert_format: bool,
    built: OnceLock<(gbg_go_schema::Validator, Vec<gbg_go_schema::NodeId>)>,
}

impl Rules {
    /// The rules of the embedded `files` (the root schema first, then the files its
    /// `$ref`s name, by the names its locations use), checked at `places`.
    pub const fn new(
        files: &'static [(&'static str, &'static str)],
        places: &'static [&'static str],
        assert_format: bool,
    ) -> Rules {
        Rules {
            files,
            places,
            assert_format,
            built: OnceLock::new(),
        }
    }

    /// Check `v` at place `i` of this module (a [`CheckFn`] with its place).
    ///
    /// # Panics
    /// If the embedded schema no longer loads or lacks a place: the generator loaded
    /// the same bytes, so this is a bug in gbg-go (or a hand-edited module), never
    /// a property of the payload.
    #[inline(never)]
    pub fn check(&self, i: usize, v: &Value, p: &Path<'_>, l: &Loc<'_>, out: &mut Vec<Violation>) {
        let (validator, nodes) = self.built.get_or_init(|| self.build());
        validator.check_at(nodes[i], v, p, l, probing(), out);
    }

    #[cold]
    fn build(&self) -> (gbg_go_schema::Validator, Vec<gbg_go_schema::NodeId>) {
        let Some((root_name, _)) = self.files.first() else {
            panic!("gbg-go: a generated module embeds no schema (a bug in gbg-go-codegen)");
        };
        let files: Vec<(&str, &[u8])> =
            self.files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
        let ir = gbg_go_schema::load_embedded(root_name, &files).unwrap_or_else(|e| {
            panic!("gbg-go: the schema embedded in a generated module does not load (a bug in gbg-go): {e}")
        });
        let mut by_location = std::collections::HashMap::new();
        for i in 0..ir.nodes.len() {
            let id = gbg_go_schema::NodeId(i as u32);
            by_location.entry(ir.schema_location(id)).or_insert(id);
        }
        let nodes = self
            .places
            .iter()
            .map(|place| {
                *by_location.get(*place).unwrap_or_else(|| {
                    panic!("gbg-go: a generated module checks `{place}`, which its embedded schema lacks (a bug in gbg-go)")
                })
            })
            .collect();
        let validator = gbg_go_schema::Validator::new(ir).assert_format(self.assert_format);
        (validator, nodes)
    }
}

/// `oneOf`: report unless exactly one branch matched.
pub fn one_of(out: &mut Vec<Violation>, path: &Path<'_>, location: &Loc<'_>, matched: &[bool]) {
    let hits: Vec<usize> = matched
        .iter()
        .enumerate()
        .filter(|(_, m)| **m)
        .map(|(i, _)| i)
        .collect();
    match hits.as_slice() {
        [] => report(
            out,
            path,
            "oneOf",
            location,
            ViolationKind::OneOfNone {
                alternatives: matched.len(),
            },
        ),
        [_] => {}
        [a, b, ..] => report(
            out,
            path,
            "oneOf",
            location,
            ViolationKind::OneOfMany {
                first: *a,
                second: *b,
            },
        ),
    }
}

/// Whether `f` accepts `v` (used by `anyOf`, `oneOf`, `not`, `if`, `contains`,
/// unions): its violations are dropped, so their locations do not matter.
///
/// While it runs, reports on this thread are marks, not rendered violations (no
/// pointer, location or message is built for a branch that is only being tried).
#[inline]
pub fn valid(v: &Value, path: &Path<'_>, f: CheckFn) -> bool {
    let mut scratch = Vec::new();
    let outer = PROBING.with(|p| p.replace(true));
    f(v, path, &Loc::Root(""), &mut scratch);
    PROBING.with(|p| p.set(outer));
    scratch.is_empty()
}
