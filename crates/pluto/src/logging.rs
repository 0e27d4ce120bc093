//! Logging through `tracing`: one layer that writes each line to stderr, a
//! file, or syslog (facility authpriv), filtering debug lines by the
//! manual's debug classes. Debug lines start with `| ` (manual, Debugging).
#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::os::unix::net::UnixDatagram;
use std::path::Path;
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

use crate::debug::{DebugClass, SharedDebug};
use crate::options::LogTarget;

/// LOG_AUTHPRIV (10 << 3) of syslog.h.
const AUTHPRIV: u8 = 10 << 3;

enum Sink {
    Stderr,
    File(Mutex<File>),
    Syslog(Mutex<Option<UnixDatagram>>),
}

/// The layer; build one with [`init`].
pub struct PlutoLayer {
    sink: Sink,
    debug: SharedDebug,
    timestamps: bool,
}

impl std::fmt::Debug for PlutoLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlutoLayer").finish_non_exhaustive()
    }
}

/// Why logging could not start.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// The log file cannot be opened.
    #[error("cannot open log file {path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Install the global subscriber. Returns the shared debug set that whack
/// `--debug-*` changes.
pub fn init(target: &LogTarget, timestamps: bool, debug: SharedDebug) -> Result<(), LogError> {
    let sink = match target {
        LogTarget::Stderr => Sink::Stderr,
        LogTarget::File(p) => Sink::File(Mutex::new(open_log(p)?)),
        LogTarget::Syslog => Sink::Syslog(Mutex::new(connect_syslog())),
    };
    let layer = PlutoLayer {
        sink,
        debug,
        timestamps: timestamps || matches!(target, LogTarget::File(_)),
    };
    // A second init (tests) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(layer).try_init();
    Ok(())
}

fn open_log(p: &Path) -> Result<File, LogError> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(p)
        .map_err(|source| LogError::File {
            path: p.display().to_string(),
            source,
        })
}

fn connect_syslog() -> Option<UnixDatagram> {
    let s = UnixDatagram::unbound().ok()?;
    s.connect("/dev/log").ok()?;
    Some(s)
}

/// Which debug class a debug line belongs to: its target's last path
/// segment when that names a class (`debug!(target: "parsing", ...)`),
/// otherwise `control`.
fn class_of(target: &str) -> DebugClass {
    let last = target.rsplit("::").next().unwrap_or(target);
    DebugClass::from_name(last).unwrap_or(DebugClass::Control)
}

#[derive(Default)]
struct Collect {
    message: String,
    fields: String,
}

impl Visit for Collect {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={}", field.name(), value);
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={:?}", field.name(), value);
        }
    }
}

impl<S: Subscriber> Layer<S> for PlutoLayer {
    fn enabled(&self, meta: &tracing::Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        match *meta.level() {
            Level::ERROR | Level::WARN | Level::INFO => true,
            Level::DEBUG => self.debug.get().contains(class_of(meta.target())),
            _ => {
                let d = self.debug.get();
                d.contains(DebugClass::Raw) || d.contains(DebugClass::ControlMore)
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        let mut c = Collect::default();
        event.record(&mut c);
        let prefix = match *meta.level() {
            Level::DEBUG | Level::TRACE => "| ",
            Level::ERROR => "ERROR: ",
            _ => "",
        };
        let text = format!("{prefix}{}{}", c.message, c.fields);
        self.write(*meta.level(), &text);
    }
}

impl PlutoLayer {
    fn write(&self, level: Level, text: &str) {
        let stamp = if self.timestamps {
            format!("{} ", timestamp())
        } else {
            String::new()
        };
        match &self.sink {
            Sink::Stderr => {
                let _ = writeln!(std::io::stderr().lock(), "{stamp}{text}");
            }
            Sink::File(f) => {
                if let Ok(mut f) = f.lock() {
                    let _ = writeln!(f, "{stamp}{text}");
                }
            }
            Sink::Syslog(s) => {
                let severity = match level {
                    Level::ERROR => 3,
                    Level::WARN => 4,
                    Level::INFO => 6,
                    _ => 7,
                };
                let line = format!(
                    "<{}>pluto[{}]: {}",
                    AUTHPRIV + severity,
                    std::process::id(),
                    text
                );
                if let Ok(mut g) = s.lock() {
                    if g.is_none() {
                        *g = connect_syslog();
                    }
                    if let Some(sock) = g.as_ref() {
                        if sock.send(line.as_bytes()).is_err() {
                            *g = None;
                        }
                    }
                }
            }
        }
    }
}

/// `YYYY-MM-DD HH:MM:SS.mmm` in UTC, without a date crate.
pub fn timestamp() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format_utc(now.as_secs(), now.subsec_millis())
}

/// Format seconds since the epoch as UTC.
pub fn format_utc(secs: u64, millis: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{millis:03}",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_format() {
        assert_eq!(format_utc(0, 0), "1970-01-01 00:00:00.000");
        assert_eq!(format_utc(1_709_210_096, 5), "2024-02-29 12:34:56.005");
    }

    #[test]
    fn debug_class_from_target() {
        assert_eq!(class_of("pluto::parsing"), DebugClass::Parsing);
        assert_eq!(class_of("ike_sm::ike_auth"), DebugClass::Control);
        assert_eq!(class_of("kernel"), DebugClass::Kernel);
    }
}
