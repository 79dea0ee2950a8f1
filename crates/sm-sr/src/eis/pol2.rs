//! POL2, the policy rules of a profile the SM-SR enforces (SGP.02 2.3.2, 3.11):
//!
//! ```text
//! POL2 rule = Subject (PROFILE) | Action (ENABLE, DISABLE, DELETE)
//!           | Qualification (Not-Allowed, Auto-Delete)
//! ```
//!
//! `Not-Allowed` refuses the action on the profile; `Auto-Delete` with `DISABLE` makes the
//! SM-SR delete the profile once its disabling is confirmed (SGP.02 3.4).

use serde::{Deserialize, Serialize};

/// What a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Pol2Action {
    /// Enabling the profile.
    Enable,
    /// Disabling the profile (also when another one is enabled in its place).
    Disable,
    /// Deleting the profile.
    Delete,
}

/// What a rule says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pol2Qualification {
    /// The action is refused.
    #[serde(rename = "Not-Allowed")]
    NotAllowed,
    /// After the action (disabling), the profile is deleted.
    #[serde(rename = "Auto-Delete")]
    AutoDelete,
}

/// One POL2 rule (its subject is always the profile).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pol2Rule {
    /// The action governed.
    pub action: Pol2Action,
    /// What the rule says of it.
    pub qualification: Pol2Qualification,
}

/// The POL2 of one profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pol2(pub Vec<Pol2Rule>);

impl Pol2 {
    /// Whether a rule refuses `action` (`Not-Allowed`).
    pub fn forbids(&self, action: Pol2Action) -> bool {
        self.has(action, Pol2Qualification::NotAllowed)
    }

    /// Whether the profile is to be deleted once disabled (`DISABLE` + `Auto-Delete`).
    pub fn auto_delete_on_disable(&self) -> bool {
        self.has(Pol2Action::Disable, Pol2Qualification::AutoDelete)
    }

    fn has(&self, action: Pol2Action, q: Pol2Qualification) -> bool {
        self.0
            .iter()
            .any(|r| r.action == action && r.qualification == q)
    }

    /// The stored form (JSON).
    pub(crate) fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "[]".into())
    }

    /// From the stored form.
    pub(crate) fn from_text(s: &str) -> Result<Pol2, serde_json::Error> {
        serde_json::from_str(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_in_the_spec_words() {
        let p: Pol2 = serde_json::from_str(
            r#"[{"action":"DISABLE","qualification":"Auto-Delete"},
                {"action":"DELETE","qualification":"Not-Allowed"}]"#,
        )
        .unwrap();
        assert!(p.auto_delete_on_disable());
        assert!(p.forbids(Pol2Action::Delete));
        assert!(!p.forbids(Pol2Action::Disable));
        assert_eq!(Pol2::from_text(&p.to_text()).unwrap(), p);
        assert!(serde_json::from_str::<Pol2>(r#"[{"action":"DISABLE"}]"#).is_err());
    }
}
