//! Conformance to SGP.02, filed by procedure.

mod es4_async;
mod es4_functions;
mod es4_https;
mod es4_notify;
mod es4_soap;
mod notification;
mod pol2;
