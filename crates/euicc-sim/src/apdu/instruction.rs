//! The instructions this card knows, and the class each is sent with.

use super::class::ClassKind;

/// A supported instruction byte.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Instruction {
    /// `A4` SELECT (ISO/IEC 7816-4; GPCS §11.9): interindustry class.
    Select,
    /// `70` MANAGE CHANNEL (ISO/IEC 7816-4; GPCS §11.7): interindustry class.
    ManageChannel,
    /// `C0` GET RESPONSE (ISO/IEC 7816-4; ETSI TS 102 221 §10.1.2): interindustry class,
    /// and the GlobalPlatform class as LPAs send it (lpac: `80 C0 00 00 XX`).
    GetResponse,
    /// `E2` STORE DATA (GPCS §11.11; SGP.22 §5.7): GlobalPlatform (proprietary) class.
    StoreData,
}

impl Instruction {
    pub const SELECT: u8 = 0xA4;
    pub const MANAGE_CHANNEL: u8 = 0x70;
    pub const GET_RESPONSE: u8 = 0xC0;
    pub const STORE_DATA: u8 = 0xE2;

    /// `None` for instructions the card does not support (`6D00`).
    pub fn from_ins(ins: u8) -> Option<Self> {
        match ins {
            Self::SELECT => Some(Self::Select),
            Self::MANAGE_CHANNEL => Some(Self::ManageChannel),
            Self::GET_RESPONSE => Some(Self::GetResponse),
            Self::STORE_DATA => Some(Self::StoreData),
            _ => None,
        }
    }

    /// Whether the instruction is defined for this kind of class byte (else `6E00`).
    pub fn accepts(self, kind: ClassKind) -> bool {
        match self {
            Self::Select | Self::ManageChannel => kind == ClassKind::Interindustry,
            Self::GetResponse => true,
            Self::StoreData => kind == ClassKind::Proprietary,
        }
    }
}
