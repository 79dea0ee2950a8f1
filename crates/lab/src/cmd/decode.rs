//! `rsp-lab decode`: detect a message from its outermost tag (or take a type name), print it
//! as JSON, optionally with its DER re-encoding.

use proto::der::{DecodeError, DecodeErrorKind};
use proto::registry;
use proto::saip::{PackageError, ProfilePackage};

use crate::input::{InputError, decode_text, read_source};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// ASN.1 type name, optionally module-qualified (`RSPDefinitions.ProfileInfo`).
    #[arg(long = "type", value_name = "NAME")]
    type_name: Option<String>,
    /// Also print the DER re-encoding as hex; fail if it differs from the input.
    #[arg(long)]
    reencode: bool,
    /// List the known type names and exit.
    #[arg(long, conflicts_with_all = ["type_name", "reencode"])]
    list_types: bool,
    /// Input file, or `-` for standard input (binary DER, hex or base64).
    #[arg(required_unless_present = "list_types")]
    file: Option<String>,
}

pub(crate) fn run(args: Args) -> Result<(), DecodeCmdError> {
    if args.list_types {
        for e in registry::all() {
            let kind = if e.message { "message" } else { "type" };
            println!("{}.{}\t{kind}", e.module.asn1_name(), e.name);
        }
        return Ok(());
    }
    let path = args.file.as_deref().unwrap_or("-");
    let (_, der) = decode_text(&read_source(path)?)?;
    let (entry, decoded) = match &args.type_name {
        Some(name) => {
            let entry =
                registry::by_name(name).ok_or_else(|| DecodeCmdError::UnknownType(name.clone()))?;
            let decoded = (entry.decode)(&der)?;
            (entry, decoded)
        }
        None => match registry::detect(&der) {
            Ok(found) => found,
            // A profile package is a run of ProfileElements, not one value.
            Err(e) if matches!(e.kind, DecodeErrorKind::TrailingData(_)) => {
                return print_package(&der, args.reencode).map_err(|_| DecodeCmdError::from(e));
            }
            Err(e) => return Err(e.into()),
        },
    };
    let out = serde_json::json!({
        "type": format!("{}.{}", entry.module.asn1_name(), entry.name),
        "value": decoded.json,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    if args.reencode {
        println!("{}", hex::encode_upper(&decoded.reencoded));
        check_reencoding(&der, &decoded.reencoded)?;
    }
    Ok(())
}

/// Fails naming the first byte offset where `again` differs from `input`.
fn check_reencoding(input: &[u8], again: &[u8]) -> Result<(), DecodeCmdError> {
    if again == input {
        return Ok(());
    }
    let at = input
        .iter()
        .zip(again)
        .position(|(a, b)| a != b)
        .unwrap_or(input.len().min(again.len()));
    Err(DecodeCmdError::Reencoding(at))
}

/// Prints a TCA profile package (a sequence of ProfileElement TLVs) as a JSON array.
fn print_package(der: &[u8], reencode: bool) -> Result<(), DecodeCmdError> {
    let package = ProfilePackage::from_der(der)?;
    let out = serde_json::json!({
        "type": "PEDefinitions.ProfileElement (package)",
        "value": package.elements.iter().map(proto::der::Asn1::to_json).collect::<Vec<_>>(),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    if reencode {
        let again = package.to_der();
        println!("{}", hex::encode_upper(&again));
        check_reencoding(der, &again)?;
    }
    Ok(())
}

/// Why `rsp-lab decode` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DecodeCmdError {
    /// The input could not be read, or its hex or base64 does not decode.
    #[error(transparent)]
    Input(#[from] InputError),
    /// `--type` names no type of the registry.
    #[error("unknown type {0:?} (rsp-lab decode --list-types shows them)")]
    UnknownType(String),
    /// The DER is not a value of the type (or of any type, when detected).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The input is no profile package either.
    #[error(transparent)]
    Package(#[from] PackageError),
    /// The value could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// `--reencode` gave other octets than the input's, from this byte offset.
    #[error(
        "re-encoding differs from the input at byte offset {0} (input is not DER or has fields \
         this version does not know)"
    )]
    Reencoding(usize),
}
