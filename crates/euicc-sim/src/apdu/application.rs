//! The applications of the card a terminal selects by AID (SGP.22 §2.2; the AIDs are in
//! [`super::select`]).

/// The applications this card lets a terminal select.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Application {
    /// The ISD-R (SGP.22 §2.2.1), reached with ES10x commands in STORE DATA.
    IsdR,
    /// The ECASD (SGP.22 §2.2.2): selectable, it takes no ES10x command.
    Ecasd,
    /// An ISD-P of an M2M eUICC (SGP.02 2.2.1), by its TAR: SCP03 over APDUs.
    IsdP([u8; 3]),
}
