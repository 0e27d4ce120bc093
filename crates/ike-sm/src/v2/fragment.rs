//! IKEv2 message fragmentation (RFC 7383): splitting an SK message into
//! SKF fragments, and reassembling received fragments with limits.

use crate::endpoint::Endpoint;
use crate::msg::consts::{pt, HEADER_LEN};
use crate::msg::{encode_sk_prefix, Header};
use crate::serial::Serial;
use crate::v2::send::BuildError;

/// Fragments of one message received so far (already integrity-checked
/// and decrypted, RFC 7383 2.6.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reassembly {
    /// Message ID.
    pub message_id: u32,
    /// Whether the message is a response.
    pub response: bool,
    /// Total fragments announced.
    pub total: u16,
    /// First inner payload type (from fragment 1).
    pub first_inner: u8,
    /// Plaintext of each fragment by number − 1.
    pub parts: Vec<Option<Vec<u8>>>,
    /// Bytes held.
    pub bytes: usize,
}

/// What adding a fragment gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FragResult {
    /// More to come.
    Incomplete,
    /// All there: the inner chain and its first payload type.
    Complete(Vec<u8>, u8),
    /// Refused (inconsistent totals, too many, too big).
    Rejected(&'static str),
}

/// Upper bound on bytes buffered for one message.
const MAX_REASSEMBLY_BYTES: usize = 64 * 1024;

impl Reassembly {
    /// Add fragment `number` of `total` with its plaintext.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        slot: &mut Option<Reassembly>,
        message_id: u32,
        response: bool,
        number: u16,
        total: u16,
        first_inner: u8,
        plain: Vec<u8>,
        max_fragments: u16,
    ) -> FragResult {
        if total > max_fragments || number == 0 || number > total {
            return FragResult::Rejected("fragment numbers out of range");
        }
        let fresh = match slot {
            Some(r) if r.message_id == message_id && r.response == response => {
                if total != r.total {
                    // RFC 7383 2.6.1: a different total means a newer
                    // retransmission with other fragmentation; start over
                    // only if larger, else drop.
                    if total < r.total {
                        return FragResult::Rejected("inconsistent total fragments");
                    }
                    true
                } else {
                    false
                }
            }
            _ => true,
        };
        if fresh {
            *slot = Some(Reassembly {
                message_id,
                response,
                total,
                first_inner: pt::NONE,
                parts: vec![None; usize::from(total)],
                bytes: 0,
            });
        }
        let Some(r) = slot.as_mut() else {
            return FragResult::Rejected("no reassembly");
        };
        let idx = usize::from(number - 1);
        if r.parts.get(idx).is_some_and(Option::is_some) {
            return FragResult::Incomplete; // duplicate
        }
        if r.bytes + plain.len() > MAX_REASSEMBLY_BYTES {
            *slot = None;
            return FragResult::Rejected("reassembly too large");
        }
        if number == 1 {
            r.first_inner = first_inner;
        }
        r.bytes += plain.len();
        if let Some(p) = r.parts.get_mut(idx) {
            *p = Some(plain);
        }
        if r.parts.iter().all(Option::is_some) {
            let first = r.first_inner;
            let all: Vec<u8> = r.parts.iter().flatten().flatten().copied().collect();
            *slot = None;
            FragResult::Complete(all, first)
        } else {
            FragResult::Incomplete
        }
    }
}

/// Split an inner chain into SKF messages of at most `limit` octets.
pub(crate) fn fragment(
    ep: &mut Endpoint,
    ike_serial: Serial,
    header: Header,
    first: u8,
    inner: &[u8],
    limit: usize,
) -> Result<Vec<Vec<u8>>, BuildError> {
    let (overhead, block) = {
        let ike = ep.ikes.get(&ike_serial).ok_or(BuildError::NoKeys)?;
        let c = ike.crypto.as_ref().ok_or(BuildError::NoKeys)?;
        (c.body_len(0)?, c.encr.block_len())
    };
    let fixed = HEADER_LEN + 8 + overhead + block;
    let chunk = limit.saturating_sub(fixed).max(16);
    let chunks: Vec<&[u8]> = inner.chunks(chunk).collect();
    let total = u16::try_from(chunks.len()).map_err(|_| BuildError::TooLarge)?;
    let mut out = Vec::with_capacity(chunks.len());
    for (i, part) in chunks.iter().enumerate() {
        let number = u16::try_from(i + 1).map_err(|_| BuildError::TooLarge)?;
        let ike = ep.ikes.get(&ike_serial).ok_or(BuildError::NoKeys)?;
        let crypto = ike.crypto.as_ref().ok_or(BuildError::NoKeys)?;
        let body_len = crypto.body_len(part.len())?;
        // RFC 7383 2.5: the first inner type only in fragment 1.
        let first = if number == 1 { first } else { pt::NONE };
        let mut msg = encode_sk_prefix(&header, first, Some((number, total)), body_len)?;
        let from_initiator = header.flags & crate::msg::consts::FLAG_I != 0;
        let body = crypto.seal(ep.rng.as_mut(), from_initiator, &msg, part)?;
        msg.extend_from_slice(&body);
        out.push(msg);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reassembly_limits_and_order() {
        let mut slot = None;
        assert_eq!(
            Reassembly::add(&mut slot, 1, false, 2, 3, 0, vec![2], 32),
            FragResult::Incomplete
        );
        assert_eq!(
            Reassembly::add(&mut slot, 1, false, 2, 3, 0, vec![2], 32),
            FragResult::Incomplete
        );
        assert_eq!(
            Reassembly::add(&mut slot, 1, false, 1, 3, 35, vec![1], 32),
            FragResult::Incomplete
        );
        assert_eq!(
            Reassembly::add(&mut slot, 1, false, 3, 3, 0, vec![3], 32),
            FragResult::Complete(vec![1, 2, 3], 35)
        );
        assert!(matches!(
            Reassembly::add(&mut slot, 1, false, 1, 40, 35, vec![1], 32),
            FragResult::Rejected(_)
        ));
        assert!(matches!(
            Reassembly::add(&mut slot, 1, false, 4, 3, 35, vec![1], 32),
            FragResult::Rejected(_)
        ));
    }
}
