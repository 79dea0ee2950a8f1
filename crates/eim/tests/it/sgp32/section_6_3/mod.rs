//! SGP.32 6.3: the ASN.1 binding of ESipa.

mod refusals;
