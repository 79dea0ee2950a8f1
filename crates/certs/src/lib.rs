//! The lab PKI (SGP.22 4.5, SGP.26 layout): generation, loading and chain verification.
