//! RC codes: the numeric prefix `NNN` of each line pluto sends to whack.
//!
//! The numbers are Libreswan 4.x's `enum rc_type` (`include/lswlog.h`), whose structure is
//! inspired by FTP's reply codes (RFC 959 section 4.2). Some numbers have two names in
//! Libreswan (for example 30 is both `RC_INITSHUNT` and `RC_BADWHACKMESSAGE`), so an RC
//! code is a number with named constants rather than a Rust enum.

use std::fmt;

use crate::codec::{Reader, Wire, Writer};
use crate::error::Error;

/// An RC code: `0..=999`, printed as three digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rc(u16);

/// Why a number is not an RC code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("RC code {0} is out of range: RC codes are three decimal digits (0..=999)")]
pub struct RcOutOfRange(pub u32);

impl Rc {
    /// Non-committal utterance; does not affect the exit status.
    pub const COMMENT: Rc = Rc(0);
    /// A problem whack itself detected.
    pub const WHACK_PROBLEM: Rc = Rc(1);
    /// A message aimed at the log; does not affect the exit status.
    pub const LOG: Rc = Rc(2);
    /// A serious message aimed at the log; does not affect the exit status.
    pub const LOG_SERIOUS: Rc = Rc(3);
    /// Success: counted as exit status 0.
    pub const SUCCESS: Rc = Rc(4);
    /// Information to relay to the user (status output); a comment for the exit status.
    pub const INFORMATIONAL: Rc = Rc(5);
    /// Status of an established IPsec SA (traffic status); a comment for the exit status.
    pub const INFORMATIONAL_TRAFFIC: Rc = Rc(6);
    /// Failure, but not definitive: retransmitting.
    pub const RETRANSMISSION: Rc = Rc(10);
    /// Improper request: attempt to reuse a connection name.
    pub const DUPNAME: Rc = Rc(20);
    /// Improper request: connection name or state number unknown.
    pub const UNKNOWN_NAME: Rc = Rc(21);
    /// Improper request: cannot orient the connection, neither end is us.
    pub const ORIENT: Rc = Rc(22);
    /// Improper request: clash between two Road Warrior connections.
    pub const CLASH: Rc = Rc(23);
    /// Improper request: need `--listen` before `--initiate`.
    pub const DEAF: Rc = Rc(24);
    /// Improper request: cannot route.
    pub const ROUTE: Rc = Rc(25);
    /// Improper request: cannot unroute, route busy.
    pub const RTBUSY: Rc = Rc(26);
    /// Improper request: malformed `--id`.
    pub const BADID: Rc = Rc(27);
    /// Improper request: no key found.
    pub const NOKEY: Rc = Rc(28);
    /// Improper request: cannot initiate when the peer IP is unknown.
    pub const NOPEERIP: Rc = Rc(29);
    /// Improper request: cannot initiate a shunt-only connection.
    pub const INITSHUNT: Rc = Rc(30);
    /// Improper request: cannot initiate when the ID has wildcards.
    pub const WILDCARD: Rc = Rc(31);
    /// Improper request: CRL fetching disabled or obsolete reread command.
    pub const CRLERROR: Rc = Rc(32);
    /// Permanent failure: the whack message could not be decoded (same number as
    /// [`Rc::INITSHUNT`], as in Libreswan).
    pub const BADWHACKMESSAGE: Rc = Rc(30);
    /// Permanent failure: gave up retransmitting.
    pub const NORETRANSMISSION: Rc = Rc(31);
    /// Permanent failure: internal error.
    pub const INTERNALERR: Rc = Rc(32);
    /// Permanent failure: opportunism failed.
    pub const OPPOFAILURE: Rc = Rc(33);
    /// Permanent failure: system too busy to perform the required cryptographic operations.
    pub const CRYPTOFAILED: Rc = Rc(34);
    /// Permanent failure: multiple algorithms requested in IKEv1 aggressive mode.
    pub const AGGRALGO: Rc = Rc(35);
    /// Permanent failure: fatal error, negotiation aborted.
    pub const FATAL: Rc = Rc(36);
    /// Prompt: whack must answer with the XAUTH password.
    pub const ENTERSECRET: Rc = Rc(40);
    /// Prompt: whack must answer with the XAUTH user name.
    pub const USERPROMPT: Rc = Rc(41);
    /// Progress: base of successful state transitions; the code is this plus the new
    /// state's number (`RC_NEW_STATE` in Libreswan; IKEv1 and IKEv2 states share the range).
    pub const NEW_STATE: Rc = Rc(100);
    /// `RC_NEW_V1_STATE`: same base as [`Rc::NEW_STATE`].
    pub const NEW_V1_STATE: Rc = Rc(100);
    /// `RC_NEW_V2_STATE`: same base as [`Rc::NEW_STATE`].
    pub const NEW_V2_STATE: Rc = Rc(100);
    /// Base of notification codes: this plus the IKE notification number.
    pub const NOTIFICATION: Rc = Rc(200);

    /// The largest RC code (three digits).
    pub const MAX: u16 = 999;

    /// An RC code from its number.
    pub fn new(code: u16) -> Result<Rc, RcOutOfRange> {
        if code <= Self::MAX {
            Ok(Rc(code))
        } else {
            Err(RcOutOfRange(u32::from(code)))
        }
    }

    /// The progress code announcing that a state moved to state number `state`
    /// (`100 + state`, saturating at 199 so it stays in the progress range).
    pub fn new_state(state: u8) -> Rc {
        Rc(100 + u16::from(state.min(99)))
    }

    /// The number.
    pub fn code(self) -> u16 {
        self.0
    }

    /// True for prompts that whack must answer ([`Rc::ENTERSECRET`], [`Rc::USERPROMPT`]).
    pub fn is_prompt(self) -> bool {
        self == Rc::ENTERSECRET || self == Rc::USERPROMPT
    }

    /// True for state-transition progress codes (100..=199).
    pub fn is_progress(self) -> bool {
        (100..200).contains(&self.0)
    }

    /// Libreswan's name(s) for this number, e.g. `RC_UNKNOWN_NAME`, or a description of its
    /// range (`RC_NEW_STATE+17`).
    pub fn name(self) -> String {
        let fixed = match self.0 {
            0 => "RC_COMMENT",
            1 => "RC_WHACK_PROBLEM",
            2 => "RC_LOG",
            3 => "RC_LOG_SERIOUS",
            4 => "RC_SUCCESS",
            5 => "RC_INFORMATIONAL",
            6 => "RC_INFORMATIONAL_TRAFFIC",
            10 => "RC_RETRANSMISSION",
            20 => "RC_DUPNAME",
            21 => "RC_UNKNOWN_NAME",
            22 => "RC_ORIENT",
            23 => "RC_CLASH",
            24 => "RC_DEAF",
            25 => "RC_ROUTE",
            26 => "RC_RTBUSY",
            27 => "RC_BADID",
            28 => "RC_NOKEY",
            29 => "RC_NOPEERIP",
            30 => "RC_INITSHUNT/RC_BADWHACKMESSAGE",
            31 => "RC_WILDCARD/RC_NORETRANSMISSION",
            32 => "RC_CRLERROR/RC_INTERNALERR",
            33 => "RC_OPPOFAILURE",
            34 => "RC_CRYPTOFAILED",
            35 => "RC_AGGRALGO",
            36 => "RC_FATAL",
            40 => "RC_ENTERSECRET",
            41 => "RC_USERPROMPT",
            _ => "",
        };
        if !fixed.is_empty() {
            fixed.to_owned()
        } else if self.is_progress() {
            format!("RC_NEW_STATE+{}", self.0 - 100)
        } else if self.0 >= 200 {
            format!("RC_NOTIFICATION+{}", self.0 - 200)
        } else {
            format!("RC_{}", self.0)
        }
    }
}

impl fmt::Display for Rc {
    /// Three digits, zero padded, as on the wire of Libreswan's text protocol: `021`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

impl TryFrom<u16> for Rc {
    type Error = RcOutOfRange;
    fn try_from(code: u16) -> Result<Rc, RcOutOfRange> {
        Rc::new(code)
    }
}

impl From<Rc> for u16 {
    fn from(rc: Rc) -> u16 {
        rc.0
    }
}

impl Wire for Rc {
    fn put(&self, w: &mut Writer) {
        w.u16(self.0)
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let at = r.pos();
        let code = r.u16(what)?;
        Rc::new(code).map_err(|e| Error::InvalidValue {
            what,
            at,
            reason: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libreswan_numbers() {
        assert_eq!(Rc::DUPNAME.code(), 20);
        assert_eq!(Rc::UNKNOWN_NAME.code(), 21);
        assert_eq!(Rc::FATAL.code(), 36);
        assert_eq!(Rc::ENTERSECRET.code(), 40);
        assert_eq!(Rc::USERPROMPT.code(), 41);
        assert_eq!(Rc::new_state(17).code(), 117);
        assert_eq!(Rc::new_state(250).code(), 199);
    }

    #[test]
    fn display_is_three_digits() {
        assert_eq!(Rc::SUCCESS.to_string(), "004");
        assert_eq!(Rc::UNKNOWN_NAME.to_string(), "021");
        assert_eq!(Rc::new_state(2).to_string(), "102");
    }

    #[test]
    fn range_is_enforced() {
        assert!(Rc::new(999).is_ok());
        assert_eq!(Rc::new(1000), Err(RcOutOfRange(1000)));
    }

    #[test]
    fn names() {
        assert_eq!(Rc::UNKNOWN_NAME.name(), "RC_UNKNOWN_NAME");
        assert_eq!(Rc::new_state(5).name(), "RC_NEW_STATE+5");
        assert_eq!(Rc::new(224).map(Rc::name).unwrap(), "RC_NOTIFICATION+24");
        assert_eq!(Rc::new(7).map(Rc::name).unwrap(), "RC_7");
    }
}
