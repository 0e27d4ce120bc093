//! `--keylogfile FILE`: one line per IKE SA in Wireshark's
//! `ikev2_decryption_table` format, so that
//! `tshark -o "uat:ikev2_decryption_table:LINE"` decrypts a capture.
//!
//! The record itself (`SPIi,SPIr,SK_ei,SK_er,"ENCR",SK_ai,SK_ar,"INTEG"`)
//! comes from ike-sm, which owns the keys and the algorithm names; pluto
//! writes each IKE SA's record once, as soon as its keys exist.
#![forbid(unsafe_code)]

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// The open key log file.
#[derive(Debug)]
pub struct KeyLog {
    file: File,
    written: HashSet<(u64, u64)>,
}

impl KeyLog {
    /// Open (create, append, mode 0600: it holds secrets).
    pub fn open(path: &Path) -> io::Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)?;
        Ok(Self {
            file,
            written: HashSet::new(),
        })
    }

    /// Append the record of an IKE SA (by its SPI pair) unless it was
    /// written already; flushed at once, so a capture taken meanwhile can
    /// be decrypted.
    pub fn write(&mut self, spis: (u64, u64), record: &str) -> io::Result<bool> {
        if !self.written.insert(spis) {
            return Ok(false);
        }
        writeln!(self.file, "{record}")?;
        self.file.flush()?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sa_once_and_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let p = std::env::temp_dir().join(format!("keylog-{}", std::process::id()));
        let _ = std::fs::remove_file(&p);
        let mut k = KeyLog::open(&p).unwrap();
        assert!(k.write((1, 2), "a,b").unwrap());
        assert!(!k.write((1, 2), "a,b").unwrap());
        assert!(k.write((1, 3), "c,d").unwrap());
        let text = std::fs::read_to_string(&p).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        let _ = std::fs::remove_file(&p);
        assert_eq!(text, "a,b\nc,d\n");
        assert_eq!(mode & 0o777, 0o600);
    }
}
