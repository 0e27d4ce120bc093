//! One conversation with pluto: connect, send the request, print the reply lines as they
//! arrive, answer XAUTH prompts, and work out the exit status.

use std::io::{self, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use whack_proto::{encode_answer, encode_request, read_reply, ExitStatus, Rc, Request};

/// Where answers to pluto's prompts come from.
pub trait Prompter {
    /// The XAUTH user name (`041` prompt); `None` if there is none to give.
    fn user(&mut self) -> io::Result<Option<String>>;
    /// The XAUTH password (`040` prompt); `None` if there is none to give.
    fn password(&mut self) -> io::Result<Option<String>>;
}

/// Answers from `--xauthuser`/`--xauthpass`, else from standard input (a password
/// without echo on a terminal). An answer is read once and reused if pluto asks again, as
/// Libreswan's whack does.
#[derive(Debug, Default)]
pub struct TerminalPrompter {
    /// `--xauthuser`.
    pub user: Option<String>,
    /// `--xauthpass`.
    pub password: Option<String>,
}

impl Prompter for TerminalPrompter {
    fn user(&mut self) -> io::Result<Option<String>> {
        if self.user.is_none() {
            self.user = crate::tty::read_line()?;
        }
        Ok(self.user.clone())
    }
    fn password(&mut self) -> io::Result<Option<String>> {
        if self.password.is_none() {
            self.password = crate::tty::read_secret()?;
        }
        Ok(self.password.clone())
    }
}

/// Problems whack detects itself (exit status 1).
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No socket.
    #[error("Pluto is not running (no \"{}\")", .0.display())]
    NotRunning(PathBuf),
    /// A socket nobody listens on.
    #[error("Pluto is not running (connection to \"{}\" refused)", .0.display())]
    Refused(PathBuf),
    /// Not allowed to connect.
    #[error("cannot connect to \"{}\": permission denied (pluto's control socket is for its owner; run whack as the same user, usually root)", .0.display())]
    PermissionDenied(PathBuf),
    /// Any other connect failure.
    #[error("cannot connect to pluto at \"{}\": {}", .0.display(), .1)]
    Connect(PathBuf, io::Error),
    /// The request could not be encoded (too large).
    #[error("cannot send the request: {0}")]
    Encode(whack_proto::Error),
    /// Writing to pluto failed.
    #[error("sending to pluto failed: {0}")]
    Send(io::Error),
    /// Pluto's reply stream is broken (bad frame, version mismatch, reset).
    #[error("reading pluto's reply failed: {0}")]
    Reply(whack_proto::Error),
    /// A prompt could not be answered.
    #[error("pluto asked for the XAUTH {0}, but none was given ({1}) and standard input ended")]
    NoAnswer(&'static str, &'static str),
    /// Reading the answer failed.
    #[error("reading the XAUTH {0} failed: {1}")]
    Prompt(&'static str, io::Error),
}

fn connect(socket: &Path) -> Result<UnixStream, SessionError> {
    UnixStream::connect(socket).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => SessionError::NotRunning(socket.to_owned()),
        io::ErrorKind::ConnectionRefused => SessionError::Refused(socket.to_owned()),
        io::ErrorKind::PermissionDenied => SessionError::PermissionDenied(socket.to_owned()),
        _ => SessionError::Connect(socket.to_owned(), e),
    })
}

/// The text with control characters (other than tab) shown as `?`, so that a confused or
/// hostile peer cannot send escape sequences to the operator's terminal.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\t') {
        text.chars()
            .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Runs one session; returns the exit status of the manual's rule.
///
/// Reply lines are printed to `out` without their numeric prefix, as Libreswan 4.x's whack
/// prints them, and flushed one by one so progress shows as it happens. Once writing to
/// `out` fails, later lines are dropped.
pub fn run(
    socket: &Path,
    request: &Request,
    prompter: &mut dyn Prompter,
    out: &mut dyn Write,
) -> Result<u8, SessionError> {
    let mut stream = connect(socket)?;
    let frame = encode_request(request).map_err(SessionError::Encode)?;
    stream.write_all(&frame).map_err(SessionError::Send)?;
    let mut status = ExitStatus::new();
    let mut printing = true;
    while let Some(reply) = read_reply(&mut stream).map_err(SessionError::Reply)? {
        // Like Libreswan's whack, a failed write (say `whack --status | head -1`) is
        // ignored: the session goes on so that pluto finishes and the status is right.
        if printing {
            printing = writeln!(out, "{}", printable(reply.text()))
                .and_then(|()| out.flush())
                .is_ok();
        }
        status.observe(reply.rc());
        let answer = match reply.rc() {
            Rc::USERPROMPT => Some(
                prompter
                    .user()
                    .map_err(|e| SessionError::Prompt("user name", e))?
                    .ok_or(SessionError::NoAnswer("user name", "--xauthuser"))?,
            ),
            Rc::ENTERSECRET => Some(
                prompter
                    .password()
                    .map_err(|e| SessionError::Prompt("password", e))?
                    .ok_or(SessionError::NoAnswer("password", "--xauthpass"))?,
            ),
            _ => None,
        };
        if let Some(answer) = answer {
            let frame = encode_answer(&answer).map_err(SessionError::Encode)?;
            stream.write_all(&frame).map_err(SessionError::Send)?;
        }
    }
    Ok(status.status())
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_are_not_printed() {
        assert_eq!(printable("plain\ttext é"), "plain\ttext é");
        assert_eq!(printable("\u{1b}[31mred\u{7f}"), "?[31mred?");
    }
}
