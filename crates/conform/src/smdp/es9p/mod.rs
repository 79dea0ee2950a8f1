//! The ES9+ cases, one module per function of SGP.22 5.6 (SGP.23 4.3's grouping), and the
//! JSON binding's own refusals (SGP.22 6.5.1) in `binding`; the ASN.1 binding (6.6) in
//! `asn1_binding`.

pub mod asn1_binding;
pub mod authenticate_client;
pub mod binding;
pub mod cancel_session;
pub mod get_bound_profile_package;
pub mod handle_notification;
pub mod initiate_authentication;

pub(crate) use crate::case::case;
