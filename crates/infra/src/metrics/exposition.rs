//! The exposition formats. prometheus-client writes OpenMetrics 1.0 text; a scraper that
//! asks for `application/openmetrics-text` (Prometheus does) gets it as written. Everyone
//! else (curl, older scrapers) gets the Prometheus text format 0.0.4: the same families
//! without `# EOF` and with each counter's HELP and TYPE under the name its samples carry
//! (`x_total`), as that format requires.
//!
//! [`parse`] checks a text in the 0.0.4 grammar (every sample in a family announced by HELP
//! and TYPE, histogram series complete) and returns its samples, for tests and tools.

use std::collections::{BTreeMap, HashSet};

use prometheus_client::registry::Registry;

/// Content type of the Prometheus text format.
pub const PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";
/// Content type of OpenMetrics text.
pub const OPENMETRICS_TEXT: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The registry encoded for a request with this `Accept` header: content type and body.
pub fn negotiate(
    registry: &Registry,
    accept: &str,
) -> Result<(&'static str, String), std::fmt::Error> {
    let mut open = String::new();
    prometheus_client::encoding::text::encode(&mut open, registry)?;
    if accept.contains("application/openmetrics-text") {
        Ok((OPENMETRICS_TEXT, open))
    } else {
        Ok((PROMETHEUS_TEXT, to_prometheus_text(&open)))
    }
}

/// OpenMetrics text (as prometheus-client writes it) in the Prometheus 0.0.4 format.
pub fn to_prometheus_text(openmetrics: &str) -> String {
    let counters: HashSet<&str> = openmetrics
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.strip_suffix(" counter"))
        .collect();
    let mut out = String::with_capacity(openmetrics.len());
    for line in openmetrics.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        let renamed = ["# HELP ", "# TYPE "].iter().find_map(|p| {
            let rest = line.strip_prefix(p)?;
            let (name, tail) = rest.split_once(' ')?;
            counters
                .contains(name)
                .then(|| format!("{p}{name}_total {tail}"))
        });
        match renamed {
            Some(l) => out.push_str(&l),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// One sample line.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// Why a text is not in the Prometheus 0.0.4 format.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExpositionError {
    /// A line that breaks the format.
    #[error("line {number}: {why}: {line:?}")]
    Line {
        /// Its number, from 1.
        number: usize,
        /// What is wrong with it.
        why: &'static str,
        /// The line.
        line: String,
    },
    /// A histogram series whose `+Inf` bucket is missing or differs from its `_count`.
    #[error("{name}{labels:?}: no +Inf bucket equal to _count")]
    Histogram {
        /// The histogram's name.
        name: String,
        /// The series' labels.
        labels: BTreeMap<String, String>,
    },
}

/// The samples of a text in the Prometheus 0.0.4 format, or the first line that breaks it.
pub fn parse(text: &str) -> Result<Vec<Sample>, ExpositionError> {
    let mut help = HashSet::new();
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let at = |why: &'static str| ExpositionError::Line {
            number: n + 1,
            why,
            line: line.to_string(),
        };
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let name = rest.split(' ').next().unwrap_or_default();
            if !is_metric_name(name) || !help.insert(name.to_string()) {
                return Err(at("bad or repeated HELP"));
            }
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest
                .split_once(' ')
                .ok_or_else(|| at("TYPE without a type"))?;
            let known = ["counter", "gauge", "histogram", "summary", "untyped"];
            if !is_metric_name(name) || !known.contains(&kind) {
                return Err(at("bad TYPE"));
            }
            if types.insert(name.to_string(), kind.to_string()).is_some() {
                return Err(at("repeated TYPE"));
            }
        } else if line.starts_with('#') {
            continue;
        } else {
            let s = sample(line).ok_or_else(|| at("not a sample"))?;
            let family = family_of(&s, &types).ok_or_else(|| at("sample without TYPE"))?;
            if !help.contains(family) {
                return Err(at("sample without HELP"));
            }
            samples.push(s);
        }
    }
    check_histograms(&samples, &types)?;
    Ok(samples)
}

/// The family a sample belongs to: its own name, or a histogram's or summary's.
fn family_of<'t>(s: &Sample, types: &'t BTreeMap<String, String>) -> Option<&'t str> {
    if let Some((k, _)) = types.get_key_value(&s.name) {
        return Some(k);
    }
    for suffix in ["_bucket", "_sum", "_count"] {
        if let Some(base) = s.name.strip_suffix(suffix) {
            if let Some((k, kind)) = types.get_key_value(base) {
                let fits = kind == "histogram" || (kind == "summary" && suffix != "_bucket");
                return fits.then_some(k.as_str());
            }
        }
    }
    None
}

/// Every histogram series has `_sum`, `_count` and a `+Inf` bucket equal to the count.
fn check_histograms(
    samples: &[Sample],
    types: &BTreeMap<String, String>,
) -> Result<(), ExpositionError> {
    for (name, kind) in types.iter().filter(|(_, k)| *k == "histogram") {
        let _ = kind;
        let counts = samples.iter().filter(|s| s.name == format!("{name}_count"));
        for c in counts {
            let inf = samples.iter().find(|s| {
                s.name == format!("{name}_bucket")
                    && s.labels.get("le").map(String::as_str) == Some("+Inf")
                    && s.labels
                        .iter()
                        .filter(|(k, _)| *k != "le")
                        .eq(c.labels.iter())
            });
            match inf {
                Some(b) if b.value == c.value => {}
                _ => {
                    return Err(ExpositionError::Histogram {
                        name: name.clone(),
                        labels: c.labels.clone(),
                    });
                }
            }
        }
    }
    Ok(())
}

fn is_metric_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn is_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `name{label="value",...} value [timestamp]`.
fn sample(line: &str) -> Option<Sample> {
    let name_end = line.find(['{', ' ']).unwrap_or(line.len());
    let name = &line[..name_end];
    if !is_metric_name(name) {
        return None;
    }
    let mut rest = &line[name_end..];
    let mut labels = BTreeMap::new();
    if let Some(inner) = rest.strip_prefix('{') {
        let (parsed, after) = label_set(inner)?;
        labels = parsed;
        rest = after;
    }
    let mut fields = rest.strip_prefix(' ')?.split(' ');
    let value = number(fields.next()?)?;
    if let Some(ts) = fields.next() {
        ts.parse::<i64>().ok()?;
    }
    if fields.next().is_some() {
        return None;
    }
    Some(Sample {
        name: name.to_string(),
        labels,
        value,
    })
}

/// The labels up to the closing brace, and what follows it.
fn label_set(mut s: &str) -> Option<(BTreeMap<String, String>, &str)> {
    let mut labels = BTreeMap::new();
    loop {
        if let Some(after) = s.strip_prefix('}') {
            return Some((labels, after));
        }
        let (key, after) = s.split_once("=\"")?;
        if !is_label_name(key) {
            return None;
        }
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next()? {
                (i, '"') => break i,
                (_, '\\') => match chars.next()?.1 {
                    '\\' => value.push('\\'),
                    '"' => value.push('"'),
                    'n' => value.push('\n'),
                    _ => return None,
                },
                (_, c) => value.push(c),
            }
        };
        if labels.insert(key.to_string(), value).is_some() {
            return None;
        }
        s = &after[end + 1..];
        s = s.strip_prefix(',').unwrap_or(s);
    }
}

fn number(s: &str) -> Option<f64> {
    match s {
        "+Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ => s.parse().ok(),
    }
}

/// The sum of the samples named `name` whose labels include every pair of `labels`.
pub fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use prometheus_client::metrics::counter::Counter;
    use prometheus_client::metrics::gauge::Gauge;
    use prometheus_client::metrics::histogram::Histogram;

    fn registry() -> Registry {
        let mut r = Registry::with_prefix("lab");
        let c: Counter = Counter::default();
        c.inc_by(3);
        r.register("downloads", "Downloads", c);
        let g: Gauge = Gauge::default();
        g.set(-2);
        r.register("open", "Open \"sessions\"", g);
        let h = Histogram::new([0.1, 1.0]);
        h.observe(0.5);
        h.observe(5.0);
        r.register("took_seconds", "Time", h);
        r
    }

    #[test]
    fn prometheus_text_names_counters_as_their_samples() {
        let (ct, text) = negotiate(&registry(), "*/*").unwrap();
        assert_eq!(ct, PROMETHEUS_TEXT);
        assert!(text.contains("# TYPE lab_downloads_total counter\nlab_downloads_total 3\n"));
        assert!(!text.contains("# EOF"));
        let samples = parse(&text).unwrap();
        assert_eq!(value(&samples, "lab_downloads_total", &[]), 3.0);
        assert_eq!(value(&samples, "lab_open", &[]), -2.0);
        assert_eq!(
            value(&samples, "lab_took_seconds_bucket", &[("le", "1.0")]),
            1.0
        );
        assert_eq!(value(&samples, "lab_took_seconds_count", &[]), 2.0);
    }

    #[test]
    fn openmetrics_when_asked() {
        let (ct, text) =
            negotiate(&registry(), "application/openmetrics-text;version=1.0.0").unwrap();
        assert_eq!(ct, OPENMETRICS_TEXT);
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn the_checker_refuses_what_the_format_forbids() {
        for bad in [
            "x 1\n",                                                // no TYPE
            "# TYPE x gauge\nx 1\n",                                // no HELP
            "# HELP x h\n# TYPE x gauge\nx{a=\"1} 1\n",             // open quote
            "# HELP x h\n# TYPE x gauge\nx{1a=\"v\"} 1\n",          // label name
            "# HELP x h\n# TYPE x gauge\nx one\n",                  // value
            "# HELP x h\n# TYPE x gauge\n# TYPE x gauge\nx 1\n",    // repeated TYPE
            "# HELP x h\n# TYPE x histogram\nx_count 1\nx_sum 1\n", // no +Inf bucket
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
        }
        let ok = "# HELP x h\n# TYPE x gauge\nx{a=\"q\\\"\\n\",b=\"\"} 1.5e3 1700000000\n";
        let s = parse(ok).unwrap();
        assert_eq!(s[0].labels["a"], "q\"\n");
        assert_eq!(s[0].value, 1500.0);
    }
}
