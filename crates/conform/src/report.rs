//! The results of a run: one [`CaseResult`] per case, shown as a table, written as JSON or
//! as JUnit XML (the schema CI servers read: one `testsuite`, a `testcase` per case, a
//! `failure` for a fail and `skipped` for not-applicable).

use std::fmt::Write as _;

use serde::Serialize;

/// How a case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every expectation held.
    Pass,
    /// The server answered otherwise than the specification says.
    Fail,
    /// The case could not run against this target (an input missing, a function not
    /// offered); the detail says why.
    NotApplicable,
}

impl Verdict {
    /// `pass`, `fail`, `n/a`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::NotApplicable => "n/a",
        }
    }
}

/// One case's result.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseResult {
    /// The case: interface, function, sequence number and title
    /// (`ES9+.InitiateAuthentication #01 nominal`).
    pub name: String,
    /// The interface and function (`ES9+.InitiateAuthentication`).
    pub group: String,
    /// The test case of the GSMA test specification it follows, where one does
    /// (`TC_SM_DP_ES9_InitiateAuthenticationNIST_01_Nominal`, osmocom's naming of SGP.23).
    pub test_case: Option<String>,
    /// The clause checked (`SGP.22 5.6.1`).
    pub clause: String,
    /// Pass, fail or not applicable.
    pub verdict: Verdict,
    /// What was seen (for a fail: expected against received; for n/a: why).
    pub detail: String,
    /// The case's evidence directory, relative to the run's output directory.
    pub evidence: String,
    /// How long the case ran, in milliseconds.
    pub millis: u64,
}

/// A run's results.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// What was tested (`SM-DP+ smdp.example (ES9+)`).
    pub target: String,
    /// Each case's result, in the order they ran.
    pub cases: Vec<CaseResult>,
}

impl Report {
    /// Cases with `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.cases.iter().filter(|c| c.verdict == verdict).count()
    }

    /// Failed cases.
    pub fn failed(&self) -> usize {
        self.count(Verdict::Fail)
    }

    /// A plain-text table: verdict, case, clause, detail (cut to one line), then totals.
    pub fn table(&self) -> String {
        let width = self.cases.iter().map(|c| c.name.len()).max().unwrap_or(4);
        let mut out = String::new();
        let _ = writeln!(out, "{:<5} {:<width$}  {:<13} detail", "", "case", "clause");
        for c in &self.cases {
            let detail: String = c
                .detail
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(100)
                .collect();
            let _ = writeln!(
                out,
                "{:<5} {:<width$}  {:<13} {}",
                c.verdict.label(),
                c.name,
                c.clause,
                detail
            );
        }
        let _ = writeln!(
            out,
            "{}: {} cases, {} pass, {} fail, {} not applicable",
            self.target,
            self.cases.len(),
            self.count(Verdict::Pass),
            self.count(Verdict::Fail),
            self.count(Verdict::NotApplicable)
        );
        out
    }

    /// The JSON document `--json` writes.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// JUnit XML: the case's group as `classname`, its name as `name`.
    pub fn junit(&self) -> String {
        let seconds = |ms: u64| format!("{:.3}", ms as f64 / 1000.0);
        let total: u64 = self.cases.iter().map(|c| c.millis).sum();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites><testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\">",
            xml(&self.target),
            self.cases.len(),
            self.failed(),
            self.count(Verdict::NotApplicable),
            seconds(total)
        );
        for c in &self.cases {
            let _ = write!(
                out,
                "  <testcase classname=\"{}\" name=\"{}\" time=\"{}\">",
                xml(&c.group),
                xml(&c.name),
                seconds(c.millis)
            );
            match c.verdict {
                Verdict::Pass => {}
                Verdict::Fail => {
                    let _ = write!(
                        out,
                        "<failure message=\"{}\">{} ({}; evidence {})</failure>",
                        xml(&c.clause),
                        xml(&c.detail),
                        xml(c.test_case.as_deref().unwrap_or("-")),
                        xml(&c.evidence)
                    );
                }
                Verdict::NotApplicable => {
                    let _ = write!(out, "<skipped message=\"{}\"/>", xml(&c.detail));
                }
            }
            out.push_str("</testcase>\n");
        }
        out.push_str("</testsuite></testsuites>\n");
        out
    }
}

/// Text escaped for XML attributes and content; characters XML 1.0 cannot carry are
/// dropped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &str, verdict: Verdict, detail: &str) -> CaseResult {
        CaseResult {
            name: name.into(),
            group: "ES9+.InitiateAuthentication".into(),
            test_case: None,
            clause: "SGP.22 5.6.1".into(),
            verdict,
            detail: detail.into(),
            evidence: "x".into(),
            millis: 1500,
        }
    }

    #[test]
    fn junit_marks_fail_and_not_applicable_and_escapes() {
        let r = Report {
            target: "SM-DP+ a&b".into(),
            cases: vec![
                result("one", Verdict::Pass, ""),
                result("two <x>", Verdict::Fail, "expected \"8.8.1\"\u{1}"),
                result("three", Verdict::NotApplicable, "no ES2+"),
            ],
        };
        let x = r.junit();
        assert!(
            x.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""),
            "{x}"
        );
        assert!(x.contains("name=\"SM-DP+ a&amp;b\""), "{x}");
        assert!(x.contains("name=\"two &lt;x&gt;\""), "{x}");
        assert!(
            x.contains("<failure message=\"SGP.22 5.6.1\">expected &quot;8.8.1&quot; ("),
            "{x}"
        );
        assert!(x.contains("<skipped message=\"no ES2+\"/>"), "{x}");
        assert!(x.contains("time=\"1.500\""), "{x}");
        assert_eq!(r.failed(), 1);
        let t = r.table();
        assert!(
            t.ends_with("3 cases, 1 pass, 1 fail, 1 not applicable\n"),
            "{t}"
        );
    }
}
