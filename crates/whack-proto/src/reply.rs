//! One line of pluto's reply stream: an RC code and a line of text, shown as `NNN text`.

use std::fmt;

use crate::codec::{Reader, Wire, Writer};
use crate::error::Error;
use crate::rc::Rc;

/// The longest reply text [`Reply::new`] keeps, in bytes; longer text is cut at a
/// character boundary and ends with `...` (Libreswan cuts log lines the same way), so that
/// encoding a reply never fails on size.
pub const MAX_REPLY_TEXT: usize = 8192;

/// One reply line. The text never contains a line break (`\n` or `\r`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reply {
    rc: Rc,
    text: String,
}

/// Why a `NNN text` line could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("reply line {line:?} is not of the form \"NNN text\": {reason}")]
pub struct ReplyLineError {
    /// The offending line.
    pub line: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl Reply {
    /// A reply line. Line breaks in `text` are replaced by spaces so that a reply is always
    /// exactly one line (use [`Reply::lines`] to keep them as separate lines); text longer
    /// than [`MAX_REPLY_TEXT`] is cut.
    pub fn new(rc: Rc, text: impl Into<String>) -> Reply {
        let mut text = text.into();
        if text.contains(['\n', '\r']) {
            text = text.replace(['\n', '\r'], " ");
        }
        if text.len() > MAX_REPLY_TEXT {
            let mut cut = MAX_REPLY_TEXT - 3;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text.push_str("...");
        }
        Reply { rc, text }
    }

    /// One reply per line of `text`, all with the same RC code.
    pub fn lines(rc: Rc, text: &str) -> impl Iterator<Item = Reply> + '_ {
        text.lines().map(move |line| Reply::new(rc, line))
    }

    /// The RC code.
    pub fn rc(&self) -> Rc {
        self.rc
    }

    /// The text, without the numeric prefix: what whack prints.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Parses a `NNN text` line (Libreswan's text form; `NNN` alone is an empty text).
    pub fn parse_line(line: &str) -> Result<Reply, ReplyLineError> {
        let err = |reason| ReplyLineError {
            line: line.to_owned(),
            reason,
        };
        let line = line.strip_suffix('\n').unwrap_or(line);
        let (digits, text) = match line.split_once(' ') {
            Some((digits, text)) => (digits, text),
            None => (line, ""),
        };
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("the prefix must be three decimal digits"));
        }
        let code: u16 = digits
            .parse()
            .map_err(|_| err("the prefix must be three decimal digits"))?;
        let rc = Rc::new(code).map_err(|_| err("RC code out of range"))?;
        if text.contains(['\n', '\r']) {
            return Err(err("a reply is a single line"));
        }
        Ok(Reply {
            rc,
            text: text.to_owned(),
        })
    }
}

impl fmt::Display for Reply {
    /// `NNN text`, as Libreswan's pluto writes it on the control socket.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.rc, self.text)
    }
}

impl Wire for Reply {
    fn put(&self, w: &mut Writer) {
        self.rc.put(w);
        self.text.put(w);
    }
    fn get(r: &mut Reader<'_>, _what: &'static str) -> Result<Self, Error> {
        let rc = Rc::get(r, "Reply.rc")?;
        let at = r.pos();
        let text = String::get(r, "Reply.text")?;
        if text.contains(['\n', '\r']) {
            return Err(Error::InvalidValue {
                what: "Reply.text",
                at,
                reason: "a reply is a single line, it must not contain a line break".into(),
            });
        }
        Ok(Reply { rc, text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse() {
        let r = Reply::new(Rc::UNKNOWN_NAME, "no connection named \"x\"");
        assert_eq!(r.to_string(), "021 no connection named \"x\"");
        assert_eq!(Reply::parse_line(&r.to_string()).unwrap(), r);
        assert_eq!(Reply::parse_line("004").unwrap().text(), "");
    }

    #[test]
    fn bad_lines() {
        for line in ["", "21 x", "abc x", "1000 x", "0211 x"] {
            assert!(Reply::parse_line(line).is_err(), "{line:?}");
        }
    }

    #[test]
    fn long_text_is_cut_at_a_char_boundary() {
        let r = Reply::new(Rc::COMMENT, "é".repeat(MAX_REPLY_TEXT));
        assert!(r.text().len() <= MAX_REPLY_TEXT);
        assert!(r.text().ends_with("..."));
        assert!(crate::encode_reply(&r).is_ok());
        let short = Reply::new(Rc::COMMENT, "x".repeat(MAX_REPLY_TEXT));
        assert_eq!(short.text().len(), MAX_REPLY_TEXT);
    }

    #[test]
    fn new_keeps_one_line() {
        let r = Reply::new(Rc::COMMENT, "a\nb\rc");
        assert_eq!(r.text(), "a b c");
        let lines: Vec<_> = Reply::lines(Rc::COMMENT, "a\nb").collect();
        assert_eq!(lines.len(), 2);
    }
}
