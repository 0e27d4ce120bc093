//! The one error type of the codec: what went wrong, where (byte offset from the
//! start of the message), and in which payload.

use thiserror::Error;

/// Which part of a message was being read when decoding failed.
///
/// Kept as a small copyable value (the payload type number and the protocol
/// version) so that errors stay cheap and never own input bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The fixed IKE/ISAKMP header (RFC 7296 3.1, RFC 2408 3.1).
    Header,
    /// An IKEv1 payload, by its RFC 2408 payload type number.
    V1Payload(u8),
    /// An IKEv2 payload, by its RFC 7296 payload type number.
    V2Payload(u8),
    /// Something that is not a payload (e.g. UDP encapsulation, pcap framing).
    Other(&'static str),
}

impl core::fmt::Display for Context {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Context::Header => f.write_str("header"),
            Context::V1Payload(t) => write!(f, "IKEv1 payload type {t}"),
            Context::V2Payload(t) => write!(f, "IKEv2 payload type {t}"),
            Context::Other(s) => f.write_str(s),
        }
    }
}

/// The reason a decode failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ErrorKind {
    /// The input ended before a field or payload that its length promised.
    #[error("truncated: needed {needed} more octets")]
    Truncated {
        /// How many octets were missing.
        needed: usize,
    },
    /// A length field is smaller than the fixed part it must cover, or larger
    /// than what encloses it.
    #[error("bad length {length}: {why}")]
    BadLength {
        /// The length value found on the wire.
        length: usize,
        /// Why it is wrong.
        why: &'static str,
    },
    /// A field holds a value the protocol forbids (e.g. a reserved bit pattern
    /// that must be refused, a zero where zero is illegal).
    #[error("invalid {field}: {value}")]
    InvalidValue {
        /// Field name as the RFC spells it.
        field: &'static str,
        /// The value found.
        value: u64,
    },
    /// The message declares a major version this codec does not speak.
    #[error("unsupported major version {0}")]
    UnsupportedVersion(u8),
    /// More payloads, proposals, transforms or attributes than the limit.
    #[error("too many {what} (limit {limit})")]
    TooMany {
        /// What was counted.
        what: &'static str,
        /// The limit in force.
        limit: usize,
    },
    /// Bytes left over after the last payload, or inside a payload after its
    /// last field, where the RFC allows none.
    #[error("{0} trailing octets")]
    Trailing(usize),
    /// An IKEv2 payload of a type we do not know, with the critical bit set
    /// (RFC 7296 2.5): the caller must answer UNSUPPORTED_CRITICAL_PAYLOAD
    /// carrying this type.
    #[error("unsupported critical payload type {0}")]
    UnsupportedCritical(u8),
}

/// A decode error: what, at which octet offset of the whole message, and in
/// which payload.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{kind} at offset {offset} in {context}")]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Octet offset from the start of the buffer handed to the decoder.
    pub offset: usize,
    /// Where in the message it went wrong.
    pub context: Context,
}

impl Error {
    /// Build an error.
    pub fn new(kind: ErrorKind, offset: usize, context: Context) -> Self {
        Error {
            kind,
            offset,
            context,
        }
    }
}

/// Errors while emitting a message (the only way is a value that cannot be
/// represented in its length field).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EncodeError {
    /// A payload or the whole message exceeds 65535 (payload) or 2^32-1
    /// (message) octets, or an attribute value is too long for its TLV length.
    #[error("{what} is {len} octets, more than its length field can hold")]
    TooLong {
        /// What was too long.
        what: &'static str,
        /// Its length.
        len: usize,
    },
    /// A value that has no encoding at all (e.g. a datagram whose source and
    /// destination are of different IP families).
    #[error("cannot encode: {0}")]
    Unrepresentable(&'static str),
}

/// Result alias for decoding.
pub type Result<T> = core::result::Result<T, Error>;
