//! Event retrieval at an SM-DS (SGP.22 3.6.3, 5.8): the common mutual authentication with
//! the SM-DS, then ES11.AuthenticateClient answering the eUICC's event entries.
//!
//! ```text
//! ES10a.GetEuiccConfiguredAddresses  rootDsAddress, unless an SM-DS address is given
//! ES10b.GetEUICCChallenge, ES10b.GetEUICCInfo(1)
//! ES11.InitiateAuthentication        check transactionId, serverAddress, euiccChallenge
//! ES10b.AuthenticateServer           ctxParams1: CtxParamsForCommonAuthentication,
//!                                    matchingId absent, deviceInfo
//! ES11.AuthenticateClient            check transactionId -> eventEntries
//! ```
//!
//! ES11 travels on the ES9+ JSON paths at the SM-DS's host (`/gsma/rsp2/es9plus/...`, as
//! lpac posts it), so the ES9+ client carries it. A refusal keeps the SM-DS's subject and
//! reason codes ([`LpaError::ServerRefused`]). ES11 has no CancelSession: the eUICC's
//! session with the SM-DS ends with the next GetEUICCChallenge. Each event names the RSP
//! server to contact and the EventID that is the Matching ID of the download there (SGP.22
//! 3.1.3: the download with an event, no Activation Code).

use std::fmt;

use proto::ids::{MatchingId, SmdpAddress};
use proto::json::es9p::{AuthenticateClientRequest, Es9Function};
use proto::json::es12::AuthenticateClientResponseEs11;
use serde::Serialize;

use super::agent::{DownloadStep, Lpa, announce, no_trust};
use super::authenticate::{answer_error, authenticate_server, initiate_authentication};
use super::card_channel::CardChannel;
use super::download::{DownloadRequest, DownloadTarget};
use super::error::LpaError;
use super::report::DownloadReport;

/// One event the SM-DS holds for the eUICC (SGP.22 5.8.2 `EventEntries`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiscoveredEvent {
    /// The EventID: the Matching ID of the download at `rsp_server_address`.
    pub event_id: String,
    /// The SM-DP+ (or SM-DS) to contact.
    pub rsp_server_address: String,
}

impl DiscoveredEvent {
    /// The download this event announces (SGP.22 3.1.3): its RSP server with the EventID
    /// as Matching ID.
    pub fn download_request(&self) -> Result<DownloadRequest, LpaError> {
        const F: &str = "authenticateClient";
        let address = SmdpAddress::parse(&self.rsp_server_address).map_err(|e| {
            answer_error(
                F,
                format!("rspServerAddress {:?}: {e}", self.rsp_server_address),
            )
        })?;
        let matching_id = MatchingId::parse(&self.event_id)
            .map_err(|e| answer_error(F, format!("eventId {:?}: {e}", self.event_id)))?;
        Ok(DownloadRequest {
            target: DownloadTarget::Smdp {
                address,
                matching_id: Some(matching_id),
            },
            confirmation_code: None,
        })
    }
}

/// What one SM-DS answered (SGP.22 3.6.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiscoveryReport {
    pub smds_address: String,
    /// Hex.
    pub transaction_id: String,
    /// None when the SM-DS holds no event for the EID.
    pub events: Vec<DiscoveredEvent>,
}

impl fmt::Display for DiscoveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.events.is_empty() {
            return write!(f, "{}: no events", self.smds_address);
        }
        write!(f, "{}: {} event(s)", self.smds_address, self.events.len())?;
        for e in &self.events {
            write!(f, "\n  event {}  at {}", e.event_id, e.rsp_server_address)?;
        }
        Ok(())
    }
}

/// One event's download (SGP.22 3.1.3 with the EventID as Matching ID): the report, or
/// why it failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventDownload {
    pub event_id: String,
    pub rsp_server_address: String,
    pub download: Option<DownloadReport>,
    pub error: Option<String>,
}

/// Event retrieval at one or more SM-DSs and, when asked, the downloads of the events found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DiscoverReport {
    pub discoveries: Vec<DiscoveryReport>,
    /// One per distinct (rspServerAddress, eventId): an event forwarded from an alternative
    /// SM-DS to the root (ES15) is found at both and downloaded once.
    pub downloads: Vec<EventDownload>,
}

impl DiscoverReport {
    /// The downloads that failed.
    pub fn failed(&self) -> usize {
        self.downloads.iter().filter(|d| d.error.is_some()).count()
    }
}

impl fmt::Display for DiscoverReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut lines = Vec::new();
        lines.extend(self.discoveries.iter().map(ToString::to_string));
        for d in &self.downloads {
            let what = format!(
                "download of event {} from {}",
                d.event_id, d.rsp_server_address
            );
            match (&d.download, &d.error) {
                (Some(report), _) => lines.push(format!("{what}:\n{report}")),
                (None, Some(e)) => lines.push(format!("{what} failed: {e}")),
                (None, None) => lines.push(what),
            }
        }
        f.write_str(&lines.join("\n"))
    }
}

impl<C: CardChannel> Lpa<C> {
    /// The root SM-DS address the eUICC holds (ES10a.GetEuiccConfiguredAddresses, SGP.22
    /// 5.7.3); an empty one is [`LpaError::NoSmdsAddress`].
    pub fn root_smds_address(&mut self) -> Result<SmdpAddress, LpaError> {
        let configured = self.es10.get_configured_addresses()?;
        let address = configured.root_ds_address;
        if address.is_empty() {
            return Err(LpaError::NoSmdsAddress);
        }
        SmdpAddress::parse(&address).map_err(|e| LpaError::CardAnswer {
            function: "ES10a.GetEuiccConfiguredAddresses",
            detail: format!("rootDsAddress {address:?}: {e}"),
        })
    }

    /// Event retrieval (SGP.22 3.6.3) at `smds`, or at the eUICC's root SM-DS when `None`:
    /// the events the SM-DS holds for the eUICC.
    pub async fn discover(
        &mut self,
        smds: Option<&SmdpAddress>,
    ) -> Result<DiscoveryReport, LpaError> {
        let address = match smds {
            Some(a) => a.clone(),
            None => self.root_smds_address()?,
        };
        let es9 = self.es9.as_ref().ok_or_else(no_trust)?;
        let es10 = &mut self.es10;
        // 3.6.3: the LPAd sends no Matching ID to an SM-DS
        let (session, auth_request) =
            initiate_authentication(es10, es9, &self.hook, address, None, &self.options.device)
                .await?;
        let authenticate_server_response =
            authenticate_server(es10, session.hook, &auth_request).await?;
        announce(session.hook, DownloadStep::AuthenticateClient).await;
        let answer: AuthenticateClientResponseEs11 = es9
            .call(
                session.address.as_str(),
                Es9Function::AuthenticateClient,
                &AuthenticateClientRequest {
                    header: None,
                    transaction_id: session.transaction_id.clone(),
                    authenticate_server_response,
                },
            )
            .await?;
        session.check_tid(
            "authenticateClient",
            answer.transaction_id.as_bytes(),
            "the answer's transactionId",
        )?;
        let events: Vec<DiscoveredEvent> = answer
            .event_entries
            .into_iter()
            .map(|e| DiscoveredEvent {
                event_id: e.event_id,
                rsp_server_address: e.rsp_server_address,
            })
            .collect();
        tracing::info!(smds = %session.address.as_str(), events = events.len(), "ES11 event retrieval");
        Ok(DiscoveryReport {
            smds_address: session.address.as_str().to_string(),
            transaction_id: session.transaction_id.to_hex(),
            events,
        })
    }

    /// Event retrieval at each of `smds` (the eUICC's root SM-DS when empty), then, when
    /// `download` is set, the download of each distinct event from the server it names with
    /// its EventID as Matching ID, each delivering its notifications as
    /// [`Lpa::download`] does. A failed retrieval ends the whole with its error; a failed
    /// download is reported and the next event is tried.
    pub async fn discover_and_download(
        &mut self,
        smds: &[SmdpAddress],
        download: bool,
    ) -> Result<DiscoverReport, LpaError> {
        let mut report = DiscoverReport::default();
        if smds.is_empty() {
            report.discoveries.push(self.discover(None).await?);
        }
        for address in smds {
            report.discoveries.push(self.discover(Some(address)).await?);
        }
        if !download {
            return Ok(report);
        }
        let mut seen = std::collections::HashSet::new();
        let events: Vec<DiscoveredEvent> = report
            .discoveries
            .iter()
            .flat_map(|d| d.events.iter())
            .filter(|e| {
                seen.insert((
                    e.rsp_server_address.to_ascii_lowercase(),
                    e.event_id.clone(),
                ))
            })
            .cloned()
            .collect();
        for event in events {
            let outcome = match event.download_request() {
                Ok(request) => self.download(&request).await,
                Err(e) => Err(e),
            };
            let (download, error) = match outcome {
                Ok(r) => (Some(r), None),
                Err(e) => {
                    tracing::warn!(event = %event.event_id, error = %e, "download of an event failed");
                    (None, Some(e.to_string()))
                }
            };
            report.downloads.push(EventDownload {
                event_id: event.event_id,
                rsp_server_address: event.rsp_server_address,
                download,
                error,
            });
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp22_3_1_3_event_becomes_a_download_with_the_event_id_as_matching_id() {
        let event = DiscoveredEvent {
            event_id: "EVENT-1".into(),
            rsp_server_address: "smdp.example:8443".into(),
        };
        let request = event.download_request().unwrap();
        match request.target {
            DownloadTarget::Smdp {
                address,
                matching_id,
            } => {
                assert_eq!(address.as_str(), "smdp.example:8443");
                assert_eq!(matching_id.unwrap().as_str(), "EVENT-1");
            }
            other => panic!("{other:?}"),
        }
        let bad = DiscoveredEvent {
            event_id: "EVENT-1".into(),
            rsp_server_address: "not an address".into(),
        };
        assert!(matches!(
            bad.download_request(),
            Err(LpaError::ServerAnswer { .. })
        ));
    }

    #[test]
    fn sgp22_5_8_2_report_lists_events_or_says_none() {
        let mut r = DiscoveryReport {
            smds_address: "smds.example".into(),
            transaction_id: "01".into(),
            events: Vec::new(),
        };
        assert_eq!(r.to_string(), "smds.example: no events");
        r.events.push(DiscoveredEvent {
            event_id: "E".into(),
            rsp_server_address: "smdp.example".into(),
        });
        assert!(r.to_string().contains("event E  at smdp.example"));
    }
}
