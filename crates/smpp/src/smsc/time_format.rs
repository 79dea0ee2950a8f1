//! SMPP time formats (SMPP 3.4 7.1: 7.1.1 absolute, 7.1.2 relative): how long a message
//! stays valid, and the receipt's dates.
//!
//! ```text
//! absolute  YYMMDDhhmmsstnnp   t tenths of a second, nn quarter hours from UTC,
//!                              p '+' ahead of UTC, '-' behind
//! relative  YYMMDDhhmmss000R   from now
//! ```
//!
//! SMPP 3.4 gives no length to a relative month or year; this SMSC counts 30 and 365 days.

use std::time::Duration;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// A time field that is neither empty nor one of the two 16-character forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidTime;

/// How long from `now` until the time `text` names: `None` for an empty field, zero for a
/// time already past.
pub(crate) fn until(text: &str, now: OffsetDateTime) -> Result<Option<Duration>, InvalidTime> {
    if text.is_empty() {
        return Ok(None);
    }
    let bytes = text.as_bytes();
    if bytes.len() != 16 || !bytes[..15].iter().all(u8::is_ascii_digit) {
        return Err(InvalidTime);
    }
    let two = |i: usize| u32::from(bytes[i] - b'0') * 10 + u32::from(bytes[i + 1] - b'0');
    match bytes[15] {
        b'R' => Ok(Some(relative(
            two(0),
            two(2),
            two(4),
            two(6),
            two(8),
            two(10),
        ))),
        sign @ (b'+' | b'-') => {
            let at = absolute(&two, u32::from(bytes[12] - b'0'), sign)?;
            let left = at - now;
            Ok(Some(Duration::try_from(left).unwrap_or(Duration::ZERO)))
        }
        _ => Err(InvalidTime),
    }
}

fn relative(
    years: u32,
    months: u32,
    days: u32,
    hours: u32,
    minutes: u32,
    seconds: u32,
) -> Duration {
    let days = u64::from(years) * 365 + u64::from(months) * 30 + u64::from(days);
    let seconds =
        ((days * 24 + u64::from(hours)) * 60 + u64::from(minutes)) * 60 + u64::from(seconds);
    Duration::from_secs(seconds)
}

fn absolute(
    two: &dyn Fn(usize) -> u32,
    tenths: u32,
    sign: u8,
) -> Result<OffsetDateTime, InvalidTime> {
    let narrow = |v: u32| u8::try_from(v).map_err(|_| InvalidTime);
    let month = Month::try_from(narrow(two(2))?).map_err(|_| InvalidTime)?;
    let year = 2000 + i32::try_from(two(0)).map_err(|_| InvalidTime)?;
    let date = Date::from_calendar_date(year, month, narrow(two(4))?).map_err(|_| InvalidTime)?;
    let clock = Time::from_hms_milli(
        narrow(two(6))?,
        narrow(two(8))?,
        narrow(two(10))?,
        (tenths * 100) as u16,
    )
    .map_err(|_| InvalidTime)?;
    let quarters = i32::try_from(two(13)).map_err(|_| InvalidTime)?;
    let offset_seconds = quarters * 900 * if sign == b'-' { -1 } else { 1 };
    let offset = UtcOffset::from_whole_seconds(offset_seconds).map_err(|_| InvalidTime)?;
    Ok(PrimitiveDateTime::new(date, clock).assume_offset(offset))
}

/// The receipt's `YYMMDDhhmm` (SMPP 3.4 Appendix B), in UTC.
pub(crate) fn receipt_date(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:02}{:02}{:02}{:02}{:02}",
        at.year().rem_euclid(100),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-03-01 12:00:00 UTC);

    #[test]
    fn relative_and_absolute_forms() {
        assert_eq!(until("", NOW), Ok(None));
        assert_eq!(
            until("000001020304000R", NOW),
            Ok(Some(Duration::from_secs(86_400 + 2 * 3600 + 3 * 60 + 4)))
        );
        // 13:00 at UTC+1 (04 quarter hours ahead) is 12:00 UTC: no time left.
        assert_eq!(until("260301130000004+", NOW), Ok(Some(Duration::ZERO)));
        assert_eq!(
            until("260301140000004+", NOW),
            Ok(Some(Duration::from_secs(3600)))
        );
        assert_eq!(
            until("260301120000004-", NOW),
            Ok(Some(Duration::from_secs(3600)))
        );
    }

    #[test]
    fn malformed_times_are_refused() {
        for bad in [
            "1",
            "000001020304000X",
            "261301120000000+",
            "26030112000000+",
            "26030112000a000R",
        ] {
            assert_eq!(until(bad, NOW), Err(InvalidTime), "{bad}");
        }
    }

    #[test]
    fn receipt_dates_are_utc_minutes() {
        assert_eq!(
            receipt_date(datetime!(2026-03-01 12:34:56 +01:00)),
            "2603011134"
        );
    }
}
