//! Entry point for the coverage-guided fuzz targets in `fuzz/` (not an API): what the ES2+
//! endpoints make of a request body, with their own decoding, before the operator's
//! certificate or the database are looked at.

use proto::json::EmptyResponse;
use proto::json::es2p::{self as j, Es2Function};
use serde::Serialize;

use super::{Es2Error, decode};

/// The request of `f` re-encoded as JSON, or the `Failed` answer the endpoint sends.
pub fn json_body(f: Es2Function, body: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let reencoded = match f {
        Es2Function::DownloadOrder => reencode(decode::<j::DownloadOrderRequest>(body)),
        Es2Function::ConfirmOrder => reencode(decode::<j::ConfirmOrderRequest>(body)),
        Es2Function::CancelOrder => reencode(decode::<j::CancelOrderRequest>(body)),
        Es2Function::ReleaseProfile => reencode(decode::<j::ReleaseProfileRequest>(body)),
        Es2Function::HandleDownloadProgressInfo => {
            Err(Es2Error::Malformed("not served by the SM-DP+".into()))
        }
    };
    reencoded.map_err(|e| {
        serde_json::to_vec(&EmptyResponse::failed(e.status_code(), e.to_string()))
            .unwrap_or_default()
    })
}

fn reencode<T: Serialize>(decoded: Result<T, Es2Error>) -> Result<Vec<u8>, Es2Error> {
    serde_json::to_vec(&decoded?).map_err(|e| Es2Error::Internal(e.to_string()))
}
