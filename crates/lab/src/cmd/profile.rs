//! `rsp-lab profile`: inspect and personalize TCA profile packages (SAIP).

use std::path::PathBuf;

use proto::saip::{
    PackageError, Personalization, PersonalizeError, ProfilePackage, SummaryError, personalize,
};

use crate::input::{InputError, decode_text, read_source};

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// ICCID, IMSI, profile type and the list of profile elements.
    Info {
        /// Profile package file (DER, hex or base64), or `-`.
        file: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Also print Ki and OPc (secrets: off by default).
        #[arg(long)]
        show_keys: bool,
    },
    /// Write a copy with a new ICCID, IMSI, Ki and OPc; everything else stays identical.
    /// Without a template, the lab's own minimal USIM profile (profile package v2.3).
    Personalize {
        /// Template profile package (default: the lab's minimal USIM profile).
        template: Option<String>,
        #[arg(long)]
        iccid: String,
        #[arg(long)]
        imsi: String,
        /// Ki as hex (16 octets for Milenage).
        #[arg(long)]
        ki: String,
        /// OPc as hex (16 octets for Milenage).
        #[arg(long)]
        opc: String,
        /// Output file (DER).
        #[arg(long)]
        out: PathBuf,
    },
}

fn load(path: &str) -> Result<ProfilePackage, ProfileCmdError> {
    let (_, der) = decode_text(&read_source(path)?)?;
    ProfilePackage::from_der(&der).map_err(|source| ProfileCmdError::Package {
        path: path.to_string(),
        source,
    })
}

fn hex_arg(name: &'static str, value: &str) -> Result<Vec<u8>, ProfileCmdError> {
    hex::decode(value.trim()).map_err(|source| ProfileCmdError::Hex { name, source })
}

pub(crate) fn run(cmd: Command) -> Result<(), ProfileCmdError> {
    match cmd {
        Command::Info {
            file,
            json,
            show_keys,
        } => info(&file, json, show_keys),
        Command::Personalize {
            template,
            iccid,
            imsi,
            ki,
            opc,
            out,
        } => {
            let p = Personalization {
                iccid,
                imsi,
                ki: hex_arg("ki", &ki)?,
                opc: hex_arg("opc", &opc)?,
            };
            let personalized = match template {
                Some(template) => personalize(&load(&template)?, &p)?,
                None => proto::saip::minimal_profile(&p)?,
            };
            std::fs::write(&out, personalized.to_der()).map_err(|source| {
                ProfileCmdError::Write {
                    path: out.clone(),
                    source,
                }
            })?;
            println!(
                "wrote {} (ICCID {}, IMSI {})",
                out.display(),
                p.iccid,
                p.imsi
            );
            Ok(())
        }
    }
}

fn info(file: &str, json: bool, show_keys: bool) -> Result<(), ProfileCmdError> {
    let package = load(file)?;
    let s = package
        .summary()
        .map_err(|source| ProfileCmdError::Summary {
            path: file.to_string(),
            source,
        })?;
    let algorithm = s.algorithm.as_ref().map(|a| format!("{a:?}"));
    if json {
        let mut out = serde_json::json!({
            "iccid": s.iccid,
            "imsi": s.imsi,
            "profileType": s.profile_type,
            "version": format!("{}.{}", s.major_version, s.minor_version),
            "algorithm": algorithm,
            "elements": s.elements.iter().map(|e| serde_json::json!({
                "name": e.name, "offset": e.offset, "length": e.length,
                "identification": e.identification,
            })).collect::<Vec<_>>(),
        });
        if show_keys {
            out["ki"] = s.ki.as_deref().map(hex::encode_upper).into();
            out["opc"] = s.opc.as_deref().map(hex::encode_upper).into();
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("ICCID         {}", s.iccid);
    println!("IMSI          {}", s.imsi.as_deref().unwrap_or("-"));
    println!("profile type  {}", s.profile_type.as_deref().unwrap_or("-"));
    println!("version       {}.{}", s.major_version, s.minor_version);
    println!("algorithm     {}", algorithm.as_deref().unwrap_or("-"));
    if show_keys {
        println!(
            "Ki            {}",
            s.ki.as_deref().map(hex::encode_upper).unwrap_or_default()
        );
        println!(
            "OPc           {}",
            s.opc.as_deref().map(hex::encode_upper).unwrap_or_default()
        );
    }
    println!("elements      {}", s.elements.len());
    for e in &s.elements {
        let id = e
            .identification
            .map(|i| format!(" id {i}"))
            .unwrap_or_default();
        println!("  {:>6} {:>6}  {}{id}", e.offset, e.length, e.name);
    }
    Ok(())
}

/// Why `rsp-lab profile` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ProfileCmdError {
    /// The file could not be read, or its hex or base64 does not decode.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The file is no profile package.
    #[error("{path}: {source}")]
    Package { path: String, source: PackageError },
    /// The package lacks what the summary reads.
    #[error("{path}: {source}")]
    Summary { path: String, source: SummaryError },
    /// `--ki` or `--opc` is not hex.
    #[error("--{name}: not hex: {source}")]
    Hex {
        name: &'static str,
        source: hex::FromHexError,
    },
    /// The template could not be personalized.
    #[error(transparent)]
    Personalize(#[from] PersonalizeError),
    /// The personalized package could not be written.
    #[error("{}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The summary could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}
