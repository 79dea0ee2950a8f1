//! The bar chart.

use std::fmt::Write;

use crate::frame::{BOTTOM, Frame, H, LEFT, RIGHT, W, axes, legend, number, open};
use crate::{Series, colour, esc};

/// A bar chart: one group per label, one bar per series in it (`points[i].1` is the value
/// for label `i`).
pub fn bars(id: &str, title: &str, x_title: &str, labels: &[String], series: &[Series]) -> String {
    let mut out = String::new();
    open(&mut out, id, title);
    let y1 = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(0.0, f64::max);
    let f = Frame {
        x0: 0.0,
        x1: labels.len().max(1) as f64,
        y1: if y1 > 0.0 { y1 * 1.1 } else { 1.0 },
    };
    axes(&mut out, &f, x_title, Some(labels));
    let group = (W - LEFT - RIGHT) / labels.len().max(1) as f64;
    let bar = (group * 0.8 / series.len().max(1) as f64).max(1.0);
    for (k, s) in series.iter().enumerate() {
        for (i, (_, v)) in s.points.iter().enumerate().take(labels.len()) {
            if *v <= 0.0 {
                continue;
            }
            let x = LEFT + i as f64 * group + group * 0.1 + k as f64 * bar;
            let _ = write!(
                out,
                "<rect class=\"bar\" data-series=\"{n}\" data-label=\"{l}\" data-value=\"{v}\" \
                 x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{c}\">\
                 <title>{l}: {v}</title></rect>",
                n = esc(&s.name),
                l = esc(&labels[i]),
                v = number(*v),
                y = f.y(*v),
                h = H - BOTTOM - f.y(*v),
                c = colour(k)
            );
        }
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
    fn a_bar_per_positive_value() {
        let s = [Series {
            name: "CN".into(),
            points: vec![(0.0, 3.0), (1.0, 0.0)],
        }];
        let b = bars("b", "t", "s", &["0-1".into(), "1-2".into()], &s);
        assert_eq!(b.matches("<rect class=\"bar\"").count(), 1);
    }
}
