//! Network authentication parameters of a USIM or ISIM: the AKA algorithm, its keys and the
//! sequence-number policy (TCA eUICC Profile Package v3.3.1, `PE-AKAParameter`). The PE
//! applies to the NAA created just before it.

use super::header::PEHeader;
use crate::der::Asn1;

/// The AKA algorithm.
///
/// ```text
/// algorithmID INTEGER { milenage(1), tuak(2), usim-test-algorithm(3) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq)]
#[asn1(integer, name = "algorithmID")]
pub enum AlgorithmID {
    /// 3GPP TS 35.206.
    #[asn1(value = 1)]
    Milenage,
    /// 3GPP TS 35.231.
    #[asn1(value = 2)]
    Tuak,
    /// 3GPP TS 34.108 8.1.2 test algorithm (XOR).
    #[asn1(value = 3, name = "usim-test-algorithm")]
    UsimTestAlgorithm,
    #[asn1(other)]
    Other(i64),
}

/// Keys and constants of the algorithm.
///
/// ```text
/// AlgoParameter ::= SEQUENCE {
///     algorithmID INTEGER { milenage(1), tuak(2), usim-test-algorithm(3) },
///     algorithmOptions OCTET STRING (SIZE(1)),
///     key OCTET STRING,
///     opc OCTET STRING,
///     rotationConstants OCTET STRING (SIZE (5)) DEFAULT '4000204060'H,
///     xoringConstants OCTET STRING (SIZE (80)) DEFAULT '00..00 01 00..00 02 00..00 04 00..00 08'H,
///     authCounterMax OCTET STRING (SIZE(3)) OPTIONAL,
///     numberOfKeccak UInt8 DEFAULT 1
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "AlgoParameter")]
pub struct AlgoParameter {
    #[asn1(name = "algorithmID")]
    pub algorithm_id: AlgorithmID,
    pub algorithm_options: [u8; 1],
    /// K (Ki).
    pub key: Vec<u8>,
    /// OPc for Milenage, TOPc for TUAK; ignored by the test algorithm.
    pub opc: Vec<u8>,
    /// Milenage r1..r5; DEFAULT '4000204060'H.
    pub rotation_constants: Option<[u8; 5]>,
    /// Milenage c1..c5; DEFAULT per TS 35.206.
    pub xoring_constants: Option<[u8; 80]>,
    pub auth_counter_max: Option<[u8; 3]>,
    /// TUAK Keccak iterations; DEFAULT 1.
    pub number_of_keccak: Option<u16>,
}

/// Reuse of the algorithm parameters of another NAA.
///
/// ```text
/// MappingParameter ::= SEQUENCE {
///     mappingOptions OCTET STRING (SIZE(1)),
///     mappingSource ApplicationIdentifier
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "MappingParameter")]
pub struct MappingParameter {
    pub mapping_options: [u8; 1],
    pub mapping_source: Vec<u8>,
}

/// ```text
/// algoConfiguration CHOICE {
///     mappingParameter MappingParameter,
///     algoParameter AlgoParameter
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic)]
pub enum AlgoConfiguration {
    MappingParameter(MappingParameter),
    AlgoParameter(AlgoParameter),
}

/// ```text
/// PE-AKAParameter ::= SEQUENCE {
///     aka-header PEHeader,
///     algoConfiguration CHOICE { mappingParameter ..., algoParameter ... },
///     sqnOptions OCTET STRING (SIZE(1)) DEFAULT '02'H,
///     sqnDelta OCTET STRING (SIZE(6)) DEFAULT '000010000000'H,
///     sqnAgeLimit OCTET STRING (SIZE(6)) DEFAULT '000010000000'H,
///     sqnInit SEQUENCE (SIZE (32)) OF OCTET STRING (SIZE (6)) DEFAULT { 32 x '000000000000'H }
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-AKAParameter")]
pub struct PEAKAParameter {
    #[asn1(name = "aka-header")]
    pub header: PEHeader,
    pub algo_configuration: AlgoConfiguration,
    /// DEFAULT '02'H.
    pub sqn_options: Option<[u8; 1]>,
    /// DEFAULT '000010000000'H.
    pub sqn_delta: Option<[u8; 6]>,
    /// DEFAULT '000010000000'H.
    pub sqn_age_limit: Option<[u8; 6]>,
    /// DEFAULT 32 zero values.
    pub sqn_init: Option<Vec<[u8; 6]>>,
}

impl PEAKAParameter {
    /// The algorithm parameters, unless the PE maps those of another NAA.
    pub fn algo_parameter(&self) -> Option<&AlgoParameter> {
        match &self.algo_configuration {
            AlgoConfiguration::AlgoParameter(p) => Some(p),
            AlgoConfiguration::MappingParameter(_) => None,
        }
    }
}
