//! IKEv1 fragmentation payload (type 132), the Cisco scheme that Microsoft,
//! Libreswan and strongSwan also implement: each fragment carries a piece of
//! the original message (announced by the FRAGMENTATION vendor ID).

use super::writer::put_u16;
use crate::cursor::Cursor;
use crate::error::Result;

/// The flag of the last fragment.
pub const FRAGMENT_LAST: u8 = 0x01;

/// An IKE fragmentation payload body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fragment<'a> {
    /// Fragment ID (same for all fragments of one message).
    pub fragment_id: u16,
    /// Fragment number, from 1.
    pub number: u8,
    /// Flags ([`FRAGMENT_LAST`]; other bits kept as received).
    pub flags: u8,
    /// This fragment's piece of the original message.
    pub data: &'a [u8],
}

impl<'a> Fragment<'a> {
    /// Whether this is the last fragment.
    pub fn is_last(&self) -> bool {
        self.flags & FRAGMENT_LAST != 0
    }

    pub(crate) fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        Ok(Fragment {
            fragment_id: r.u16()?,
            number: r.u8()?,
            flags: r.u8()?,
            data: r.rest(),
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        put_u16(out, self.fragment_id);
        out.push(self.number);
        out.push(self.flags);
        out.extend_from_slice(self.data);
    }
}
