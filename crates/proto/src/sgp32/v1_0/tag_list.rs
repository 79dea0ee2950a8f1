//! The `tagList` of IpaEuiccDataRequest names components of IpaEuiccData by their tags,
//! and v1.0 tagged two of them differently (SGP.32 v1.0 / v1.2 2.11.2.2):
//!
//! | component | v1.0 | v1.2 |
//! |---|---|---|
//! | defaultSmdpAddress | `80` | `81` |
//! | notifications, eUICC Package Results | `BF2B` (one RetrieveNotificationsList answer) | `A0`, `A2` |
//! | ipaCapabilities | `A8` (the v1.0 text says `88`, also accepted) | `A8` |
//!
//! The others (`BF20`, `BF22`, `83`, `84`, `A5`, `A6`, `A9`) are the same. A list that is
//! not a run of tags is passed on unchanged, for the IPA to answer `incorrectTagList`.

use crate::der::{Class, Tag};

const DEFAULT_SMDP_V1_0: &[u8] = &[0x80];
const DEFAULT_SMDP_V1_2: &[u8] = &[0x81];
const NOTIFICATIONS_V1_0: &[u8] = &[0xBF, 0x2B];
/// `notificationsList` of v1.2's IpaEuiccData.
pub const NOTIFICATIONS_V1_2: &[u8] = &[0xA0];
/// `euiccPackageResultList` of v1.2's IpaEuiccData.
pub const RESULTS_V1_2: &[u8] = &[0xA2];
const IPA_CAPABILITIES: &[u8] = &[0xA8];

/// The tags of `list`, each as its octets; `None` if it is not a run of tags.
fn tags(list: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    let mut rest = list;
    while !rest.is_empty() {
        let (_, len) = Tag::parse(rest)?;
        out.push(&rest[..len]);
        rest = &rest[len..];
    }
    Some(out)
}

/// Whether `list` names the component with tag `tag` (its octets).
pub fn names(list: &[u8], tag: &[u8]) -> bool {
    tags(list).is_some_and(|t| t.contains(&tag))
}

fn is(tag: &[u8], class: Class, number: u32) -> bool {
    Tag::parse(tag).is_some_and(|(t, _)| t.class == class && t.number == number)
}

/// The components a v1.2 list asks for, in v1.0's tags: `A0` and `A2` become one `BF2B`.
pub fn to_v1_0(list: &[u8]) -> Vec<u8> {
    let Some(tags) = tags(list) else {
        return list.to_vec();
    };
    let mut out = Vec::with_capacity(list.len() + 1);
    let mut notifications = false;
    for t in tags {
        if t == NOTIFICATIONS_V1_2 || t == RESULTS_V1_2 {
            if !notifications {
                out.extend_from_slice(NOTIFICATIONS_V1_0);
                notifications = true;
            }
        } else if t == DEFAULT_SMDP_V1_2 {
            out.extend_from_slice(DEFAULT_SMDP_V1_0);
        } else {
            out.extend_from_slice(t);
        }
    }
    out
}

/// What `BF2B` of a v1.0 list stands for, from the request's search criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotificationsWanted {
    /// No criterion: the notifications and the eUICC Package Results.
    Both,
    /// A notification criterion (seqNumber, profileManagementOperation).
    Notifications,
    /// `euiccPackageResults`.
    PackageResults,
}

/// The components a v1.0 list asks for, in v1.2's tags.
pub fn to_v1_2(list: &[u8], wanted: NotificationsWanted) -> Vec<u8> {
    let Some(tags) = tags(list) else {
        return list.to_vec();
    };
    let mut out = Vec::with_capacity(list.len() + 1);
    for t in tags {
        if t == NOTIFICATIONS_V1_0 {
            if wanted != NotificationsWanted::PackageResults {
                out.extend_from_slice(NOTIFICATIONS_V1_2);
            }
            if wanted != NotificationsWanted::Notifications {
                out.extend_from_slice(RESULTS_V1_2);
            }
        } else if t == DEFAULT_SMDP_V1_0 {
            out.extend_from_slice(DEFAULT_SMDP_V1_2);
        } else if is(t, Class::Context, 8) {
            out.extend_from_slice(IPA_CAPABILITIES);
        } else {
            out.extend_from_slice(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp32_2_11_2_2_tag_lists_map_both_ways() {
        let v12 = [0xA0, 0x81, 0xA2, 0xBF, 0x22, 0xA6, 0xA8];
        assert_eq!(to_v1_0(&v12), [0xBF, 0x2B, 0x80, 0xBF, 0x22, 0xA6, 0xA8]);
        let v10 = [0xBF, 0x2B, 0x80, 0xBF, 0x22, 0x88];
        assert_eq!(
            to_v1_2(&v10, NotificationsWanted::Both),
            [0xA0, 0xA2, 0x81, 0xBF, 0x22, 0xA8]
        );
        assert_eq!(
            to_v1_2(&v10, NotificationsWanted::PackageResults),
            [0xA2, 0x81, 0xBF, 0x22, 0xA8]
        );
        // Not a run of tags: left for the IPA to refuse.
        assert_eq!(to_v1_0(&[0xBF]), [0xBF]);
    }
}
