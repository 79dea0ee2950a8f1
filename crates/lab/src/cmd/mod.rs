//! One module per subcommand.
//!
//! The doc comments of the arguments are the command line's `--help` text, written for a
//! terminal: `ADDR[:PORT]`, `<eimFqdn>` and bare URLs are meant as they read there.
#![allow(
    rustdoc::broken_intra_doc_links,
    rustdoc::bare_urls,
    rustdoc::invalid_html_tags
)]

pub mod bench;
pub mod certs;
pub mod compare;
pub mod completions;
pub mod conform;
pub mod decode;
pub mod demo;
pub mod demo_error;
pub mod eim;
pub mod es2;
pub mod euicc;
pub mod ipa;
pub mod ledger;
pub mod lpa;
pub mod profile;
pub mod recovery;
pub mod smdp;
pub mod smds;
pub mod smsr;
