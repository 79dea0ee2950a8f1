//! The download session of the ISD-R as an explicit state machine (SGP.22 3.1.2, 3.1.3):
//!
//! ```text
//! Idle ──GetEUICCChallenge──▶ ChallengeIssued ──AuthenticateServer──▶ ServerAuthenticated
//!   ──PrepareDownload──▶ DownloadPrepared ──LoadBoundProfilePackage (first piece)──▶ Loading
//!   ──last piece──▶ Idle (ProfileInstallationResult)
//! ```
//!
//! Each state is its own type; a transition consumes it and yields the next state or ends
//! the session, so a function out of order meets no state to act on and gets the spec's
//! refusal (`noSessionContext`, `invalidTransactionId`, status word `6985`). Any refusal
//! ends the session; GetEUICCChallenge starts a new one, dropping whatever was there. The
//! session is volatile: a reset or a restart of the process loses it, and with it any
//! installation in progress, of which nothing was stored.

mod authenticate;
pub(crate) mod bpp_stream;
mod cancel;
mod install;
mod load;
mod prepare;

pub(crate) use authenticate::{ChallengeIssued, Info2, ServerAuthenticated, authenticate_server};
pub(crate) use cancel::cancel_session;
pub(crate) use install::{PROFILE_PACKAGE_VERSION, PirContext, build_profile, check_metadata};
pub use load::STORE_METADATA_LENIENCY;
pub(crate) use load::{InstallDraft, InstallFailure, LoadOutcome, Loading};
pub(crate) use prepare::{DownloadPrepared, prepare_download};

use proto::der::Tag;

/// Where the download session is.
#[derive(Default)]
pub(crate) enum Session {
    #[default]
    Idle,
    ChallengeIssued(ChallengeIssued),
    Authenticated(ServerAuthenticated),
    Prepared(Box<DownloadPrepared>),
    Loading(Box<Loading>),
}

impl Session {
    /// Takes the state out, leaving `Idle`.
    pub(crate) fn take(&mut self) -> Session {
        std::mem::take(self)
    }

    /// The transaction of the session, once the server is authenticated.
    pub(crate) fn transaction_id(&self) -> Option<&[u8]> {
        match self {
            Session::Idle | Session::ChallengeIssued(_) => None,
            Session::Authenticated(a) => Some(&a.transaction_id),
            Session::Prepared(p) => Some(&p.auth.transaction_id),
            Session::Loading(l) => Some(&l.pir.transaction_id),
        }
    }

    /// Whether a request starting with `tag` is the next piece of a Bound Profile Package
    /// (SGP.22 2.5.5, as LPAs do it: `BF36` with `BF23`, `A0`, `A1` header, `88`, `A2`, `A3` header,
    /// `86`), rather than another ES10 function.
    pub(crate) fn takes_bpp_piece(&self, tag: Option<Tag>) -> bool {
        match self {
            Session::Prepared(_) => tag == Some(BPP_TAG),
            Session::Loading(l) => l.mid_unit() || tag.is_some_and(is_bpp_piece_tag),
            _ => false,
        }
    }
}

/// `BoundProfilePackage` (`BF36`).
pub(crate) const BPP_TAG: Tag = Tag::context(54, true);

/// Whether a request starting with `tag` is a piece of a Bound Profile Package.
pub(crate) fn is_bpp_piece_tag(tag: Tag) -> bool {
    tag == BPP_TAG
        || (tag.class == proto::der::Class::Context
            && ((tag.constructed && tag.number <= 3)
                || (!tag.constructed && (6..=8).contains(&tag.number))))
}
