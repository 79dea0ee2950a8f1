//! SGP.22 2.6: the curve sets and TLS.

mod curve_sets;
