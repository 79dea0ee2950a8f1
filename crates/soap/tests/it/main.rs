//! The SGP.02 SOAP binding, checked message by message.

mod envelope;
mod es4;
mod limits;
mod njiwa_shape;
mod status;
mod support;
