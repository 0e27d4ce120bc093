//! `whack --whackrecord FILE` (manual): a `#!pluto-whack DATE HOSTNAME` line,
//! then binary records of (u32 length including this 12-byte header, u64
//! timestamp, message bytes), host byte order; the first record is empty
//! but for the magic, so a reader can tell the byte order.
#![forbid(unsafe_code)]

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// An open recording.
#[derive(Debug)]
pub struct Recorder {
    file: File,
}

impl Recorder {
    /// Create the file and write the header line and the magic record.
    pub fn create(path: &Path) -> io::Result<Self> {
        let mut file = File::create(path)?;
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        writeln!(
            file,
            "#!pluto-whack {} {}",
            crate::logging::timestamp(),
            host.trim()
        )?;
        let mut r = Self { file };
        // 4 (length) + 8 (timestamp) + 4 (magic) = 16 bytes, as the manual says.
        r.record(&whack_proto::MAGIC)?;
        Ok(r)
    }

    /// Append one message (the encoded request frame).
    pub fn record(&mut self, msg: &[u8]) -> io::Result<()> {
        let len = u32::try_from(msg.len() + 12)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "message too large"))?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        self.file.write_all(&len.to_ne_bytes())?;
        self.file.write_all(&now.to_ne_bytes())?;
        self.file.write_all(msg)?;
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_records() {
        let p = std::env::temp_dir().join(format!("whackrec-{}", std::process::id()));
        let mut r = Recorder::create(&p).unwrap();
        r.record(b"abc").unwrap();
        drop(r);
        let bytes = std::fs::read(&p).unwrap();
        let _ = std::fs::remove_file(&p);
        let nl = bytes.iter().position(|b| *b == b'\n').unwrap();
        assert!(bytes.starts_with(b"#!pluto-whack "));
        let rest = &bytes[nl + 1..];
        assert_eq!(u32::from_ne_bytes(rest[..4].try_into().unwrap()), 16);
        assert_eq!(&rest[12..16], &whack_proto::MAGIC);
        assert_eq!(u32::from_ne_bytes(rest[16..20].try_into().unwrap()), 15);
        assert_eq!(&rest[28..], b"abc");
    }
}
