//! Small inline SVG charts (a line chart of series over days, a bar chart of counts), drawn
//! with presentation attributes only (no `style`, no script) so a strict
//! Content-Security-Policy and a file opened offline both show them. Shared by the eIM's
//! dashboard (the `eim` crate's web module) and the fleet simulator's HTML report; a leaf crate
//! that depends on no other crate of rsp-lab.
//!
//! - [`lines`]: series over a numeric x axis; [`bars`]: counts grouped by label.
//! - [`esc`]: the HTML escaping every text of a chart goes through.

#![forbid(unsafe_code)]

mod bars;
mod escape;
mod frame;
mod lines;

pub use bars::bars;
pub use escape::esc;
pub use lines::lines;

/// One named series of `(x, y)` points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The series' name in the legend.
    pub name: String,
    /// Its points in drawing order.
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
