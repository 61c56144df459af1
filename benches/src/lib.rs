//! Shared setup for the benchmarks: the full GO subject schema and the two generators.
//!
//! Run with `cd benches && GBG_GO_SHARED=../../shared cargo bench` (never in CI).

include!("../../tests/generated/extract_subject.rs");

/// The full GO subject task schema, extracted from `$GBG_GO_SHARED`.
pub fn go_subject() -> String {
    let shared =
        std::env::var_os("GBG_GO_SHARED").expect("set GBG_GO_SHARED to the shared data folder");
    subject_task_schema(&std::path::Path::new(&shared).join("gbg-go-api/openapi.yaml"))
}

/// gbg-go: schema text to formatted module.
pub fn gbg_go(schema: &str) -> (String, usize) {
    let ir = gbg_go_schema::load_bytes(
        std::path::Path::new("go_subject.json"),
        "go_subject.json",
        schema.as_bytes(),
    )
    .expect("loads");
    let g =
        gbg_go_codegen::generate_ir(&ir, &gbg_go_codegen::Options::default()).expect("generates");
    (g.code, g.type_count)
}

/// typify 0.8: schema text to formatted module, the way its docs and cargo-typify do it.
pub fn typify(schema: &str) -> (String, usize) {
    let root: schemars08::schema::RootSchema =
        serde_json::from_str(schema).expect("schemars parses");
    let mut space =
        typify::TypeSpace::new(typify::TypeSpaceSettings::default().with_struct_builder(false));
    space.add_root_schema(root).expect("typify accepts it");
    let file: syn::File = syn::parse2(space.to_stream()).expect("parses");
    let code = prettyplease::unparse(&file);
    // Count what a reader sees: top-level structs and enums.
    let types = code
        .lines()
        .filter(|l| l.starts_with("pub struct ") || l.starts_with("pub enum "))
        .count();
    (code, types)
}

use serde_json::{json, Value};

const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Katherine",
    "Tim",
    "Margaret",
    "Linus",
    "Barbara",
    "Dennis",
    "Frances",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Johnson",
    "Berners-Lee",
    "Hamilton",
    "Torvalds",
    "Liskov",
    "Ritchie",
    "Allen",
];
const TOWNS: &[&str] = &["London", "Leeds", "Dublin", "Bristol", "Glasgow", "Cardiff"];

/// A realistic ~1 KB KYC payload for the full GO subject schema (names, dates,
/// addresses, contacts, identity numbers, a document, consent); every 50th one
/// (`n % 50 == 49`) is invalid.
pub fn payload(n: usize) -> Value {
    let f = FIRST[n % FIRST.len()];
    let l = LAST[(n / 7) % LAST.len()];
    let year = 1940 + n % 60;
    let month = 1 + n % 12;
    let day = 1 + n % 28;
    let mut v = json!({"context": {"subject": {
        "identity": {
            "title": "Dr",
            "firstName": f,
            "middleNames": [FIRST[(n + 3) % FIRST.len()]],
            "lastNames": [l],
            "dateOfBirth": format!("{year:04}-{month:02}-{day:02}"),
            "gender": if n % 2 == 0 { "female" } else { "male" },
            "currentAddress": {
                "lines": [format!("{} High Street", 1 + n % 200), "Flat 2"],
                "locality": TOWNS[n % TOWNS.len()],
                "postalCode": format!("LS{} {}AA", 1 + n % 9, n % 10),
                "country": "GBR"
            },
            "previousAddresses": [{
                "lines": [format!("{} Station Road", 1 + n % 90)],
                "locality": TOWNS[(n + 1) % TOWNS.len()],
                "postalCode": "BS1 4DJ",
                "country": "GBR",
                "fromDate": "2015-01-01",
                "toDate": "2020-06-30"
            }],
            "phones": [{"type": "mobile", "number": format!("+4477009{:05}", n % 100000)}],
            "emails": [{"type": "personal", "email": format!("{}.{}{}@example.com", f.to_lowercase(), l.to_lowercase(), n)}],
            "idNumbers": [{"type": "NationalInsuranceNumber", "idNumber": format!("QQ{:06}C", n % 1_000_000), "country": "GBR"}]
        },
        "documents": [{"type": "Passport", "number": format!("P{:08}", n), "issuingStateCode": "GBR", "expiryDate": "2031-05-31"}],
        "uid": format!("customer-{n}")
    }}});
    if n % 50 == 49 {
        // 2% invalid: a date in the wrong form and a country name instead of a code.
        v["context"]["subject"]["identity"]["dateOfBirth"] = json!("10/12/1815");
        v["context"]["subject"]["identity"]["currentAddress"]["country"] = json!("United Kingdom");
    }
    v
}

/// A ~20 KB payload: the KYC payload with several documents (images as base64)
/// and biometrics.
pub fn large_payload(n: usize) -> Value {
    let mut v = payload(n);
    let image = |seed: usize| {
        // Base64-like text: a document photo is large; 2 KB each keeps the payload
        // near 20 KB.
        (0..2048)
            .map(|i| {
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    [(i * 7 + seed) % 64] as char
            })
            .collect::<String>()
    };
    let subject = &mut v["context"]["subject"];
    subject["documents"] = json!([
        {"type": "Passport", "number": "P12345678", "issuingStateCode": "GBR", "expiryDate": "2031-05-31",
         "side1Image": image(1), "side2Image": image(2)},
        {"type": "DrivingLicence", "number": "LOVEL812105AA9IJ", "issuingStateCode": "GBR", "expiryDate": "2030-01-31",
         "side1Image": image(3), "side2Image": image(4)},
        {"type": "UtilityBill", "number": "UB-0042", "issuingStateCode": "GBR", "side1Image": image(5)}
    ]);
    subject["biometrics"] = json!([
        {"type": "selfie", "selfieImage": image(6)},
        {"type": "selfie", "selfieImage": image(7), "anchorImage": image(8)},
        {"faceImage": image(9)}
    ]);
    v
}
