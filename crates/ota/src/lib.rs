//! ETSI over-the-air security for SMS (SCP80) and what carries it: the secured command
//! packet and its Proof of Receipt (ETSI TS 102 225, 3GPP TS 31.115), the remote command
//! scripts inside (ETSI TS 102 226), the SMS TPDUs and their concatenation (3GPP TS 23.040)
//! and the SMS-PP data download envelope (3GPP TS 31.111).
#![forbid(unsafe_code)]
