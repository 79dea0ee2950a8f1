//! The simulated mobile network the device attaches to: which subscriptions (IMSIs) it lets
//! attach and the MSISDN each one is reached at. A profile whose IMSI the network refuses
//! has no service, which is how a lab shows an eUICC rolling back to its previous profile
//! or falling back to its fall-back profile (SGP.02 3.2.2, 3.16).

use serde::Deserialize;

/// One subscription the network knows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscriber {
    /// The IMSI, or an IMSI prefix ending in `*`.
    pub imsi: String,
    /// The MSISDN the subscription is reached at (international, digits only).
    pub msisdn: String,
    /// Whether the network lets it attach (default: yes).
    #[serde(default = "yes")]
    pub attach: bool,
}

fn yes() -> bool {
    true
}

/// The network: its subscribers, in the order a lookup tries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// The subscriptions, each `[[subscriber]]` in TOML.
    #[serde(default, rename = "subscriber")]
    pub subscribers: Vec<Subscriber>,
}

/// A network description that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NetworkError {
    /// Not valid TOML of the expected shape.
    #[error("network description: {0}")]
    Toml(#[from] toml::de::Error),
    /// An MSISDN with something other than digits.
    #[error("MSISDN {0:?} is not 1 to 15 digits")]
    Msisdn(String),
}

impl Network {
    /// Reads `[[subscriber]] imsi = "…" msisdn = "…" attach = true` entries.
    pub fn from_toml(text: &str) -> Result<Network, NetworkError> {
        let network: Network = toml::from_str(text)?;
        for s in &network.subscribers {
            let digits = s.msisdn.strip_prefix('+').unwrap_or(&s.msisdn);
            if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(NetworkError::Msisdn(s.msisdn.clone()));
            }
        }
        Ok(network)
    }

    /// The subscription `imsi` belongs to, if the network knows it.
    pub fn subscriber(&self, imsi: &str) -> Option<&Subscriber> {
        self.subscribers
            .iter()
            .find(|s| match s.imsi.strip_suffix('*') {
                Some(prefix) => imsi.starts_with(prefix),
                None => s.imsi == imsi,
            })
    }

    /// The subscription that attaches with `imsi`: known and allowed to attach.
    pub fn attach(&self, imsi: Option<&str>) -> Option<&Subscriber> {
        self.subscriber(imsi?).filter(|s| s.attach)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_allowed_subscribers_attach_and_others_do_not() {
        let net = Network::from_toml(
            "[[subscriber]]\nimsi = \"001010000000001\"\nmsisdn = \"+4915550001\"\n\
             [[subscriber]]\nimsi = \"00102*\"\nmsisdn = \"4915550002\"\nattach = false\n",
        )
        .expect("network");
        assert_eq!(
            net.attach(Some("001010000000001"))
                .map(|s| s.msisdn.as_str()),
            Some("+4915550001")
        );
        assert!(net.subscriber("001020000000009").is_some());
        assert!(net.attach(Some("001020000000009")).is_none());
        assert!(net.attach(Some("999990000000000")).is_none());
        assert!(net.attach(None).is_none());
        assert!(matches!(
            Network::from_toml("[[subscriber]]\nimsi = \"1\"\nmsisdn = \"abc\"\n"),
            Err(NetworkError::Msisdn(_))
        ));
    }
}
