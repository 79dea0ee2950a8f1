//! One module per subcommand.
//!
//! The doc comments of the arguments are the command line's `--help` text, written for a
//! terminal: `ADDR[:PORT]`, `<eimFqdn>` and bare URLs are meant as they read there.
#![allow(
    rustdoc::broken_intra_doc_links,
    rustdoc::bare_urls,
    rustdoc::invalid_html_tags
)]

pub(crate) mod bench;
pub(crate) mod bench_sgp02;
pub(crate) mod bench_smsr;
pub(crate) mod certs;
pub(crate) mod compare;
pub(crate) mod completions;
pub(crate) mod conform;
pub(crate) mod decode;
pub(crate) mod demo;
pub(crate) mod demo_error;
pub(crate) mod eim;
pub(crate) mod es2;
pub(crate) mod euicc;
pub(crate) mod ipa;
pub(crate) mod ledger;
pub(crate) mod lpa;
pub(crate) mod m2m_device;
pub(crate) mod operator_endpoint;
pub(crate) mod profile;
pub(crate) mod recovery;
pub(crate) mod serve_flags;
pub(crate) mod smdp;
pub(crate) mod smdp_es2;
pub(crate) mod smds;
pub(crate) mod smsc;
pub(crate) mod smsr;
pub(crate) mod smsr_es3;
pub(crate) mod smsr_es4;
pub(crate) mod smsr_notifications;
pub(crate) mod smsr_wait;
