//! One module per subcommand.

pub mod certs;
pub mod decode;
pub mod euicc;
pub mod profile;
