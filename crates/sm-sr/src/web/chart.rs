//! Small inline SVG charts (a line chart of series over days, a bar chart of counts), drawn
//! with presentation attributes only (no `style`, no script) so a strict
//! Content-Security-Policy and a file opened offline both show them. Shared by the
//! dashboard and the lab's HTML report.

use std::fmt::Write;

use super::html::esc;

/// One named series of `(x, y)` points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// Colours of the series, in order (distinguishable, also in grey).
const PALETTE: &[&str] = &[
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#7f7f7f", "#bcbd22", "#393b79", "#637939",
];

/// The colour of series `i`.
pub fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

const W: f64 = 720.0;
const H: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 150.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 34.0;

/// A round step giving about `n` ticks up to `max`.
fn step(max: f64, n: f64) -> f64 {
    let raw = (max / n).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.2}")
    }
}

struct Frame {
    x0: f64,
    x1: f64,
    y1: f64,
}

impl Frame {
    fn x(&self, v: f64) -> f64 {
        let span = (self.x1 - self.x0).max(1e-9);
        LEFT + (v - self.x0) / span * (W - LEFT - RIGHT)
    }
    fn y(&self, v: f64) -> f64 {
        H - BOTTOM - v / self.y1.max(1e-9) * (H - TOP - BOTTOM)
    }
}

/// Axes, grid and labels; `x_labels` replace the numeric x ticks when given.
fn axes(out: &mut String, f: &Frame, x_title: &str, x_labels: Option<&[String]>) {
    let ys = step(f.y1, 4.0);
    let mut v = 0.0;
    while v <= f.y1 + 1e-9 {
        let y = f.y(v);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            number(v)
        );
        v += ys;
    }
    match x_labels {
        Some(labels) => {
            let every = (labels.len() / 12).max(1);
            for (i, l) in labels.iter().enumerate().step_by(every) {
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
                    f.x(i as f64 + 0.5),
                    H - BOTTOM + 14.0,
                    esc(l)
                );
            }
        }
        None => {
            let xs = step(f.x1 - f.x0, 8.0);
            let mut v = (f.x0 / xs).ceil() * xs;
            while v <= f.x1 + 1e-9 {
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
                    f.x(v),
                    H - BOTTOM + 14.0,
                    number(v)
                );
                v += xs;
            }
        }
    }
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{b:.1}\" x2=\"{r:.1}\" y2=\"{b:.1}\" stroke=\"#333\"/>\
         <line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b:.1}\" stroke=\"#333\"/>\
         <text x=\"{mid:.1}\" y=\"{t:.1}\" text-anchor=\"middle\" font-size=\"11\">{x}</text>",
        b = H - BOTTOM,
        r = W - RIGHT,
        mid = LEFT + (W - LEFT - RIGHT) / 2.0,
        t = H - 4.0,
        x = esc(x_title),
    );
}

fn legend(out: &mut String, names: &[&str]) {
    for (i, n) in names.iter().enumerate() {
        let y = TOP + 4.0 + i as f64 * 16.0;
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"10\" height=\"10\" fill=\"{c}\"/>\
             <text x=\"{tx:.1}\" y=\"{ty:.1}\" font-size=\"12\">{n}</text>",
            x = W - RIGHT + 12.0,
            c = colour(i),
            tx = W - RIGHT + 26.0,
            ty = y + 9.0,
            n = esc(n)
        );
    }
}

fn open(out: &mut String, id: &str, title: &str) {
    let _ = write!(
        out,
        "<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" \
         role=\"img\" aria-label=\"{t}\" xmlns=\"http://www.w3.org/2000/svg\" \
         font-family=\"sans-serif\"><title>{t}</title>\
         <text class=\"caption\" x=\"{LEFT}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{t}</text>",
        id = esc(id),
        t = esc(title)
    );
}

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
        let b = bars("b", "t", "s", &["0-1".into()], &s[..1]);
        assert_eq!(b.matches("<rect class=\"bar\"").count(), 1);
    }

    #[test]
    fn round_steps() {
        assert_eq!(step(100.0, 4.0), 50.0);
        assert_eq!(step(7.0, 4.0), 2.0);
    }
}
