//! The journey resource id: `<id>@<version>`, `<id>@latest`, or a bare `<id>`.
//!
//! One parser serves the client and the sandbox. A bare id means the latest version:
//! GBG's newest description makes `@version` optional without saying what its
//! absence means (INFERRED, DESIGN *Capture semantics*, "Resource ids").

use std::fmt;
use std::str::FromStr;

/// A journey's resource id: `<id>@<version>` (one published version), or
/// `<id>@latest` / a bare `<id>` (the newest).
///
/// ```
/// use gbg_go_wire::ResourceId;
/// let pinned: ResourceId = "onboarding@2".parse()?;
/// assert_eq!(pinned, ResourceId::pinned("onboarding", "2"));
/// assert_eq!(ResourceId::latest("onboarding").to_string(), "onboarding@latest");
/// // A bare id means the latest version (INFERRED).
/// assert_eq!("onboarding".parse::<ResourceId>()?, ResourceId::latest("onboarding"));
/// assert!("onboarding@".parse::<ResourceId>().is_err());
/// # Ok::<(), gbg_go_wire::ResourceIdError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResourceId {
    id: String,
    version: Option<String>,
}

/// A string that is not `<id>@latest` or `<id>@<version>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceIdError(String);

fn valid_part(s: &str, extra: &[u8]) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || extra.contains(&b))
}

/// Whether `id` is a journey id without a version: letters, digits, `_` and `-`.
pub fn is_journey_id(id: &str) -> bool {
    valid_part(id, b"")
}

/// Whether `version` is a version: letters, digits, `_`, `-` and `.` (`latest`
/// included: it names the newest).
pub fn is_version(version: &str) -> bool {
    valid_part(version, b".")
}

impl ResourceId {
    /// `<id>@latest`: the newest published version (GO notes it may add a small
    /// delay).
    pub fn latest(id: impl Into<String>) -> ResourceId {
        ResourceId {
            id: id.into(),
            version: None,
        }
    }

    /// `<id>@<version>`: one published version, which never changes.
    pub fn pinned(id: impl Into<String>, version: impl Into<String>) -> ResourceId {
        ResourceId {
            id: id.into(),
            version: Some(version.into()),
        }
    }

    /// The id without the version.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The pinned version, or `None` for `@latest`.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}@{}",
            self.id,
            self.version.as_deref().unwrap_or("latest")
        )
    }
}

impl FromStr for ResourceId {
    type Err = ResourceIdError;
    fn from_str(s: &str) -> Result<ResourceId, ResourceIdError> {
        let (id, version) = s.split_once('@').unwrap_or((s, "latest"));
        if !is_journey_id(id) {
            return Err(ResourceIdError(format!(
                "`{id}` is not a journey id (letters, digits, `_`, `-`)"
            )));
        }
        if !is_version(version) {
            return Err(ResourceIdError(format!(
                "`{version}` is not a version (letters, digits, `_`, `-`, `.`)"
            )));
        }
        Ok(if version == "latest" {
            ResourceId::latest(id)
        } else {
            ResourceId::pinned(id, version)
        })
    }
}

impl fmt::Display for ResourceIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid resource id: {}", self.0)
    }
}

impl std::error::Error for ResourceIdError {}

impl serde::Serialize for ResourceId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ResourceId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ResourceId, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
