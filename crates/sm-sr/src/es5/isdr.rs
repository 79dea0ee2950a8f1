//! The platform management commands the SM-SR sends the ISD-R (SGP.02 4.1.1, ES5), each
//! one C-APDU of an expanded script ([`super::script`]).
//!
//! STORE DATA to the ISD-R carries one DGI (GP Card Specification 11.11.2.2: P1 b5b4 = `01`
//! DGI format, b8 = last block); its length is one octet below 255, else `FF` and two.
//!
//! ```text
//! EnableProfile            80 E2 88 00 Lc | 3A03 L { 4F L ISD-P AID }
//! DisableProfile           80 E2 88 00 Lc | 3A04 L { 4F L ISD-P AID }
//! SetFallBackAttribute     80 E2 88 00 Lc | 3A05 L { 4F L ISD-P AID }
//! HandleNotificationConf.  80 E2 89 00 Lc | 3A08 L { 4E 02 sequence number }
//! DeleteProfile (DELETE)   80 E4 00 80 Lc | 4F L ISD-P AID
//! Audit: GET STATUS        80 F2 40 02 Lc | 4F L ISD-P AID | 00
//! Audit: GET DATA          80 CA FF 21 00   (eUICC memory, tag FF21)
//! CreateISDP (INSTALL)     80 E6 0C 00 Lc | 10 ELF AID | 10 module AID | 10 ISD-P AID
//!                          | 03 80C000 | LL { C9 04 81020370 [EF 06 C8 04 quota] } | 00 | 00
//! EstablishISDRKeySet      80 E2 09 00 Lc | 3A01 L { CERT.SR.ECDSA }        -> 85 10 RC
//!                          80 E2 89 01 Lc | 3A02 L { A6 | 7F49 | 5F37 }     -> [85 DR] 86 receipt
//! FinaliseISDRhandover     80 E4 00 00 05 | F2 03 <KVN kept> 01 03
//! UpdateSMSRAddressing.    80 E2 88 00 Lc | 3A06 L { 06 L TON/NPI | BCD number }
//! ```
//!
//! EstablishISDRKeySet's two blocks (SGP.02 4.1.1.7, GP Amendment E scenario #3) are one
//! STORE DATA sequence: block 0 (P1 `09`, more blocks, response expected) then block 1, the
//! last (P1 `89`); FinaliseISDRhandover (4.1.1.8) and UpdateSMSRAddressingParameters
//! (4.1.1.9) as the lab's M2M eUICC takes them (the map marks their encodings unconfirmed).

use super::tlv;

/// STORE DATA, last block, DGI format, no response data expected (P1 `88`).
const STORE_DATA_LAST: [u8; 3] = [0x80, 0xE2, 0x88];
/// STORE DATA, last block, DGI format, response data expected (P1 `89`, SGP.02 4.1.1.10).
const STORE_DATA_LAST_RESPONSE: [u8; 3] = [0x80, 0xE2, 0x89];

/// DGI `3A03` EnableProfile (SGP.02 4.1.1.2).
pub const DGI_ENABLE_PROFILE: u16 = 0x3A03;
/// DGI `3A04` DisableProfile (SGP.02 4.1.1.3).
pub const DGI_DISABLE_PROFILE: u16 = 0x3A04;
/// DGI `3A05` SetFallBackAttribute (SGP.02 4.1.1.5).
pub const DGI_SET_FALLBACK: u16 = 0x3A05;
/// DGI `3A08` HandleNotificationConfirmation (SGP.02 4.1.1.10).
pub const DGI_NOTIFICATION_CONFIRMATION: u16 = 0x3A08;

/// An AID TLV (`4F`).
fn aid_tlv(aid: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(aid.len() + 2);
    tlv::put(&mut v, 0x4F, aid);
    v
}

/// `DGI | length | value` (GP Card Specification 11.11.2.2 DGI coding).
fn dgi(tag: u16, value: &[u8]) -> Vec<u8> {
    let mut out = tag.to_be_bytes().to_vec();
    if value.len() < 0xFF {
        out.push(value.len() as u8);
    } else {
        out.push(0xFF);
        out.extend_from_slice(&(value.len().min(0xFFFF) as u16).to_be_bytes());
    }
    out.extend_from_slice(value);
    out
}

/// A case-3 C-APDU `header | P2 | Lc | data` (short length; every command here is short).
fn apdu(header: [u8; 3], p2: u8, data: &[u8]) -> Vec<u8> {
    let mut out = header.to_vec();
    out.push(p2);
    out.push(data.len().min(0xFF) as u8);
    out.extend_from_slice(data);
    out
}

/// STORE DATA block 0, DGI `3A01`: SM-SR2's CERT.SR.ECDSA for the ISD-R to check
/// (EstablishISDRKeySet, SGP.02 4.1.1.7).
pub fn establish_keyset_certificate(certificate: &[u8]) -> Vec<u8> {
    apdu([0x80, 0xE2, 0x09], 0x00, &dgi(0x3A01, certificate))
}

/// STORE DATA block 1 (last), DGI `3A02`: the control reference template, ePK.SR.ECKA and
/// SM-SR2's signature (EstablishISDRKeySet, SGP.02 4.1.1.7).
pub fn establish_keyset_keys(crt: &[u8], ephemeral_key_tlv: &[u8], signature: &[u8]) -> Vec<u8> {
    let mut value = [crt, ephemeral_key_tlv, &[0x5F, 0x37]].concat();
    tlv::put_len(&mut value, signature.len());
    value.extend_from_slice(signature);
    apdu(STORE_DATA_LAST_RESPONSE, 0x01, &dgi(0x3A02, &value))
}

/// DELETE `F2`: every SCP80 key set of the ISD-R but `kvn` goes (FinaliseISDRhandover,
/// SGP.02 4.1.1.8).
pub fn finalise_handover(kvn: u8) -> Vec<u8> {
    apdu([0x80, 0xE4, 0x00], 0x00, &[0xF2, 0x03, kvn, 0x01, 0x03])
}

/// STORE DATA `3A06`: the SM-SR's SMS address the ISD-R sends its notifications to, an
/// ETSI TS 102 223 8.1 Address object (UpdateSMSRAddressingParameters, SGP.02 4.1.1.9);
/// `None` when `digits` is not 1 to 20 digits.
pub fn update_smsr_address(digits: &str) -> Option<Vec<u8>> {
    let digits = digits.trim_start_matches('+');
    if digits.is_empty() || digits.len() > 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // TON international, NPI ISDN (TS 24.008 10.5.4.7), then BCD, low nibble first.
    let mut address = vec![0x91];
    for pair in digits.as_bytes().chunks(2) {
        let low = pair[0] - b'0';
        let high = pair.get(1).map_or(0x0F, |d| d - b'0');
        address.push(high << 4 | low);
    }
    let mut value = Vec::new();
    tlv::put(&mut value, 0x06, &address);
    Some(apdu(STORE_DATA_LAST, 0x00, &dgi(0x3A06, &value)))
}

/// STORE DATA `3A03`: enable the profile of this ISD-P.
pub fn enable_profile(isd_p_aid: &[u8]) -> Vec<u8> {
    apdu(
        STORE_DATA_LAST,
        0x00,
        &dgi(DGI_ENABLE_PROFILE, &aid_tlv(isd_p_aid)),
    )
}

/// STORE DATA `3A04`: disable the profile of this ISD-P.
pub fn disable_profile(isd_p_aid: &[u8]) -> Vec<u8> {
    apdu(
        STORE_DATA_LAST,
        0x00,
        &dgi(DGI_DISABLE_PROFILE, &aid_tlv(isd_p_aid)),
    )
}

/// STORE DATA `3A05`: give this ISD-P's profile the Fall-Back Attribute.
pub fn set_fallback_attribute(isd_p_aid: &[u8]) -> Vec<u8> {
    apdu(
        STORE_DATA_LAST,
        0x00,
        &dgi(DGI_SET_FALLBACK, &aid_tlv(isd_p_aid)),
    )
}

/// STORE DATA `3A08`: confirm the Default Notification with this sequence number.
pub fn notification_confirmation(seq: u16) -> Vec<u8> {
    let mut v = Vec::with_capacity(4);
    tlv::put(&mut v, 0x4E, &seq.to_be_bytes());
    apdu(
        STORE_DATA_LAST_RESPONSE,
        0x00,
        &dgi(DGI_NOTIFICATION_CONFIRMATION, &v),
    )
}

/// The ISD-P Executable Load File AID (SGP.02 Annex H).
const ISD_P_LOAD_FILE_AID: [u8; 16] = with_tar(0x0D);
/// The ISD-P Executable Module AID (SGP.02 Annex H).
const ISD_P_MODULE_AID: [u8; 16] = with_tar(0x0E);

const fn with_tar(low: u8) -> [u8; 16] {
    let mut aid = crate::eis::ISD_R_AID;
    aid[14] = low;
    aid
}

/// INSTALL [for install and make selectable] of an ISD-P (SGP.02 4.1.1.1; GP Card
/// Specification 11.5.2.3): the privileges Security Domain, Trusted Path and Authorized
/// Management (`80 C0 00`), SCP03 with i = `70` in the SD parameters (`C9`), the
/// non-volatile memory quota `quota` in the system parameters (`EF { C8 }`, ETSI TS 102
/// 226 8.2.1.3.2.2) when not 0; `Le` = `00` (the answer is one octet, GPCS 11.5.3).
pub fn create_isdp(isd_p_aid: &[u8], quota: u32) -> Vec<u8> {
    let mut params = vec![0xC9, 0x04, 0x81, 0x02, 0x03, 0x70];
    if quota > 0 {
        params.extend([0xEF, 0x06, 0xC8, 0x04]);
        params.extend(quota.to_be_bytes());
    }
    let mut data = Vec::with_capacity(80);
    for lv in [&ISD_P_LOAD_FILE_AID[..], &ISD_P_MODULE_AID, isd_p_aid] {
        data.push(lv.len() as u8);
        data.extend_from_slice(lv);
    }
    data.extend([0x03, 0x80, 0xC0, 0x00]);
    data.push(params.len() as u8);
    data.extend(params);
    data.push(0x00);
    let mut out = apdu([0x80, 0xE6, 0x0C], 0x00, &data);
    out.push(0x00);
    out
}

/// DELETE of the ISD-P and its content.
///
/// GP Card Specification 11.2.2.2 codes P2 `00` (the object) and `80` (the object and its
/// related objects); one implementation sends `40`, which GP leaves RFU. The ISD-P's
/// applications are related objects of it, so `80`.
pub fn delete_isd_p(isd_p_aid: &[u8]) -> Vec<u8> {
    apdu([0x80, 0xE4, 0x00], 0x80, &aid_tlv(isd_p_aid))
}

/// GET STATUS of one ISD-P, TLV format (GP Card Specification 11.4.2: P1 `40` applications
/// and security domains, P2 `02`), answered `E3 { 4F AID | 9F70 life cycle | … }`.
pub fn get_status(isd_p_aid: &[u8]) -> Vec<u8> {
    let mut out = apdu([0x80, 0xF2, 0x40], 0x02, &aid_tlv(isd_p_aid));
    out.push(0x00);
    out
}

/// GET DATA of the eUICC's memory figures (tag `FF21`, SGP.02 4.1.1.6).
pub fn get_memory() -> Vec<u8> {
    vec![0x80, 0xCA, 0xFF, 0x21, 0x00]
}

#[cfg(test)]
mod tests {
    use super::*;

    const AID: &str = "A0000005591010FFFFFFFF8900001000";

    fn h(v: Vec<u8>) -> String {
        hex::encode_upper(v)
    }

    #[test]
    fn store_data_commands_carry_their_dgi() {
        let aid = hex::decode(AID).unwrap();
        assert_eq!(
            h(enable_profile(&aid)),
            format!("80E28800153A03124F10{AID}")
        );
        assert_eq!(
            h(disable_profile(&aid)),
            format!("80E28800153A04124F10{AID}")
        );
        assert_eq!(
            h(set_fallback_attribute(&aid)),
            format!("80E28800153A05124F10{AID}")
        );
        assert_eq!(
            h(notification_confirmation(0x0102)),
            "80E28900073A08044E020102"
        );
    }

    #[test]
    fn smsr_change_commands() {
        assert_eq!(
            h(establish_keyset_certificate(&[0x7F, 0x21, 0x01, 0xAA])),
            "80E20900073A01047F2101AA"
        );
        assert_eq!(
            h(establish_keyset_keys(
                &[0xA6, 0x00],
                &[0x7F, 0x49, 0x00],
                &[1, 2]
            )),
            "80E289010D3A020AA6007F49005F37020102"
        );
        assert_eq!(h(finalise_handover(0x02)), "80E4000005F203020103");
        // TON/NPI 91, BCD low nibble first (TS 24.008 10.5.4.7).
        assert_eq!(
            h(update_smsr_address("+447700900124").unwrap()),
            "80E288000C3A0609060791447700091042"
        );
        assert_eq!(
            h(update_smsr_address("12345").unwrap()),
            "80E28800093A06060604912143F5"
        );
        assert!(update_smsr_address("").is_none());
        assert!(update_smsr_address("12a").is_none());
        assert!(update_smsr_address(&"1".repeat(21)).is_none());
    }

    #[test]
    fn gp_commands() {
        let aid = hex::decode(AID).unwrap();
        assert_eq!(h(delete_isd_p(&aid)), format!("80E40080124F10{AID}"));
        assert_eq!(h(get_status(&aid)), format!("80F24002124F10{AID}00"));
        assert_eq!(h(get_memory()), "80CAFF2100");
        assert_eq!(
            h(create_isdp(&aid, 0x1000)),
            format!(
                "80E60C004710A0000005591010FFFFFFFF8900000D0010A0000005591010FFFFFFFF8900000E00\
                 10{AID}0380C0000EC90481020370EF06C8040000100000\
                 00"
            )
        );
        assert_eq!(dgi(0x3A03, &[0; 300])[..5], [0x3A, 0x03, 0xFF, 0x01, 0x2C]);
    }
}
