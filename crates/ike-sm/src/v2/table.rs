//! What payloads each message may and must carry, checked before a handler
//! runs (as Libreswan's transition tables do). A message that breaks its
//! rule never reaches the handler and never changes state.

use crate::msg::consts::pt;
use crate::msg::Payload;

/// One rule: payload types that must appear once, and types that may
/// appear (Notify, Vendor ID, Delete, CERT, CERTREQ may repeat).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Name for logs.
    pub name: &'static str,
    /// Must be present exactly once.
    pub required: &'static [u8],
    /// May be present (once, unless repeatable).
    pub optional: &'static [u8],
}

const REPEATABLE: &[u8] = &[pt::NOTIFY, pt::VENDOR, pt::DELETE, pt::CERT, pt::CERTREQ];

/// IKE_SA_INIT request (RFC 7296 1.2).
pub const INIT_REQUEST: Rule = Rule {
    name: "IKE_SA_INIT request",
    required: &[pt::SA, pt::KE, pt::NONCE],
    optional: &[pt::NOTIFY, pt::VENDOR, pt::CERTREQ],
};
/// IKE_SA_INIT response, success.
pub const INIT_RESPONSE: Rule = Rule {
    name: "IKE_SA_INIT response",
    required: &[pt::SA, pt::KE, pt::NONCE],
    optional: &[pt::NOTIFY, pt::VENDOR, pt::CERTREQ],
};
/// IKE_AUTH request (RFC 7296 1.2; the Child SA part is optional as a
/// group, checked by the handler).
pub const AUTH_REQUEST: Rule = Rule {
    name: "IKE_AUTH request",
    required: &[pt::IDI, pt::AUTH],
    optional: &[
        pt::NOTIFY,
        pt::VENDOR,
        pt::CERT,
        pt::CERTREQ,
        pt::IDR,
        pt::SA,
        pt::TSI,
        pt::TSR,
        pt::CP,
    ],
};
/// IKE_AUTH response, success.
pub const AUTH_RESPONSE: Rule = Rule {
    name: "IKE_AUTH response",
    required: &[pt::IDR, pt::AUTH],
    optional: &[
        pt::NOTIFY,
        pt::VENDOR,
        pt::CERT,
        pt::SA,
        pt::TSI,
        pt::TSR,
        pt::CP,
    ],
};
/// CREATE_CHILD_SA request (RFC 7296 1.3).
pub const CREATE_CHILD_REQUEST: Rule = Rule {
    name: "CREATE_CHILD_SA request",
    required: &[pt::SA, pt::NONCE],
    optional: &[pt::NOTIFY, pt::VENDOR, pt::KE, pt::TSI, pt::TSR],
};
/// CREATE_CHILD_SA response, success.
pub const CREATE_CHILD_RESPONSE: Rule = Rule {
    name: "CREATE_CHILD_SA response",
    required: &[pt::SA, pt::NONCE],
    optional: &[pt::NOTIFY, pt::VENDOR, pt::KE, pt::TSI, pt::TSR],
};
/// INFORMATIONAL request or response (RFC 7296 1.4).
pub const INFORMATIONAL: Rule = Rule {
    name: "INFORMATIONAL",
    required: &[],
    optional: &[pt::NOTIFY, pt::DELETE, pt::VENDOR, pt::CP],
};
/// A response carrying only notifications (an error answer).
pub const NOTIFY_ONLY: Rule = Rule {
    name: "error response",
    required: &[],
    optional: &[pt::NOTIFY, pt::VENDOR],
};

/// Why a message breaks its rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// A required payload is missing.
    #[error("{rule}: missing payload {kind}")]
    Missing {
        /// Rule name.
        rule: &'static str,
        /// Payload type.
        kind: u8,
    },
    /// A payload appears twice that may appear only once.
    #[error("{rule}: duplicate payload {kind}")]
    Duplicate {
        /// Rule name.
        rule: &'static str,
        /// Payload type.
        kind: u8,
    },
    /// A payload this message must not carry.
    #[error("{rule}: unexpected payload {kind}")]
    Unexpected {
        /// Rule name.
        rule: &'static str,
        /// Payload type.
        kind: u8,
    },
}

impl Rule {
    /// Check a payload list. Unknown non-critical payloads are ignored
    /// (RFC 7296 2.5); unknown critical ones were refused by the decoder.
    pub fn check(&self, payloads: &[Payload]) -> Result<(), TableError> {
        let mut seen: Vec<u8> = Vec::new();
        for p in payloads {
            let k = p.kind();
            if let Payload::Other { .. } = p {
                if !self.required.contains(&k) && !self.optional.contains(&k) {
                    continue;
                }
            }
            if !self.required.contains(&k) && !self.optional.contains(&k) {
                return Err(TableError::Unexpected {
                    rule: self.name,
                    kind: k,
                });
            }
            if seen.contains(&k) && !REPEATABLE.contains(&k) {
                return Err(TableError::Duplicate {
                    rule: self.name,
                    kind: k,
                });
            }
            seen.push(k);
        }
        for &r in self.required {
            if !seen.contains(&r) {
                return Err(TableError::Missing {
                    rule: self.name,
                    kind: r,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let ok = vec![
            Payload::Sa(vec![]),
            Payload::Ke {
                group: 19,
                data: vec![],
            },
            Payload::Nonce(vec![0; 32]),
            Payload::Notify(crate::msg::Notify::new(16388, vec![])),
            Payload::Notify(crate::msg::Notify::new(16389, vec![])),
        ];
        assert!(INIT_REQUEST.check(&ok).is_ok());
        assert!(matches!(
            INIT_REQUEST.check(&ok[1..]),
            Err(TableError::Missing { kind: 33, .. })
        ));
        let mut dup = ok.clone();
        dup.push(Payload::Nonce(vec![0; 32]));
        assert!(matches!(
            INIT_REQUEST.check(&dup),
            Err(TableError::Duplicate { .. })
        ));
        let mut extra = ok.clone();
        extra.push(Payload::IdI(1, vec![]));
        assert!(matches!(
            INIT_REQUEST.check(&extra),
            Err(TableError::Unexpected { .. })
        ));
        let mut unknown = ok;
        unknown.push(Payload::Other {
            kind: 200,
            critical: false,
            body: vec![],
        });
        assert!(INIT_REQUEST.check(&unknown).is_ok());
    }
}
