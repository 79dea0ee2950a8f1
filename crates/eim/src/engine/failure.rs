//! Why an operation ends in an error by what the eUICC or the IPA reported (SGP.32 v1.2
//! 2.11.2, 5.14.6): recorded as the operation's error text and in the device's events.

/// What the eUICC or the IPA reported that makes an operation fail.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Failure {
    /// A PSMO's or eCO's result other than ok, by the name of its value.
    #[error("{0}")]
    Result(String),
    /// The IPA rolled back to the fallback profile (a RollbackResult among the results).
    #[error("rolled back")]
    RolledBack,
    /// The failures of a package's operations, in their order.
    #[error("{}", list(.0))]
    Operations(Vec<Failure>),
    /// The eUICC refused the package without signing its answer.
    #[error("the eUICC refused the package without signing (euiccPackageErrorUnsigned)")]
    Unsigned,
    /// A signed package error, by the name of its code.
    #[error("eUICC package error {0}")]
    PackageError(String),
    /// A successful installation result that names no ICCID.
    #[error("installation result without ICCID")]
    NoIccid,
    /// The installation failed, by the name of its error.
    #[error("installation failed: {0}")]
    Installation(String),
    /// The download failed before an installation, by the name of its reason.
    #[error("download failed: {0}")]
    Download(String),
    /// The IPA could not collect the eUICC data, by its error code.
    #[error("the IPA could not collect the data: {0}")]
    DataCollection(String),
}

fn list(failures: &[Failure]) -> String {
    let names: Vec<String> = failures.iter().map(ToString::to_string).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_s_failures_read_as_a_list() {
        let f = Failure::Operations(vec![
            Failure::RolledBack,
            Failure::Result("iccidOrAidNotFound".into()),
        ]);
        assert_eq!(f.to_string(), "rolled back, iccidOrAidNotFound");
    }
}
