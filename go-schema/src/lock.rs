//! `gbg-go.lock`: which GO journey version a folder of pulled schemas came from, and a
//! hash of each schema, so that a build, a running service and a CI job can tell when
//! the dashboard has moved on.
//!
//! `gbg-go pull` writes it beside the schema files; the build-time generator reads it
//! (a schema that no longer matches its entry is a build error naming the file); the
//! client pins starts to the locked version and checks drift against it.
//!
//! ```json
//! {
//!   "resourceId": "verification@latest",
//!   "deliveryId": "verification",
//!   "resolvedVersion": "1",
//!   "files": [
//!     {"file": "details.verification.json", "interactionId": "details",
//!      "sha256": "…64 hex digits…"}
//!   ]
//! }
//! ```
//!
//! A schema's hash is the SHA-256 of its *canonical JSON*: object members sorted by
//! key, no insignificant whitespace, numbers and strings as serde_json writes them.
//! Reformatting a file keeps its hash; any change of content does not.
//!
//! ```
//! use gbg_go_schema::lock::{canonical_json, canonical_sha256};
//! let a: serde_json::Value = serde_json::from_str(r#"{"b": 1, "a": [true, {"d": 2, "c": 3}]}"#)?;
//! assert_eq!(canonical_json(&a), r#"{"a":[true,{"c":3,"d":2}],"b":1}"#);
//! let b: serde_json::Value = serde_json::from_str("{ \"a\" : [true,{\"c\":3,\"d\":2}], \"b\": 1 }")?;
//! assert_eq!(canonical_sha256(&a), canonical_sha256(&b));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// The lock file's name, beside the schema files.
pub const LOCK_FILE: &str = "gbg-go.lock";

/// One pulled schema file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedFile {
    /// The file name, relative to the lock's folder.
    pub file: String,
    /// The design-time interaction id GO's `schema/fetch` gave it.
    pub interaction_id: String,
    /// The instruction variant, if any.
    pub instruction: Option<String>,
    /// SHA-256 of the schema's canonical JSON, lowercase hex.
    pub sha256: String,
}

/// A lock: the resource id as asked, what it resolved to, and each file's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lock {
    /// The resource id as given to `pull` (`verification@latest`).
    pub resource_id: String,
    /// GO's `deliveryId`.
    pub delivery_id: String,
    /// The version `resource_id` resolved to.
    pub resolved_version: String,
    /// The files, sorted by name.
    pub files: Vec<LockedFile>,
}

/// A lock file that cannot be read or understood.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The file could not be read.
    #[error("{0}: cannot read: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    /// The file is not a lock.
    #[error("{0}: not a gbg-go lock file: {1}")]
    Malformed(PathBuf, String),
}

impl Lock {
    /// `<deliveryId>@<resolvedVersion>`: the resource id that pins a start to the
    /// locked version.
    pub fn pinned_resource_id(&self) -> String {
        format!("{}@{}", self.delivery_id, self.resolved_version)
    }

    /// The entry of a file, by name.
    pub fn entry(&self, file: &str) -> Option<&LockedFile> {
        self.files.iter().find(|f| f.file == file)
    }

    /// The lock in `dir`, if there is one.
    ///
    /// # Errors
    /// An unreadable or malformed lock file.
    pub fn find(dir: &Path) -> Result<Option<Lock>, LockError> {
        let path = dir.join(LOCK_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => Lock::parse(&bytes)
                .map(Some)
                .map_err(|e| LockError::Malformed(path, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(LockError::Io(path, e)),
        }
    }

    /// Read a lock file.
    ///
    /// # Errors
    /// An unreadable or malformed lock file.
    pub fn read(path: &Path) -> Result<Lock, LockError> {
        let bytes = std::fs::read(path).map_err(|e| LockError::Io(path.to_owned(), e))?;
        Lock::parse(&bytes).map_err(|e| LockError::Malformed(path.to_owned(), e))
    }

    /// Parse a lock's text.
    ///
    /// # Errors
    /// What is missing or of the wrong type (the text holds no personal data, but
    /// the message names members only).
    pub fn parse(bytes: &[u8]) -> Result<Lock, String> {
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("not JSON (line {}, column {})", e.line(), e.column()))?;
        let text = |v: &Value, key: &str| -> Result<String, String> {
            v.get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("`{key}` must be a string"))
        };
        let files = v
            .get("files")
            .and_then(Value::as_array)
            .ok_or("`files` must be an array")?
            .iter()
            .map(|f| {
                Ok(LockedFile {
                    file: text(f, "file")?,
                    interaction_id: text(f, "interactionId")?,
                    instruction: match f.get("instruction") {
                        None | Some(Value::Null) => None,
                        Some(Value::String(s)) => Some(s.clone()),
                        Some(_) => return Err("`instruction` must be a string".to_owned()),
                    },
                    sha256: text(f, "sha256")?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Lock {
            resource_id: text(&v, "resourceId")?,
            delivery_id: text(&v, "deliveryId")?,
            resolved_version: text(&v, "resolvedVersion")?,
            files,
        })
    }

    /// The lock's text: pretty JSON with a fixed member order and files sorted by
    /// name, ending in a newline, so that the same lock is always the same bytes.
    pub fn to_text(&self) -> String {
        let mut files = self.files.clone();
        files.sort_by(|a, b| a.file.cmp(&b.file));
        let files: Vec<Value> = files
            .iter()
            .map(|f| {
                let mut m = Map::new();
                m.insert("file".into(), json!(f.file));
                m.insert("interactionId".into(), json!(f.interaction_id));
                if let Some(i) = &f.instruction {
                    m.insert("instruction".into(), json!(i));
                }
                m.insert("sha256".into(), json!(f.sha256));
                Value::Object(m)
            })
            .collect();
        let mut root = Map::new();
        root.insert("resourceId".into(), json!(self.resource_id));
        root.insert("deliveryId".into(), json!(self.delivery_id));
        root.insert("resolvedVersion".into(), json!(self.resolved_version));
        root.insert("files".into(), Value::Array(files));
        let mut out = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
        out.push('\n');
        out
    }
}

/// A value's canonical JSON: object members sorted by key, compact.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push(':');
                write_canonical(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&serde_json::to_string(scalar).unwrap_or_default()),
    }
}

/// A value's canonical JSON, pretty-printed with sorted members and a final newline:
/// the form `gbg-go pull` writes schema files in.
pub fn canonical_pretty(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                Value::Object(
                    keys.into_iter()
                        .map(|k| (k.clone(), sorted(&m[k])))
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    // serde_json may keep insertion order (`preserve_order`), so members are inserted
    // sorted.
    let mut out = serde_json::to_string_pretty(&sorted(v)).unwrap_or_default();
    out.push('\n');
    out
}

/// SHA-256 of bytes, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// SHA-256 of a value's canonical JSON.
pub fn canonical_sha256(v: &Value) -> String {
    sha256_hex(canonical_json(v).as_bytes())
}

/// Check a schema file against the lock beside it, if there is one: `Ok(None)`
/// without a lock or without an entry for the file, `Ok(Some(entry))` when the file
/// matches its entry.
///
/// # Errors
/// A message naming the file when its content no longer matches its entry, or when
/// the lock or the file cannot be read.
pub fn check_file(path: &Path) -> Result<Option<(Lock, LockedFile)>, String> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let Some(lock) = Lock::find(dir).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(entry) = lock.entry(&name).cloned() else {
        return Ok(None);
    };
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}:{}:{}: not JSON", path.display(), e.line(), e.column()))?;
    let actual = canonical_sha256(&value);
    if actual != entry.sha256 {
        return Err(format!(
            "{} no longer matches its entry in {} (locked {} at version {}, sha256 {}; the file's is {actual}): pull the journey again (`gbg-go pull {}`), or restore the file",
            path.display(),
            dir.join(LOCK_FILE).display(),
            lock.delivery_id,
            lock.resolved_version,
            entry.sha256,
            lock.resource_id
        ));
    }
    Ok(Some((lock, entry)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest_and_round_trip() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let lock = Lock {
            resource_id: "j@latest".into(),
            delivery_id: "j".into(),
            resolved_version: "3".into(),
            files: vec![
                LockedFile {
                    file: "b.j.json".into(),
                    interaction_id: "b".into(),
                    instruction: Some("Side2Required".into()),
                    sha256: "00".into(),
                },
                LockedFile {
                    file: "a.j.json".into(),
                    interaction_id: "a".into(),
                    instruction: None,
                    sha256: "11".into(),
                },
            ],
        };
        let text = lock.to_text();
        let back = Lock::parse(text.as_bytes()).unwrap();
        assert_eq!(back.files[0].file, "a.j.json", "sorted");
        assert_eq!(back.to_text(), text, "same lock, same bytes");
        assert_eq!(back.pinned_resource_id(), "j@3");
        assert!(Lock::parse(b"{\"files\": 1}").is_err());
    }

    #[test]
    fn pretty_form_is_sorted_and_stable() {
        let v: Value = serde_json::from_str(r#"{"z": {"b": 1, "a": 2}, "a": []}"#).unwrap();
        let text = canonical_pretty(&v);
        assert!(text.find("\"a\"").unwrap() < text.find("\"z\"").unwrap());
        let again: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(canonical_pretty(&again), text);
        assert_eq!(canonical_sha256(&again), canonical_sha256(&v));
    }
}
