//! The line chart.

use std::fmt::Write;

use crate::frame::{Frame, H, W, axes, legend, open};
use crate::{Series, colour, esc};

/// A line chart of `series` (x: e.g. days); an empty chart says so.
pub fn lines(id: &str, title: &str, x_title: &str, series: &[Series]) -> String {
    let mut out = String::new();
    open(&mut out, id, title);
    let all = || series.iter().flat_map(|s| s.points.iter());
    let x0 = all().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let x1 = all().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let y1 = all().map(|p| p.1).fold(0.0, f64::max);
    if !x0.is_finite() {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">no data yet</text></svg>",
            W / 2.0,
            H / 2.0
        );
        return out;
    }
    let f = Frame {
        x0,
        x1: if x1 > x0 { x1 } else { x0 + 1.0 },
        y1: if y1 > 0.0 { y1 * 1.1 } else { 1.0 },
    };
    axes(&mut out, &f, x_title, None);
    for (i, s) in series.iter().enumerate() {
        let pts: Vec<String> = s
            .points
            .iter()
            .map(|(x, y)| format!("{:.1},{:.1}", f.x(*x), f.y(*y)))
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"series\" data-series=\"{n}\" fill=\"none\" stroke=\"{c}\" \
             stroke-width=\"2\" points=\"{p}\"/>",
            n = esc(&s.name),
            c = colour(i),
            p = pts.join(" ")
        );
    }
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    legend(&mut out, &names);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_per_series_and_escaped_names() {
        let s = vec![
            Series {
                name: "CN".into(),
                points: vec![(0.0, 3.0), (1.0, 1.0)],
            },
            Series {
                name: "<b>".into(),
                points: vec![(0.0, 0.0), (1.0, 2.0)],
            },
        ];
        let svg = lines("x", "exposure", "day", &s);
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(lines("e", "t", "day", &[]).contains("no data yet"));
    }
}
