//! A profile type's icon (SGP.22 5.5.3: StoreMetadata `iconType` and `icon`), set by the
//! operator (`rsp-lab smdp inventory icon`) and carried in the metadata of its downloads.
//!
//! An icon is what makes a profile's metadata outgrow one BSP segment: a StoreMetadata
//! over 1020 octets goes in several `88` segments of the Bound Profile Package (SGP.22
//! 2.5.5, segments of at most 1020 octets with tag, length and MAC), and only then.

use proto::sgp22::IconType;

use crate::store::{StoreError, profiles};
use crate::view::SmDpView;

/// Largest icon: `icon [20] OCTET STRING (SIZE(0..1024))`.
pub const MAX_ICON_LEN: usize = 1024;

/// Why the icon was not set.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IconError {
    #[error("profile type {0} is unknown")]
    UnknownType(String),
    #[error("an icon has at most {MAX_ICON_LEN} octets, this one {0}")]
    TooLarge(usize),
    #[error("an icon is a PNG or JPEG image")]
    NotAnImage,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The icon type of an image, from its signature (PNG `89 50 4E 47`, JPEG `FF D8 FF`).
pub fn icon_type_of(image: &[u8]) -> Option<IconType> {
    if image.starts_with(&[0x89, b'P', b'N', b'G']) {
        Some(IconType::Png)
    } else if image.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(IconType::Jpg)
    } else {
        None
    }
}

/// The stored value of an icon type.
pub(crate) fn icon_type_value(t: IconType) -> i64 {
    match t {
        IconType::Jpg => 0,
        IconType::Png => 1,
        IconType::Other(v) => v,
    }
}

/// The icon type of a stored value.
pub(crate) fn icon_type_from(v: i64) -> IconType {
    match v {
        0 => IconType::Jpg,
        1 => IconType::Png,
        v => IconType::Other(v),
    }
}

impl SmDpView {
    /// Sets the icon of a profile type (a PNG or JPEG image of at most 1024 octets), or
    /// removes it (`None`).
    pub async fn set_profile_icon(
        &self,
        profile_type: &str,
        image: Option<&[u8]>,
    ) -> Result<(), IconError> {
        let icon = match image {
            Some(i) if i.len() > MAX_ICON_LEN => return Err(IconError::TooLarge(i.len())),
            Some(i) => {
                let t = icon_type_of(i).ok_or(IconError::NotAnImage)?;
                Some((icon_type_value(t), i.to_vec()))
            }
            None => None,
        };
        let name = profile_type.to_string();
        self.store()
            .write(move |tx| {
                if profiles::set_icon(tx, &name, icon.as_ref())? {
                    Ok(())
                } else {
                    Err(IconError::UnknownType(name.clone()))
                }
            })
            .await
    }
}

/// [`SmDpView::set_profile_icon`] on the database at `database_url`.
pub async fn set_profile_icon_at(
    database_url: &str,
    profile_type: &str,
    image: Option<&[u8]>,
) -> Result<(), IconError> {
    let view = SmDpView::open(database_url).await?;
    let r = view.set_profile_icon(profile_type, image).await;
    view.close().await;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icons_are_told_by_their_signature() {
        assert_eq!(icon_type_of(b"\x89PNG\r\n\x1a\n"), Some(IconType::Png));
        assert_eq!(icon_type_of(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(IconType::Jpg));
        assert_eq!(icon_type_of(b"GIF89a"), None);
        assert_eq!(
            icon_type_from(icon_type_value(IconType::Png)),
            IconType::Png
        );
    }
}
