//! The software eUICC of rsp-lab and the device side that drives it.
//!
//! - `isdr`: the ISD-R, answering ES10a/b/c requests (SGP.22 v2.5 5.7) given as DER.
//! - `apdu`: the card face: ISO/IEC 7816-4 / GlobalPlatform APDUs (SELECT, MANAGE CHANNEL,
//!   STORE DATA chaining, GET RESPONSE) in front of the ISD-R.
//! - `transport`: ways to reach the card (stdio JSON bridge, vpcd).

pub mod apdu;
pub mod transport;

/// The ISD-R as seen by the APDU layer: one complete ES10x request (a DER TLV such as
/// `BF2E00`) in, one complete response out. An empty response means "nothing to return"
/// (status word 9000 without data), as for intermediate LoadBoundProfilePackage calls.
pub trait Es10Processor {
    fn process_es10(&mut self, request: &[u8]) -> Vec<u8>;

    /// The card was reset or powered off: volatile session state is dropped.
    fn reset(&mut self) {}
}
