// Shared by build.rs and the benchmark crate (through `include!`): extract the full
// GO `context.subject` schema from GBG's OpenAPI description and wrap it as a task
// schema in the dashboard export form. Needs `yaml_rust2` and `serde_json`.

/// The task schema text for the request body of `POST /journey/start` in `spec`.
pub fn subject_task_schema(spec: &std::path::Path) -> String {
    let text = std::fs::read_to_string(spec).unwrap_or_else(|e| panic!("cannot read {}: {e}", spec.display()));
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let subject = &docs[0]["paths"]["/journey/start"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]
        ["context"]["properties"]["subject"];
    assert!(!subject.is_badvalue(), "{} has no context.subject schema for POST /journey/start", spec.display());
    let mut json = String::new();
    to_json(subject, &mut json);
    format!(
        r#"{{"$schema":"http://json-schema.org/draft-07/schema#","title":"Go subject","type":"object","properties":{{"context":{{"type":"object","properties":{{"subject":{json}}},"required":["subject"]}}}},"required":["context"]}}"#
    )
}

/// YAML to JSON text, keeping member order (serde_json's map would sort it).
fn to_json(y: &yaml_rust2::Yaml, out: &mut String) {
    use std::fmt::Write;
    use yaml_rust2::Yaml;
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
