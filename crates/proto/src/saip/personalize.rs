//! Personalization of a profile package: a new ICCID, IMSI, Ki and OPc written where the
//! package defines them, every other octet unchanged.

use super::aka::{AlgoConfiguration, AlgorithmID};
use super::bcd::{BcdError, iccid_to_ef, iccid_to_header, imsi_to_ef};
use super::element::ProfileElement;
use super::package::ProfilePackage;

/// The subscription data to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Personalization {
    /// 18 to 20 digits.
    pub iccid: String,
    /// 6 to 15 digits.
    pub imsi: String,
    /// K: 16 octets (Milenage, test algorithm) or 16/32 (TUAK).
    pub ki: Vec<u8>,
    /// OPc: 16 octets for Milenage; TOPc: 32 octets for TUAK.
    pub opc: Vec<u8>,
}

/// Why a package cannot be personalized.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PersonalizeError {
    #[error(transparent)]
    Identity(#[from] BcdError),
    #[error("{what} of {found} octets does not fit {algorithm:?}, which takes {expected}")]
    KeyLength {
        what: &'static str,
        algorithm: AlgorithmID,
        found: usize,
        expected: &'static str,
    },
    #[error("the package has no {element} PE with {field}")]
    Missing {
        element: &'static str,
        field: &'static str,
    },
    #[error("{count} {element} PEs carry {field}; a single value cannot personalize them")]
    Ambiguous {
        element: &'static str,
        field: &'static str,
        count: usize,
    },
    #[error("{element}.{field} is marked doNotCreate")]
    NotCreated {
        element: &'static str,
        field: &'static str,
    },
}

/// A copy of `package` with the header ICCID, EF.ICCID, EF.IMSI and the K/OPc of every
/// `akaParameter` that carries its own algorithm parameters replaced. PEs that map the
/// parameters of another NAA (`mappingParameter`) follow that NAA and are left as they are.
/// File contents are overwritten in place when the package already writes them, so the
/// encoding only changes in those octets.
pub fn personalize(
    package: &ProfilePackage,
    p: &Personalization,
) -> Result<ProfilePackage, PersonalizeError> {
    let header_iccid = iccid_to_header(&p.iccid)?;
    let ef_iccid = iccid_to_ef(&p.iccid)?;
    let ef_imsi = imsi_to_ef(&p.imsi)?;
    let mut out = package.clone();

    let mut headers = 0;
    let mut iccid_files = 0;
    let mut imsi_files = Vec::new();
    let mut aka = 0;
    for (index, pe) in out.elements.iter_mut().enumerate() {
        match pe {
            ProfileElement::Header(h) => {
                h.iccid = header_iccid;
                headers += 1;
            }
            ProfileElement::Mf(mf) => {
                if mf.ef_iccid.do_not_create() {
                    return Err(not_created("mf", "ef-iccid"));
                }
                mf.ef_iccid.write(0, &ef_iccid);
                iccid_files += 1;
            }
            ProfileElement::Iot(iot) => {
                if let Some(f) = iot.ef_iccid.as_mut() {
                    f.write(0, &ef_iccid);
                    iccid_files += 1;
                }
                imsi_files.push(index);
            }
            ProfileElement::Usim(_) => imsi_files.push(index),
            ProfileElement::AkaParameter(a) => {
                if let AlgoConfiguration::AlgoParameter(algo) = &mut a.algo_configuration {
                    check_keys(algo.algorithm_id, p)?;
                    algo.key = p.ki.clone();
                    algo.opc = p.opc.clone();
                    aka += 1;
                }
            }
            _ => {}
        }
    }
    if headers == 0 {
        return Err(missing("header", "iccid"));
    }
    if iccid_files == 0 {
        return Err(missing("mf", "ef-iccid"));
    }
    if aka == 0 {
        return Err(missing("akaParameter", "algoParameter"));
    }
    match imsi_files.as_slice() {
        [] => return Err(missing("usim", "ef-imsi")),
        [index] => {
            let file = match &mut out.elements[*index] {
                ProfileElement::Usim(usim) => &mut usim.ef_imsi,
                ProfileElement::Iot(iot) => &mut iot.ef_imsi,
                _ => return Err(missing("usim", "ef-imsi")),
            };
            if file.do_not_create() {
                return Err(not_created("usim", "ef-imsi"));
            }
            file.write(0, &ef_imsi);
        }
        many => {
            return Err(PersonalizeError::Ambiguous {
                element: "usim",
                field: "ef-imsi",
                count: many.len(),
            });
        }
    }
    Ok(out)
}

fn missing(element: &'static str, field: &'static str) -> PersonalizeError {
    PersonalizeError::Missing { element, field }
}

fn not_created(element: &'static str, field: &'static str) -> PersonalizeError {
    PersonalizeError::NotCreated { element, field }
}

/// Key sizes per algorithm: Milenage 128-bit K and OPc (3GPP TS 35.206); TUAK 128- or
/// 256-bit K and 256-bit TOPc (TS 35.231); the test algorithm a 128-bit K (TS 34.108
/// 8.1.2), OPc unused but kept at 16 octets.
fn check_keys(algorithm: AlgorithmID, p: &Personalization) -> Result<(), PersonalizeError> {
    let (ki_ok, ki_expected, opc_ok, opc_expected): (&[usize], _, &[usize], _) = match algorithm {
        AlgorithmID::Milenage | AlgorithmID::UsimTestAlgorithm => (&[16], "16", &[16], "16"),
        AlgorithmID::Tuak => (&[16, 32], "16 or 32", &[32], "32"),
        AlgorithmID::Other(_) => (&[16, 32], "16 or 32", &[16, 32], "16 or 32"),
    };
    if !ki_ok.contains(&p.ki.len()) {
        return Err(PersonalizeError::KeyLength {
            what: "Ki",
            algorithm,
            found: p.ki.len(),
            expected: ki_expected,
        });
    }
    if !opc_ok.contains(&p.opc.len()) {
        return Err(PersonalizeError::KeyLength {
            what: "OPc",
            algorithm,
            found: p.opc.len(),
            expected: opc_expected,
        });
    }
    Ok(())
}
