//! Structured differential fuzzing: an arbitrary schema (built from a grammar of the
//! keywords GO schemas use, so every input is a schema rather than a parse error) and
//! an arbitrary payload, validated by the interpreter and by the reference validator
//! (`jsonschema`, draft-07, formats asserted, offline). The verdicts must agree
//! (DESIGN *Verdicts*: the reference validator is always built with format checks on;
//! its messages and locations differ from ours, so only verdicts are compared).

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Map, Value};

const NAMES: &[&str] = &["a", "b", "firstName", "type", ""];
const PATTERNS: &[&str] = &[
    "^[A-Z]{2}$",
    "^\\d{4}-\\d{2}$",
    "a+",
    "^(a|b)*$",
    "\\w\\s",
    "^.$",
    "[^a-c]",
];
const FORMATS: &[&str] = &["date", "date-time", "email", "ipv4", "uri", "time"];
const TYPES: &[&str] = &[
    "object", "array", "string", "integer", "number", "boolean", "null",
];

fn pick<'a>(u: &mut Unstructured, from: &[&'a str]) -> arbitrary::Result<&'a str> {
    Ok(from[u.choose_index(from.len())?])
}

fn scalar(u: &mut Unstructured) -> arbitrary::Result<Value> {
    Ok(match u.int_in_range(0..=5)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => json!(u.int_in_range(-3i64..=20)?),
        3 => json!(f64::from(u.int_in_range(-30i32..=30)?) / 4.0),
        4 => Value::String(
            pick(
                u,
                &[
                    "",
                    "AB",
                    "ab",
                    "2024-02-30",
                    "1990-01-01",
                    "a@b.co",
                    "aaa",
                    "é",
                    "192.168.0.1",
                ],
            )?
            .to_owned(),
        ),
        _ => Value::String(u.arbitrary::<String>()?.chars().take(8).collect()),
    })
}

fn payload(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    if depth == 0 || u.ratio(1, 2)? {
        return scalar(u);
    }
    Ok(if u.arbitrary()? {
        let n = u.int_in_range(0..=3)?;
        Value::Array(
            (0..n)
                .map(|_| payload(u, depth - 1))
                .collect::<Result<_, _>>()?,
        )
    } else {
        let mut m = Map::new();
        for _ in 0..u.int_in_range(0..=3)? {
            m.insert(pick(u, NAMES)?.to_owned(), payload(u, depth - 1)?);
        }
        Value::Object(m)
    })
}

fn schema(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    if u.ratio(1, 12)? {
        return Ok(Value::Bool(u.arbitrary()?));
    }
    let mut m = Map::new();
    for _ in 0..u.int_in_range(1..=3)? {
        let leaf = depth == 0;
        match u.int_in_range(0..=if leaf { 11 } else { 21 })? {
            0 => {
                m.insert("type".into(), json!(pick(u, TYPES)?));
            }
            1 => {
                m.insert("type".into(), json!([pick(u, TYPES)?, pick(u, TYPES)?]));
            }
            2 => {
                m.insert("minLength".into(), json!(u.int_in_range(0..=4)?));
            }
            3 => {
                m.insert("maxLength".into(), json!(u.int_in_range(0..=4)?));
            }
            4 => {
                m.insert("pattern".into(), json!(pick(u, PATTERNS)?));
            }
            5 => {
                m.insert("format".into(), json!(pick(u, FORMATS)?));
            }
            6 => {
                m.insert("minimum".into(), json!(u.int_in_range(-2..=5)?));
            }
            7 => {
                m.insert(
                    "exclusiveMaximum".into(),
                    json!(f64::from(u.int_in_range(-8i32..=20)?) / 4.0),
                );
            }
            8 => {
                m.insert(
                    "multipleOf".into(),
                    json!(pick(u, &["2", "0.5", "0.25", "3"])?
                        .parse::<f64>()
                        .unwrap_or(1.0)),
                );
            }
            9 => {
                m.insert(
                    "enum".into(),
                    Value::Array(
                        (0..u.int_in_range(1..=3)?)
                            .map(|_| scalar(u))
                            .collect::<Result<_, _>>()?,
                    ),
                );
            }
            10 => {
                m.insert("const".into(), scalar(u)?);
            }
            11 => {
                let req: Vec<&str> = (0..u.int_in_range(0..=2)?)
                    .map(|_| pick(u, NAMES))
                    .collect::<Result<_, _>>()?;
                m.insert("required".into(), json!(req));
            }
            12 => {
                let mut p = Map::new();
                for _ in 0..u.int_in_range(1..=2)? {
                    p.insert(pick(u, NAMES)?.to_owned(), schema(u, depth - 1)?);
                }
                m.insert("properties".into(), Value::Object(p));
            }
            13 => {
                m.insert("additionalProperties".into(), schema(u, depth - 1)?);
            }
            14 => {
                m.insert("items".into(), schema(u, depth - 1)?);
            }
            15 => {
                m.insert("minItems".into(), json!(u.int_in_range(0..=2)?));
            }
            16 => {
                m.insert("uniqueItems".into(), json!(u.arbitrary::<bool>()?));
            }
            17 => {
                m.insert("not".into(), schema(u, depth - 1)?);
            }
            18 | 19 | 20 => {
                let k = pick(u, &["allOf", "anyOf", "oneOf"])?;
                let n = u.int_in_range(1..=3)?;
                m.insert(
                    k.into(),
                    Value::Array(
                        (0..n)
                            .map(|_| schema(u, depth - 1))
                            .collect::<Result<_, _>>()?,
                    ),
                );
            }
            _ => {
                m.insert("if".into(), schema(u, depth - 1)?);
                m.insert("then".into(), schema(u, depth - 1)?);
                if u.arbitrary()? {
                    m.insert("else".into(), schema(u, depth - 1)?);
                }
            }
        }
    }
    Ok(Value::Object(m))
}

struct Case {
    schema: Value,
    payload: Value,
}

impl<'a> Arbitrary<'a> for Case {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Case {
            schema: schema(u, 3)?,
            payload: payload(u, 3)?,
        })
    }
}

/// The check: see the module docs.
pub fn check(data: &[u8]) {
    let Ok(case) = Case::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let mut schema = case.schema;
    if let Value::Object(m) = &mut schema {
        m.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
    }
    let text = serde_json::to_vec(&schema).expect("JSON");
    let Ok(ir) = gbg_go_schema::load_bytes(std::path::Path::new("d.json"), "d.json", &text) else {
        return;
    };
    let ours = gbg_go_schema::Validator::new(ir).is_valid(&case.payload);
    // The loader is laxer than the meta-schema on a few points (`"type": ["a", "a"]`);
    // `gbg-go validate SCHEMA` reports those. Only verdicts are compared here.
    let Ok(reference) = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
    else {
        return;
    };
    assert_eq!(
        ours,
        reference.is_valid(&case.payload),
        "verdicts differ\nschema: {schema}\npayload: {}",
        case.payload
    );
}
