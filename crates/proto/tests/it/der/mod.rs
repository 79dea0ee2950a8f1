//! DER (X.690) and the derive (X.680 tagging).

mod derive;
mod strict;
