//! Places (`Ir::nodes_at_place`): payload pointers in which `*` stands for any array
//! item or undeclared member, and whose indices must be ones the schema allows.

use std::path::Path;

use gbg_go_schema::walk::Follow;
use gbg_go_schema::{load_bytes, Ir};

fn ir(text: &str) -> Ir {
    load_bytes(Path::new("p.json"), "p.json", text.as_bytes()).unwrap()
}

fn found(ir: &Ir, place: &str) -> bool {
    !ir.nodes_at_place(place, Follow::Declared).is_empty()
}

#[test]
fn stars_indices_and_bounds() {
    let ir = ir(r#"{
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "properties": {
            "list": {"type": "array", "maxItems": 3, "items": {"properties": {"a": {}}}},
            "pair": {"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false},
            "closed": {"properties": {"a": {}}, "additionalProperties": false},
            "map": {"additionalProperties": {"type": "string"}}
        }
    }"#);
    assert!(found(&ir, "/list/*"));
    assert!(found(&ir, "/list/*/a"));
    assert!(found(&ir, "/list/2"));
    assert!(!found(&ir, "/list/3"), "past maxItems");
    assert!(found(&ir, "/pair/1"));
    assert!(!found(&ir, "/pair/2"), "past prefixItems with items: false");
    assert!(found(&ir, "/pair/*"));
    assert!(found(&ir, "/closed/a"));
    assert!(!found(&ir, "/closed/b"), "additionalProperties: false");
    assert!(
        !found(&ir, "/closed/*"),
        "a closed object has no undeclared members"
    );
    assert!(found(&ir, "/map/*"));
    assert!(!found(&ir, "/nothing"));
}
