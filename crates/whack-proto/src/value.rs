//! Parsing option values from text (whack arguments, ipsec.conf values): the shared error.

/// A value given as text is not acceptable for an option.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} {value:?}: {reason}")]
pub struct ValueError {
    /// What kind of value was expected (`subnet`, `IP address`, ...).
    pub what: &'static str,
    /// The text given.
    pub value: String,
    /// Why it is refused.
    pub reason: String,
}

impl ValueError {
    pub(crate) fn new(what: &'static str, value: &str, reason: impl Into<String>) -> ValueError {
        ValueError {
            what,
            value: value.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Parses one of a fixed set of keywords (case-sensitive, as Libreswan's).
pub(crate) fn keyword<T: Copy>(
    what: &'static str,
    value: &str,
    table: &[(&str, T)],
) -> Result<T, ValueError> {
    table
        .iter()
        .find(|(name, _)| *name == value)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
            ValueError::new(what, value, format!("expected one of {}", names.join(", ")))
        })
}
