//! Makes an IoT eUICC with two pre-loaded profiles for trying the card as a UICC (the modem
//! and SIM-reader check of `tools/pcsc/check-uicc.sh`), and writes the subscribers' keys
//! as a network's HSS would hold them.
//!
//! ```text
//! cargo run -p euicc-sim --example uicc_fixture -- --pki DIR --eim-config FILE.der \
//!     --state euicc.json --subscribers subscribers.json [--template TS48.der] \
//!     [--first-algorithm keep]
//! ```
//!
//! `--eim-config` is the eIM Configuration Data (DER or hex, as `GET /v1/eim` of `rsp-lab
//! eim serve` gives it).
//! ```text
//! ```
//!
//! The profiles are personalized from `--template` (e.g. a TS.48 package) or the lab's
//! minimal profile, their NAAs set to MILENAGE with fresh random K and OPc. The first is
//! enabled, as a manufacturer's bootstrap profile; the second waits for the eIM. The
//! subscribers file lists `iccid`, `imsi`, `ki`, `opc` (hex), `enabled` and `algorithm`
//! (`milenage` or `usim-test-algorithm`) for each. `--first-algorithm keep` leaves the
//! first profile's NAAs on the template's algorithm (TS.48: the TS 34.108 test algorithm).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use euicc_sim::state::EimConfig;
use euicc_sim::{
    Euicc, EuiccError, EuiccOptions, FactoryError, InitError, Preload, credentials_from_pki_dir,
};
use proto::der::DecodeError;
use proto::ids::IccidError;
use proto::saip::{
    AlgoConfiguration, AlgorithmID, PackageError, Personalization, PersonalizeError,
    ProfileElement, ProfilePackage, minimal_profile, personalize,
};
use proto::sgp22::{Iccid, ProfileClass, StoreMetadataRequest};

/// Why the fixture could not be made.
#[derive(Debug, thiserror::Error)]
enum FixtureError {
    #[error("{0}")]
    Usage(String),
    #[error("no randomness")]
    Randomness,
    #[error("{}: {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Template { path: PathBuf, source: PackageError },
    #[error("eIM configuration: {0}")]
    EimConfig(DecodeError),
    #[error("{0}")]
    Personalize(#[from] PersonalizeError),
    #[error("{0}")]
    Iccid(#[from] IccidError),
    #[error("{0}")]
    Credentials(#[from] InitError),
    #[error("{0}")]
    Euicc(#[from] EuiccError),
    #[error("{0}")]
    Preload(#[from] FactoryError),
    #[error("{0}")]
    Json(#[from] serde_json::Error),
}

/// The error of a file operation on `path`.
fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> FixtureError + '_ {
    move |source| FixtureError::File {
        path: path.to_path_buf(),
        source,
    }
}

struct Args {
    pki: PathBuf,
    eim_config: PathBuf,
    state: PathBuf,
    subscribers: PathBuf,
    template: Option<PathBuf>,
    keep_first_algorithm: bool,
}

fn args() -> Result<Args, FixtureError> {
    let mut it = std::env::args().skip(1);
    let (mut pki, mut eim, mut state, mut subs, mut template) = (None, None, None, None, None);
    let mut keep = false;
    while let Some(flag) = it.next() {
        let value = it.next().map(PathBuf::from);
        match flag.as_str() {
            "--pki" => pki = value,
            "--eim-config" => eim = value,
            "--state" => state = value,
            "--subscribers" => subs = value,
            "--template" => template = value,
            "--first-algorithm" => match value.as_ref().and_then(|v| v.to_str()) {
                Some("keep") => keep = true,
                Some("milenage") => keep = false,
                other => {
                    return Err(FixtureError::Usage(format!(
                        "--first-algorithm keep|milenage, not {other:?}"
                    )));
                }
            },
            other => return Err(FixtureError::Usage(format!("unknown argument {other}"))),
        }
    }
    let need = |v: Option<PathBuf>, name: &str| {
        v.ok_or_else(|| FixtureError::Usage(format!("{name} is required")))
    };
    Ok(Args {
        pki: need(pki, "--pki")?,
        eim_config: need(eim, "--eim-config")?,
        state: need(state, "--state")?,
        subscribers: need(subs, "--subscribers")?,
        template,
        keep_first_algorithm: keep,
    })
}

fn random16() -> Result<[u8; 16], FixtureError> {
    let mut b = [0u8; 16];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut b)
        .map_err(|_| FixtureError::Randomness)?;
    Ok(b)
}

/// The package for one subscriber, its NAAs on MILENAGE unless `keep` (the template's
/// algorithm stays); with the name of the USIM's algorithm.
fn package(
    template: Option<&ProfilePackage>,
    p: &Personalization,
    keep: bool,
) -> Result<(Vec<u8>, &'static str), FixtureError> {
    let mut package = match template {
        Some(t) => personalize(t, p),
        None => minimal_profile(p),
    }?;
    let mut first = None;
    for pe in &mut package.elements {
        if let ProfileElement::AkaParameter(a) = pe {
            if let AlgoConfiguration::AlgoParameter(algo) = &mut a.algo_configuration {
                if !keep {
                    algo.algorithm_id = AlgorithmID::Milenage;
                }
                first.get_or_insert(algo.algorithm_id);
            }
        }
    }
    let name = match first {
        Some(AlgorithmID::Milenage) | None => "milenage",
        Some(AlgorithmID::UsimTestAlgorithm) => "usim-test-algorithm",
        Some(AlgorithmID::Tuak) => "tuak",
        Some(AlgorithmID::Other(_)) => "other",
    };
    Ok((package.to_der(), name))
}

fn metadata(iccid: &str, name: &str) -> Result<StoreMetadataRequest, FixtureError> {
    let bcd = proto::ids::Iccid::parse_lenient(iccid)?;
    Ok(StoreMetadataRequest {
        iccid: Iccid(bcd.to_swapped_bcd()),
        service_provider_name: "rsp-lab".into(),
        profile_name: name.into(),
        icon_type: None,
        icon: None,
        profile_class: ProfileClass::Operational,
        notification_configuration_info: None,
        profile_owner: None,
        profile_policy_rules: None,
        service_specific_data_stored_in_euicc: None,
        service_specific_data_not_stored_in_euicc: None,
    })
}

fn run() -> Result<(), FixtureError> {
    let args = args()?;
    let template = match &args.template {
        Some(path) => {
            let der = std::fs::read(path).map_err(file_error(path))?;
            Some(
                ProfilePackage::from_der(&der).map_err(|source| FixtureError::Template {
                    path: path.clone(),
                    source,
                })?,
            )
        }
        None => None,
    };
    let eim_file = std::fs::read(&args.eim_config).map_err(file_error(&args.eim_config))?;
    // DER, or hex as the eIM's operator API gives it (`eimConfigurationData`)
    let eim_der = std::str::from_utf8(&eim_file)
        .ok()
        .and_then(|t| hex::decode(t.trim()).ok())
        .unwrap_or(eim_file);
    let eim = EimConfig::from_der(&eim_der).map_err(FixtureError::EimConfig)?;
    let creds = credentials_from_pki_dir(&args.pki, None)?;
    let mut euicc = Euicc::create(&args.state, creds, EuiccOptions::iot_with_eim(eim))?;
    let subscribers = [
        ("8949449999999990023", "001010123456789", true, "bootstrap"),
        ("8949449999999990031", "262019876543210", false, "local"),
    ];
    let mut out = Vec::new();
    for (i, (iccid, imsi, enabled, name)) in subscribers.into_iter().enumerate() {
        let p = Personalization {
            iccid: iccid.into(),
            imsi: imsi.into(),
            ki: random16()?.to_vec(),
            opc: random16()?.to_vec(),
        };
        let keep = i == 0 && args.keep_first_algorithm;
        let (der, algorithm) = package(template.as_ref(), &p, keep)?;
        euicc.preload_profile(&Preload {
            enabled,
            ..Preload::new(der, metadata(iccid, name)?)
        })?;
        out.push(serde_json::json!({
            "iccid": iccid, "imsi": imsi, "enabled": enabled,
            "ki": hex::encode_upper(&p.ki), "opc": hex::encode_upper(&p.opc),
            "algorithm": algorithm,
        }));
    }
    let text = serde_json::to_string_pretty(&out)?;
    std::fs::write(&args.subscribers, text).map_err(file_error(&args.subscribers))?;
    println!(
        "eUICC {} with profiles {} (enabled) and {}",
        euicc.eid(),
        subscribers[0].0,
        subscribers[1].0
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("uicc_fixture: {e}");
            ExitCode::FAILURE
        }
    }
}
