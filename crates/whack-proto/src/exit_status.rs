//! whack's exit status, as the last section of the pluto/whack manual states it:
//!
//! > If whack detects a problem, it will return an exit status of 1. If it received
//! > progress messages from pluto, it returns as status the value of the numeric prefix
//! > from the last such message that was not a message sent to syslog or a comment (but
//! > the prefix for success is treated as 0). Otherwise, the exit status is 0.
//!
//! Which codes count, in Libreswan's terms:
//!
//! | codes | class | effect on the exit status |
//! | --- | --- | --- |
//! | 000 `RC_COMMENT`, 005 `RC_INFORMATIONAL`, 006 `RC_INFORMATIONAL_TRAFFIC` | comment (status output) | none |
//! | 002 `RC_LOG`, 003 `RC_LOG_SERIOUS` | message sent to syslog | none |
//! | 040 `RC_ENTERSECRET`, 041 `RC_USERPROMPT` | prompt, answered by whack | none |
//! | 004 `RC_SUCCESS` | success | becomes 0 |
//! | anything else (001, 010, 020..=036, 1xx progress, 2xx notification, ...) | progress | becomes the code (capped at 255, the largest exit status) |
//!
//! Problems whack detects itself (bad arguments, pluto not running, a malformed reply)
//! give 1 regardless of the replies; that is the CLI's business, see [`WHACK_PROBLEM_EXIT`].

use crate::rc::Rc;
use crate::reply::Reply;

/// The exit status whack uses for problems it detects itself (`RC_WHACK_PROBLEM`).
pub const WHACK_PROBLEM_EXIT: u8 = 1;

/// How one RC code affects the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RcClass {
    /// Comments and status output: ignored.
    Comment,
    /// Log messages: ignored.
    Log,
    /// Prompts for whack to answer: ignored.
    Prompt,
    /// Success: the status becomes 0.
    Success,
    /// Any other progress message: the status becomes its code.
    Progress,
}

impl RcClass {
    /// The class of an RC code.
    pub fn of(rc: Rc) -> RcClass {
        match rc {
            Rc::COMMENT | Rc::INFORMATIONAL | Rc::INFORMATIONAL_TRAFFIC => RcClass::Comment,
            Rc::LOG | Rc::LOG_SERIOUS => RcClass::Log,
            Rc::ENTERSECRET | Rc::USERPROMPT => RcClass::Prompt,
            Rc::SUCCESS => RcClass::Success,
            _ => RcClass::Progress,
        }
    }
}

/// Follows a reply stream and knows the exit status so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExitStatus {
    status: u8,
}

impl ExitStatus {
    /// No replies yet: status 0.
    pub fn new() -> ExitStatus {
        ExitStatus::default()
    }

    /// Takes one reply's RC code into account.
    pub fn observe(&mut self, rc: Rc) {
        match RcClass::of(rc) {
            RcClass::Comment | RcClass::Log | RcClass::Prompt => {}
            RcClass::Success => self.status = 0,
            RcClass::Progress => self.status = u8::try_from(rc.code()).unwrap_or(u8::MAX),
        }
    }

    /// The exit status for the replies observed so far.
    pub fn status(self) -> u8 {
        self.status
    }
}

/// The exit status for a whole reply stream.
pub fn exit_status<'a>(replies: impl IntoIterator<Item = &'a Reply>) -> u8 {
    let mut st = ExitStatus::new();
    for reply in replies {
        st.observe(reply.rc());
    }
    st.status()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rc(n: u16) -> Rc {
        Rc::new(n).unwrap()
    }

    fn status(codes: &[u16]) -> u8 {
        let replies: Vec<Reply> = codes.iter().map(|c| Reply::new(rc(*c), "x")).collect();
        exit_status(&replies)
    }

    #[test]
    fn no_replies_is_zero() {
        assert_eq!(status(&[]), 0);
    }

    #[test]
    fn comments_and_logs_do_not_count() {
        assert_eq!(status(&[0, 2, 3, 5, 6]), 0);
        assert_eq!(status(&[21, 0, 2]), 21);
    }

    #[test]
    fn last_progress_message_wins() {
        assert_eq!(status(&[21, 117]), 117);
        assert_eq!(status(&[117, 36]), 36);
    }

    #[test]
    fn success_counts_as_zero() {
        assert_eq!(status(&[101, 102, 4]), 0);
        assert_eq!(status(&[4, 31]), 31);
    }

    #[test]
    fn prompts_do_not_count() {
        assert_eq!(status(&[41, 40]), 0);
        assert_eq!(status(&[20, 41]), 20);
    }

    #[test]
    fn large_codes_cap_at_255() {
        assert_eq!(status(&[999]), 255);
        assert_eq!(status(&[224]), 224);
    }
}
