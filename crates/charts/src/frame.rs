//! What both charts share: the drawing area and its margins, the axes with their ticks,
//! the legend and the opening of the `<svg>` element.

use std::fmt::Write;

use crate::{colour, esc};

pub(crate) const W: f64 = 720.0;
pub(crate) const H: f64 = 260.0;
pub(crate) const LEFT: f64 = 48.0;
pub(crate) const RIGHT: f64 = 150.0;
pub(crate) const TOP: f64 = 30.0;
pub(crate) const BOTTOM: f64 = 34.0;

/// A round step giving about `n` ticks up to `max`.
pub(crate) fn step(max: f64, n: f64) -> f64 {
    let raw = (max / n).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

pub(crate) fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.2}")
    }
}

pub(crate) struct Frame {
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    pub(crate) y1: f64,
}

impl Frame {
    pub(crate) fn x(&self, v: f64) -> f64 {
        let span = (self.x1 - self.x0).max(1e-9);
        LEFT + (v - self.x0) / span * (W - LEFT - RIGHT)
    }
    pub(crate) fn y(&self, v: f64) -> f64 {
        H - BOTTOM - v / self.y1.max(1e-9) * (H - TOP - BOTTOM)
    }
}

/// Axes, grid and labels; `x_labels` replace the numeric x ticks when given.
pub(crate) fn axes(out: &mut String, f: &Frame, x_title: &str, x_labels: Option<&[String]>) {
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

pub(crate) fn legend(out: &mut String, names: &[&str]) {
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

pub(crate) fn open(out: &mut String, id: &str, title: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_steps() {
        assert_eq!(step(100.0, 4.0), 50.0);
        assert_eq!(step(7.0, 4.0), 2.0);
    }
}
