//! Bounds on what one message may contain, so that no input can make the
//! decoder allocate without limit. Generous for real peers: a Libreswan or
//! strongSwan IKE_SA_INIT carries about 10 payloads, an SA at most a few
//! dozen proposals.

/// Payloads in one chain (message or decrypted SK body).
pub const MAX_PAYLOADS: usize = 128;
/// Proposals in one SA payload.
pub const MAX_PROPOSALS: usize = 64;
/// Transforms in one proposal (the count field is 8 bits anyway).
pub const MAX_TRANSFORMS: usize = 255;
/// Attributes in one transform.
pub const MAX_TRANSFORM_ATTRIBUTES: usize = 16;
/// Traffic selectors in one TS payload (the count field is 8 bits).
pub const MAX_TRAFFIC_SELECTORS: usize = 255;
/// Attributes in one Configuration payload.
pub const MAX_CFG_ATTRIBUTES: usize = 256;
/// SPIs in one Delete payload.
pub const MAX_DELETE_SPIS: usize = 4096;
