//! A stand-in eUICC served over vpcd or stdio, for trying the APDU layer and its transports
//! before the ISD-R is wired in. Answers GetEID (`BF3E`), GetEUICCInfo2 (`BF22`) and
//! GetProfilesInfo (`BF2D`) with fixed data and echoes any other request.
//!
//! ```text
//! cargo run -p euicc-sim --example vpcd_demo                      # vpcd at 127.0.0.1:35963
//! cargo run -p euicc-sim --example vpcd_demo -- vpcd HOST:PORT
//! cargo run -p euicc-sim --example vpcd_demo -- stdio             # lpac stdio protocol
//! cargo run -p euicc-sim --example vpcd_demo -- stdio --spawn lpac chip info
//! ```

use std::io::{self, BufReader};
use std::process::ExitCode;

use euicc_sim::Es10Processor;
use euicc_sim::apdu::Card;
use euicc_sim::transport::{stdio, vpcd};

const EID: &str = "89049032123451234512345678901235";

/// EUICCInfo2 from the comments of lpac's stdio driver (a public test vector).
const EUICC_INFO2: &str = concat!(
    "BF2281C6810302010082030202008303040600840F8101008204000628248304000019228504067F36C086",
    "03090200870302030088020490A916041481370F5125D0B1D408D4C3B232E6D25E795BEBFBAA16041481",
    "370F5125D0B1D408D4C3B232E6D25E795BEBFB990206C004030000010C0D47492D42412D55502D303431",
    "39AC48801F312E322E3834302E313233343536372F6D79506C6174666F726D4C6162656C812568747470",
    "733A2F2F6D79636F6D70616E792E636F6D2F6D79444C4F41526567697374726172"
);

fn tlv(tag: &[u8], value: &[u8]) -> Vec<u8> {
    let mut out = tag.to_vec();
    match value.len() {
        n @ 0..=0x7F => out.push(n as u8),
        n @ 0x80..=0xFF => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(value);
    out
}

/// ProfileInfoListResponse with two profiles, one enabled.
fn profiles_info() -> Vec<u8> {
    let profile = |iccid: &str, aid_last: u8, state: u8, name: &str| {
        let aid = [
            0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00,
            aid_last, 0x00,
        ];
        let fields = [
            tlv(&[0x5A], &hex::decode(iccid).unwrap_or_default()),
            tlv(&[0x4F], &aid),
            tlv(&[0x9F, 0x70], &[state]),
            tlv(&[0x91], b"rsp-lab"),
            tlv(&[0x92], name.as_bytes()),
            tlv(&[0x95], &[0x02]),
        ]
        .concat();
        tlv(&[0xE3], &fields)
    };
    let list = [
        profile("98001032547698103214", 0x10, 1, "Bootstrap connectivity"),
        profile("98001032547698103224", 0x11, 0, "Local operator profile"),
    ]
    .concat();
    tlv(&[0xBF, 0x2D], &tlv(&[0xA0], &list))
}

struct DemoProcessor;

impl Es10Processor for DemoProcessor {
    fn process_es10(&mut self, request: &[u8]) -> Vec<u8> {
        match request {
            [0xBF, 0x3E, ..] => tlv(
                &[0xBF, 0x3E],
                &tlv(&[0x5A], &hex::decode(EID).unwrap_or_default()),
            ),
            [0xBF, 0x22, ..] => hex::decode(EUICC_INFO2).unwrap_or_default(),
            [0xBF, 0x2D, ..] => profiles_info(),
            other => other.to_vec(),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut card = Card::new(DemoProcessor);
    let result = match args.first().map(String::as_str) {
        None | Some("vpcd") => {
            let options = match args.get(1) {
                Some(address) => vpcd::VpcdOptions::with_address(address.clone()),
                None => vpcd::VpcdOptions::default(),
            };
            eprintln!(
                "vpcd_demo: serving the demo eUICC to vpcd at {}",
                options.address
            );
            vpcd::run(&mut card, &options, &vpcd::Shutdown::new())
        }
        Some("stdio") => match args.get(1).map(String::as_str) {
            Some("--spawn") => match args.get(2) {
                Some(program) => {
                    stdio::spawn(&mut card, program, &args[3..], io::stdout()).map(|status| {
                        if !status.success() {
                            eprintln!("vpcd_demo: child exited with {status}");
                        }
                    })
                }
                None => Err(io::Error::other("--spawn needs a command")),
            },
            _ => stdio::serve(
                &mut card,
                BufReader::new(io::stdin()),
                io::stdout(),
                io::stderr(),
            ),
        },
        Some(other) => Err(io::Error::other(format!("unknown mode {other:?}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vpcd_demo: {e}");
            ExitCode::FAILURE
        }
    }
}
