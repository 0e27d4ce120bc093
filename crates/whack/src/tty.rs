//! Reading an answer to pluto's XAUTH prompts from the terminal. A password is read with
//! echo turned off (termios), the one place whack needs a system call std does not wrap.
#![allow(unsafe_code)]

use std::io::{self, BufRead, IsTerminal, Write};

/// Reads one line from standard input, without its line ending; `None` at end of input.
pub fn read_line() -> io::Result<Option<String>> {
    let mut line = String::new();
    if io::stdin().lock().read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let trimmed = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(trimmed);
    Ok(Some(line))
}

/// Turns terminal echo off for its lifetime (restored on drop, even on error).
struct NoEcho {
    saved: libc::termios,
}

impl NoEcho {
    fn new() -> Option<NoEcho> {
        // SAFETY: tcgetattr/tcsetattr on fd 0 with a termios we own; a zeroed termios is a
        // valid out-parameter, and failure (not a terminal) is reported by the return value.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut t) != 0 {
                return None;
            }
            let saved = t;
            t.c_lflag &= !libc::ECHO;
            t.c_lflag |= libc::ECHONL;
            if libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t) != 0 {
                return None;
            }
            Some(NoEcho { saved })
        }
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        // SAFETY: restores the settings read in NoEcho::new on the same descriptor.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &self.saved);
        }
    }
}

/// Reads a secret: without echo when standard input is a terminal, else a plain line.
pub fn read_secret() -> io::Result<Option<String>> {
    let _guard = if io::stdin().is_terminal() {
        io::stdout().flush()?;
        NoEcho::new()
    } else {
        None
    };
    read_line()
}
