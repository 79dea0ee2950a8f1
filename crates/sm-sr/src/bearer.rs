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

#[cfg(test)]
mod tests {
    use super::*;

    fn eis(scp81: &str) -> Eis {
        let json = format!(
            r#"{{ "eid": "89049032123451234512345678901235", "eumId": "e", "remainingMemory": 1,
              "info": {{}}, "isdR": {{ "aid": "A0000005591010FFFFFFFF8900000100", "tar": "000001",
                "scp80": [], "scp81": [{scp81}] }}, "profiles": [] }}"#
        );
        serde_json::from_str(&json).expect("EIS")
    }

    #[test]
    fn sgp02_2_4_https_only_with_an_scp81_key_set_and_a_listener() {
        let push = PushTarget {
            addr: "127.0.0.1:8451".parse().unwrap(),
            admin_uri: "/a".into(),
            retry: std::time::Duration::from_secs(1),
        };
        let with_key = eis(&format!(
            r#"{{ "kvn": 64, "keyId": 1, "psk": "{}" }}"#,
            "33".repeat(16)
        ));
        assert!(matches!(choose(&with_key, Some(&push)), Bearer::Https(_)));
        assert!(matches!(choose(&with_key, None), Bearer::Sms), "no [scp81]");
        assert!(
            matches!(choose(&eis(""), Some(&push)), Bearer::Sms),
            "no SCP81 key set"
        );
    }
}
