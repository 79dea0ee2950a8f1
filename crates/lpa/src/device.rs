//! The device the LPA runs in, as the SM-DP+ sees it in ctxParams1 (SGP.22 4.2, 5.7.13):
//! TAC, IMEI, radio capabilities.
//!
//! Digits are packed as BCD with the first digit in the high nibble, as lpac packs the IMEI
//! it is given (and takes the TAC from its first four octets). A 15-digit IMEI is padded
//! with `F`; a 16-digit IMEISV is taken as is.

use proto::sgp22::{DeviceCapabilities, DeviceInfo};

/// TAC sent when none is configured: lpac's default, `35290611`.
pub const DEFAULT_TAC: [u8; 4] = [0x35, 0x29, 0x06, 0x11];

/// Radio releases announced: GSM, UTRAN and E-UTRAN/EPC release 15, as a common LTE device.
const RELEASE_15: [u8; 3] = [15, 0, 0];

/// TAC, IMEI and capabilities of the device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceOptions {
    pub tac: [u8; 4],
    pub imei: Option<[u8; 8]>,
    pub capabilities: DeviceCapabilities,
}

impl Default for DeviceOptions {
    fn default() -> Self {
        DeviceOptions {
            tac: DEFAULT_TAC,
            imei: None,
            capabilities: DeviceCapabilities {
                gsm_supported_release: Some(RELEASE_15),
                utran_supported_release: Some(RELEASE_15),
                eutran_epc_supported_release: Some(RELEASE_15),
                ..DeviceCapabilities::default()
            },
        }
    }
}

/// `digits` packed two per octet, first digit high, padded with `F`.
fn pack_bcd<const N: usize>(digits: &str) -> [u8; N] {
    let mut out = [0xFF; N];
    for (i, d) in digits.bytes().enumerate().take(2 * N) {
        let nibble = d - b'0';
        out[i / 2] = if i % 2 == 0 {
            (nibble << 4) | 0x0F
        } else {
            (out[i / 2] & 0xF0) | nibble
        };
    }
    out
}

/// A device identity that is not of the digits DeviceInfo carries (SGP.22 4.2, 3GPP TS
/// 23.003 6.2): the value as given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceIdError {
    /// Not a TAC of 8 digits.
    #[error("TAC {0:?}: 8 digits expected")]
    Tac(String),
    /// Not an IMEI of 15 digits nor an IMEISV of 16.
    #[error("IMEI {0:?}: 15 digits (or 16 for an IMEISV) expected")]
    Imei(String),
}

impl DeviceOptions {
    /// Sets the TAC from 8 digits.
    pub fn with_tac(mut self, tac: &str) -> Result<DeviceOptions, DeviceIdError> {
        if tac.len() != 8 || !tac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DeviceIdError::Tac(tac.to_string()));
        }
        self.tac = pack_bcd(tac);
        Ok(self)
    }

    /// Sets the IMEI (15 digits) or IMEISV (16 digits); the TAC becomes its first 8 digits.
    pub fn with_imei(mut self, imei: &str) -> Result<DeviceOptions, DeviceIdError> {
        if !(15..=16).contains(&imei.len()) || !imei.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DeviceIdError::Imei(imei.to_string()));
        }
        self.imei = Some(pack_bcd(imei));
        self.tac = pack_bcd(&imei[..8]);
        Ok(self)
    }

    /// The DeviceInfo of ctxParams1.
    pub fn device_info(&self) -> DeviceInfo {
        DeviceInfo {
            tac: self.tac,
            device_capabilities: self.capabilities.clone(),
            imei: self.imei,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp22_4_2_imei_and_tac_are_bcd_first_digit_high() {
        let d = DeviceOptions::default()
            .with_imei("352906110012345")
            .unwrap();
        assert_eq!(
            d.imei,
            Some([0x35, 0x29, 0x06, 0x11, 0x00, 0x12, 0x34, 0x5F])
        );
        assert_eq!(d.tac, DEFAULT_TAC);
        let d = DeviceOptions::default().with_tac("01326600").unwrap();
        assert_eq!(d.tac, [0x01, 0x32, 0x66, 0x00]);
        assert!(DeviceOptions::default().with_tac("1234").is_err());
        assert!(
            DeviceOptions::default()
                .with_imei("35290611001234X")
                .is_err()
        );
    }
}
