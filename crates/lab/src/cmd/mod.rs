//! One module per subcommand.

pub mod bench;
pub mod certs;
pub mod compare;
pub mod completions;
pub mod decode;
pub mod demo;
pub mod es2;
pub mod euicc;
pub mod ipa;
pub mod ledger;
pub mod lpa;
pub mod profile;
pub mod smdp;
pub mod smsr;
