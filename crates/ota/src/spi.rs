//! The Security Parameter Indicator (ETSI TS 102 225 5.1.1).
//!
//! ```text
//! SPI1  b8 b7 b6  b5 b4       b3         b2 b1
//!       reserved  counter     ciphering  RC/CC/DS
//! SPI2  b8 b7     b6          b5         b4 b3           b2 b1
//!       reserved  PoR via     PoR        PoR RC/CC/DS    PoR required
//!                 SMS-SUBMIT  ciphered
//! ```

/// The integrity mechanism of a packet (SPI1 b2b1, SPI2 b4b3; ETSI TS 102 225 5.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Integrity {
    /// No RC, CC or DS (`00`).
    None,
    /// Redundancy check: a CRC (`01`).
    Rc,
    /// Cryptographic checksum (`10`).
    Cc,
    /// Digital signature (`11`).
    Ds,
}

impl Integrity {
    fn from_bits(bits: u8) -> Self {
        match bits & 0x03 {
            0 => Integrity::None,
            1 => Integrity::Rc,
            2 => Integrity::Cc,
            _ => Integrity::Ds,
        }
    }

    fn bits(self) -> u8 {
        match self {
            Integrity::None => 0,
            Integrity::Rc => 1,
            Integrity::Cc => 2,
            Integrity::Ds => 3,
        }
    }
}

/// The counter handling the sender asks for (SPI1 b5b4; ETSI TS 102 225 5.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CounterMode {
    /// `00`: no counter.
    None,
    /// `01`: counter available, no replay or sequence checking.
    Present,
    /// `10`: process only if the counter is higher than the receiver's.
    Higher,
    /// `11`: process only if the counter is exactly one higher than the receiver's.
    OneHigher,
}

impl CounterMode {
    fn from_bits(bits: u8) -> Self {
        match bits & 0x03 {
            0 => CounterMode::None,
            1 => CounterMode::Present,
            2 => CounterMode::Higher,
            _ => CounterMode::OneHigher,
        }
    }

    fn bits(self) -> u8 {
        match self {
            CounterMode::None => 0,
            CounterMode::Present => 1,
            CounterMode::Higher => 2,
            CounterMode::OneHigher => 3,
        }
    }
}

/// Whether the receiver answers with a Proof of Receipt (SPI2 b2b1; ETSI TS 102 225 5.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PorRequest {
    /// `00`: no PoR.
    None,
    /// `01`: PoR required.
    Always,
    /// `10`: PoR only on error.
    OnError,
    /// `11`: reserved for future use.
    Reserved,
}

/// The two SPI octets (ETSI TS 102 225 5.1.1); the reserved bits are kept as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spi(pub [u8; 2]);

impl Spi {
    /// The SPI of ES5 over SMS in SGP.02 2.4.3: CC, ciphering, counter higher; PoR
    /// required, with CC, ciphered, sent as SMS-SUBMIT.
    pub const SGP02_ES5: Spi = Spi([0x16, 0x39]);

    /// An SPI from its parts (reserved bits zero).
    pub fn new(command: CommandSecurity, por: PorSecurity) -> Self {
        let spi1 = command.integrity.bits()
            | u8::from(command.ciphering) << 2
            | command.counter.bits() << 3;
        let por_bits = match por.request {
            PorRequest::None => 0,
            PorRequest::Always => 1,
            PorRequest::OnError => 2,
            PorRequest::Reserved => 3,
        };
        let spi2 = por_bits
            | por.integrity.bits() << 2
            | u8::from(por.ciphered) << 4
            | u8::from(por.via_sms_submit) << 5;
        Spi([spi1, spi2])
    }

    /// The two octets as sent.
    pub fn to_bytes(self) -> [u8; 2] {
        self.0
    }

    /// The command's integrity mechanism (SPI1 b2b1).
    pub fn integrity(self) -> Integrity {
        Integrity::from_bits(self.0[0])
    }

    /// Whether the command is ciphered (SPI1 b3).
    pub fn ciphering(self) -> bool {
        self.0[0] & 0x04 != 0
    }

    /// The counter mode (SPI1 b5b4).
    pub fn counter_mode(self) -> CounterMode {
        CounterMode::from_bits(self.0[0] >> 3)
    }

    /// Whether and when a PoR is wanted (SPI2 b2b1).
    pub fn por_request(self) -> PorRequest {
        match self.0[1] & 0x03 {
            0 => PorRequest::None,
            1 => PorRequest::Always,
            2 => PorRequest::OnError,
            _ => PorRequest::Reserved,
        }
    }

    /// The PoR's integrity mechanism (SPI2 b4b3).
    pub fn por_integrity(self) -> Integrity {
        Integrity::from_bits(self.0[1] >> 2)
    }

    /// Whether the PoR is ciphered (SPI2 b5).
    pub fn por_ciphered(self) -> bool {
        self.0[1] & 0x10 != 0
    }

    /// Whether the PoR goes back as an SMS-SUBMIT rather than in the SMS-DELIVER-REPORT
    /// (SPI2 b6; 3GPP TS 31.115, the response packet over SMS).
    pub fn por_via_sms_submit(self) -> bool {
        self.0[1] & 0x20 != 0
    }

    /// The command side as one value.
    pub fn command_security(self) -> CommandSecurity {
        CommandSecurity {
            integrity: self.integrity(),
            ciphering: self.ciphering(),
            counter: self.counter_mode(),
        }
    }

    /// The PoR side as one value.
    pub fn por_security(self) -> PorSecurity {
        PorSecurity {
            request: self.por_request(),
            integrity: self.por_integrity(),
            ciphered: self.por_ciphered(),
            via_sms_submit: self.por_via_sms_submit(),
        }
    }
}

/// SPI1: how the command packet is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommandSecurity {
    /// RC, CC, DS or none.
    pub integrity: Integrity,
    /// Whether the packet is ciphered.
    pub ciphering: bool,
    /// The counter handling.
    pub counter: CounterMode,
}

/// SPI2: whether and how the PoR is sent and secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PorSecurity {
    /// Whether a PoR is wanted.
    pub request: PorRequest,
    /// The PoR's RC, CC, DS or none.
    pub integrity: Integrity,
    /// Whether the PoR is ciphered.
    pub ciphered: bool,
    /// Whether the PoR is an SMS-SUBMIT.
    pub via_sms_submit: bool,
}

/// The Minimum Security Level of a receiving application (ETSI TS 102 226, the MSL of the
/// UICC toolkit application parameters):
/// coded like SPI1, it names the weakest integrity, ciphering and counter mode the
/// application accepts; a command below it gets PoR status `0A`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MinimumSecurityLevel(pub u8);

impl MinimumSecurityLevel {
    /// No requirement.
    pub const NONE: MinimumSecurityLevel = MinimumSecurityLevel(0);

    /// Whether a command secured as `spi` meets this level: integrity at least as strong
    /// (RC < CC < DS), ciphering if asked for, and a counter at least as strict (none <
    /// present < higher < one higher).
    pub fn is_met_by(self, spi: Spi) -> bool {
        let wanted = Spi([self.0, 0]);
        let counter_rank = |mode: CounterMode| match mode {
            CounterMode::None => 0,
            CounterMode::Present => 1,
            CounterMode::Higher => 2,
            CounterMode::OneHigher => 3,
        };
        spi.integrity() >= wanted.integrity()
            && (spi.ciphering() || !wanted.ciphering())
            && counter_rank(spi.counter_mode()) >= counter_rank(wanted.counter_mode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp02_es5_value_decodes_to_its_parts() {
        let spi = Spi::SGP02_ES5;
        assert_eq!(spi.integrity(), Integrity::Cc);
        assert!(spi.ciphering());
        assert_eq!(spi.counter_mode(), CounterMode::Higher);
        assert_eq!(spi.por_request(), PorRequest::Always);
        assert_eq!(spi.por_integrity(), Integrity::Cc);
        assert!(spi.por_ciphered());
        assert!(spi.por_via_sms_submit());
        assert_eq!(Spi::new(spi.command_security(), spi.por_security()), spi);
    }

    #[test]
    fn pysim_spi_values_decode() {
        // pySim test_ota.py: 06 19 = CC + ciphering, no counter; PoR required, CC, ciphered.
        let spi = Spi([0x06, 0x19]);
        assert_eq!(spi.counter_mode(), CounterMode::None);
        assert!(!spi.por_via_sms_submit());
        // smpp-ota-tool.rst: 16 19 = the same with "counter must be higher".
        assert_eq!(Spi([0x16, 0x19]).counter_mode(), CounterMode::Higher);
        assert_eq!(Spi([0x1E, 0x02]).counter_mode(), CounterMode::OneHigher);
        assert_eq!(Spi([0x0D, 0x02]).integrity(), Integrity::Rc);
        assert_eq!(Spi([0x0D, 0x02]).por_request(), PorRequest::OnError);
    }

    #[test]
    fn minimum_security_level_orders_integrity_and_counter() {
        let msl = MinimumSecurityLevel(0x16);
        assert!(msl.is_met_by(Spi([0x16, 0x00])));
        assert!(msl.is_met_by(Spi([0x1E, 0x00])));
        assert!(!msl.is_met_by(Spi([0x12, 0x00])), "no ciphering");
        assert!(!msl.is_met_by(Spi([0x15, 0x00])), "RC below CC");
        assert!(!msl.is_met_by(Spi([0x0E, 0x00])), "counter without check");
        assert!(MinimumSecurityLevel::NONE.is_met_by(Spi([0, 0])));
        assert!(
            !MinimumSecurityLevel(0x08).is_met_by(Spi([0x02, 0x00])),
            "no counter"
        );
        assert!(MinimumSecurityLevel(0x08).is_met_by(Spi([0x0A, 0x00])));
    }
}
