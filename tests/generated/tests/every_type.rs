//! Every generated type of every fixture reports its own schema location from
//! `validate_json`: a type whose rules are shared with another type's (the same
//! validator) still names its own place, never the other's. Each type is given
//! values of every JSON type; every violation of each refused value must lie under
//! the type's own location.

use serde_json::{json, Value};

include!(concat!(env!("OUT_DIR"), "/every_type.rs"));

#[test]
fn every_generated_type_names_its_own_schema_location() {
    let values: Vec<Value> = vec![
        json!(null),
        json!(true),
        json!(-1),
        json!(0.5),
        json!(""),
        json!("x"),
        json!([]),
        json!([null]),
        json!({}),
        json!({"unexpected": null}),
    ];
    assert!(EVERY_TYPE.len() >= 140, "{} types", EVERY_TYPE.len());
    let mut refusing = 0;
    let mut checked = 0;
    for (name, location, validate_json) in EVERY_TYPE {
        let mut refused = false;
        for v in &values {
            let Err(e) = validate_json(v) else { continue };
            refused = true;
            for violation in e.violations() {
                checked += 1;
                let at = violation.schema_location.as_str();
                assert!(
                    at == *location
                        || at.starts_with(&format!("{location}/"))
                        || (location.ends_with('#') && at.starts_with(location)),
                    "{name} ({location}) refused {v} naming {at}"
                );
            }
        }
        refusing += usize::from(refused);
    }
    assert!(checked >= 500, "only {checked} violations checked");
    // Nearly every type refuses some value (a type that accepts every JSON value,
    // such as an unconstrained member, refuses none).
    assert!(
        refusing * 10 >= EVERY_TYPE.len() * 9,
        "{refusing} of {}",
        EVERY_TYPE.len()
    );
}
