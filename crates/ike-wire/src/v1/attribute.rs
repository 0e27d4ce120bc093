//! ISAKMP Data Attributes (RFC 2408 3.3) in their two forms: TV (AF=1, a
//! 16-bit value in the header) and TLV (AF=0, a 16-bit length and a value).
//! The form is kept so that a decoded attribute re-encodes identically.

use super::limits::MAX_ATTRIBUTES;
use super::writer::{put_u16, u16_len};
use crate::cursor::Cursor;
use crate::error::{EncodeError, ErrorKind, Result};

/// The Attribute Format bit (RFC 2408 3.3).
const AF: u16 = 0x8000;

/// An attribute value in the form it had (or will have) on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttributeValue<'a> {
    /// AF=1, Type/Value: a 2-octet value.
    Basic(u16),
    /// AF=0, Type/Length/Value: a value of 0..=65535 octets.
    Variable(&'a [u8]),
}

/// One data attribute. `attr_type` is the 15-bit Attribute Type; its meaning
/// depends on the enclosing payload (see [`super::registry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataAttribute<'a> {
    attr_type: u16,
    /// The value and, through its variant, the AF bit.
    pub value: AttributeValue<'a>,
}

impl<'a> DataAttribute<'a> {
    /// A TV (basic) attribute. `attr_type` is masked to 15 bits: the top bit
    /// is the AF flag, which the variant of `value` carries.
    pub fn basic(attr_type: u16, value: u16) -> Self {
        DataAttribute {
            attr_type: attr_type & !AF,
            value: AttributeValue::Basic(value),
        }
    }

    /// A TLV (variable) attribute; `attr_type` is masked to 15 bits.
    pub fn variable(attr_type: u16, value: &'a [u8]) -> Self {
        DataAttribute {
            attr_type: attr_type & !AF,
            value: AttributeValue::Variable(value),
        }
    }

    /// The 15-bit attribute type.
    pub fn attr_type(&self) -> u16 {
        self.attr_type
    }

    /// The value as an unsigned integer: a TV value, or a TLV value of at most
    /// 8 octets read big-endian (Life Duration may be either, RFC 2409 App. A).
    pub fn as_u64(&self) -> Option<u64> {
        match self.value {
            AttributeValue::Basic(v) => Some(u64::from(v)),
            AttributeValue::Variable(b) if b.len() <= 8 => {
                Some(b.iter().fold(0u64, |acc, x| (acc << 8) | u64::from(*x)))
            }
            AttributeValue::Variable(_) => None,
        }
    }

    /// Octets this attribute takes on the wire.
    pub fn wire_len(&self) -> usize {
        match self.value {
            AttributeValue::Basic(_) => 4,
            AttributeValue::Variable(b) => 4 + b.len(),
        }
    }

    pub(crate) fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        let t = r.u16()?;
        let v = r.u16()?;
        if t & AF != 0 {
            Ok(DataAttribute::basic(t, v))
        } else {
            let data = r.take(usize::from(v))?;
            Ok(DataAttribute::variable(t, data))
        }
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> core::result::Result<(), EncodeError> {
        match self.value {
            AttributeValue::Basic(v) => {
                put_u16(out, self.attr_type | AF);
                put_u16(out, v);
            }
            AttributeValue::Variable(b) => {
                put_u16(out, self.attr_type);
                put_u16(out, u16_len(b.len(), "data attribute value")?);
                out.extend_from_slice(b);
            }
        }
        Ok(())
    }
}

/// Read attributes until `r` is exhausted (at most [`MAX_ATTRIBUTES`]).
pub(crate) fn decode_attributes<'a>(r: &mut Cursor<'a>) -> Result<Vec<DataAttribute<'a>>> {
    let mut v = Vec::new();
    while !r.is_empty() {
        if v.len() == MAX_ATTRIBUTES {
            return Err(r.error(ErrorKind::TooMany {
                what: "data attributes",
                limit: MAX_ATTRIBUTES,
            }));
        }
        v.push(DataAttribute::decode(r)?);
    }
    Ok(v)
}

/// Emit attributes back to back.
pub(crate) fn encode_attributes(
    attrs: &[DataAttribute<'_>],
    out: &mut Vec<u8>,
) -> core::result::Result<(), EncodeError> {
    attrs.iter().try_for_each(|a| a.encode(out))
}
