//! Conformance to SGP.02, filed by procedure.

mod es3_card;
mod es3_download;
pub(crate) mod es3_https;
mod es3_lifecycle;
mod es3_refusals;
mod es4_async;
mod es4_functions;
mod es4_https;
mod es4_notify;
mod es4_soap;
mod notification;
mod pol2;
mod smsr_change;
mod smsr_handover;
