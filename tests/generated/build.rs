//! With the `shared-data` feature: extract the full GO `context.subject` schema (the
//! request body of `POST /journey/start` in GBG's OpenAPI description), wrap it as a
//! task schema in the dashboard export form, and generate its module.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "shared-data")]
    shared::generate();
}

#[cfg(feature = "shared-data")]
mod shared {
    use std::fmt::Write;
    use std::path::PathBuf;

    use yaml_rust2::{Yaml, YamlLoader};

    pub fn generate() {
        println!("cargo:rerun-if-env-changed=GBG_GO_SHARED");
        let shared = std::env::var_os("GBG_GO_SHARED")
            .expect("GBG_GO_SHARED is not set: the shared-data suites need the shared data folder (../shared); .ci/run sets it");
        let spec = PathBuf::from(shared).join("gbg-go-api/openapi.yaml");
        println!("cargo:rerun-if-changed={}", spec.display());
        let text = std::fs::read_to_string(&spec)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec.display()));
        let docs =
            YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let subject = &docs[0]["paths"]["/journey/start"]["post"]["requestBody"]["content"]
            ["application/json"]["schema"]["properties"]["context"]["properties"]["subject"];
        assert!(
            !subject.is_badvalue(),
            "{} has no context.subject schema for POST /journey/start",
            spec.display()
        );
        let mut json = String::new();
        to_json(subject, &mut json);
        // The dashboard export form: the whole task document, draft-07.
        let task = format!(
            r#"{{"$schema":"http://json-schema.org/draft-07/schema#","title":"Go subject","type":"object","properties":{{"context":{{"type":"object","properties":{{"subject":{json}}},"required":["subject"]}}}},"required":["context"]}}"#
        );
        let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
        let schema_path = out.join("go_subject.json");
        std::fs::write(&schema_path, task).expect("write the extracted schema");
        let mut b = gbg_go_codegen::Builder::new();
        b.schema(&schema_path).out_dir(&out);
        if let Err(e) = b.compile() {
            panic!("{e}");
        }
    }

    /// YAML to JSON text, keeping member order (serde_json's map would sort it).
    fn to_json(y: &Yaml, out: &mut String) {
        match y {
            Yaml::Real(r) => out.push_str(r),
            Yaml::Integer(i) => write!(out, "{i}").unwrap(),
            Yaml::String(s) => out.push_str(&serde_json::to_string(s).unwrap()),
            Yaml::Boolean(b) => write!(out, "{b}").unwrap(),
            Yaml::Null => out.push_str("null"),
            Yaml::Array(a) => {
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    to_json(v, out);
                }
                out.push(']');
            }
            Yaml::Hash(h) => {
                out.push('{');
                for (i, (k, v)) in h.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        other => panic!("unsupported YAML key {other:?}"),
                    };
                    out.push_str(&serde_json::to_string(&key).unwrap());
                    out.push(':');
                    to_json(v, out);
                }
                out.push('}');
            }
            Yaml::Alias(_) | Yaml::BadValue => panic!("unsupported YAML node {y:?}"),
        }
    }
}
