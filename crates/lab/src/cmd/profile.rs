//! `rsp-lab profile`: inspect and personalize TCA profile packages (SAIP).

use std::path::PathBuf;

use proto::saip::{Personalization, ProfilePackage, personalize};

use crate::input::{decode_text, read_source};

#[derive(clap::Subcommand)]
pub enum Command {
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
    Personalize {
        /// Template profile package.
        template: String,
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

fn load(path: &str) -> Result<ProfilePackage, String> {
    let (_, der) = decode_text(&read_source(path)?)?;
    ProfilePackage::from_der(&der).map_err(|e| format!("{path}: {e}"))
}

fn hex_arg(name: &str, value: &str) -> Result<Vec<u8>, String> {
    hex::decode(value.trim()).map_err(|e| format!("--{name}: not hex: {e}"))
}

pub fn run(cmd: Command) -> Result<(), String> {
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
            let package = load(&template)?;
            let p = Personalization {
                iccid,
                imsi,
                ki: hex_arg("ki", &ki)?,
                opc: hex_arg("opc", &opc)?,
            };
            let personalized = personalize(&package, &p).map_err(|e| e.to_string())?;
            std::fs::write(&out, personalized.to_der())
                .map_err(|e| format!("{}: {e}", out.display()))?;
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

fn info(file: &str, json: bool, show_keys: bool) -> Result<(), String> {
    let package = load(file)?;
    let s = package.summary().map_err(|e| format!("{file}: {e}"))?;
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
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
        );
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
