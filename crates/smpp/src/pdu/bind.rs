//! bind_transmitter, bind_receiver, bind_transceiver and their responses, outbind
//! (SMPP 3.4 4.1).

use super::error::{DecodeError, EncodeError};
use super::fields::{Reader, put_c_string};
use super::status::CommandStatus;
use super::tlv::{self, Tlv};

/// The interface_version this crate speaks: 0x34 for SMPP 3.4 (5.2.4).
pub const INTERFACE_VERSION: u8 = 0x34;

/// The body of the three bind requests (SMPP 3.4 4.1.1, 4.1.3, 4.1.5; one layout).
///
/// ```text
/// system_id          C-Octet String, max 16
/// password           C-Octet String, max 9
/// system_type        C-Octet String, max 13
/// interface_version  Integer, 1
/// addr_ton           Integer, 1
/// addr_npi           Integer, 1
/// address_range      C-Octet String, max 41
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bind {
    /// Identifies the ESME to the SMSC.
    pub system_id: String,
    /// Authenticates the ESME.
    pub password: String,
    /// The kind of ESME (e.g. `"OTA"`), often empty.
    pub system_type: String,
    /// The SMPP version the ESME speaks (5.2.4).
    pub interface_version: u8,
    /// The address_range's type of number (5.2.5).
    pub addr_ton: u8,
    /// The address_range's numbering plan (5.2.6).
    pub addr_npi: u8,
    /// The addresses this ESME serves (5.2.7; see [`crate::smsc::AddressRange`]).
    pub address_range: String,
}

impl Bind {
    pub(crate) fn decode(body: &[u8]) -> Result<Bind, DecodeError> {
        let mut r = Reader::new(body);
        let bind = Bind {
            system_id: r.c_string("system_id", 16, CommandStatus::ESME_RINVSYSID)?,
            password: r.c_string("password", 9, CommandStatus::ESME_RINVPASWD)?,
            system_type: r.c_string("system_type", 13, CommandStatus::ESME_RINVSYSTYP)?,
            interface_version: r.u8("interface_version")?,
            addr_ton: r.u8("addr_ton")?,
            addr_npi: r.u8("addr_npi")?,
            address_range: r.c_string("address_range", 41, CommandStatus::ESME_RBINDFAIL)?,
        };
        r.finish()?;
        Ok(bind)
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        put_c_string(out, "system_id", &self.system_id, 16)?;
        put_c_string(out, "password", &self.password, 9)?;
        put_c_string(out, "system_type", &self.system_type, 13)?;
        out.extend_from_slice(&[self.interface_version, self.addr_ton, self.addr_npi]);
        put_c_string(out, "address_range", &self.address_range, 41)
    }
}

/// The body of the three bind responses (SMPP 3.4 4.1.2, 4.1.4, 4.1.6): the SMSC's
/// system_id (max 16) and optionally `sc_interface_version`. Absent when command_status is
/// not ESME_ROK.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BindResp {
    /// Identifies the SMSC.
    pub system_id: String,
    /// Optional parameters (sc_interface_version, others kept).
    pub tlvs: Vec<Tlv>,
}

impl BindResp {
    pub(crate) fn decode(body: &[u8]) -> Result<BindResp, DecodeError> {
        if body.is_empty() {
            return Ok(BindResp::default());
        }
        let mut r = Reader::new(body);
        let system_id = r.c_string("system_id", 16, CommandStatus::ESME_RINVSYSID)?;
        let tlvs = tlv::read_all(&mut r)?;
        Ok(BindResp { system_id, tlvs })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        put_c_string(out, "system_id", &self.system_id, 16)?;
        tlv::write_all(out, &self.tlvs)
    }
}

/// The body of outbind (SMPP 3.4 4.1.7): the SMSC asks the ESME to bind as a receiver.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outbind {
    /// The SMSC's system_id (max 16).
    pub system_id: String,
    /// The password the ESME checks (max 9).
    pub password: String,
}

impl Outbind {
    pub(crate) fn decode(body: &[u8]) -> Result<Outbind, DecodeError> {
        let mut r = Reader::new(body);
        let outbind = Outbind {
            system_id: r.c_string("system_id", 16, CommandStatus::ESME_RINVSYSID)?,
            password: r.c_string("password", 9, CommandStatus::ESME_RINVPASWD)?,
        };
        r.finish()?;
        Ok(outbind)
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        put_c_string(out, "system_id", &self.system_id, 16)?;
        put_c_string(out, "password", &self.password, 9)
    }
}
