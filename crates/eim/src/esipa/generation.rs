//! Which SGP.32 generation an IPA speaks on ESipa (ARCHITECTURE.md, the eIM
//! and both SGP.32 generations): v1.2 is the model; v1.0 (the IPAs in the field) is decoded, converted to
//! v1.2 for the engine and answered in v1.0 ([`proto::sgp32::v1_0`]).
//!
//! A request tells its generation when only one generation reads its octets (a v1.0 poll
//! with `rPLMN` at `[1]`, a v1.0 result CHOICE, a v1.2 result with eidValue). Otherwise the
//! generation is, in this order: the one of the TLS connection's earlier poll (an IPA does
//! not change generation within a connection), the one learnt from the device's last
//! telling message (`devices.sgp32_version`), the eUICC's declared SGP.32 version
//! (`iotSpecificInfo.iotVersion` of the stored EUICCInfo2: v1.0 when it declares nothing
//! from 1.1 on), else v1.2.
//!
//! The connection's [`Session`] also says whose result a v1.0 ProvideEimPackageResult is:
//! see [`super::v1_0`].

use infra::serve::ConnectionState;
use proto::der::Asn1;
use proto::sgp32::SGP32EUICCInfo2;

use crate::context::Ctx;
use crate::engine::EngineError;
use crate::store::sgp32_version;

/// An SGP.32 generation on ESipa. v1.3 speaks v1.2's octets on ESipa
/// ([`proto::sgp32::v1_3`]): a message that tells v1.2 tells "v1.2 or v1.3", and the
/// eUICC's declared `iotVersion` says which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Generation {
    V1_0,
    V1_2,
    V1_3,
}

impl Generation {
    /// As stored in `devices.sgp32_version`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Generation::V1_0 => "1.0",
            Generation::V1_2 => "1.2",
            Generation::V1_3 => "1.3",
        }
    }

    fn parse(s: &str) -> Option<Generation> {
        match s {
            "1.0" => Some(Generation::V1_0),
            "1.2" => Some(Generation::V1_2),
            "1.3" => Some(Generation::V1_3),
            _ => None,
        }
    }
}

/// The generation an eUICC declares in its EUICCInfo2 (`iotVersion`, SGP.32 5.9.2), if it
/// declares one: v1.0 when no declared version is 1.1 or later, v1.3 when one is 1.3 or
/// later.
pub(crate) fn declared(euicc_info2: &[u8]) -> Option<Generation> {
    let info = SGP32EUICCInfo2::from_der(euicc_info2).ok()?;
    let versions = &info.iot_specific_info.as_ref()?.iot_version;
    let newest = versions.iter().max()?;
    Some(if newest < &[1, 1, 0] {
        Generation::V1_0
    } else if newest < &[1, 3, 0] {
        Generation::V1_2
    } else {
        Generation::V1_3
    })
}

/// What the eIM remembers of one TLS connection: the device that polled on it, the
/// generation it spoke, and the eimTransactionId of the package it was given (and whether
/// that package is a download trigger).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Session {
    pub eid: String,
    pub generation: Generation,
    pub delivered: Option<Vec<u8>>,
    pub trigger: bool,
}

/// The connection's session, if the request came over a TLS connection of the accept loop
/// and an earlier poll on it left one.
pub(crate) fn session(conn: Option<&ConnectionState>) -> Option<Session> {
    conn.and_then(ConnectionState::get::<Session>)
}

/// Remembers `s` for the rest of the connection.
pub(crate) fn remember(conn: Option<&ConnectionState>, s: Session) {
    if let Some(c) = conn {
        c.set(s);
    }
}

/// The generation of `eid` when its message does not tell (see the module doc).
pub(crate) async fn of_device(
    ctx: &Ctx,
    session: Option<&Session>,
    eid: &str,
) -> Result<Generation, EngineError> {
    if let Some(s) = session.filter(|s| s.eid == eid) {
        return Ok(s.generation);
    }
    let e = eid.to_string();
    let stored = ctx.store.read(move |tx| sgp32_version::get(tx, &e)).await?;
    Ok(of_known(stored))
}

/// The generation of a device from what the database knows of it
/// ([`sgp32_version::get`]): the learnt one, else the declared one, else v1.2 (also for an
/// unknown EID).
pub(crate) fn of_known(stored: Option<sgp32_version::Known>) -> Generation {
    let Some((learnt, info2)) = stored else {
        return Generation::V1_2;
    };
    learnt
        .as_deref()
        .and_then(Generation::parse)
        .or_else(|| info2.as_deref().and_then(declared))
        .unwrap_or(Generation::V1_2)
}

/// Records the generation a telling message showed for `eid`; skipped when the
/// connection's session already says so.
pub(crate) async fn learnt(
    ctx: &Ctx,
    session: Option<&Session>,
    eid: &str,
    g: Generation,
) -> Result<(), EngineError> {
    if session.is_some_and(|s| s.eid == eid && s.generation == g) {
        return Ok(());
    }
    let e = eid.to_string();
    ctx.store
        .write(move |tx| sgp32_version::set(tx, &e, g.as_str()))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info2(versions: Vec<[u8; 3]>) -> Vec<u8> {
        SGP32EUICCInfo2 {
            iot_specific_info: Some(proto::sgp32::IoTSpecificInfo {
                iot_version: versions,
                ..Default::default()
            }),
            ..Default::default()
        }
        .to_der()
    }

    #[test]
    fn sgp32_5_9_2_declared_iot_version_gives_the_generation() {
        assert_eq!(declared(&info2(vec![[1, 0, 0]])), Some(Generation::V1_0));
        assert_eq!(declared(&info2(vec![[1, 0, 1]])), Some(Generation::V1_0));
        assert_eq!(
            declared(&info2(vec![[1, 0, 0], [1, 2, 0]])),
            Some(Generation::V1_2)
        );
        assert_eq!(declared(&info2(vec![])), None);
        assert_eq!(declared(&[0x30, 0x00]), None);
    }
}
