//! The modelled countries and their networks: mobile country codes (ITU-T E.212) and local
//! operators with the network codes the lab gives their profiles. Operator names are the
//! lab's own; the codes are real country codes so that home/roaming follows from the IMSI.

use proto::ids::Plmn;

/// A local operator of a country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub name: &'static str,
    pub mcc: &'static str,
    pub mnc: &'static str,
}

impl Operator {
    pub fn plmn(&self) -> Plmn {
        // The table below holds valid 3-digit MCCs and 2/3-digit MNCs (checked by a test).
        Plmn::new(self.mcc, self.mnc).unwrap_or_else(|e| panic!("country table: {e}"))
    }
}

/// A modelled country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 alpha-2.
    pub code: &'static str,
    pub name: &'static str,
    /// Every MCC of the country (the US has several).
    pub mccs: &'static [&'static str],
    /// Local operators, in the order the lab tries them.
    pub operators: &'static [Operator],
    /// The datagrams per thousand the country's NB-IoT/LTE-M coverage loses each way, for a
    /// device on ESipa's CoAP binding (the lab's assumption, not a measurement: coverage
    /// thinner where the country is larger or its IoT networks younger). TCP hides its
    /// losses from HTTPS, so the HTTPS binding is not given any.
    pub datagram_loss_per_mille: u16,
}

impl Country {
    /// The share of datagrams lost each way over CoAP ([`Country::datagram_loss_per_mille`]).
    pub fn datagram_loss(&self) -> f64 {
        f64::from(self.datagram_loss_per_mille) / 1000.0
    }

    /// Whether an IMSI with this MCC is a home IMSI here.
    pub fn is_home_mcc(&self, mcc: &str) -> bool {
        self.mccs.contains(&mcc)
    }
}

macro_rules! op {
    ($name:literal, $mcc:literal, $mnc:literal) => {
        Operator {
            name: $name,
            mcc: $mcc,
            mnc: $mnc,
        }
    };
}

/// The international operator of the bootstrap ("global") profile: MCC 901 is the ITU's
/// shared code for international networks, so its IMSIs are foreign everywhere.
pub const BOOTSTRAP_OPERATOR: Operator = op!("Global IoT (bootstrap)", "901", "40");

/// Every modelled country.
pub const COUNTRIES: &[Country] = &[
    Country {
        code: "CN",
        name: "China",
        mccs: &["460"],
        operators: &[
            op!("CN Local A", "460", "00"),
            op!("CN Local B", "460", "01"),
        ],
        datagram_loss_per_mille: 20,
    },
    Country {
        code: "BR",
        name: "Brazil",
        mccs: &["724"],
        operators: &[
            op!("BR Local A", "724", "05"),
            op!("BR Local B", "724", "11"),
        ],
        datagram_loss_per_mille: 50,
    },
    Country {
        code: "IN",
        name: "India",
        mccs: &["404", "405"],
        operators: &[
            op!("IN Local A", "404", "10"),
            op!("IN Local B", "404", "45"),
        ],
        datagram_loss_per_mille: 60,
    },
    Country {
        code: "TR",
        name: "Türkiye",
        mccs: &["286"],
        operators: &[
            op!("TR Local A", "286", "01"),
            op!("TR Local B", "286", "02"),
        ],
        datagram_loss_per_mille: 30,
    },
    Country {
        code: "DE",
        name: "Germany",
        mccs: &["262"],
        operators: &[
            op!("DE Local A", "262", "01"),
            op!("DE Local B", "262", "02"),
        ],
        datagram_loss_per_mille: 10,
    },
    Country {
        code: "BE",
        name: "Belgium",
        mccs: &["206"],
        operators: &[
            op!("BE Local A", "206", "01"),
            op!("BE Local B", "206", "10"),
        ],
        datagram_loss_per_mille: 10,
    },
    Country {
        code: "US",
        name: "United States",
        mccs: &["310", "311", "312", "313", "314", "315", "316"],
        operators: &[
            op!("US Local A", "310", "260"),
            op!("US Local B", "310", "410"),
        ],
        datagram_loss_per_mille: 20,
    },
    Country {
        code: "CA",
        name: "Canada",
        mccs: &["302"],
        operators: &[
            op!("CA Local A", "302", "220"),
            op!("CA Local B", "302", "610"),
        ],
        datagram_loss_per_mille: 30,
    },
    Country {
        code: "AU",
        name: "Australia",
        mccs: &["505"],
        operators: &[
            op!("AU Local A", "505", "01"),
            op!("AU Local B", "505", "02"),
        ],
        datagram_loss_per_mille: 30,
    },
    Country {
        code: "JP",
        name: "Japan",
        mccs: &["440", "441"],
        operators: &[
            op!("JP Local A", "440", "10"),
            op!("JP Local B", "440", "20"),
        ],
        datagram_loss_per_mille: 5,
    },
    Country {
        code: "FR",
        name: "France",
        mccs: &["208"],
        operators: &[
            op!("FR Local A", "208", "01"),
            op!("FR Local B", "208", "10"),
        ],
        datagram_loss_per_mille: 10,
    },
    Country {
        code: "MX",
        name: "Mexico",
        mccs: &["334"],
        operators: &[
            op!("MX Local A", "334", "020"),
            op!("MX Local B", "334", "030"),
        ],
        datagram_loss_per_mille: 40,
    },
];

/// Looks up a country by ISO code (case-insensitive).
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e212_codes_in_the_table_are_valid_and_local() {
        for c in COUNTRIES {
            assert!(!c.operators.is_empty(), "{}", c.code);
            for op in c.operators {
                let plmn = op.plmn();
                assert!(c.is_home_mcc(plmn.mcc()), "{} {}", c.code, op.name);
            }
            assert!(
                !c.is_home_mcc(BOOTSTRAP_OPERATOR.mcc),
                "bootstrap is foreign in {}",
                c.code
            );
        }
        assert_eq!(country("de").map(|c| c.name), Some("Germany"));
        assert!(country("XX").is_none());
    }
}
