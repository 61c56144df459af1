//! Rust names from JSON names: `firstName` → `first_name` / `FirstName`,
//! `idNumbers` → `IdNumber`, keywords and non-identifiers made legal.

/// Split a JSON name into lowercase words at case changes, digits-to-letters and
/// non-alphanumerics: `firstName` → `first name`, `ID_number2fa` → `id number2 fa`.
pub fn words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if p.is_alphanumeric() => {
                (c.is_uppercase() && (p.is_lowercase() || p.is_numeric()))
                    || (c.is_uppercase()
                        && p.is_uppercase()
                        && next.is_some_and(char::is_lowercase))
                    || (c.is_alphabetic() && p.is_numeric() && c.is_uppercase())
            }
            _ => false,
        };
        if boundary && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Whether `s` is a Rust keyword (strict or reserved, 2015–2024).
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Identifiers stay ASCII so they are easy to type: Latin letters with diacritics
/// lose them (`ü` → `u`), anything else is dropped (the serde rename keeps the JSON
/// name exact, and codegen resolves any collision this causes).
fn ascii_fold(s: &str) -> String {
    const FROM: &str = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ";
    const TO: &str = "aaaaaaceeeeiiiinoooooouuuuyy";
    s.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c)
            } else {
                FROM.chars()
                    .position(|f| f == c)
                    .and_then(|i| TO.chars().nth(i))
            }
        })
        .collect()
}

/// `firstName` → `first_name`. The result is a legal identifier that is not a
/// keyword (a keyword gets a trailing `_`; a leading digit gets a leading `_`; a name
/// with no ASCII letters or digits becomes `field`).
pub fn snake_case(name: &str) -> String {
    let ws: Vec<String> = words(name)
        .iter()
        .map(|w| ascii_fold(w))
        .filter(|w| !w.is_empty())
        .collect();
    let mut s = ws.join("_");
    if s.is_empty() {
        s = "field".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    s
}

/// `current address` → `CurrentAddress`. Same legality rules as [`snake_case`], with
/// `Unnamed` as the fallback (for `""` and names without letters or digits).
pub fn pascal_case(name: &str) -> String {
    let mut s: String = words(name)
        .iter()
        .map(|w| ascii_fold(w))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    if s.is_empty() {
        s = "Unnamed".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    s
}

/// serde's `camelCase` of a snake_case name: `date_of_birth` → `dateOfBirth`,
/// `type_` → `type` (what `#[serde(rename_all = "camelCase")]` produces).
pub fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// English singular of a plural property name's last word: `idNumbers` → `idNumber`,
/// `addresses` → `address`, `previousAddresses` → `previousAddress`, `entries` → `entry`.
pub fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    for word in [
        "alias", "status", "census", "bonus", "campus", "virus", "bus",
    ] {
        if lower.ends_with(&format!("{word}es")) {
            return name[..name.len() - 2].to_owned();
        }
    }
    for (suffix, cut, add) in [
        ("ies", 3, "y"),
        ("sses", 2, ""),
        ("xes", 2, ""),
        ("ches", 2, ""),
        ("shes", 2, ""),
    ] {
        if lower.ends_with(suffix) && name.len() > suffix.len() {
            return format!("{}{add}", &name[..name.len() - cut]);
        }
    }
    if lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && name.len() > 1 {
        return name[..name.len() - 1].to_owned();
    }
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake_case("firstName"), "first_name");
        assert_eq!(snake_case("type"), "type_");
        assert_eq!(snake_case("2fa"), "_2fa");
        assert_eq!(snake_case("first-name"), "first_name");
        assert_eq!(snake_case(""), "field");
        assert_eq!(snake_case("ünïcode"), "unicode");
        assert_eq!(snake_case("IDNumber"), "id_number");
        assert_eq!(pascal_case("currentAddress"), "CurrentAddress");
        assert_eq!(pascal_case("self"), "Self_");
        assert_eq!(singular("idNumbers"), "idNumber");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("previousAddresses"), "previousAddress");
        assert_eq!(singular("address"), "address");
        assert_eq!(singular("entries"), "entry");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("aliases"), "alias");
    }
}
