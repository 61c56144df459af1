//! `format` assertions. Written here rather than taken from a crate because the
//! reference validator's format code is not public API, and these must give the
//! same verdicts in generated code, the macro and the CLI without extra dependencies.

use crate::ir::Format;

/// Whether `s` is valid for `format`.
pub fn check(format: Format, s: &str) -> bool {
    match format {
        Format::Date => is_date(s),
        Format::DateTime => is_date_time(s),
        Format::Time => is_time(s),
        Format::Email => is_email(s),
        Format::Uri => is_uri(s),
        Format::UriReference => is_uri_reference(s),
        Format::Uuid => is_uuid(s),
        Format::Ipv4 => s.parse::<std::net::Ipv4Addr>().is_ok(),
        Format::Ipv6 => s.parse::<std::net::Ipv6Addr>().is_ok(),
        Format::Hostname => is_hostname(s),
        Format::JsonPointer => is_json_pointer(s),
        // A `regex` value must be valid in Unicode mode (no legacy identity escapes
        // such as `\a`), unlike `pattern`, which also accepts the legacy syntax.
        Format::Regex => regress::Regex::with_flags(s, "u").is_ok(),
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// RFC 3339 `full-date`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10]))
    else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// RFC 3339 `full-time` (a leap second only at 23:59:60 UTC).
pub fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (digits(&s[0..2]), digits(&s[3..5]), digits(&s[6..8]))
    else {
        return false;
    };
    if h > 23 || m > 59 || sec > 60 {
        return false;
    }
    let mut rest = &s[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    let offset_minutes: i64 = if rest.eq_ignore_ascii_case("z") {
        0
    } else {
        let rb = rest.as_bytes();
        if rb.len() != 6 || (rb[0] != b'+' && rb[0] != b'-') || rb[3] != b':' {
            return false;
        }
        let (Some(oh), Some(om)) = (digits(&rest[1..3]), digits(&rest[4..6])) else {
            return false;
        };
        if oh > 23 || om > 59 {
            return false;
        }
        let total = i64::from(oh * 60 + om);
        if rb[0] == b'+' {
            total
        } else {
            -total
        }
    };
    if sec == 60 {
        let utc = (i64::from(h * 60 + m) - offset_minutes).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

/// RFC 3339 `date-time`.
pub fn is_date_time(s: &str) -> bool {
    match s.char_indices().nth(10) {
        Some((10, 'T' | 't')) => is_date(&s[..10]) && is_time(&s[11..]),
        _ => false,
    }
}

/// A practical RFC 5321 mailbox: dot-atom or quoted local part, host name or
/// bracketed IP literal domain.
pub fn is_email(s: &str) -> bool {
    let Some(at) = s.rfind('@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        !local[1..local.len() - 1].contains('"')
    } else {
        !local.is_empty()
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| {
                c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c) || !c.is_ascii()
            })
    };
    let domain_ok = if let Some(lit) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        match lit.strip_prefix("IPv6:") {
            Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
            None => lit.parse::<std::net::Ipv4Addr>().is_ok(),
        }
    } else {
        is_hostname(domain)
    };
    local_ok && domain_ok
}

/// RFC 1123 host name.
pub fn is_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// RFC 4122 textual UUID.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// RFC 6901 JSON pointer.
pub fn is_json_pointer(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    if !s.starts_with('/') {
        return false;
    }
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

fn pct_and_chars_ok(s: &str, extra: &[u8]) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if i + 2 >= b.len() || !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
            continue;
        }
        // unreserved / sub-delims, plus what the component allows
        let ok = c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&c) || extra.contains(&c);
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

/// RFC 3986 authority: `[userinfo@]host[:port]`.
fn authority_ok(a: &str) -> bool {
    let (userinfo, hostport) = match a.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, a),
    };
    if userinfo.is_some_and(|u| !pct_and_chars_ok(u, b":")) {
        return false;
    }
    let (host, port) = if let Some(rest) = hostport.strip_prefix('[') {
        let Some((lit, after)) = rest.split_once(']') else {
            return false;
        };
        let lit_ok = lit.parse::<std::net::Ipv6Addr>().is_ok()
            || (lit.starts_with(['v', 'V']) && lit.contains('.'));
        if !lit_ok {
            return false;
        }
        match after {
            "" => ("", None),
            p => match p.strip_prefix(':') {
                Some(port) => ("", Some(port)),
                None => return false,
            },
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit())) && pct_and_chars_ok(host, b"")
}

/// Path, query and fragment characters.
fn tail_ok(s: &str) -> bool {
    let (before_frag, frag) = s.split_once('#').map_or((s, None), |(a, f)| (a, Some(f)));
    pct_and_chars_ok(before_frag, b":@/?") && frag.is_none_or(|f| pct_and_chars_ok(f, b":@/?"))
}

fn hier_ok(rest: &str, relative: bool) -> bool {
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        authority_ok(&after[..end]) && tail_ok(&after[end..])
    } else {
        // A relative-path reference may not have a colon in its first segment.
        let first = rest.split(['/', '?', '#']).next().unwrap_or("");
        !(relative && first.contains(':')) && tail_ok(rest)
    }
}

fn scheme_ok(scheme: &str) -> bool {
    let mut sc = scheme.bytes();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.')
}

/// RFC 3986 URI reference.
pub fn is_uri_reference(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) if scheme_ok(scheme) => hier_ok(rest, false),
        _ => hier_ok(s, true),
    }
}

/// RFC 3986 absolute URI (`scheme:` required).
pub fn is_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => scheme_ok(scheme) && hier_ok(rest, false),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2020-02-29"));
        assert!(!is_date("2021-02-29"));
        assert!(!is_date("1963-6-19"));
        assert!(is_date_time("1963-06-19T08:30:06.283185Z"));
        assert!(!is_date_time("1963-06-19 08:30:06Z"));
        assert!(is_time("23:59:60Z"));
        assert!(!is_time("22:59:60Z"));
        assert!(is_time("15:59:60-08:00"));
    }

    #[test]
    fn others() {
        assert!(is_email("joe.bloggs@example.com"));
        assert!(!is_email("2962"));
        assert!(is_uri("https://example.com/a?b#c"));
        assert!(!is_uri("//example.com"));
        assert!(!is_uri("http://exa mple.com"));
        assert!(is_uuid("2eb8aa08-aa98-11ea-b4aa-73b441d16380"));
        assert!(!check(Format::Ipv4, "192.168.01.1"));
        assert!(check(Format::Ipv6, "::1"));
    }
}
