//! `application/x-www-form-urlencoded` (query strings and form bodies) for the dashboard
//! and the operator API, decoded leniently by `form_urlencoded` (WHATWG URL): a broken
//! escape stays as it is, invalid UTF-8 becomes U+FFFD.

/// The pairs of `s`, in order.
pub(crate) fn pairs(s: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(s.as_bytes()).into_owned().collect()
}

/// The first value of `key`, when not empty.
pub(crate) fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, v)| k == key && !v.is_empty())
        .map(|(_, v)| v.as_str())
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
