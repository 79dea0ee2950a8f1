//! The SGP.02 SOAP binding, checked message by message.

mod eis;
mod envelope;
mod es1;
mod es2;
mod es3;
mod es4;
mod es7;
mod http;
mod limits;
mod njiwa_shape;
mod properties;
mod status;
mod support;
