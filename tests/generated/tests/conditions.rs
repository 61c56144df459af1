//! `if`/`then`/`else` whose condition reads only siblings (us-ssn's id numbers,
//! kyc-2020's address) is decided in one pass on the members it names, kept as they
//! were read, also when a member breaks its own rules; and on typed values by the same
//! rules. Each result is compared with the interpreter's violations (pointer, keyword,
//! file and location).

use gbg_go_generated_tests::{kyc_2020, us_ssn};
use serde_json::{json, Value};

type Full = (String, &'static str, String, String);

fn full(v: &gbg_go::Violation) -> Full {
    let (file, pointer) = v.schema_location.rsplit_once('#').unwrap();
    let file = file.rsplit('/').next().unwrap().to_owned();
    (v.pointer.clone(), v.keyword, file, pointer.to_owned())
}

fn interpreter(stem: &str, v: &Value) -> Vec<Full> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas")
        .join(format!("{stem}.json"));
    let interp = gbg_go_schema::Validator::new(gbg_go_schema::load(&path).unwrap());
    let mut out: Vec<Full> = interp.validate(v).iter().map(full).collect();
    out.sort();
    out
}

fn one_pass(r: Result<(), gbg_go::ValidationError>) -> Vec<Full> {
    let mut out: Vec<Full> = match r {
        Ok(()) => Vec::new(),
        Err(e) => e.violations().iter().map(full).collect(),
    };
    out.sort();
    out
}

fn ids(items: Value) -> Value {
    json!({"context": {"subject": {"identity": {"idNumbers": items}}}})
}

fn address(a: Value) -> Value {
    json!({"context": {"subject": {"identity": {"firstName": "Grace", "age": 40, "currentAddress": a}}}})
}

#[test]
fn us_ssn_branches_are_decided_as_the_interpreter_decides_them() {
    let cases = [
        ids(json!([{"type": "SSN", "value": "123-45-6789"}])),
        ids(json!([{"type": "SSN", "value": "000-45-6789"}])),
        ids(json!([{"type": "ITIN", "value": "123-45-6789"}])),
        // The condition's member breaks its own rule (`enum`): the else branch still
        // applies, as in the interpreter.
        ids(json!([{"type": "XXX", "value": "123-45-6789"}])),
        ids(json!([{"type": 5, "value": "912-70-1234"}])),
        // A branch's member breaks its own rule (`type`) and the branch's.
        ids(json!([{"type": "SSN", "value": 7}])),
        ids(json!([{"value": "123-45-6789"}])),
    ];
    let mut invalid = 0;
    for v in cases {
        let ours = one_pass(us_ssn::Root::from_json_str(&v.to_string()).map(drop));
        assert_eq!(ours, interpreter("us-ssn", &v), "{v}");
        invalid += usize::from(!ours.is_empty());
    }
    assert_eq!(invalid, 6);
}

#[test]
fn kyc_2020_address_condition_is_decided_as_the_interpreter_decides_it() {
    let cases = [
        address(
            json!({"lines": ["1 Main St"], "country": "US", "state": "NY", "postalCode": "10001"}),
        ),
        address(json!({"lines": ["1 Main St"], "country": "US"})),
        address(json!({"lines": ["1 Main St"], "country": "GB"})),
        address(json!({"lines": ["1 Main St"], "country": "us"})),
        address(json!({"lines": [], "country": "US", "state": "NY"})),
        address(json!({"lines": ["1 Main St"], "country": 1, "state": "NY"})),
    ];
    for v in cases {
        let ours = one_pass(kyc_2020::Root::from_json_str(&v.to_string()).map(drop));
        assert_eq!(ours, interpreter("kyc-2020", &v), "{v}");
    }
}

#[test]
fn typed_values_are_checked_by_the_same_condition() {
    let v = ids(json!([{"type": "ITIN", "value": "912-70-1234"}]));
    let root = us_ssn::Root::from_json_str(&v.to_string()).unwrap();
    let mut id = root.context.subject.identity.id_numbers.get()[0].clone();
    // Switching the type to SSN makes the `then` pattern apply to the ITIN value.
    let err = id
        .set_type_(us_ssn::IdNumberType::Ssn)
        .expect_err("an ITIN value is not an SSN");
    let again = us_ssn::IdNumber::validate_json(&json!({"type": "SSN", "value": "912-70-1234"}))
        .unwrap_err();
    assert_eq!(err.violations(), again.violations());
    assert_eq!(
        err.violations()[0].schema_location.rsplit('/').nth(3),
        Some("then")
    );
    // The failed change left the value as it was.
    assert!(id.type_() == &us_ssn::IdNumberType::Itin);
}
