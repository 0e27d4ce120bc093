//! `--keylogfile FILE`: one line per IKE SA in Wireshark's
//! `ikev2_decryption_table` format, so that
//! `tshark -o "uat:ikev2_decryption_table:LINE"` decrypts a capture.
//!
//! Format (Wireshark's UAT): `SPIi,SPIr,SK_ei,SK_er,"ENCR",SK_ai,SK_ar,"INTEG"`,
//! hex unquoted, algorithm names quoted as Wireshark spells them. For AEAD
//! ciphers SK_e is key‖salt and the integrity name is `"NONE [RFC4306]"`.
#![forbid(unsafe_code)]

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// The keys of one IKEv2 SA, as Wireshark needs them.
#[derive(Clone, PartialEq, Eq)]
pub struct Ikev2Keys {
    /// Initiator's SPI.
    pub spi_i: [u8; 8],
    /// Responder's SPI.
    pub spi_r: [u8; 8],
    /// SK_ei (key‖salt for AEAD).
    pub sk_ei: Vec<u8>,
    /// SK_er.
    pub sk_er: Vec<u8>,
    /// Wireshark's name of the encryption algorithm.
    pub encr: &'static str,
    /// SK_ai (empty for AEAD).
    pub sk_ai: Vec<u8>,
    /// SK_ar.
    pub sk_ar: Vec<u8>,
    /// Wireshark's name of the integrity algorithm.
    pub integ: &'static str,
}

impl std::fmt::Debug for Ikev2Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print keys through Debug.
        f.debug_struct("Ikev2Keys")
            .field("spi_i", &hex::encode(self.spi_i))
            .field("spi_r", &hex::encode(self.spi_r))
            .field("encr", &self.encr)
            .field("integ", &self.integ)
            .finish_non_exhaustive()
    }
}

impl Ikev2Keys {
    /// The UAT record (without the `ikev2_decryption_table:` prefix).
    pub fn record(&self) -> String {
        format!(
            "{},{},{},{},\"{}\",{},{},\"{}\"",
            hex::encode(self.spi_i),
            hex::encode(self.spi_r),
            hex::encode(&self.sk_ei),
            hex::encode(&self.sk_er),
            self.encr,
            hex::encode(&self.sk_ai),
            hex::encode(&self.sk_ar),
            self.integ
        )
    }
}

/// Wireshark's name for an IKEv2 encryption transform (IANA ID, key bits).
pub fn wireshark_encr(id: u16, key_bits: u16) -> Option<&'static str> {
    Some(match (id, key_bits) {
        (3, _) => "3DES [RFC2451]",
        (11, _) => "NULL [RFC2410]",
        (12, 128) => "AES-CBC-128 [RFC3602]",
        (12, 192) => "AES-CBC-192 [RFC3602]",
        (12, 256) => "AES-CBC-256 [RFC3602]",
        (13, 128) => "AES-CTR-128 [RFC5930]",
        (13, 192) => "AES-CTR-192 [RFC5930]",
        (13, 256) => "AES-CTR-256 [RFC5930]",
        (14, 128) => "AES-CCM-128 with 8 octet ICV [RFC5282]",
        (14, 192) => "AES-CCM-192 with 8 octet ICV [RFC5282]",
        (14, 256) => "AES-CCM-256 with 8 octet ICV [RFC5282]",
        (15, 128) => "AES-CCM-128 with 12 octet ICV [RFC5282]",
        (15, 192) => "AES-CCM-192 with 12 octet ICV [RFC5282]",
        (15, 256) => "AES-CCM-256 with 12 octet ICV [RFC5282]",
        (16, 128) => "AES-CCM-128 with 16 octet ICV [RFC5282]",
        (16, 192) => "AES-CCM-192 with 16 octet ICV [RFC5282]",
        (16, 256) => "AES-CCM-256 with 16 octet ICV [RFC5282]",
        (18, 128) => "AES-GCM-128 with 8 octet ICV [RFC5282]",
        (18, 192) => "AES-GCM-192 with 8 octet ICV [RFC5282]",
        (18, 256) => "AES-GCM-256 with 8 octet ICV [RFC5282]",
        (19, 128) => "AES-GCM-128 with 12 octet ICV [RFC5282]",
        (19, 192) => "AES-GCM-192 with 12 octet ICV [RFC5282]",
        (19, 256) => "AES-GCM-256 with 12 octet ICV [RFC5282]",
        (20, 128) => "AES-GCM-128 with 16 octet ICV [RFC5282]",
        (20, 192) => "AES-GCM-192 with 16 octet ICV [RFC5282]",
        (20, 256) => "AES-GCM-256 with 16 octet ICV [RFC5282]",
        _ => return None,
    })
}

/// Wireshark's name for an IKEv2 integrity transform (IANA ID); `None`
/// input (AEAD) gives `NONE`.
pub fn wireshark_integ(id: Option<u16>) -> Option<&'static str> {
    Some(match id {
        None | Some(0) => "NONE [RFC4306]",
        Some(1) => "HMAC_MD5_96 [RFC2403]",
        Some(2) => "HMAC_SHA1_96 [RFC2404]",
        Some(12) => "HMAC_SHA2_256_128 [RFC4868]",
        Some(13) => "HMAC_SHA2_384_192 [RFC4868]",
        Some(14) => "HMAC_SHA2_512_256 [RFC4868]",
        _ => return None,
    })
}

/// The open key log file.
#[derive(Debug)]
pub struct KeyLog {
    file: File,
}

impl KeyLog {
    /// Open (create, append, mode 0600: it holds secrets).
    pub fn open(path: &Path) -> io::Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)?;
        Ok(Self { file })
    }

    /// Append one IKE SA's record and flush, so a capture taken meanwhile
    /// can be decrypted at once.
    pub fn write(&mut self, keys: &Ikev2Keys) -> io::Result<()> {
        writeln!(self.file, "{}", keys.record())?;
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_format_matches_wireshark_uat() {
        let k = Ikev2Keys {
            spi_i: [0x19, 0x85, 0xda, 0x06, 0xad, 0xef, 0x3c, 0x7c],
            spi_r: [0x55, 0xf7, 0xa9, 0x07, 0x80, 0x89, 0x3f, 0xb5],
            sk_ei: vec![1, 2],
            sk_er: vec![3],
            encr: wireshark_encr(12, 256).unwrap(),
            sk_ai: vec![0xaa],
            sk_ar: vec![0xbb],
            integ: wireshark_integ(Some(12)).unwrap(),
        };
        assert_eq!(
            k.record(),
            "1985da06adef3c7c,55f7a90780893fb5,0102,03,\"AES-CBC-256 [RFC3602]\",aa,bb,\"HMAC_SHA2_256_128 [RFC4868]\""
        );
        assert!(!format!("{k:?}").contains("0102"));
        assert_eq!(wireshark_integ(None), Some("NONE [RFC4306]"));
        assert_eq!(wireshark_encr(99, 128), None);
    }
}
