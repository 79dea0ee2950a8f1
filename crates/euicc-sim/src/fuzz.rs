//! Entry points for the coverage-guided fuzz targets in `fuzz/` (not an API): the decoders
//! of the card that are private to the crate, exposed without changing what they do.

use crate::session::bpp_stream::{BppStream, Unit};

/// What the eUICC's Bound Profile Package reader made of a run of
/// ES10b.LoadBoundProfilePackage pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BppRun {
    /// The units handed out, in order: a name (`BF23`, `87`, `A0 end` …) and, for TLVs,
    /// the octets handed out.
    pub units: Vec<(&'static str, Vec<u8>)>,
    /// The structure error that stopped the reader: the command it names, and the detail.
    pub error: Option<(String, String)>,
    /// Whether octets of an incomplete unit were left waiting for another piece.
    pub waiting: bool,
}

/// Pushes `pieces` one after the other into a fresh reader that takes packages of up to
/// `max_len` octets, taking every unit after each piece, as the ISD-R does.
pub fn bpp_stream(pieces: &[&[u8]], max_len: usize) -> BppRun {
    let mut stream = BppStream::new(max_len);
    let mut run = BppRun {
        units: Vec::new(),
        error: None,
        waiting: false,
    };
    for piece in pieces {
        stream.push(piece);
        loop {
            match stream.next_unit() {
                Ok(Some(unit)) => run.units.push(describe(unit)),
                Ok(None) => break,
                Err(e) => {
                    run.error = Some((format!("{:?}", e.command), e.detail));
                    return run;
                }
            }
        }
    }
    run.waiting = stream.mid_unit();
    run
}

fn describe(unit: Unit) -> (&'static str, Vec<u8>) {
    match unit {
        Unit::InitialiseSecureChannel(raw) => ("BF23", raw),
        Unit::ConfigureIsdp(raw) => ("87", raw),
        Unit::ConfigureIsdpEnd => ("A0 end", Vec::new()),
        Unit::StoreMetadata(raw) => ("88", raw),
        Unit::StoreMetadataEnd => ("A1 end", Vec::new()),
        Unit::ReplaceSessionKeys(raw) => ("87 of A2", raw),
        Unit::ReplaceSessionKeysEnd => ("A2 end", Vec::new()),
        Unit::ProfileElements(raw) => ("86", raw),
        Unit::Finished => ("end", Vec::new()),
    }
}

/// Puts `euicc` back to `state` at rest: that persistent state, no download session, no
/// pending refresh. Fuzz targets start every input from the same card this way instead of
/// building a new eUICC (key checks take milliseconds).
pub fn restore(euicc: &mut crate::Euicc, state: &crate::state::EuiccState) {
    euicc.state = state.clone();
    euicc.session = crate::session::Session::Idle;
    euicc.refresh = None;
}
