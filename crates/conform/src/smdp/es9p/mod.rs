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

/// A [`Case`](super::Case) whose body is the `async fn` `$run`.
macro_rules! case {
    (
        group: $group:expr,
        title: $title:expr,
        sgp23: $sgp23:expr,
        clause: $clause:expr,
        checks: $checks:expr,
        run: $run:path $(,)?
    ) => {
        $crate::smdp::Case {
            group: $group,
            title: $title,
            sgp23: $sgp23,
            clause: $clause,
            checks: $checks,
            run: |ctx| Box::pin($run(ctx)),
        }
    };
}
pub(crate) use case;
