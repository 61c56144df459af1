//! `gbg-go validate`'s formats for CI: GitHub workflow commands (annotations at
//! their line in a pull request's diff) and one SARIF 2.1.0 log (code scanning in
//! GitHub, GitLab, Azure DevOps).
//!
//! Both are built from the same [`Finding`]s the human and JSON Lines outputs show:
//! a violation in a payload (pointer, keyword, schema location, line:col in
//! characters), a schema diagnostic (an error or a lint warning), or a file that
//! could not be checked (missing, unreadable, malformed). Messages never hold a
//! payload value; `--show-values` adds the value's text to a payload finding.
//!
//! SARIF is written by hand with `serde_json` rather than through `serde-sarif`:
//! that crate generates its whole object model from the schema with typify at build
//! time (hundreds of types) for the handful of objects written here; the output is
//! checked against the official SARIF 2.1.0 schema in `tests/validate.rs`.

use serde_json::{json, Value};

/// Whether a finding fails the run or only warns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A payload breaks a rule of the schema: a SARIF result.
    Violation,
    /// A schema's own diagnostic: a lint warning is a result; an error (the schema
    /// cannot be used) is a tool execution notification.
    Schema,
    /// A file that could not be checked (missing, unreadable, malformed): a tool
    /// execution notification.
    Unchecked,
}

/// One thing to report, located in a file.
#[derive(Clone, Debug)]
pub struct Finding {
    pub kind: Kind,
    pub level: Level,
    /// The file, as given on the command line (or found in a directory).
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The rule: a JSON Schema keyword (`minLength`), a diagnostic code
    /// (`lint-allof-closed`), or `syntax` / `io`.
    pub rule: String,
    pub message: String,
    /// The payload pointer, for a violation.
    pub pointer: String,
    /// The schema location of the rule, for a violation.
    pub schema_location: String,
    /// The value's JSON text, only with `--show-values`.
    pub value: Option<String>,
}

impl Finding {
    /// ` (value: …)` when `--show-values` asked for the value, else nothing.
    fn value_suffix(&self) -> String {
        self.value
            .as_ref()
            .map_or_else(String::new, |v| format!(" (value: {v})"))
    }

    /// The message with the schema location and, when asked for, the value.
    fn full_message(&self) -> String {
        let mut text = self.message.clone();
        if !self.schema_location.is_empty() {
            text.push_str(&format!(" [{}]", self.schema_location));
        }
        text + &self.value_suffix()
    }
}

/// GitHub's escaping of a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per finding:
/// `::error file=<path>,line=<l>,col=<c>,title=<rule>::<message> [<schema location>]`.
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "::{} file={},line={},col={},title={}::{}\n",
            f.level.as_str(),
            escape_property(&f.file),
            f.line,
            f.column,
            escape_property(&f.rule),
            escape_data(&f.full_message())
        ));
    }
    out
}

/// What a rule checks, for SARIF's `rules[].help`.
fn rule_help(rule: &str) -> String {
    let text = match rule {
        "type" => "The value must be of the JSON type the schema names.",
        "required" => "The object must have every property the schema lists as required.",
        "additionalProperties" => "The object has a property the schema does not allow.",
        "minLength" | "maxLength" => {
            "The string's length, in characters, must be within the schema's bounds."
        }
        "pattern" => "The string must match the schema's regular expression (ECMA-262).",
        "format" => {
            "The string must be a valid value of the schema's `format` (a date, an email, …)."
        }
        "enum" => "The value must be one of the values the schema lists.",
        "const" => "The value must equal the schema's constant.",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
            "The number must be within the schema's bounds."
        }
        "multipleOf" => "The number must be a multiple of the schema's divisor.",
        "minItems" | "maxItems" => {
            "The array's number of items must be within the schema's bounds."
        }
        "uniqueItems" => "The array's items must be unique.",
        "contains" | "minContains" | "maxContains" => {
            "The array must hold the number of matching items the schema asks for."
        }
        "minProperties" | "maxProperties" => {
            "The object's number of properties must be within the schema's bounds."
        }
        "dependentRequired" | "dependencies" => {
            "A property the schema makes required by another property's presence is missing."
        }
        "propertyNames" => "A property name breaks the schema's `propertyNames` rule.",
        "anyOf" => "The value must match at least one of the schema's alternatives.",
        "oneOf" => "The value must match exactly one of the schema's alternatives.",
        "not" => "The value must not match the schema's `not` subschema.",
        "false" | "additionalItems" | "items" | "unevaluatedProperties" | "unevaluatedItems" => {
            "The schema allows no value here."
        }
        "depth" => "The document is nested deeper than 128 levels.",
        "syntax" => "The file is not valid JSON (duplicate keys are refused).",
        "io" => "The file could not be read.",
        other if other.starts_with("lint-") => {
            "A schema lint: a rule that can never hold, or that GO's exports get wrong."
        }
        _ => "A rule of the schema (see the violation's schema location).",
    };
    format!("`{rule}`: {text}")
}

/// A path as a SARIF `artifactLocation.uri`: relative to the working directory
/// when the file lies under it, `/`-separated, percent-encoded as a URI reference.
fn artifact_uri(file: &str) -> String {
    let path = std::path::Path::new(file);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(|p| p.to_path_buf()))
        .unwrap_or_else(|| path.to_path_buf());
    let text = relative.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text);
    let mut out = String::new();
    // Still absolute: the file lies outside the working directory.
    if relative.is_absolute() {
        out.push_str("file://");
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn location(f: &Finding) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(&f.file)},
            "region": {"startLine": f.line.max(1), "startColumn": f.column.max(1)}
        }
    })
}

/// One SARIF 2.1.0 log for the whole run.
pub fn sarif(findings: &[Finding]) -> Value {
    let mut rules: Vec<&str> = Vec::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    // The run failed when a file or schema could not be checked.
    let mut successful = true;
    for f in findings {
        let is_result = match f.kind {
            Kind::Violation => true,
            Kind::Schema => f.level == Level::Warning,
            Kind::Unchecked => false,
        };
        if is_result {
            let index = match rules.iter().position(|r| *r == f.rule) {
                Some(i) => i,
                None => {
                    rules.push(&f.rule);
                    rules.len() - 1
                }
            };
            let mut properties = serde_json::Map::new();
            if !f.pointer.is_empty() || f.kind == Kind::Violation {
                properties.insert("pointer".into(), json!(f.pointer));
            }
            if !f.schema_location.is_empty() {
                properties.insert("schemaLocation".into(), json!(f.schema_location));
            }
            let message = f.message.clone() + &f.value_suffix();
            results.push(json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": f.level.as_str(),
                "message": {"text": message},
                "locations": [location(f)],
                "properties": properties,
            }));
        } else {
            successful &= f.level != Level::Error;
            notifications.push(json!({
                "level": f.level.as_str(),
                "message": {"text": format!("{}: {}", f.rule, f.message)},
                "locations": [location(f)],
            }));
        }
    }
    let rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            let help = rule_help(r);
            json!({
                "id": r,
                "shortDescription": {"text": help},
                "help": {"text": help},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gbg-go",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://docs.go.gbgplc.com",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": successful,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_messages_and_properties() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(artifact_uri("schemas/a b.json"), "schemas/a%20b.json");
        assert_eq!(artifact_uri("./x/ü.json"), "x/%C3%BC.json");
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("p.json");
        assert_eq!(artifact_uri(&inside.display().to_string()), "p.json");
        assert!(artifact_uri("/elsewhere/p.json").starts_with("file:///elsewhere/"));
    }
}
