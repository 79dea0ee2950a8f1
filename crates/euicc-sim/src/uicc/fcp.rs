//! FCP templates (ETSI TS 102 221 11.1.1.3): what SELECT with P2 '04' and STATUS return.
//!
//! ```text
//! EF   62 L  82 02 FDB 21 | 82 05 FDB 21 RL RL NR   file descriptor (11.1.1.4.3)
//!            83 02 FID                             file identifier
//!            8A 01 LCSI                            life cycle status (11.1.1.4.9)
//!            8B L  EF.ARR FID, record             security attributes, referenced format
//!            80 02 size                            file size (11.1.1.4.1)
//!            88 01 SFI<<3 | 88 00                  short file identifier (11.1.1.4.8)
//! DF   62 L  82 02 78 21                           DF, shareable
//!            83 02 FID (MF and DF) | 84 L AID (ADF)
//!            A5 03 80 01 71                        UICC characteristics (MF only, 11.1.1.4.6.1)
//!            8A 01 LCSI  8B L …
//!            C6 L  90 L PS_DO  83 01 key ref …     PIN status template DO (9.5.2)
//! ```
//!
//! The PS_DO has one bit per key reference that follows it, the first in b8 of its first
//! octet: 1 when that PIN is enabled.

use super::fs::{FileSystem, Kind, Node, NodeId, Structure};
use super::pin::Pins;

use super::tlv::push as tlv;

/// The file descriptor byte (11.1.1.4.3).
pub fn descriptor_byte(node: &Node) -> u8 {
    let shareable = if node.shareable { 0x40 } else { 0x00 };
    shareable
        | match &node.kind {
            Kind::Mf | Kind::Df | Kind::Adf { .. } => 0x38,
            Kind::Ef { structure, .. } => match structure {
                Structure::Transparent => 0x01,
                Structure::LinearFixed { .. } => 0x02,
                Structure::Cyclic { .. } => 0x06,
                Structure::BerTlv => 0x39,
            },
        }
}

/// The FCP template of node `id`.
pub fn fcp(fs: &FileSystem, pins: &Pins, id: NodeId) -> Vec<u8> {
    let Some(node) = fs.node(id) else {
        return Vec::new();
    };
    let mut body = Vec::new();
    let fdb = descriptor_byte(node);
    match &node.kind {
        Kind::Ef { structure, data } => {
            match structure.record_len() {
                Some(len) => {
                    let records = (data.len() / len.max(1)).min(255) as u8;
                    tlv(
                        &mut body,
                        0x82,
                        &[fdb, 0x21, (len >> 8) as u8, len as u8, records],
                    );
                }
                None => tlv(&mut body, 0x82, &[fdb, 0x21]),
            }
            if let Some(fid) = node.fid {
                tlv(&mut body, 0x83, &fid);
            }
            tlv(&mut body, 0x8A, &[node.lcsi]);
            if !node.security.is_empty() {
                tlv(&mut body, 0x8B, &node.security);
            }
            let size = data.len().min(0xFFFF);
            tlv(&mut body, 0x80, &[(size >> 8) as u8, size as u8]);
            match node.sfi {
                Some(sfi) => tlv(&mut body, 0x88, &[sfi << 3]),
                None => tlv(&mut body, 0x88, &[]),
            }
        }
        Kind::Mf | Kind::Df | Kind::Adf { .. } => {
            tlv(&mut body, 0x82, &[fdb, 0x21]);
            match &node.kind {
                Kind::Adf { aid } => tlv(&mut body, 0x84, aid),
                _ => {
                    if let Some(fid) = node.fid {
                        tlv(&mut body, 0x83, &fid);
                    }
                }
            }
            if node.kind == Kind::Mf {
                // clock stop allowed, no preferred level; supply voltage classes A, B, C
                tlv(&mut body, 0xA5, &[0x80, 0x01, 0x71]);
            }
            tlv(&mut body, 0x8A, &[node.lcsi]);
            if !node.security.is_empty() {
                tlv(&mut body, 0x8B, &node.security);
            }
            if !node.pin_references.is_empty() {
                tlv(&mut body, 0xC6, &pin_status(pins, node, id));
            }
        }
    }
    let mut out = Vec::with_capacity(body.len() + 3);
    tlv(&mut out, 0x62, &body);
    out
}

/// The contents of the PIN status template DO of a directory.
fn pin_status(pins: &Pins, node: &Node, id: NodeId) -> Vec<u8> {
    let refs = &node.pin_references;
    let mut bitmap = vec![0u8; refs.len().div_ceil(8)];
    for (i, kr) in refs.iter().enumerate() {
        let enabled = pins
            .find(*kr, &[id])
            .and_then(|p| pins.pins.get(p))
            .is_some_and(|p| p.enabled);
        if enabled {
            bitmap[i / 8] |= 0x80 >> (i % 8);
        }
    }
    let mut out = Vec::new();
    tlv(&mut out, 0x90, &bitmap);
    for kr in refs {
        tlv(&mut out, 0x83, &[*kr]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uicc::pin::Pin;

    #[test]
    fn ts102_221_11_1_1_3_ef_and_mf_templates() {
        let mut fs = FileSystem::new();
        if let Some(mf) = fs.node_mut(FileSystem::MF) {
            mf.pin_references = vec![0x01, 0x0A];
            mf.security = vec![0x2F, 0x06, 0x01];
        }
        let ef = fs.add(
            Some(FileSystem::MF),
            Node {
                fid: Some([0x2F, 0xE2]),
                name: "ef-iccid".into(),
                parent: None,
                children: Vec::new(),
                kind: Kind::Ef {
                    structure: Structure::Transparent,
                    data: vec![0; 10],
                },
                sfi: Some(2),
                lcsi: 0x05,
                security: vec![0x2F, 0x06, 0x03],
                pin_references: Vec::new(),
                shareable: true,
            },
        );
        assert_eq!(
            hex::encode_upper(fcp(&fs, &Pins::default(), ef)),
            "621782024121".to_owned()
                + "83022FE2"
                + "8A0105"
                + "8B032F0603"
                + "8002000A"
                + "880110"
        );
        let pins = Pins {
            pins: vec![Pin {
                key_reference: 0x0A,
                scope: None,
                value: [0; 8],
                enabled: true,
                disablable: false,
                max_tries: 3,
                tries_left: 3,
                puk: None,
                verified: false,
            }],
            puks: Vec::new(),
        };
        assert_eq!(
            hex::encode_upper(fcp(&fs, &pins, FileSystem::MF)),
            "6220820278218302".to_owned()
                + "3F00"
                + "A503800171"
                + "8A0105"
                + "8B032F0601"
                + "C609"
                + "900140"
                + "830101"
                + "83010A"
        );
    }
}
