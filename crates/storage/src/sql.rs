//! The SQL dialect the stores write, and its two spellings. Statements use PostgreSQL's
//! numbered placeholders `$1, $2, ...`; for SQLite they become `?1, ?2, ...` (SQLite reads
//! `$1` as a *named* parameter numbered by first appearance, which is wrong as soon as a
//! statement names them out of order). Schemas say `BLOB`; PostgreSQL's name is `BYTEA`.
//! Both rewrites touch code only, never literals, quoted identifiers or comments.

use std::borrow::Cow;
use std::ops::Range;

/// The runs of `sql` that are code, in order: what lies outside `'...'` literals,
/// `"..."` quoted identifiers, `--` comments (to the end of the line) and `/* */`
/// comments. A doubled quote inside a literal or identifier (`'it''s'`) ends it and opens
/// the next at once, which leaves the code runs the same. A quote inside a comment, or a
/// comment marker inside quotes, is text.
fn code_runs(sql: &str) -> Vec<Range<usize>> {
    let b = sql.as_bytes();
    let mut runs = Vec::new();
    let (mut from, mut i) = (0, 0);
    while i < b.len() {
        let skip_to = match (b[i], b.get(i + 1)) {
            (q @ (b'\'' | b'"'), _) => Some(find(b, i + 1, &[q]).map_or(b.len(), |j| j + 1)),
            (b'-', Some(b'-')) => Some(find(b, i + 2, b"\n").unwrap_or(b.len())),
            (b'/', Some(b'*')) => Some(find(b, i + 2, b"*/").map_or(b.len(), |j| j + 2)),
            _ => None,
        };
        match skip_to {
            Some(end) => {
                if from < i {
                    runs.push(from..i);
                }
                i = end;
                from = end;
            }
            None => i += 1,
        }
    }
    if from < b.len() {
        runs.push(from..b.len());
    }
    runs
}

/// Where `needle` next starts in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|n| from + n)
}

/// Copies `sql`, applying `f` at each position of its code runs ([`code_runs`]): `f`
/// returns how many octets it consumed (and wrote in their place), or 0 to have the
/// character copied as it is. Literals, quoted identifiers and comments are copied.
fn rewrite_code(sql: &str, mut f: impl FnMut(&str, usize, &mut String) -> usize) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    for run in code_runs(sql) {
        out.push_str(&sql[i..run.start]);
        i = run.start;
        while i < run.end {
            let used = f(sql, i, &mut out);
            if used == 0 {
                // Not ASCII-only at this point: copy the whole UTF-8 character.
                let ch = sql[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            } else {
                i += used;
            }
        }
    }
    out.push_str(&sql[i..]);
    out
}

/// The number of the `$N` placeholder at `i`, and where it ends.
fn placeholder_at(sql: &str, i: usize) -> Option<(u32, usize)> {
    let b = sql.as_bytes();
    if b[i] != b'$' {
        return None;
    }
    let end = i + 1 + b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    (end > i + 1).then(|| (sql[i + 1..end].parse().unwrap_or(0), end))
}

/// Whether the `$N` placeholders of `sql` first appear in the order 1, 2, 3, ... (SQLite
/// then numbers them as PostgreSQL does, and the text can be used as it is).
fn numbered_in_order(sql: &str) -> bool {
    let mut next = 1u32;
    for run in code_runs(sql) {
        let mut i = run.start;
        while i < run.end {
            let Some((n, end)) = placeholder_at(sql, i) else {
                i += 1;
                continue;
            };
            if n == next {
                next += 1;
            } else if n > next || n == 0 {
                return false;
            }
            i = end;
        }
    }
    true
}

/// `$N` placeholders as SQLite's `?N` (the text itself when they appear in order).
pub fn sqlite_placeholders(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') || numbered_in_order(sql) {
        return Cow::Borrowed(sql);
    }
    Cow::Owned(rewrite_code(sql, |s, i, out| {
        if placeholder_at(s, i).is_some() {
            out.push('?');
            1
        } else {
            0
        }
    }))
}

/// A schema script for PostgreSQL: the word `BLOB` becomes `BYTEA`.
pub fn postgres_schema(sql: &str) -> String {
    rewrite_code(sql, |s, i, out| {
        let b = s.as_bytes();
        let word = |j: usize| {
            b.get(j)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        };
        let starts = i == 0 || !word(i - 1);
        if starts && s[i..].len() >= 4 && s[i..i + 4].eq_ignore_ascii_case("BLOB") && !word(i + 4) {
            out.push_str("BYTEA");
            4
        } else {
            0
        }
    })
}

/// A select list with some of its columns read as `NULL`: `columns` is a comma-separated
/// list of column names; each one named in `nulled` is replaced by `NULL` where it stands, so
/// rows still decode by position. For whole-table reads that leave large octets in the
/// database (certificates, bound profile packages). Every name in `nulled` must be one of
/// the columns.
pub fn null_columns(columns: &str, nulled: &[&str]) -> String {
    let names: Vec<&str> = columns.split(',').map(str::trim).collect();
    debug_assert!(
        nulled.iter().all(|n| names.contains(n)),
        "{nulled:?} are not all among {columns}"
    );
    names
        .into_iter()
        .map(|c| if nulled.contains(&c) { "NULL" } else { c })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_columns_blanks_the_named_columns_in_place() {
        assert_eq!(
            null_columns("id, cert,\n    status, blob", &["cert", "blob"]),
            "id, NULL, status, NULL"
        );
        assert_eq!(null_columns("a, b", &[]), "a, b");
    }

    #[test]
    fn numbered_placeholders_keep_their_numbers() {
        assert_eq!(
            sqlite_placeholders("UPDATE t SET a = $2 WHERE k = $1 AND s = '$1'"),
            "UPDATE t SET a = ?2 WHERE k = ?1 AND s = '$1'"
        );
        assert!(matches!(sqlite_placeholders("SELECT 1"), Cow::Borrowed(_)));
        // In order (a repeated one included): used as written, no copy.
        let in_order = "INSERT INTO t VALUES ($1, $2, $1, $3)";
        assert!(matches!(sqlite_placeholders(in_order), Cow::Borrowed(_)));
        assert_eq!(sqlite_placeholders("SELECT $2, $1"), "SELECT ?2, ?1");
    }

    #[test]
    fn comments_are_copied_and_open_no_literal() {
        assert_eq!(
            postgres_schema("-- the device's octets\nCREATE TABLE t (b BLOB) -- a BLOB"),
            "-- the device's octets\nCREATE TABLE t (b BYTEA) -- a BLOB"
        );
        assert_eq!(
            sqlite_placeholders("SELECT $2 -- it's $1\n, $1"),
            "SELECT ?2 -- it's $1\n, ?1"
        );
    }

    #[test]
    fn block_comments_and_quoted_identifiers_are_not_code() {
        assert_eq!(
            sqlite_placeholders("SELECT $2 /* not $1, nor '$3 */, \"$1 col\", $1"),
            "SELECT ?2 /* not $1, nor '$3 */, \"$1 col\", ?1"
        );
        assert_eq!(
            postgres_schema("CREATE TABLE \"BLOB\" (b BLOB /* a BLOB */, c TEXT)"),
            "CREATE TABLE \"BLOB\" (b BYTEA /* a BLOB */, c TEXT)"
        );
        // $2 inside a comment does not count as the second placeholder's first use.
        assert_eq!(
            sqlite_placeholders("SELECT /* $2 */ $1, $2"),
            "SELECT /* $2 */ $1, $2"
        );
        // A doubled quote stays inside its literal; an unclosed comment runs to the end.
        assert_eq!(
            sqlite_placeholders("SELECT 'it''s $1', $2, $1 /* $9"),
            "SELECT 'it''s $1', ?2, ?1 /* $9"
        );
    }

    #[test]
    fn blob_is_bytea_on_postgres() {
        assert_eq!(
            postgres_schema(
                "CREATE TABLE t (b BLOB NOT NULL, blobby TEXT, c blob, d TEXT DEFAULT 'BLOB')"
            ),
            "CREATE TABLE t (b BYTEA NOT NULL, blobby TEXT, c BYTEA, d TEXT DEFAULT 'BLOB')"
        );
    }
}
