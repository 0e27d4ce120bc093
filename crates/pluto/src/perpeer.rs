//! `--perpeerlog`: a log file per peer as well as the main log (manual:
//! "in a subdirectory formed by turning all dot (.) \[IPv4\] or colon (:)
//! \[IPv6\] into slashes (/)", under `--perpeerlogbase`).
#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// Open per-peer log files.
#[derive(Debug)]
pub struct PerPeerLog {
    base: PathBuf,
    files: HashMap<IpAddr, File>,
}

/// The file for a peer: `BASE/192/0/2/1.log`, `BASE/2001/db8/0/0/0/0/0/1.log`.
pub fn peer_path(base: &Path, peer: IpAddr) -> PathBuf {
    let text = match peer {
        IpAddr::V4(a) => a.to_string(),
        // Fully expanded, so "::" never makes an empty path component.
        IpAddr::V6(a) => a
            .segments()
            .iter()
            .map(|s| format!("{s:x}"))
            .collect::<Vec<_>>()
            .join(":"),
    };
    let mut p = base.to_path_buf();
    let parts: Vec<&str> = text.split(['.', ':']).collect();
    let (last, dirs) = parts.split_last().unwrap_or((&"unknown", &[]));
    for d in dirs {
        p.push(d);
    }
    p.push(format!("{last}.log"));
    p
}

impl PerPeerLog {
    /// Per-peer logs under `base`.
    pub fn new(base: PathBuf) -> Self {
        Self {
            base,
            files: HashMap::new(),
        }
    }

    /// Append one line (with a timestamp) to the peer's file.
    pub fn write(&mut self, peer: IpAddr, line: &str) -> io::Result<()> {
        if !self.files.contains_key(&peer) {
            let p = peer_path(&self.base, peer);
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let f = OpenOptions::new().create(true).append(true).open(&p)?;
            self.files.insert(peer, f);
        }
        match self.files.get_mut(&peer) {
            Some(f) => writeln!(f, "{} {line}", crate::logging::timestamp()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_manual() {
        let b = Path::new("/b");
        assert_eq!(
            peer_path(b, "192.0.2.1".parse().unwrap()),
            PathBuf::from("/b/192/0/2/1.log")
        );
        assert_eq!(
            peer_path(b, "2001:db8::1".parse().unwrap()),
            PathBuf::from("/b/2001/db8/0/0/0/0/0/1.log")
        );
    }

    #[test]
    fn writes_lines() {
        let base = std::env::temp_dir().join(format!("perpeer-{}", std::process::id()));
        let mut l = PerPeerLog::new(base.clone());
        l.write("127.0.0.2".parse().unwrap(), "hello").unwrap();
        let text = std::fs::read_to_string(base.join("127/0/0/2.log")).unwrap();
        let _ = std::fs::remove_dir_all(&base);
        assert!(text.ends_with(" hello\n"), "{text}");
    }
}
