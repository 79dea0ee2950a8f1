//! Which ES5 bearer carries an eUICC's commands. SGP.02 2.4 leaves the choice to the SM-SR
//! ("the most appropriate protocol according to the capabilities of the eUICC and the
//! Device"); 2.4.3 lists the SMS that triggers an HTTPS session (ETSI TS 102 226, GP
//! Amendment B 3.8) among the uses of SMS. This SM-SR decides per eUICC:
//!
//! | EIS and configuration | bearer |
//! |---|---|
//! | ISD-R SCP81 key set, `[scp81]` and `[smsc]` | HTTPS: the push SMS (SCP80-secured trigger) asks the ISD-R to open the admin session, which takes the script |
//! | otherwise | SMS: the script itself as an SCP80 secured packet |
//!
//! One bearer per eUICC: a command is never sent both ways.

use crate::eis::Eis;
use crate::scp81::push::PushTarget;

/// How the commands of one eUICC are sent.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Bearer<'a> {
    /// The script in an SCP80 secured packet (SGP.02 2.4.3).
    Sms,
    /// A push SMS for an SCP81 admin session (SGP.02 2.4.4).
    Https(&'a PushTarget),
}

/// The bearer of `eis`'s commands: HTTPS when its ISD-R has an SCP81 key set and the SM-SR
/// serves SCP81 (`push`), else SMS.
pub(crate) fn choose<'a>(eis: &Eis, push: Option<&'a PushTarget>) -> Bearer<'a> {
    match push {
        Some(p) if !eis.isd_r.scp81.is_empty() => Bearer::Https(p),
        _ => Bearer::Sms,
    }
}
