//! `application/x-www-form-urlencoded` (query strings and form bodies), decoded leniently:
//! a broken escape stays as it is, invalid UTF-8 becomes U+FFFD.

/// The pairs of `s`, in order.
pub fn pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The first value of `key`, when not empty.
pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, v)| k == key && !v.is_empty())
        .map(|(_, v)| v.as_str())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_plus_and_broken_input() {
        let p = pairs("q=89%2049&state=&x=%zz&y=a+b&z=%4");
        assert_eq!(get(&p, "q"), Some("89 49"));
        assert_eq!(get(&p, "state"), None);
        assert_eq!(get(&p, "x"), Some("%zz"));
        assert_eq!(get(&p, "y"), Some("a b"));
        assert_eq!(get(&p, "z"), Some("%4"));
    }
}
