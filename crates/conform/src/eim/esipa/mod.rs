//! The ESipa cases, one module per function of SGP.32 v1.2 5.14 that an IPA calls without a
//! download, the indirect profile download (5.14.1–5.14.4) in `profile_download`, and the
//! ASN.1 binding's own refusals (6.3, 6.1) in `binding`.

pub mod binding;
pub mod get_eim_package;
pub mod profile_download;
pub mod provide_eim_package_result;

use proto::ids::Eid;

use crate::Stop;

/// An EID of the eUICC's EUM (its first 20 digits) with 10 random digits after them: one
/// no eIM has been told of.
pub(crate) fn unknown_eid(eid: &str) -> Result<Eid, Stop> {
    let prefix: String = eid.chars().take(20).collect();
    if prefix.len() != 20 {
        return Err(Stop::fail(format!("EID {eid} is not 32 digits")));
    }
    let mut random = [0u8; 10];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut random)
        .map_err(|_| Stop::fail("no random octets"))?;
    let digits: String = random.iter().map(|b| char::from(b'0' + b % 10)).collect();
    Eid::from_prefix(&format!("{prefix}{digits}")).map_err(|e| Stop::fail(e.to_string()))
}

/// `eid` as BCD with its last octet altered: check digits that do not hold.
pub(crate) fn invalid_eid(eid: &Eid) -> [u8; 16] {
    let mut bcd = eid.to_bcd();
    bcd[15] ^= 0x01;
    bcd
}
