//! The lock file `ctlbase.pid`: one pluto per ctlbase. Created exclusively;
//! a leftover from a dead process is detected (its pid is gone) and
//! replaced; a live holder makes pluto exit 10 (manual, exit status).
#![forbid(unsafe_code)]

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another live pluto holds it (exit 10).
    #[error("lock file {path} is held by pluto pid {pid}; is pluto already running?")]
    Held {
        /// The lock file.
        path: PathBuf,
        /// The holder.
        pid: i32,
    },
    /// Any other failure (exit 1).
    #[error("lock file {path}: {source}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

/// A held lock file; removed on drop.
#[derive(Debug)]
pub struct PidLock {
    path: PathBuf,
    pid: u32,
}

impl PidLock {
    /// Take the lock, writing our pid into it.
    pub fn acquire(path: &Path) -> Result<Self, LockError> {
        let io_err = |source| LockError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(io_err)?;
        }
        // Two tries: the second after removing a stale file.
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(mut f) => {
                    let pid = std::process::id();
                    writeln!(f, "{pid}").map_err(io_err)?;
                    return Ok(Self {
                        path: path.to_path_buf(),
                        pid,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let content = fs::read_to_string(path).unwrap_or_default();
                    match content.trim().parse::<i32>() {
                        Ok(pid) if crate::sys::pid_alive(pid) => {
                            return Err(LockError::Held {
                                path: path.to_path_buf(),
                                pid,
                            })
                        }
                        // Dead pid, empty or garbage: a leftover.
                        _ => {
                            tracing::warn!(
                                "removing stale lock file {} (pid '{}' is not running)",
                                path.display(),
                                content.trim()
                            );
                            match fs::remove_file(path) {
                                Ok(()) => {}
                                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                                Err(e) => return Err(io_err(e)),
                            }
                        }
                    }
                }
                Err(e) => return Err(io_err(e)),
            }
        }
        Err(io_err(io::Error::other(
            "another process keeps recreating it",
        )))
    }

    /// After the daemon fork the daemon's pid goes into the file: the
    /// parent writes it before exiting (so the file is right the moment
    /// the parent's exit is seen), the daemon takes ownership with `mine`.
    pub fn hand_over(&self, daemon_pid: u32) -> io::Result<()> {
        fs::write(&self.path, format!("{daemon_pid}\n"))
    }

    /// In the daemon after the fork: the lock is ours now (removed on drop).
    pub fn mine(&mut self) {
        self.pid = std::process::id();
    }

    /// Forget the lock without removing the file (the forking parent, whose
    /// child now owns it).
    pub fn leak(self) {
        std::mem::forget(self);
    }
}

impl Drop for PidLock {
    fn drop(&mut self) {
        // Only the process whose pid is in the file removes it.
        if self.pid == std::process::id() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("pluto-lock-{}-{name}", std::process::id()));
        let _ = fs::remove_file(&d);
        d
    }

    #[test]
    fn acquire_held_release() {
        let p = tmp("a");
        let lock = PidLock::acquire(&p).unwrap();
        assert_eq!(
            fs::read_to_string(&p).unwrap().trim(),
            std::process::id().to_string()
        );
        assert!(matches!(PidLock::acquire(&p), Err(LockError::Held { .. })));
        drop(lock);
        assert!(!p.exists());
    }

    #[test]
    fn stale_file_is_replaced() {
        let p = tmp("b");
        // pid_max is at most 2^22 on Linux, so this pid cannot exist.
        fs::write(&p, "99999999\n").unwrap();
        let lock = PidLock::acquire(&p).unwrap();
        drop(lock);
        fs::write(&p, "garbage").unwrap();
        let lock = PidLock::acquire(&p).unwrap();
        drop(lock);
    }
}
