//! Errors of the whack protocol: decoding (hostile bytes), encoding (size limits) and I/O.

use thiserror::Error;

/// Everything that can go wrong while framing, encoding or decoding whack messages.
///
/// Decoding errors say what was being read and at which byte offset of the frame payload,
/// so that pluto can log a useful line about a bad client and whack can explain a bad reply.
#[derive(Debug, Error)]
pub enum Error {
    /// The first four bytes are not the whack-proto magic: the peer is not speaking this
    /// protocol at all (for example a Libreswan whack talking to this pluto).
    #[error("not a whack-proto frame: magic is {found:02x?}, expected {expected:02x?} (\"RSWK\"); is the peer a different whack/pluto implementation?")]
    BadMagic {
        /// The four bytes received.
        found: [u8; 4],
        /// The magic this implementation speaks.
        expected: [u8; 4],
    },
    /// The peer speaks another version of the protocol.
    #[error("whack protocol version mismatch: peer speaks version {theirs}, this side speaks version {ours}; use the whack that was built with this pluto")]
    VersionMismatch {
        /// The version this side speaks.
        ours: u16,
        /// The version found in the frame header.
        theirs: u16,
    },
    /// The header announces a payload longer than the limit.
    #[error("whack frame payload of {len} bytes exceeds the limit of {max} bytes")]
    FrameTooLong {
        /// The announced (or, when encoding, the actual) payload length.
        len: usize,
        /// [`crate::MAX_PAYLOAD`].
        max: usize,
    },
    /// The frame kind byte is not one this version knows.
    #[error("unknown whack frame kind {0}")]
    UnknownFrameKind(u8),
    /// A frame of a kind that is not allowed in this direction.
    #[error("unexpected whack frame: {found} sent where only {expected} may be")]
    UnexpectedFrame {
        /// What this side accepts in this direction.
        expected: &'static str,
        /// What arrived.
        found: &'static str,
    },
    /// The header's reserved byte is not zero.
    #[error("whack frame header reserved byte is {0:#04x}, must be 0")]
    ReservedNotZero(u8),
    /// The payload ended while a field was being read.
    #[error("whack message truncated while reading {what} at payload offset {at}")]
    Truncated {
        /// The field being read.
        what: &'static str,
        /// Offset in the payload.
        at: usize,
    },
    /// An enum tag that this version does not know.
    #[error("invalid {what} tag {tag} at payload offset {at}")]
    InvalidTag {
        /// The enum being read.
        what: &'static str,
        /// The tag found.
        tag: u8,
        /// Offset in the payload.
        at: usize,
    },
    /// A string field that is not UTF-8.
    #[error("{what} at payload offset {at} is not valid UTF-8")]
    InvalidUtf8 {
        /// The field being read.
        what: &'static str,
        /// Offset in the payload.
        at: usize,
    },
    /// A field whose value breaks the type's invariant (for example a /33 IPv4 prefix).
    #[error("invalid {what} at payload offset {at}: {reason}")]
    InvalidValue {
        /// The field being read.
        what: &'static str,
        /// Offset in the payload.
        at: usize,
        /// Why the value is refused.
        reason: String,
    },
    /// Bytes left over after the message inside a frame.
    #[error("{count} unexpected trailing bytes after the whack message")]
    TrailingBytes {
        /// How many bytes were left.
        count: usize,
    },
    /// The stream ended in the middle of a frame.
    #[error("connection closed in the middle of a whack frame ({got} of {need} bytes)")]
    UnexpectedEof {
        /// Bytes of the frame received.
        got: usize,
        /// Bytes the frame needs.
        need: usize,
    },
    /// Reading or writing the socket failed.
    #[error("whack socket I/O: {0}")]
    Io(#[from] std::io::Error),
}
