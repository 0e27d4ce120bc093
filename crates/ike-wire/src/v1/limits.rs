//! Bounds on what one message may contain, so that no input can make the
//! decoder do unbounded work or allocation. Every count is also bounded by
//! the input length (each element takes at least 4 octets), these limits
//! only cap it further at values well above what real peers send.

/// Payloads in one chain (a message or a decrypted body).
pub const MAX_PAYLOADS: usize = 256;
/// Proposals in one SA payload.
pub const MAX_PROPOSALS: usize = 64;
/// Transforms in one proposal (the on-wire count is one octet anyway).
pub const MAX_TRANSFORMS: usize = 255;
/// Data attributes in one transform, Attribute payload or notification.
pub const MAX_ATTRIBUTES: usize = 256;
/// Padding accepted after the last payload of a decrypted chain: RFC 2409
/// 5.3's pad-length octet counts at most 255 pad octets before itself.
pub const MAX_PADDING: usize = 256;
