//! `Validator::check_at`: the interpreter at one node of a schema shared between
//! identical places (what generated modules call for objects, arrays and composites).

use std::path::Path as FsPath;

use gbg_go_schema::loc::Loc;
use gbg_go_schema::path::Path;
use gbg_go_schema::Validator;
use serde_json::json;

fn validator() -> Validator {
    let schema = br##"{
      "definitions": {"code": {"type": "string", "pattern": "^[A-Z]{2}$"}},
      "properties": {
        "home": {"type": "object", "properties": {
          "lines": {"type": "array", "items": {"type": "string", "maxLength": 3}},
          "country": {"$ref": "#/definitions/code"}
        }, "required": ["lines"], "additionalProperties": false},
        "work": {"type": "object", "properties": {
          "lines": {"type": "array", "items": {"type": "string", "maxLength": 3}},
          "country": {"$ref": "#/definitions/code"}
        }, "required": ["lines"], "additionalProperties": false}
      }
    }"##;
    Validator::new(gbg_go_schema::load_bytes(FsPath::new("a.json"), "a.json", schema).unwrap())
}

#[test]
fn rules_under_the_shared_node_are_located_at_the_callers_place() {
    let v = validator();
    // `home`'s node runs for `work` (identical schemas share it): every rule under
    // it is located under `work`, the place the caller names. (Members in key order.)
    let home = v.node_at("/home").unwrap();
    let place = Loc::Root("a.json#/properties/work");
    let path = Path::ROOT;
    let work = path.key("work");
    let mut out = Vec::new();
    let payload = json!({"lines": ["abcd"], "country": "gb", "extra": 1});
    v.check_at(home, &payload, &work, &place, false, &mut out);
    let got: Vec<(String, &str, String)> = out
        .iter()
        .map(|x| (x.pointer.clone(), x.keyword, x.schema_location.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            // Past a `$ref` a rule keeps its own place.
            (
                "/work/country".into(),
                "pattern",
                "a.json#/definitions/code/pattern".into()
            ),
            (
                "/work/extra".into(),
                "additionalProperties",
                "a.json#/properties/work/additionalProperties".into()
            ),
            (
                "/work/lines/0".into(),
                "maxLength",
                "a.json#/properties/work/properties/lines/items/maxLength".into()
            ),
        ]
    );
    // The same as the interpreter run from `work`'s own node.
    let own = v.validate(&json!({"work": payload}));
    assert_eq!(own, out);
}

#[test]
fn a_probe_reports_one_mark_only() {
    let v = validator();
    let home = v.node_at("/home").unwrap();
    let mut out = Vec::new();
    let place = Loc::Root("a.json#/properties/home");
    // Two rules fail (`required`, `additionalProperties`); a probe stops at its
    // first mark, which already decides it.
    v.check_at(
        home,
        &json!({"extra": 1}),
        &Path::ROOT,
        &place,
        true,
        &mut out,
    );
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out
        .iter()
        .all(|x| x.pointer.is_empty() && x.schema_location.is_empty() && x.message.is_empty()));
    let mut out = Vec::new();
    v.check_at(
        home,
        &json!({"lines": []}),
        &Path::ROOT,
        &place,
        true,
        &mut out,
    );
    assert!(out.is_empty());
}
