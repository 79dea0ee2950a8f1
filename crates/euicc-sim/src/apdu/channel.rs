//! Logical channels and the state each one carries (ISO/IEC 7816-4 "logical channels";
//! GPCS v2.3 §11.7; ETSI TS 102 221 §11.1.17 MANAGE CHANNEL).
//!
//! The basic channel 0 is always open while the card is powered; supplementary channels
//! 1..3 are opened and closed with MANAGE CHANNEL. Each open channel has its own selected
//! application, its own STORE DATA chain being reassembled and its own response data
//! waiting for GET RESPONSE. Closing a channel, a reset or a power-off drops that state.

pub use super::application::Application;
use super::class::MAX_CHANNEL;
use super::response::PendingResponse;
use super::store_data::StoreDataChain;

/// The state of one open logical channel.
#[derive(Clone, Default, Debug)]
pub struct ChannelState {
    pub selected: Option<Application>,
    /// The current DF, EF and application in the UICC file system (the MF on a new channel,
    /// ETSI TS 102 221 11.1.17).
    pub files: crate::uicc::Selection,
    pub chain: StoreDataChain,
    pub pending: PendingResponse,
}

impl ChannelState {
    fn with_selection(selected: Option<Application>, files: crate::uicc::Selection) -> Self {
        Self {
            selected,
            files,
            ..Self::default()
        }
    }
}

/// Channel 0 plus the supplementary channels 1..=[`MAX_CHANNEL`].
#[derive(Clone, Debug)]
pub struct Channels {
    slots: [Option<ChannelState>; MAX_CHANNEL as usize + 1],
}

impl Default for Channels {
    fn default() -> Self {
        let mut slots: [Option<ChannelState>; MAX_CHANNEL as usize + 1] = Default::default();
        slots[0] = Some(ChannelState::default());
        Self { slots }
    }
}

impl Channels {
    /// The state of channel `n` if it is open.
    pub fn get_mut(&mut self, n: u8) -> Option<&mut ChannelState> {
        self.slots.get_mut(usize::from(n))?.as_mut()
    }

    pub fn is_open(&self, n: u8) -> bool {
        matches!(self.slots.get(usize::from(n)), Some(Some(_)))
    }

    /// The channel numbers currently open, basic channel included.
    pub fn open_channels(&self) -> Vec<u8> {
        (0..=MAX_CHANNEL).filter(|n| self.is_open(*n)).collect()
    }

    /// The lowest closed supplementary channel.
    pub fn next_free(&self) -> Option<u8> {
        (1..=MAX_CHANNEL).find(|n| !self.is_open(*n))
    }

    /// Opens channel `n` (1..=3, closed). When opened from a supplementary channel the new
    /// channel starts with that channel's selected application; from the basic channel it
    /// starts with none, this card having no default application (ISO/IEC 7816-4, GPCS §11.7).
    /// Returns false when `n` cannot be opened.
    pub fn open(&mut self, n: u8, from: u8) -> bool {
        if n == 0 || n > MAX_CHANNEL || self.is_open(n) {
            return false;
        }
        // from a supplementary channel the new one inherits its selections; from the basic
        // channel it starts in the MF (TS 102 221 11.1.17)
        let (inherited, files) = match from {
            0 => (None, crate::uicc::Selection::default()),
            _ => self
                .get_mut(from)
                .map(|c| (c.selected, c.files))
                .unwrap_or_default(),
        };
        match self.slots.get_mut(usize::from(n)) {
            Some(slot) => {
                *slot = Some(ChannelState::with_selection(inherited, files));
                true
            }
            None => false,
        }
    }

    /// Closes supplementary channel `n`; false when it is the basic channel or not open.
    pub fn close(&mut self, n: u8) -> bool {
        if n == 0 || !self.is_open(n) {
            return false;
        }
        match self.slots.get_mut(usize::from(n)) {
            Some(slot) => {
                *slot = None;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_channel_is_open_and_cannot_be_closed() {
        let mut c = Channels::default();
        assert_eq!(c.open_channels(), [0]);
        assert!(!c.close(0));
        assert!(!c.open(0, 0));
    }

    #[test]
    fn next_free_assigns_lowest_closed_channel() {
        let mut c = Channels::default();
        assert_eq!(c.next_free(), Some(1));
        assert!(c.open(1, 0));
        assert!(c.open(3, 0));
        assert_eq!(c.next_free(), Some(2));
        assert!(c.open(2, 0));
        assert_eq!(c.next_free(), None);
        assert!(!c.open(2, 0), "already open");
        assert!(c.close(2));
        assert_eq!(c.next_free(), Some(2));
        assert!(!c.close(2), "already closed");
        assert!(!c.open(4, 0));
    }

    #[test]
    fn gpcs_11_7_channel_opened_from_supplementary_inherits_selection() {
        let mut c = Channels::default();
        assert!(c.open(1, 0));
        if let Some(ch) = c.get_mut(1) {
            ch.selected = Some(Application::IsdR);
        }
        assert!(c.open(2, 1));
        assert_eq!(
            c.get_mut(2).and_then(|s| s.selected),
            Some(Application::IsdR)
        );
        assert!(c.open(3, 0));
        assert_eq!(c.get_mut(3).and_then(|s| s.selected), None);
    }
}
