//! Write the full GO subject task schema and N realistic payload files (about 1 KB
//! each, names, dates, addresses, contacts, identity numbers, documents, consent),
//! 2% of them invalid, for the CLI benchmark (`cli/run.sh`).
//!
//! `cargo run --release --example write_payloads -- OUT_DIR [N]`

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

fn payload(n: usize) -> Value {
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

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: write_payloads OUT_DIR [N]"));
    let n: usize = args.next().map(|s| s.parse().unwrap()).unwrap_or(2000);
    let schema = gbg_go_benches::go_subject();
    std::fs::create_dir_all(out.join("payloads")).unwrap();
    std::fs::write(out.join("go_subject.json"), &schema).unwrap();
    let ir = gbg_go_schema::load_bytes(
        std::path::Path::new("go_subject.json"),
        "go_subject.json",
        schema.as_bytes(),
    )
    .unwrap();
    let validator = gbg_go_schema::Validator::new(ir);
    let mut invalid = 0;
    for i in 0..n {
        let p = payload(i);
        let violations = validator.validate(&p);
        if i % 50 == 49 {
            assert!(!violations.is_empty());
            invalid += 1;
        } else {
            assert!(
                violations.is_empty(),
                "payload {i} should be valid: {violations:?}"
            );
        }
        std::fs::write(
            out.join(format!("payloads/{i:05}.json")),
            serde_json::to_string_pretty(&p).unwrap(),
        )
        .unwrap();
    }
    println!(
        "wrote {n} payloads ({invalid} invalid) and go_subject.json to {}",
        out.display()
    );
}
