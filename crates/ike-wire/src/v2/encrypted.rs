//! The Encrypted and Authenticated payload SK (RFC 7296 3.14) and its
//! fragment form SKF (RFC 7383 2.5): opaque here, plus the offsets a
//! caller needs to encrypt, decrypt and check integrity, and fragment
//! numbering.

use crate::cursor::Cursor;
use crate::error::{Context, Error, ErrorKind, Result};
use crate::v2::emit::Sink;
use crate::v2::header::HEADER_LEN;
use crate::v2::registry::PayloadType;
use crate::EncodeError;
use core::ops::Range;

/// SK payload body: IV, encrypted payloads, padding, pad length and ICV,
/// all opaque (RFC 7296 3.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encrypted<'a> {
    /// Type of the first payload inside (the SK payload's Next Payload
    /// field, RFC 7296 3.14).
    pub first_payload: PayloadType,
    /// IV | ciphertext | ICV.
    pub body: &'a [u8],
}

/// SKF payload body (RFC 7383 2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncryptedFragment<'a> {
    /// Type of the first inner payload in fragment 1; zero in the others.
    pub first_payload: PayloadType,
    /// Fragment Number, 1 to `total_fragments`.
    pub fragment_number: u16,
    /// Total Fragments.
    pub total_fragments: u16,
    /// IV | ciphertext | ICV of this fragment.
    pub body: &'a [u8],
}

impl<'a> EncryptedFragment<'a> {
    pub(crate) fn decode(first_payload: PayloadType, mut r: Cursor<'a>) -> Result<Self> {
        let at = r.offset();
        let fragment_number = r.u16()?;
        let total_fragments = r.u16()?;
        // RFC 7383 2.6: a Fragment Number of zero or above Total Fragments is invalid.
        if fragment_number == 0 || fragment_number > total_fragments {
            return Err(r.error_at(
                ErrorKind::InvalidValue {
                    field: "SKF Fragment Number (0 or above Total Fragments)",
                    value: fragment_number.into(),
                },
                at,
            ));
        }
        Ok(EncryptedFragment {
            first_payload,
            fragment_number,
            total_fragments,
            body: r.rest(),
        })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_u16(self.fragment_number);
        out.put_u16(self.total_fragments);
        out.put_slice(self.body);
    }
}

/// Where the parts of an encoded message's SK or SKF payload lie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkLayout {
    /// Which of the two it is.
    pub payload_type: PayloadType,
    /// Offset of the SK/SKF generic payload header.
    pub payload_start: usize,
    /// AEAD associated data is `0..aad_end`: the IKE header, unencrypted
    /// payloads, and the SK generic header (RFC 5282 5.1), plus Fragment
    /// Number and Total Fragments for SKF (RFC 7383 2.5).
    pub aad_end: usize,
    /// IV, ciphertext, padding and pad length (`aad_end..icv.start`).
    pub encrypted: Range<usize>,
    /// The Integrity Checksum Data: the last `icv_len` octets.
    pub icv: Range<usize>,
}

impl SkLayout {
    /// What the ICV of a non-AEAD integrity algorithm covers: the IKE header
    /// through the Pad Length (RFC 7296 3.14), i.e. everything but the ICV.
    pub fn integrity_covered(&self) -> Range<usize> {
        0..self.icv.start
    }
}

/// Locate the SK or SKF payload in an encoded IKEv2 message and split it for
/// an integrity check value of `icv_len` octets. The SK/SKF payload must be
/// the last one and reach the end of the message.
pub fn sk_layout(message: &[u8], icv_len: usize) -> Result<SkLayout> {
    let err = |kind, at, ctx| Error::new(kind, at, ctx);
    let mut next = PayloadType::from(*message.get(16).ok_or_else(|| {
        err(
            ErrorKind::Truncated {
                needed: HEADER_LEN.saturating_sub(message.len()),
            },
            message.len(),
            Context::Header,
        )
    })?);
    let mut at = HEADER_LEN;
    for _ in 0..crate::v2::limits::MAX_PAYLOADS {
        let ctx = Context::V2Payload(next.value());
        let hdr = message.get(at..at + 4).ok_or_else(|| {
            err(
                ErrorKind::Truncated {
                    needed: (at + 4).saturating_sub(message.len()),
                },
                message.len(),
                ctx,
            )
        })?;
        let len = usize::from(u16::from_be_bytes([hdr[2], hdr[3]]));
        if len < 4 {
            return Err(err(
                ErrorKind::BadLength {
                    length: len,
                    why: "payload shorter than its generic header",
                },
                at + 2,
                ctx,
            ));
        }
        match next {
            PayloadType::Sk | PayloadType::Skf => {
                if at + len != message.len() {
                    return Err(err(
                        ErrorKind::BadLength {
                            length: len,
                            why: "SK/SKF payload does not end the message",
                        },
                        at + 2,
                        ctx,
                    ));
                }
                let aad_end = at + if next == PayloadType::Skf { 8 } else { 4 };
                if message.len() < aad_end + icv_len {
                    return Err(err(
                        ErrorKind::BadLength {
                            length: len,
                            why: "SK/SKF payload shorter than its ICV",
                        },
                        at + 2,
                        ctx,
                    ));
                }
                let icv_start = message.len() - icv_len;
                return Ok(SkLayout {
                    payload_type: next,
                    payload_start: at,
                    aad_end,
                    encrypted: aad_end..icv_start,
                    icv: icv_start..message.len(),
                });
            }
            PayloadType::NoNextPayload => {
                return Err(err(
                    ErrorKind::InvalidValue {
                        field: "message without SK/SKF payload",
                        value: 0,
                    },
                    at,
                    Context::Header,
                ))
            }
            _ => {}
        }
        next = PayloadType::from(hdr[0]);
        at += len;
    }
    Err(err(
        ErrorKind::TooMany {
            what: "payloads",
            limit: crate::v2::limits::MAX_PAYLOADS,
        },
        at,
        Context::Header,
    ))
}

/// One fragment's share of the inner payload chain, before encryption
/// (RFC 7383 2.5: the plaintext is split, then each piece is encrypted
/// into its own SKF payload).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FragmentChunk<'a> {
    /// The SKF Next Payload: the first inner type in fragment 1, zero after.
    pub first_payload: PayloadType,
    /// Fragment Number (from 1).
    pub fragment_number: u16,
    /// Total Fragments.
    pub total_fragments: u16,
    /// This fragment's plaintext.
    pub plaintext: &'a [u8],
}

/// Split an encoded inner payload chain into fragments of at most
/// `max_plaintext` octets each, numbered from 1 (RFC 7383 2.5).
pub fn fragment_chunks(
    first_payload: PayloadType,
    inner: &[u8],
    max_plaintext: usize,
) -> core::result::Result<Vec<FragmentChunk<'_>>, EncodeError> {
    if max_plaintext == 0 {
        return Err(EncodeError::Unrepresentable("fragment size of zero"));
    }
    let n = inner.len().div_ceil(max_plaintext).max(1);
    let total = u16::try_from(n).map_err(|_| EncodeError::TooLong {
        what: "number of fragments",
        len: n,
    })?;
    let mut chunks: Vec<&[u8]> = inner.chunks(max_plaintext).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    Ok(chunks
        .into_iter()
        .zip(1..=total)
        .map(|(plaintext, fragment_number)| FragmentChunk {
            first_payload: if fragment_number == 1 {
                first_payload
            } else {
                PayloadType::NoNextPayload
            },
            fragment_number,
            total_fragments: total,
            plaintext,
        })
        .collect())
}
