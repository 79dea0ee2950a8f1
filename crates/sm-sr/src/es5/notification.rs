//! The Default Notification an eUICC sends its SM-SR (SGP.02 3.15, 4.1.1.11):
//!
//! ```text
//! E1 L { 4C L EID | 4D 01 type | 4E 02 sequence number | [2F/AF L ISD-P AID]
//!        | [14/94 L IMEI] | [6D/ED L MEID] }
//! ```
//!
//! Types: `01` eUICC declaration, `02` profile change succeeded, `03` profile change
//! failed and rolled back, `04` void, `05` profile change after fall-back. The AID is that
//! of the profile enabled after the change.

use super::tlv::{self, TlvError};

/// The notification's outer tag.
pub const TAG_NOTIFICATION: u8 = 0xE1;
/// The largest notification read, octets (an SMS-carried one is well under it).
pub const MAX_NOTIFICATION: usize = 512;

/// What happened on the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotificationType {
    /// `01`: first attach of the eUICC.
    Declaration,
    /// `02`: the profile change succeeded; the AID's profile is enabled.
    ProfileChangeSucceeded,
    /// `03`: the change failed; the card rolled back to the AID's profile.
    ProfileChangeRolledBack,
    /// `05`: the card enabled the fall-back profile (the AID's).
    FallBack,
}

impl NotificationType {
    fn from_byte(b: u8) -> Option<NotificationType> {
        Some(match b {
            0x01 => NotificationType::Declaration,
            0x02 => NotificationType::ProfileChangeSucceeded,
            0x03 => NotificationType::ProfileChangeRolledBack,
            0x05 => NotificationType::FallBack,
            _ => return None,
        })
    }

    /// The type octet.
    pub fn byte(self) -> u8 {
        match self {
            NotificationType::Declaration => 0x01,
            NotificationType::ProfileChangeSucceeded => 0x02,
            NotificationType::ProfileChangeRolledBack => 0x03,
            NotificationType::FallBack => 0x05,
        }
    }
}

/// A Default Notification, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultNotification {
    /// The EID, as 32 digits.
    pub eid: String,
    /// What happened.
    pub kind: NotificationType,
    /// The sequence number the confirmation echoes.
    pub seq: u16,
    /// The ISD-P whose profile is enabled now.
    pub isd_p_aid: Option<Vec<u8>>,
}

/// Why a notification was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotificationError {
    /// Larger than [`MAX_NOTIFICATION`].
    #[error("notification larger than {MAX_NOTIFICATION} octets")]
    TooLarge,
    /// Not TLVs.
    #[error(transparent)]
    Tlv(#[from] TlvError),
    /// A mandatory element is missing or malformed, or the type is unknown.
    #[error("malformed notification: {0}")]
    Malformed(&'static str),
}

impl DefaultNotification {
    /// Reads a notification (the whole of `bytes`).
    pub fn parse(bytes: &[u8]) -> Result<DefaultNotification, NotificationError> {
        if bytes.len() > MAX_NOTIFICATION {
            return Err(NotificationError::TooLarge);
        }
        let (tag, body, rest) = tlv::next(bytes)?;
        if tag != TAG_NOTIFICATION || !rest.is_empty() {
            return Err(NotificationError::Malformed("not one E1 template"));
        }
        let (mut eid, mut kind, mut seq, mut aid) = (None, None, None, None);
        for (tag, value) in tlv::all(body)? {
            match (tag, value) {
                (0x4C, v) if v.len() == 16 => eid = Some(hex::encode_upper(v)),
                (0x4D, [t]) => kind = NotificationType::from_byte(*t),
                (0x4E, [a, b]) => seq = Some(u16::from_be_bytes([*a, *b])),
                (0x2F | 0xAF, v) if (5..=16).contains(&v.len()) => aid = Some(v.to_vec()),
                (0x4C | 0x4D | 0x4E | 0x2F | 0xAF, _) => {
                    return Err(NotificationError::Malformed("element of the wrong length"));
                }
                _ => {}
            }
        }
        let eid = eid.filter(|e| e.bytes().all(|b| b.is_ascii_digit()));
        Ok(DefaultNotification {
            eid: eid.ok_or(NotificationError::Malformed("EID"))?,
            kind: kind.ok_or(NotificationError::Malformed("type"))?,
            seq: seq.ok_or(NotificationError::Malformed("sequence number"))?,
            isd_p_aid: aid,
        })
    }

    /// The notification's encoding (what a card sends; for tests and the lab's card).
    pub fn encode(&self) -> Vec<u8> {
        let mut body = Vec::new();
        tlv::put(&mut body, 0x4C, &hex::decode(&self.eid).unwrap_or_default());
        tlv::put(&mut body, 0x4D, &[self.kind.byte()]);
        tlv::put(&mut body, 0x4E, &self.seq.to_be_bytes());
        if let Some(aid) = &self.isd_p_aid {
            tlv::put(&mut body, 0x2F, aid);
        }
        let mut out = Vec::new();
        tlv::put(&mut out, TAG_NOTIFICATION, &body);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EID: &str = "89049032123451234512345678901235";

    #[test]
    fn reads_what_it_encodes_and_refuses_the_malformed() {
        let n = DefaultNotification {
            eid: EID.into(),
            kind: NotificationType::ProfileChangeSucceeded,
            seq: 7,
            isd_p_aid: Some(vec![0xA0, 0, 0, 5, 0x59, 0x10]),
        };
        let bytes = n.encode();
        assert_eq!(hex::encode_upper(&bytes[..4]), "E1214C10");
        assert_eq!(DefaultNotification::parse(&bytes).unwrap(), n);
        let mut unknown_type = bytes.clone();
        unknown_type[22] = 0x04;
        assert_eq!(
            DefaultNotification::parse(&unknown_type),
            Err(NotificationError::Malformed("type"))
        );
        assert!(DefaultNotification::parse(&bytes[..bytes.len() - 1]).is_err());
        assert!(DefaultNotification::parse(&[0xE1; 600]).is_err());
    }
}
