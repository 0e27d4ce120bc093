//! The one error type of this crate.

/// Which kind of algorithm a transform ID was looked up as (for error messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlgKind {
    /// Transform type 1 (encryption).
    Encryption,
    /// Transform type 2 (PRF).
    Prf,
    /// Transform type 3 (integrity).
    Integrity,
    /// Transform type 4 (key exchange / DH group).
    KeyExchange,
    /// A hash function (IKEv1 hash attribute, RFC 7427 hash).
    Hash,
    /// A signature / authentication method.
    Signature,
}

impl core::fmt::Display for AlgKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let s = match self {
            AlgKind::Encryption => "encryption",
            AlgKind::Prf => "PRF",
            AlgKind::Integrity => "integrity",
            AlgKind::KeyExchange => "key exchange",
            AlgKind::Hash => "hash",
            AlgKind::Signature => "signature",
        };
        f.write_str(s)
    }
}

/// Everything that can go wrong in this crate. Inputs from a peer never panic:
/// they end in one of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The transform ID is not implemented by this provider.
    #[error("unknown {kind} transform ID {id}")]
    UnknownAlgorithm {
        /// table looked in
        kind: AlgKind,
        /// IANA transform ID
        id: u16,
    },
    /// The transform ID is known but disabled by policy (e.g. MODP group 1).
    #[error("{kind} transform ID {id} is disabled by policy")]
    Disabled {
        /// table looked in
        kind: AlgKind,
        /// IANA transform ID
        id: u16,
    },
    /// A key-length attribute that this algorithm does not accept.
    #[error("{what}: unsupported key length {bits} bits")]
    BadKeyLength {
        /// algorithm name
        what: &'static str,
        /// requested key length in bits
        bits: u16,
    },
    /// A key, IV or other input had the wrong length.
    #[error("{what}: expected {expected} octets, got {got}")]
    BadLength {
        /// which input
        what: &'static str,
        /// required length
        expected: usize,
        /// actual length
        got: usize,
    },
    /// Ciphertext that is not a whole number of blocks, or too short.
    #[error("{what}: ciphertext length {len} is not valid (block size {block})")]
    BadCiphertextLength {
        /// algorithm name
        what: &'static str,
        /// ciphertext length
        len: usize,
        /// cipher block size
        block: usize,
    },
    /// IKE padding after decryption is inconsistent (RFC 7296 3.14).
    #[error("bad padding: pad length {pad_len} exceeds plaintext length {len}")]
    BadPadding {
        /// value of the Pad Length octet
        pad_len: usize,
        /// decrypted length
        len: usize,
    },
    /// An ICV, AEAD tag, MAC or AUTH value did not verify.
    #[error("{what}: integrity check failed")]
    IntegrityCheckFailed {
        /// what was being checked
        what: &'static str,
    },
    /// A peer's KE public value failed RFC 6989 validation.
    #[error("group {group}: invalid peer public value: {reason}")]
    InvalidPublicValue {
        /// IANA DH group
        group: u16,
        /// which check failed
        reason: &'static str,
    },
    /// A shared secret that must be refused (e.g. all-zero X25519 output, RFC 8031 2).
    #[error("group {group}: shared secret rejected: {reason}")]
    InvalidSharedSecret {
        /// IANA DH group
        group: u16,
        /// why
        reason: &'static str,
    },
    /// prf+ was asked for more than 255 blocks (RFC 7296 2.13).
    #[error("prf+ asked for {requested} octets, at most {max} possible")]
    PrfPlusTooLong {
        /// requested length
        requested: usize,
        /// maximum for this PRF
        max: usize,
    },
    /// A signature did not verify.
    #[error("signature verification failed")]
    BadSignature,
    /// A key, signature or AlgorithmIdentifier blob could not be parsed.
    #[error("malformed {what}: {reason}")]
    Malformed {
        /// what was parsed
        what: &'static str,
        /// why it was refused
        reason: &'static str,
    },
    /// The random source failed.
    #[error("random source failed")]
    Random,
    /// An encryption or integrity combination that IKE does not allow
    /// (e.g. AEAD with a separate integrity transform).
    #[error("invalid algorithm combination: {0}")]
    BadCombination(&'static str),
    /// A backend library reported an internal failure.
    #[error("{0}: backend failure")]
    Backend(&'static str),
}

/// Result alias.
pub type Result<T, E = CryptoError> = core::result::Result<T, E>;
