//! An SM-DP+ outside the lab (`rsp-lab demo --smdp URL --es2 URL`): the eIM orders from it
//! over ES2+ and the devices download from it over ES9+, while the eIM and the devices stay
//! the lab's. The lab cannot load that SM-DP+'s inventory nor read its database, so
//!
//! - the SM-DP+ is loaded beforehand with the run's inventory plan, which `rsp-lab demo
//!   --print-inventory` prints as `rsp-lab smdp inventory add` commands
//!   ([`crate::run::plan::inventory_plan_commands`]; the ICCIDs and IMSIs the lab then
//!   knows without asking, [`sm_dp::InventoryAdd::planned`]);
//! - the bootstrap profiles are personalized by the lab at manufacturing, not by the
//!   SM-DP+ (they are never downloaded);
//! - the guarantees that read the SM-DP+'s profiles and orders are not checked, and the run
//!   says so.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use proto::ids::Imsi;

use crate::servers::error::SetupError;
use crate::world::inventory::{Catalog, ProfileFacts, TypePlan};

/// Where the outside SM-DP+ is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutsideSmdp {
    /// `https://host[:port]` of its ES9+ (the host is its SM-DP+ address).
    pub es9_url: String,
    /// `https://host[:port]` of its ES2+.
    pub es2_url: String,
    /// Connect to this address for the URLs' host instead of resolving it.
    pub connect: Option<IpAddr>,
}

/// The host and port of an `https://host[:port][/…]` URL.
fn host_port(url: &str) -> Result<(String, u16), SetupError> {
    let bad = |why: &str| SetupError::Smdp(format!("{url:?}: {why}"));
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| bad("an https:// URL"))?;
    let authority = rest.split('/').next().unwrap_or(rest);
    let (host, port) = lpa::split_address(authority);
    if host.is_empty() {
        return Err(bad("no host"));
    }
    Ok((host.to_ascii_lowercase(), port))
}

impl OutsideSmdp {
    /// Its host: the SM-DP+ address in its activation codes.
    pub fn host(&self) -> Result<String, SetupError> {
        Ok(host_port(&self.es9_url)?.0)
    }

    fn addr(&self, url: &str) -> Result<SocketAddr, SetupError> {
        let (host, port) = host_port(url)?;
        if let Some(ip) = self.connect {
            return Ok(SocketAddr::new(ip, port));
        }
        (host.as_str(), port)
            .to_socket_addrs()
            .map_err(|e| SetupError::Smdp(format!("{host}: {e}")))?
            .next()
            .ok_or_else(|| SetupError::Smdp(format!("{host}: no address")))
    }

    /// Where its ES9+ and ES2+ are reached.
    pub fn addrs(&self) -> Result<(SocketAddr, SocketAddr), SetupError> {
        Ok((self.addr(&self.es9_url)?, self.addr(&self.es2_url)?))
    }
}

/// What the lab knows of every profile of `types` once an SM-DP+ holds them, from the plan.
pub fn catalog_of(types: &[TypePlan]) -> Result<Catalog, SetupError> {
    let mut catalog = Catalog::new();
    for t in types {
        let planned = (t.request().planned())
            .map_err(|e| SetupError::Inventory(format!("{}: {e}", t.name)))?;
        add_to_catalog(&mut catalog, t, planned);
    }
    Ok(catalog)
}

/// Records the profiles of type `t` by ICCID, each with the MCC of its IMSI.
pub(crate) fn add_to_catalog(
    catalog: &mut Catalog,
    t: &TypePlan,
    profiles: impl IntoIterator<Item = (String, String)>,
) {
    for (iccid, imsi) in profiles {
        let mcc = Imsi::parse(&imsi)
            .map(|i| i.mcc().to_string())
            .unwrap_or_else(|_| t.operator.mcc.to_string());
        catalog.insert(
            iccid,
            ProfileFacts {
                profile_type: t.name.clone(),
                imsi,
                mcc,
                country: t.country,
                operator: t.operator,
            },
        );
    }
}

/// The `rsp-lab smdp inventory add` commands that load the local profile types of `types`
/// into an SM-DP+ (the bootstrap type stays with the lab).
pub fn inventory_commands(types: &[TypePlan]) -> Vec<String> {
    types
        .iter()
        .filter(|t| t.country.is_some())
        .map(|t| {
            format!(
                "rsp-lab smdp inventory add --type {} --count {} --iccid-start {} \
                 --imsi-start {} --operator {}",
                t.name, t.count, t.iccid_start, t.imsi_start, t.owner
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_give_host_port_and_the_address_to_connect_to() {
        let o = OutsideSmdp {
            es9_url: "https://SMDP.example:8443/".into(),
            es2_url: "https://smdp.example:8444".into(),
            connect: Some(IpAddr::from([127, 0, 0, 1])),
        };
        assert_eq!(o.host().unwrap(), "smdp.example");
        let (es9, es2) = o.addrs().unwrap();
        assert_eq!((es9.port(), es2.port()), (8443, 8444));
        assert!(es9.ip().is_loopback());
        let plain = OutsideSmdp {
            es9_url: "http://smdp.example".into(),
            ..o
        };
        assert!(plain.host().is_err());
    }
}
