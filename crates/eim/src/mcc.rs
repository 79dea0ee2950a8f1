//! Mobile country codes (ITU-T E.212) to ISO 3166 alpha-2 countries: how the eIM turns the
//! rPLMN a device reports in ESipa.GetEimPackage (SGP.32 v1.2 6.3.2.6) into the country the
//! localization policy is keyed by. Small on purpose: the lab's modelled countries and a few
//! more. MCC 901 (international networks) belongs to no country.

use proto::ids::Plmn;

/// `(MCC, ISO 3166 alpha-2)`.
pub const MCC_COUNTRIES: &[(&str, &str)] = &[
    // The lab's modelled countries (crates/fleet/src/world/countries.rs).
    ("460", "CN"),
    ("461", "CN"),
    ("724", "BR"),
    ("404", "IN"),
    ("405", "IN"),
    ("406", "IN"),
    ("286", "TR"),
    ("262", "DE"),
    ("206", "BE"),
    ("310", "US"),
    ("311", "US"),
    ("312", "US"),
    ("313", "US"),
    ("314", "US"),
    ("315", "US"),
    ("316", "US"),
    ("302", "CA"),
    ("505", "AU"),
    ("440", "JP"),
    ("441", "JP"),
    ("208", "FR"),
    ("334", "MX"),
    // A few more.
    ("234", "GB"),
    ("235", "GB"),
    ("222", "IT"),
    ("214", "ES"),
    ("204", "NL"),
    ("228", "CH"),
    ("232", "AT"),
    ("240", "SE"),
    ("242", "NO"),
    ("238", "DK"),
    ("244", "FI"),
    ("260", "PL"),
    ("268", "PT"),
    ("272", "IE"),
    ("250", "RU"),
    ("255", "UA"),
    ("450", "KR"),
    ("454", "HK"),
    ("466", "TW"),
    ("525", "SG"),
    ("502", "MY"),
    ("510", "ID"),
    ("515", "PH"),
    ("520", "TH"),
    ("452", "VN"),
    ("530", "NZ"),
    ("424", "AE"),
    ("420", "SA"),
    ("425", "IL"),
    ("602", "EG"),
    ("621", "NG"),
    ("639", "KE"),
    ("655", "ZA"),
    ("722", "AR"),
    ("730", "CL"),
    ("732", "CO"),
    ("716", "PE"),
];

/// The country of a mobile country code, if listed.
pub fn country_of_mcc(mcc: &str) -> Option<&'static str> {
    MCC_COUNTRIES
        .iter()
        .find(|(m, _)| *m == mcc)
        .map(|(_, c)| *c)
}

/// The country of a PLMN (by its MCC), if listed.
pub fn country_of_plmn(plmn: &Plmn) -> Option<&'static str> {
    country_of_mcc(plmn.mcc())
}

/// The MCCs of a country.
pub fn mccs_of_country(country: &str) -> Vec<&'static str> {
    MCC_COUNTRIES
        .iter()
        .filter(|(_, c)| c.eq_ignore_ascii_case(country))
        .map(|(m, _)| *m)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e212_codes_map_to_their_countries() {
        let de = Plmn::new("262", "01").unwrap();
        assert_eq!(country_of_plmn(&de), Some("DE"));
        let us = Plmn::new("311", "480").unwrap();
        assert_eq!(country_of_plmn(&us), Some("US"));
        assert_eq!(country_of_mcc("901"), None);
        assert_eq!(mccs_of_country("in"), vec!["404", "405", "406"]);
        let mut seen = std::collections::BTreeSet::new();
        for (mcc, cc) in MCC_COUNTRIES {
            assert!(seen.insert(*mcc), "MCC {mcc} listed twice");
            assert_eq!(mcc.len(), 3);
            assert!(mcc.bytes().all(|b| b.is_ascii_digit()));
            assert!(cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_uppercase()));
        }
    }
}
