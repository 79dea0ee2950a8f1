//! [`Lpa`]: one LPA session on one card: the ES10 client on its logical channel, the ES9+
//! client, the device's identity, and what to do after each operation.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::card_channel::CardChannel;
use super::device::DeviceOptions;
use super::error::LpaError;
use super::es9p::{Es9Client, Es9Options};
use super::es10x::{Es10Client, Es10Options};

/// Everything an LPA needs besides the card.
#[derive(Clone, Debug)]
pub struct LpaOptions {
    pub es10: Es10Options,
    pub es9: Es9Options,
    pub device: DeviceOptions,
    /// `refreshFlag` of ES10c.EnableProfile / DisableProfile (SGP.22 5.7.16): ask the eUICC
    /// for a REFRESH, as a device LPA does (lpac's default).
    pub refresh_flag: bool,
    /// Send the pending notifications after download, enable, disable and delete, and
    /// remove those the receiver accepted.
    pub process_notifications: bool,
}

impl Default for LpaOptions {
    fn default() -> Self {
        LpaOptions {
            es10: Es10Options::default(),
            es9: Es9Options::default(),
            device: DeviceOptions::default(),
            refresh_flag: true,
            process_notifications: true,
        }
    }
}

/// A step of the download (SGP.22 3.1.3), announced before it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DownloadStep {
    InitiateAuthentication,
    AuthenticateServer,
    AuthenticateClient,
    PrepareDownload,
    GetBoundProfilePackage,
    LoadBoundProfilePackage,
    HandleNotification,
    CancelSession,
}

impl DownloadStep {
    /// The function's name as SGP.22 writes it.
    pub fn name(self) -> &'static str {
        match self {
            DownloadStep::InitiateAuthentication => "ES9+.InitiateAuthentication",
            DownloadStep::AuthenticateServer => "ES10b.AuthenticateServer",
            DownloadStep::AuthenticateClient => "ES9+.AuthenticateClient",
            DownloadStep::PrepareDownload => "ES10b.PrepareDownload",
            DownloadStep::GetBoundProfilePackage => "ES9+.GetBoundProfilePackage",
            DownloadStep::LoadBoundProfilePackage => "ES10b.LoadBoundProfilePackage",
            DownloadStep::HandleNotification => "ES9+.HandleNotification",
            DownloadStep::CancelSession => "CancelSession",
        }
    }
}

/// Called before each download step; the step waits for the returned future (progress
/// display, or a test that acts on the server in the middle of a download).
pub type StepHook =
    Arc<dyn Fn(DownloadStep) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// An LPA driving one card.
pub struct Lpa<C> {
    pub(crate) es10: Es10Client<C>,
    pub(crate) es9: Option<Es9Client>,
    pub(crate) options: LpaOptions,
    pub(crate) hook: Option<StepHook>,
}

impl<C: CardChannel> Lpa<C> {
    /// Opens the ISD-R on `card` and prepares the ES9+ client (when a trust is configured;
    /// without one only card-local operations work).
    pub fn open(card: C, options: LpaOptions) -> Result<Lpa<C>, LpaError> {
        let es10 = Es10Client::open(card, options.es10).map_err(|source| LpaError::Card {
            function: "SELECT ISD-R",
            source,
        })?;
        let es9 = match options.es9.trust {
            Some(_) => Some(Es9Client::new(&options.es9)?),
            None => None,
        };
        Ok(Lpa {
            es10,
            es9,
            options,
            hook: None,
        })
    }

    /// Sets the hook called before each download step.
    pub fn on_step(&mut self, hook: StepHook) {
        self.hook = Some(hook);
    }

    /// The ES10 client, for functions without a wrapper here.
    pub fn es10(&mut self) -> &mut Es10Client<C> {
        &mut self.es10
    }

    /// The ES9+ client.
    pub fn es9(&self) -> Result<&Es9Client, LpaError> {
        self.es9.as_ref().ok_or_else(no_trust)
    }

    pub fn options(&self) -> &LpaOptions {
        &self.options
    }

    /// Closes the logical channel and gives the card back.
    pub fn close(self) -> C {
        self.es10.close()
    }
}

pub(crate) fn no_trust() -> LpaError {
    LpaError::Setup(
        "no trusted CA for the SM-DP+'s TLS certificate: give --ca FILE (or --insecure)".into(),
    )
}

/// Runs the hook, if any.
pub(crate) async fn announce(hook: &Option<StepHook>, step: DownloadStep) {
    tracing::info!("{}", step.name());
    if let Some(h) = hook {
        h(step).await;
    }
}
