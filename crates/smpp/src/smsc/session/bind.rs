//! The bind checks (SMPP 3.4 4.1): one bind per session, a known system_id, its password,
//! and an address_range the account allows.

use super::super::address::AddressRange;
use super::super::config::Account;
use super::state::{Bound, Mode};
use crate::pdu::{Bind, CommandStatus};

/// What a bind request binds to.
pub(crate) struct Granted {
    pub(crate) bound: Bound,
    /// The ranges to receive for (empty for a transmitter).
    pub(crate) receive: Vec<AddressRange>,
}

/// Checks a bind against the accounts: unknown system_id is ESME_RINVSYSID, a wrong
/// password ESME_RINVPASWD, an address_range outside the supported forms or the account's
/// allowed ranges ESME_RBINDFAIL (5.1.3).
pub(crate) fn check(
    accounts: &[Account],
    mode: Mode,
    bind: &Bind,
) -> Result<Granted, CommandStatus> {
    let account = accounts
        .iter()
        .find(|a| a.system_id == bind.system_id)
        .ok_or(CommandStatus::ESME_RINVSYSID)?;
    if !same_secret(account.password.as_bytes(), bind.password.as_bytes()) {
        return Err(CommandStatus::ESME_RINVPASWD);
    }
    let receive = if bind.address_range.is_empty() {
        account.allowed.clone()
    } else {
        let range: AddressRange = bind
            .address_range
            .parse()
            .map_err(|_| CommandStatus::ESME_RBINDFAIL)?;
        if !account.allowed.is_empty() && !account.allowed.iter().any(|a| range.within(a)) {
            return Err(CommandStatus::ESME_RBINDFAIL);
        }
        vec![range]
    };
    let bound = Bound {
        mode,
        system_id: account.system_id.clone(),
        allowed: account.allowed.clone(),
    };
    let receive = if mode.receives() { receive } else { Vec::new() };
    Ok(Granted { bound, receive })
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bind(system_id: &str, password: &str, range: &str) -> Bind {
        Bind {
            system_id: system_id.into(),
            password: password.into(),
            address_range: range.into(),
            ..Bind::default()
        }
    }

    #[test]
    fn each_refusal_has_its_status() {
        let accounts = [Account::new("dev", "pw")
            .allowing(["49155*".parse().unwrap_or(AddressRange::Prefix("x".into()))])];
        let m = Mode::Transceiver;
        assert_eq!(
            check(&accounts, m, &bind("nobody", "pw", "")).err(),
            Some(CommandStatus::ESME_RINVSYSID)
        );
        assert_eq!(
            check(&accounts, m, &bind("dev", "px", "")).err(),
            Some(CommandStatus::ESME_RINVPASWD)
        );
        assert_eq!(
            check(&accounts, m, &bind("dev", "pw", "4916")).err(),
            Some(CommandStatus::ESME_RBINDFAIL)
        );
        assert_eq!(
            check(&accounts, m, &bind("dev", "pw", "49[0-9]")).err(),
            Some(CommandStatus::ESME_RBINDFAIL)
        );
        let granted = check(&accounts, m, &bind("dev", "pw", "4915550001")).ok();
        assert_eq!(
            granted.map(|g| g.receive),
            Some(vec![AddressRange::Exact("4915550001".into())])
        );
        let granted = check(&accounts, Mode::Transmitter, &bind("dev", "pw", "")).ok();
        assert_eq!(granted.map(|g| g.receive), Some(Vec::new()));
    }
}
