//! SGP.32 3: the procedures, as the IPA runs them on the eUICC (the order of its ES10 calls).

mod es10_order;
