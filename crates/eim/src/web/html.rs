//! HTML building: every value that did not come from this file goes through [`esc`]; the
//! page frame links the embedded style and script only (the Content-Security-Policy of
//! the web module's `secure` headers forbids anything else).

use std::fmt::Write;

/// `s` escaped for HTML text and attribute values (double-quoted): the charts' own.
pub use charts::esc;

/// `s` escaped for a URL query value (then [`esc`] for the attribute).
pub fn url_value(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A Unix-ms time of the eIM's clock, `YYYY-MM-DD HH:MM:SS` UTC.
pub fn time(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .ok()
        })
        .unwrap_or_else(|| ms.to_string())
}

/// An optional text, `–` when absent.
pub fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "–".to_string(), esc)
}

/// The navigation entries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Fleet,
    Devices,
}

/// A whole page around `body` (already HTML).
pub fn page(title: &str, nav: Nav, eim_id: &str, body: &str) -> String {
    let current = |n: Nav| {
        if n == nav {
            " aria-current=\"page\""
        } else {
            ""
        }
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · rsp-lab eIM</title><link rel=\"icon\" href=\"/favicon.ico\">\
         <link rel=\"stylesheet\" href=\"/static/style.css\">\
         <script src=\"/static/app.js\" defer></script></head><body>\
         <header><span class=\"brand\">rsp-lab eIM</span><span class=\"eim\">{eim}</span>\
         <nav><a href=\"/\"{f}>Fleet</a><a href=\"/devices\"{d}>Devices</a></nav>\
         <span class=\"live\" id=\"live\" hidden>live</span></header>\
         <main>{body}</main></body></html>\n",
        title = esc(title),
        eim = esc(eim_id),
        f = current(Nav::Fleet),
        d = current(Nav::Devices),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
        assert_eq!(url_value("a b&c=<"), "a%20b%26c%3D%3C");
    }
}
