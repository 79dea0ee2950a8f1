//! ES10b.LoadBoundProfilePackage (SGP.22 5.7.6, ES8+ in 5.5): the eUICC runs the commands
//! of the Bound Profile Package as its pieces arrive. InitialiseSecureChannel is verified
//! and the session keys derived; ConfigureISDP, StoreMetadata and ReplaceSessionKeys are
//! completed when their segments are all in; every profile element segment is verified and
//! decrypted on arrival. Nothing is stored until the whole package has been checked: the
//! ISD-R then commits the profile in one step, or reports the first failure with the
//! BPP command it happened in and the spec's reason.

use proto::crypto::bsp::BspErrorReason;
use proto::crypto::{
    BspDecryptor, BspKeys, EckaKeyPair, PublicKey, Signature, derive_session_keys,
};
use proto::der::{Asn1, Leniency, Oid};
use proto::sgp22::{
    BppCommandId, ConfigureISDPRequest, ControlRefTemplate, ErrorReason, Iccid,
    InitialiseSecureChannelRequest, RemoteOpId, ReplaceSessionKeysRequest, StoreMetadataRequest,
};

use super::bpp_stream::{BppStream, Unit};
use super::install::{self, Fail, PirContext};
use super::prepare::DownloadPrepared;
use crate::state::{EuiccState, StoredProfile};
use proto::sgp32::SGP32StoreMetadataRequest;

/// What the eUICC takes in StoreMetadata (ES8+.StoreMetadata, SGP.22 5.5.3) beyond DER: a
/// DEFAULT component carrying its default value (`profileClass operational` spelled out,
/// as osmo-smdpp sends it). The metadata travels MACed, not signed (the `88` segments of
/// the Bound Profile Package, 2.5.4; BSP, 2.6.4): its integrity is the MAC over the octets
/// received, and a default spelled out means the same value (X.690 8.1), so refusing it
/// (`incorrectInputValues`) would fail a valid profile over its spelling. The eUICC stores
/// the meaning and answers GetProfilesInfo in DER. The LPA reads the metadata offered in
/// AuthenticateClient the same way (the `lpa` crate), so what it shows the end user is
/// what the eUICC will install.
pub const STORE_METADATA_LENIENCY: Leniency = Leniency::ENCODED_DEFAULTS;

/// A checked profile ready to be committed.
pub(crate) struct InstallDraft {
    pub pir: PirContext,
    /// The profile; its ISD-P AID is allocated at commit.
    pub profile: StoredProfile,
    pub iccid: Iccid,
}

/// Why the installation stopped (SGP.22 5.7.6 `ErrorResult`).
pub(crate) struct InstallFailure {
    pub pir: PirContext,
    pub command: BppCommandId,
    pub reason: ErrorReason,
    /// The ICCID of the metadata, once StoreMetadata was read.
    pub iccid: Option<Iccid>,
    /// `EUICCResponse` DER for a failure in the profile elements.
    pub sima_response: Option<Vec<u8>>,
}

/// The result of one LoadBoundProfilePackage call.
pub(crate) enum LoadOutcome {
    /// More pieces are expected: the response is empty.
    Pending,
    Installed(Box<InstallDraft>),
    Failed(Box<InstallFailure>),
}

fn bsp_reason(r: BspErrorReason) -> ErrorReason {
    match r {
        BspErrorReason::Scp03tStructureError => ErrorReason::Scp03tStructureError,
        BspErrorReason::Scp03tSecurityError => ErrorReason::Scp03tSecurityError,
    }
}

/// The BPP is being loaded.
pub(crate) struct Loading {
    pub pir: PirContext,
    /// OID of CERT.DPauth.ECDSA, for CancelSession.
    pub server_oid: Oid,
    eid: [u8; 16],
    dp_pb: PublicKey,
    otk: EckaKeyPair,
    stream: BppStream,
    bsp: Option<BspDecryptor>,
    configure_plain: Vec<u8>,
    configure: Option<ConfigureISDPRequest>,
    metadata_plain: Vec<u8>,
    metadata: Option<StoreMetadataRequest>,
    keys_plain: Vec<u8>,
    profile_plain: Vec<u8>,
}

impl Loading {
    /// Starts loading for a prepared download; `max_len` bounds the package accepted.
    pub(crate) fn new(prepared: DownloadPrepared, eid: [u8; 16], max_len: usize) -> Loading {
        let DownloadPrepared {
            auth,
            dp_pb,
            smdp_oid,
            otk,
        } = prepared;
        Loading {
            pir: PirContext {
                transaction_id: auth.transaction_id,
                smdp_oid,
                notification_address: auth.server_address,
                ci: auth.ci,
            },
            server_oid: auth.server_oid,
            eid,
            dp_pb,
            otk,
            stream: BppStream::new(max_len),
            bsp: None,
            configure_plain: Vec::new(),
            configure: None,
            metadata_plain: Vec::new(),
            metadata: None,
            keys_plain: Vec::new(),
            profile_plain: Vec::new(),
        }
    }

    /// Whether the last piece ended inside a unit.
    pub(crate) fn mid_unit(&self) -> bool {
        self.stream.mid_unit()
    }

    /// One LoadBoundProfilePackage call. Any outcome but `Pending` ends the session.
    pub(crate) fn feed(&mut self, piece: &[u8], state: &EuiccState) -> LoadOutcome {
        self.stream.push(piece);
        loop {
            let unit = match self.stream.next_unit() {
                Ok(Some(unit)) => unit,
                Ok(None) => return LoadOutcome::Pending,
                Err(e) => {
                    tracing::debug!(detail = %e.detail, "Bound Profile Package structure");
                    let reason = match e.command {
                        BppCommandId::InitialiseSecureChannel => ErrorReason::IncorrectInputValues,
                        _ => ErrorReason::Scp03tStructureError,
                    };
                    return self.failed(Fail::new(e.command, reason));
                }
            };
            let result = match unit {
                Unit::Finished => {
                    return match self.finish(state) {
                        Ok(draft) => LoadOutcome::Installed(Box::new(draft)),
                        Err(f) => self.failed(f),
                    };
                }
                unit => self.apply(unit, state),
            };
            if let Err(f) = result {
                return self.failed(f);
            }
        }
    }

    fn failed(&self, f: Fail) -> LoadOutcome {
        LoadOutcome::Failed(Box::new(InstallFailure {
            pir: self.pir.clone(),
            command: f.command,
            reason: f.reason,
            iccid: self.metadata.as_ref().map(|m| m.iccid),
            sima_response: f.sima_response,
        }))
    }

    fn bsp(&mut self, command: BppCommandId) -> Result<&mut BspDecryptor, Fail> {
        self.bsp
            .as_mut()
            .ok_or(Fail::new(command, ErrorReason::Scp03tStructureError))
    }

    fn decrypt(&mut self, command: BppCommandId, segment: &[u8]) -> Result<Vec<u8>, Fail> {
        self.bsp(command)?
            .verify_and_decrypt(segment)
            .map_err(|e| Fail::new(command, bsp_reason(e.error_reason())))
    }

    fn apply(&mut self, unit: Unit, state: &EuiccState) -> Result<(), Fail> {
        match unit {
            Unit::InitialiseSecureChannel(raw) => self.initialise_secure_channel(&raw),
            Unit::ConfigureIsdp(seg) => {
                let plain = self.decrypt(BppCommandId::ConfigureIsdp, &seg)?;
                self.configure_plain.extend(plain);
                Ok(())
            }
            Unit::ConfigureIsdpEnd => {
                let req = ConfigureISDPRequest::from_der(&self.configure_plain).map_err(|_| {
                    Fail::new(
                        BppCommandId::ConfigureIsdp,
                        ErrorReason::IncorrectInputValues,
                    )
                })?;
                self.configure = Some(req);
                Ok(())
            }
            Unit::StoreMetadata(seg) => {
                let command = BppCommandId::StoreMetadata;
                let payload = self
                    .bsp(command)?
                    .verify_mac_only(&seg)
                    .map_err(|e| Fail::new(command, bsp_reason(e.error_reason())))?;
                self.metadata_plain.extend(payload);
                Ok(())
            }
            Unit::StoreMetadataEnd => {
                let metadata = StoreMetadataRequest::from_der_with(
                    &self.metadata_plain,
                    STORE_METADATA_LENIENCY,
                )
                .map_err(|_| {
                    Fail::new(
                        BppCommandId::StoreMetadata,
                        ErrorReason::IncorrectInputValues,
                    )
                })?;
                let checked = install::check_metadata(&metadata, state);
                // Kept even when refused: the installation result names the ICCID.
                self.metadata = Some(metadata);
                checked
            }
            Unit::ReplaceSessionKeys(seg) => {
                let plain = self.decrypt(BppCommandId::ReplaceSessionKeys, &seg)?;
                self.keys_plain.extend(plain);
                Ok(())
            }
            Unit::ReplaceSessionKeysEnd => self.replace_session_keys(),
            Unit::ProfileElements(seg) => {
                let plain = self.decrypt(BppCommandId::LoadProfileElements, &seg)?;
                self.profile_plain.extend(plain);
                if self.profile_plain.len() as u64 > state.free_memory() {
                    return Err(Fail::new(
                        BppCommandId::LoadProfileElements,
                        ErrorReason::InstallFailedDueToInsufficientMemoryForProfile,
                    ));
                }
                Ok(())
            }
            Unit::Finished => Ok(()),
        }
    }

    /// ES8+.InitialiseSecureChannel (SGP.22 5.5.1): remote operation, transaction, CRT,
    /// smdpSign over the received data objects and otPK.EUICC.ECKA, then key agreement and
    /// the session keys (Annex G).
    fn initialise_secure_channel(&mut self, raw: &[u8]) -> Result<(), Fail> {
        let fail = |reason| Fail::new(BppCommandId::InitialiseSecureChannel, reason);
        let isc = InitialiseSecureChannelRequest::from_der(raw)
            .map_err(|_| fail(ErrorReason::IncorrectInputValues))?;
        if isc.remote_op_id != RemoteOpId::InstallBoundProfilePackage {
            return Err(fail(ErrorReason::UnsupportedRemoteOperationType));
        }
        if isc.transaction_id != self.pir.transaction_id {
            return Err(fail(ErrorReason::InvalidTransactionId));
        }
        let crt = &isc.control_ref_template;
        if crt.key_type != [ControlRefTemplate::KEY_TYPE_AES]
            || crt.key_len != [ControlRefTemplate::KEY_LEN_16]
        {
            return Err(fail(ErrorReason::UnsupportedCrtValues));
        }
        let signed = InitialiseSecureChannelRequest::signed_data(
            raw,
            self.otk.public_key().as_uncompressed_point(),
        )
        .map_err(|_| fail(ErrorReason::IncorrectInputValues))?;
        Signature::from_raw(&isc.smdp_sign)
            .and_then(|sig| self.dp_pb.verify(&signed, &sig))
            .map_err(|_| fail(ErrorReason::InvalidSignature))?;
        let curve = self.otk.public_key().curve();
        let smdp_otpk = PublicKey::from_uncompressed_point_on(curve, &isc.smdp_otpk)
            .map_err(|_| fail(ErrorReason::IncorrectInputValues))?;
        let shared = self
            .otk
            .agree(&smdp_otpk)
            .map_err(|_| fail(ErrorReason::IncorrectInputValues))?;
        let keys = derive_session_keys(shared.as_bytes(), &crt.host_id, &self.eid)
            .map_err(|_| fail(ErrorReason::IncorrectInputValues))?;
        self.bsp = Some(BspDecryptor::new(&keys));
        Ok(())
    }

    /// ES8+.ReplaceSessionKeys (SGP.22 5.5.4): the profile elements that follow are
    /// protected with the PPK keys, on a fresh BSP instance.
    fn replace_session_keys(&mut self) -> Result<(), Fail> {
        let fail = || {
            Fail::new(
                BppCommandId::ReplaceSessionKeys,
                ErrorReason::IncorrectInputValues,
            )
        };
        let req = ReplaceSessionKeysRequest::from_der(&self.keys_plain).map_err(|_| fail())?;
        let key = |v: &[u8]| <[u8; 16]>::try_from(v).map_err(|_| fail());
        let keys = BspKeys::new(
            key(&req.ppk_enc)?,
            key(&req.ppk_cmac)?,
            key(&req.initial_mac_chaining_value)?,
        );
        self.bsp(BppCommandId::ReplaceSessionKeys)?
            .replace_session_keys(&keys);
        Ok(())
    }

    /// The whole package is in: the profile elements are parsed and checked against the
    /// metadata.
    fn finish(&mut self, state: &EuiccState) -> Result<InstallDraft, Fail> {
        let (Some(metadata), Some(configure)) = (&self.metadata, &self.configure) else {
            return Err(Fail::new(
                BppCommandId::LoadProfileElements,
                ErrorReason::Scp03tStructureError,
            ));
        };
        let mut profile =
            install::build_profile(metadata, configure, &self.profile_plain, &self.pir, state)?;
        // The SGP.32 flags of the metadata (SGP.32 v1.2 5.5), which SGP.22's type skips.
        if let Ok(iot) =
            SGP32StoreMetadataRequest::from_der_with(&self.metadata_plain, STORE_METADATA_LENIENCY)
        {
            profile.fallback_allowed = iot.fallback_allowed;
            profile.ecall_indication = iot.ecall_indication == Some(true);
        }
        Ok(InstallDraft {
            pir: self.pir.clone(),
            profile,
            iccid: metadata.iccid,
        })
    }
}
