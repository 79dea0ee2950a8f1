//! The SQL dialect the stores write, and its two spellings. Statements use PostgreSQL's
//! numbered placeholders `$1, $2, ...`; for SQLite they become `?1, ?2, ...` (SQLite reads
//! `$1` as a *named* parameter numbered by first appearance, which is wrong as soon as a
//! statement names them out of order). Schemas say `BLOB`; PostgreSQL's name is `BYTEA`.

use std::borrow::Cow;

/// The end of the `--` comment starting at `i` (the index of its newline, or the end).
fn comment_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n)
}

/// Whether a `--` comment starts at `i`.
fn comment_at(b: &[u8], i: usize) -> bool {
    b[i] == b'-' && b.get(i + 1) == Some(&b'-')
}

/// Applies `f` to every character outside single-quoted literals and `--` comments (an
/// apostrophe in a comment opens no literal).
fn rewrite_outside_literals(
    sql: &str,
    mut f: impl FnMut(&str, usize, &mut String) -> usize,
) -> String {
    let mut out = String::with_capacity(sql.len());
    let bytes = sql.as_bytes();
    let mut i = 0;
    let mut quoted = false;
    while i < bytes.len() {
        let c = bytes[i];
        if !quoted && comment_at(bytes, i) {
            let end = comment_end(bytes, i);
            out.push_str(&sql[i..end]);
            i = end;
            continue;
        }
        if c == b'\'' {
            quoted = !quoted;
        }
        if quoted {
            out.push(c as char);
            i += 1;
            continue;
        }
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
    out
}

/// Whether the `$N` placeholders of `sql` first appear in the order 1, 2, 3, ... (SQLite
/// then numbers them as PostgreSQL does, and the text can be used as it is).
fn numbered_in_order(sql: &str) -> bool {
    let b = sql.as_bytes();
    let (mut next, mut i, mut quoted) = (1u32, 0, false);
    while i < b.len() {
        if !quoted && comment_at(b, i) {
            i = comment_end(b, i);
            continue;
        }
        match b[i] {
            b'\'' => quoted = !quoted,
            b'$' if !quoted => {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                if end > start {
                    let n: u32 = sql[start..end].parse().unwrap_or(0);
                    if n == next {
                        next += 1;
                    } else if n > next || n == 0 {
                        return false;
                    }
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// `$N` placeholders as SQLite's `?N` (the text itself when they appear in order).
pub fn sqlite_placeholders(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') || numbered_in_order(sql) {
        return Cow::Borrowed(sql);
    }
    Cow::Owned(rewrite_outside_literals(sql, |s, i, out| {
        let b = s.as_bytes();
        if b[i] == b'$' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            out.push('?');
            1
        } else {
            0
        }
    }))
}

/// A schema script for PostgreSQL: the word `BLOB` becomes `BYTEA`.
pub fn postgres_schema(sql: &str) -> String {
    rewrite_outside_literals(sql, |s, i, out| {
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
    fn blob_is_bytea_on_postgres() {
        assert_eq!(
            postgres_schema(
                "CREATE TABLE t (b BLOB NOT NULL, blobby TEXT, c blob, d TEXT DEFAULT 'BLOB')"
            ),
            "CREATE TABLE t (b BYTEA NOT NULL, blobby TEXT, c BYTEA, d TEXT DEFAULT 'BLOB')"
        );
    }
}
