//! The instructions this card knows, and the class each is sent with.

use super::class::ClassKind;
use crate::uicc::Command as UiccCommand;
use crate::uicc::pin::PinCommand;

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
    /// A command of the UICC face (ETSI TS 102 221, 3GPP TS 31.102; see [`crate::uicc`]).
    Uicc(UiccCommand),
}

impl Instruction {
    pub const SELECT: u8 = 0xA4;
    pub const MANAGE_CHANNEL: u8 = 0x70;
    pub const GET_RESPONSE: u8 = 0xC0;
    pub const STORE_DATA: u8 = 0xE2;

    /// `None` for instructions the card does not support (`6D00`).
    pub fn from_ins(ins: u8) -> Option<Self> {
        let uicc = |c| Some(Self::Uicc(c));
        match ins {
            Self::SELECT => Some(Self::Select),
            Self::MANAGE_CHANNEL => Some(Self::ManageChannel),
            Self::GET_RESPONSE => Some(Self::GetResponse),
            Self::STORE_DATA => Some(Self::StoreData),
            0xF2 => uicc(UiccCommand::Status),
            0xB0 => uicc(UiccCommand::ReadBinary),
            0xD6 => uicc(UiccCommand::UpdateBinary),
            0xB2 => uicc(UiccCommand::ReadRecord),
            0xDC => uicc(UiccCommand::UpdateRecord),
            0x20 => uicc(UiccCommand::Pin(PinCommand::Verify)),
            0x24 => uicc(UiccCommand::Pin(PinCommand::Change)),
            0x26 => uicc(UiccCommand::Pin(PinCommand::Disable)),
            0x28 => uicc(UiccCommand::Pin(PinCommand::Enable)),
            0x2C => uicc(UiccCommand::Pin(PinCommand::Unblock)),
            0x88 => uicc(UiccCommand::Authenticate),
            0xAA => uicc(UiccCommand::TerminalCapability),
            0x10 => uicc(UiccCommand::TerminalProfile),
            0x12 => uicc(UiccCommand::Fetch),
            0x14 => uicc(UiccCommand::TerminalResponse),
            _ => None,
        }
    }

    /// Whether the instruction is defined for this kind of class byte (else `6E00`). ETSI
    /// TS 102 221 10.1.1: STATUS and the CAT and terminal commands use the class '80', the
    /// file, PIN and AUTHENTICATE commands the ISO class '00'. 3GPP TS 51.011 §9.2 (class
    /// 'A0'): SELECT, STATUS, READ/UPDATE BINARY, READ/UPDATE RECORD, the CHV commands,
    /// RUN GSM ALGORITHM ('88'), GET RESPONSE, TERMINAL PROFILE, FETCH, TERMINAL RESPONSE.
    pub fn accepts(self, kind: ClassKind) -> bool {
        if kind == ClassKind::Gsm {
            return matches!(
                self,
                Self::Select
                    | Self::GetResponse
                    | Self::Uicc(
                        UiccCommand::Status
                            | UiccCommand::ReadBinary
                            | UiccCommand::UpdateBinary
                            | UiccCommand::ReadRecord
                            | UiccCommand::UpdateRecord
                            | UiccCommand::Pin(_)
                            | UiccCommand::Authenticate
                            | UiccCommand::TerminalProfile
                            | UiccCommand::Fetch
                            | UiccCommand::TerminalResponse
                    )
            );
        }
        match self {
            Self::Select | Self::ManageChannel => kind == ClassKind::Interindustry,
            Self::GetResponse => true,
            Self::StoreData => kind == ClassKind::Proprietary,
            Self::Uicc(
                UiccCommand::Status
                | UiccCommand::TerminalCapability
                | UiccCommand::TerminalProfile
                | UiccCommand::Fetch
                | UiccCommand::TerminalResponse,
            ) => kind == ClassKind::Proprietary,
            Self::Uicc(_) => kind == ClassKind::Interindustry,
        }
    }
}
