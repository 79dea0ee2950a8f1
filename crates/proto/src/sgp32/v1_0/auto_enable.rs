//! The automatic profile enabling configuration of SGP.32 v1.0 (5.9.17): the request of
//! ES10b.ConfigureAutoProfileEnabling, whose components the ESep PSMO `configureAutoEnable`
//! carries as well.

use crate::der::{Asn1, Null, Oid};

/// ES10b.ConfigureAutoProfileEnabling request (SGP.32 v1.0 5.9.17); the PSMO
/// `configureAutoEnable` has the same components under `[7]`. The octets of v1.2's
/// ConfigureImmediateProfileEnabling.
///
/// ```text
/// ConfigureAutoProfileEnablingRequest ::= [89] SEQUENCE { -- Tag 'BF59'
///    autoEnableFlag [0] NULL OPTIONAL, smdpOid [1] OBJECT IDENTIFIER OPTIONAL,
///    smdpAddress [2] UTF8String OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 89, extensible)]
pub struct ConfigureAutoProfileEnablingRequest {
    #[asn1(tag = 0)]
    pub auto_enable_flag: Option<Null>,
    #[asn1(tag = 1)]
    pub smdp_oid: Option<Oid>,
    #[asn1(tag = 2)]
    pub smdp_address: Option<String>,
}
