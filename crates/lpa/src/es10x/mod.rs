//! ES10x, the LPA's side (SGP.22 5.7: ES10a, ES10b and ES10c, the functions the LPA calls on
//! the eUICC): [`apdu`] carries them over APDUs as a terminal does (logical channel, SELECT of
//! the ISD-R, STORE DATA chaining, GET RESPONSE; SGP.22 5.7.2), [`functions`] types each one
//! (request built, response decoded, octets kept where they travel on to the SM-DP+).

mod apdu;
mod functions;

pub use apdu::{
    DEFAULT_BLOCK_SIZE, EUICC_CAPABILITY_LPA, Es10Client, Es10ClientError, Es10Options,
    MAX_BLOCK_SIZE, MIN_BLOCK_SIZE, status_word_meaning,
};
pub use functions::{Received, RetrievedNotification};
