//! The retry policy (`86`, GP Amendment B 3.8.3): how often and how long apart the card
//! retries a failed session.
//!
//! ```text
//! retry counter (2) | A5 03 <timer value: hh mm ss> | [retry failure report]
//! ```
//!
//! The waiting delay is a Timer value COMPREHENSION-TLV (ETSI TS 102 223 8.38, tag `25`
//! with the comprehension bit, `A5`): hours, minutes and seconds, each a BCD octet with
//! its nibbles swapped like the TP-SCTS of TS 23.040 9.2.3.11 (denom writes it so; njiwa
//! writes plain binary octets, which differ from 10 on). The failure report is kept as
//! sent (njiwa sends `87 00`).

use super::TriggerError;

const TAG: u8 = 0x86;
const TAG_TIMER: u8 = 0xA5;

/// A TS 102 223 8.38 timer value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimerValue {
    /// Hours, 0 to 99.
    pub hours: u8,
    /// Minutes, 0 to 59.
    pub minutes: u8,
    /// Seconds, 0 to 59.
    pub seconds: u8,
}

impl TimerValue {
    /// The timer value of `seconds`, if under 100 hours.
    pub fn from_seconds(seconds: u32) -> Option<TimerValue> {
        let hours = u8::try_from(seconds / 3600).ok().filter(|&h| h < 100)?;
        Some(TimerValue {
            hours,
            minutes: ((seconds / 60) % 60) as u8,
            seconds: (seconds % 60) as u8,
        })
    }

    /// The timer's length in seconds.
    pub fn as_seconds(self) -> u32 {
        u32::from(self.hours) * 3600 + u32::from(self.minutes) * 60 + u32::from(self.seconds)
    }

    fn encode(self) -> [u8; 3] {
        [
            swapped_bcd(self.hours),
            swapped_bcd(self.minutes),
            swapped_bcd(self.seconds),
        ]
    }

    fn decode(v: [u8; 3]) -> Option<TimerValue> {
        let t = TimerValue {
            hours: from_swapped_bcd(v[0])?,
            minutes: from_swapped_bcd(v[1])?,
            seconds: from_swapped_bcd(v[2])?,
        };
        (t.minutes < 60 && t.seconds < 60).then_some(t)
    }
}

/// `n` (0 to 99) as BCD, units in the high nibble.
fn swapped_bcd(n: u8) -> u8 {
    let n = n.min(99);
    ((n % 10) << 4) | (n / 10)
}

fn from_swapped_bcd(b: u8) -> Option<u8> {
    let (units, tens) = (b >> 4, b & 0x0F);
    (units < 10 && tens < 10).then_some(tens * 10 + units)
}

/// The retry policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times the card retries.
    pub counter: u16,
    /// How long it waits between tries.
    pub waiting_delay: TimerValue,
    /// The retry failure report, as sent.
    pub failure_report: Option<Vec<u8>>,
}

impl RetryPolicy {
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut out = self.counter.to_be_bytes().to_vec();
        out.extend_from_slice(&[TAG_TIMER, 0x03]);
        out.extend_from_slice(&self.waiting_delay.encode());
        out.extend(self.failure_report.iter().flatten());
        out
    }

    pub(super) fn decode(v: &[u8]) -> Result<RetryPolicy, TriggerError> {
        let (head, rest) = v.split_at_checked(7).ok_or(TriggerError::Length(TAG))?;
        let [c0, c1, TAG_TIMER, 0x03, h, m, s] = head else {
            return Err(TriggerError::Value(TAG));
        };
        let waiting_delay =
            TimerValue::decode([*h, *m, *s]).ok_or(TriggerError::Value(TAG_TIMER))?;
        Ok(RetryPolicy {
            counter: u16::from_be_bytes([*c0, *c1]),
            waiting_delay,
            failure_report: (!rest.is_empty()).then(|| rest.to_vec()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timer_values_are_swapped_bcd() {
        let t = TimerValue::from_seconds(3600 + 23 * 60 + 45).unwrap();
        assert_eq!(t.encode(), [0x10, 0x32, 0x54]);
        assert_eq!(TimerValue::decode([0x10, 0x32, 0x54]), Some(t));
        assert_eq!(t.as_seconds(), 5025);
        assert_eq!(TimerValue::decode([0x00, 0x06, 0x00]), None); // 60 minutes
        assert_eq!(TimerValue::decode([0x0A, 0x00, 0x00]), None); // not BCD
        assert_eq!(TimerValue::from_seconds(100 * 3600), None);
    }
}
