//! The secrets an `ipsec.secrets` entry holds. Secret bytes are zeroed when
//! dropped and never printed: `Debug` shows only their length.

use std::fmt;
use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::config::error::Location;
use crate::config::id::Id;

/// Secret bytes (a PSK, an XAUTH password, a private key part).
#[derive(Clone)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// Wraps bytes; they are zeroed when the value is dropped.
    pub fn new(bytes: Vec<u8>) -> Self {
        SecretBytes(Zeroizing::new(bytes))
    }

    /// The bytes, for the code that uses the secret.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialEq for SecretBytes {
    /// Constant-time in the contents (length may leak).
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(other.0.iter())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

impl Eq for SecretBytes {}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes(<{} bytes redacted>)", self.0.len())
    }
}

/// Which kind of secret (the word after the colon).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretKind {
    /// `PSK` (also the default when the word is left out).
    Psk,
    /// `XAUTH`: an IKEv1 XAUTH password.
    Xauth,
    /// `PPKS`: a post-quantum preshared key (RFC 8784).
    Ppk,
    /// `RSA`: a private key (fields, NSS nickname or key file).
    Rsa,
}

impl fmt::Display for SecretKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SecretKind::Psk => "PSK",
            SecretKind::Xauth => "XAUTH",
            SecretKind::Ppk => "PPKS",
            SecretKind::Rsa => "RSA",
        })
    }
}

/// One secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Secret {
    /// A preshared key.
    Psk(SecretBytes),
    /// An XAUTH password.
    Xauth(SecretBytes),
    /// A post-quantum preshared key with its PPK_ID.
    Ppk {
        /// The PPK_ID (not secret).
        id: Vec<u8>,
        /// The key.
        key: SecretBytes,
    },
    /// An RSA private key.
    Rsa(RsaSecret),
}

impl Secret {
    /// Its kind.
    pub fn kind(&self) -> SecretKind {
        match self {
            Secret::Psk(_) => SecretKind::Psk,
            Secret::Xauth(_) => SecretKind::Xauth,
            Secret::Ppk { .. } => SecretKind::Ppk,
            Secret::Rsa(_) => SecretKind::Rsa,
        }
    }
}

/// Where an RSA private key is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RsaSecret {
    /// `: RSA { Modulus: 0x... PublicExponent: 0x03 ... }` (FreeS/WAN form).
    Fields(RsaFields),
    /// `: RSA "nickname"`: a certificate's friendly name (or CKAID) in NSS.
    Nickname(String),
    /// `: RSA file.pem [passphrase|%prompt]`: a key file, relative names taken
    /// from the secrets file's directory.
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// Its passphrase, if any.
        passphrase: Option<Passphrase>,
    },
}

/// The passphrase of an encrypted key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Passphrase {
    /// Written in the file.
    Given(SecretBytes),
    /// `%prompt`: ask the operator (whack) when the key is needed.
    Prompt,
}

/// A field of an `RSA { ... }` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RsaField {
    /// `Modulus:` n.
    Modulus,
    /// `PublicExponent:` e.
    PublicExponent,
    /// `PrivateExponent:` d.
    PrivateExponent,
    /// `Prime1:` p.
    Prime1,
    /// `Prime2:` q.
    Prime2,
    /// `Exponent1:` d mod (p-1).
    Exponent1,
    /// `Exponent2:` d mod (q-1).
    Exponent2,
    /// `Coefficient:` q^-1 mod p.
    Coefficient,
    /// `CKAIDNSS:` the key's CKA_ID in NSS.
    CkaidNss,
}

impl RsaField {
    /// All fields, in the order FreeS/WAN wrote them.
    pub const ALL: [RsaField; 9] = [
        RsaField::Modulus,
        RsaField::PublicExponent,
        RsaField::PrivateExponent,
        RsaField::Prime1,
        RsaField::Prime2,
        RsaField::Exponent1,
        RsaField::Exponent2,
        RsaField::Coefficient,
        RsaField::CkaidNss,
    ];

    /// The name as written in the file.
    pub fn name(self) -> &'static str {
        match self {
            RsaField::Modulus => "Modulus",
            RsaField::PublicExponent => "PublicExponent",
            RsaField::PrivateExponent => "PrivateExponent",
            RsaField::Prime1 => "Prime1",
            RsaField::Prime2 => "Prime2",
            RsaField::Exponent1 => "Exponent1",
            RsaField::Exponent2 => "Exponent2",
            RsaField::Coefficient => "Coefficient",
            RsaField::CkaidNss => "CKAIDNSS",
        }
    }

    /// Looks a field name up (case-insensitive).
    pub fn from_name(name: &str) -> Option<RsaField> {
        RsaField::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// The fields of an `RSA { ... }` block, each at most once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RsaFields {
    fields: Vec<(RsaField, SecretBytes)>,
}

impl RsaFields {
    /// The value of a field, if present.
    pub fn get(&self, field: RsaField) -> Option<&SecretBytes> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v)
    }

    /// Present fields in file order.
    pub fn fields(&self) -> impl Iterator<Item = (RsaField, &SecretBytes)> {
        self.fields.iter().map(|(f, v)| (*f, v))
    }

    /// Adds a field; `false` if it was already there.
    pub(crate) fn insert(&mut self, field: RsaField, value: SecretBytes) -> bool {
        if self.get(field).is_some() {
            return false;
        }
        self.fields.push((field, value));
        true
    }
}

/// One entry: its indices (IDs; empty for a bare `:`), the secret, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretEntry {
    /// The indices before the colon.
    pub ids: Vec<Id>,
    /// The secret.
    pub secret: Secret,
    /// Where the entry starts.
    pub at: Location,
}
