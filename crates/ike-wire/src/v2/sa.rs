//! Security Association payload: proposals, transforms, transform
//! attributes (RFC 7296 3.3).

use crate::cursor::Cursor;
use crate::error::{Context, ErrorKind, Result};
use crate::v2::emit::{count8, patch_len16, pos, Sink};
use crate::v2::limits::{MAX_PROPOSALS, MAX_TRANSFORMS, MAX_TRANSFORM_ATTRIBUTES};
use crate::v2::registry::{
    DhGroup, EncrId, EsnId, IntegId, PrfId, ProtocolId, TransformAttributeType, TransformType,
};
use crate::EncodeError;

/// SA payload body: one or more proposals (RFC 7296 3.3).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sa<'a> {
    /// The proposals, in order.
    pub proposals: Vec<Proposal<'a>>,
}

/// One proposal substructure (RFC 7296 3.3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal<'a> {
    /// Proposal Num (1 for the first, then consecutive; a responder echoes
    /// the one it chose).
    pub number: u8,
    /// Protocol ID (IKE, AH, ESP).
    pub protocol_id: ProtocolId,
    /// SPI: empty in an initial IKE_SA_INIT, 8 octets for an IKE SA rekey,
    /// 4 for AH/ESP.
    pub spi: &'a [u8],
    /// The transforms.
    pub transforms: Vec<Transform>,
}

/// One transform substructure (RFC 7296 3.3.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transform {
    /// Transform Type.
    pub transform_type: TransformType,
    /// Transform ID, in the registry of `transform_type`.
    pub id: u16,
    /// Transform attributes (in practice only Key Length).
    pub attributes: Vec<TransformAttribute>,
}

/// A transform's ID read in the registry its type selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransformId {
    /// Type 1.
    Encr(EncrId),
    /// Type 2.
    Prf(PrfId),
    /// Type 3.
    Integ(IntegId),
    /// Type 4, and the ADDKE types 6-12 (RFC 9370).
    Ke(DhGroup),
    /// Type 5.
    Esn(EsnId),
    /// A transform type without a registry here.
    Other(TransformType, u16),
}

impl core::fmt::Display for TransformId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TransformId::Encr(x) => x.fmt(f),
            TransformId::Prf(x) => x.fmt(f),
            TransformId::Integ(x) => x.fmt(f),
            TransformId::Ke(x) => x.fmt(f),
            TransformId::Esn(x) => x.fmt(f),
            TransformId::Other(_, x) => x.fmt(f),
        }
    }
}

/// A transform attribute (RFC 7296 3.3.5): TV (AF=1, 16-bit value) or TLV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransformAttribute {
    /// Attribute Type (15 bits).
    pub attribute_type: TransformAttributeType,
    /// The value and its form.
    pub value: AttributeValue,
}

/// The two attribute forms of RFC 7296 3.3.5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeValue {
    /// Type/Value: the value is the 16-bit field itself.
    Tv(u16),
    /// Type/Length/Value: a variable-length value (owned: no IKEv2 attribute
    /// of this form is defined, so it is rare).
    Tlv(Vec<u8>),
}

impl Transform {
    /// A transform with no attributes.
    pub fn new(id: TransformId) -> Self {
        let (transform_type, id) = match id {
            TransformId::Encr(x) => (TransformType::Encr, x.value()),
            TransformId::Prf(x) => (TransformType::Prf, x.value()),
            TransformId::Integ(x) => (TransformType::Integ, x.value()),
            TransformId::Ke(x) => (TransformType::Ke, x.value()),
            TransformId::Esn(x) => (TransformType::Esn, x.value()),
            TransformId::Other(t, x) => (t, x),
        };
        Transform {
            transform_type,
            id,
            attributes: Vec::new(),
        }
    }

    /// An encryption transform with a Key Length attribute (RFC 7296 3.3.5).
    pub fn encr_with_key_length(id: EncrId, bits: u16) -> Self {
        let mut t = Transform::new(TransformId::Encr(id));
        t.attributes.push(TransformAttribute {
            attribute_type: TransformAttributeType::KeyLength,
            value: AttributeValue::Tv(bits),
        });
        t
    }

    /// The ID read in the registry of its type.
    pub fn typed_id(&self) -> TransformId {
        match self.transform_type {
            TransformType::Encr => TransformId::Encr(self.id.into()),
            TransformType::Prf => TransformId::Prf(self.id.into()),
            TransformType::Integ => TransformId::Integ(self.id.into()),
            TransformType::Esn => TransformId::Esn(self.id.into()),
            t if (4..=12).contains(&t.value()) => TransformId::Ke(self.id.into()),
            t => TransformId::Other(t, self.id),
        }
    }

    /// The Key Length attribute in bits, if present in TV form.
    pub fn key_length(&self) -> Option<u16> {
        self.attributes.iter().find_map(|a| match a.value {
            AttributeValue::Tv(v) if a.attribute_type == TransformAttributeType::KeyLength => {
                Some(v)
            }
            _ => None,
        })
    }
}

const CTX: Context = Context::V2Payload(33);

/// Read a proposal or transform substructure header (RFC 7296 3.3.1,
/// 3.3.2): Last Substruc (0 = last, `more` = another follows), Reserved,
/// Length (at least the 8-octet fixed part). Returns whether another
/// follows and a cursor over the rest of this substructure.
fn substructure<'a>(
    r: &mut Cursor<'a>,
    more: u8,
    field: &'static str,
    why: &'static str,
) -> Result<(bool, Cursor<'a>)> {
    let start = r.offset();
    let last = r.u8()?;
    if last != 0 && last != more {
        return Err(r.error_at(
            ErrorKind::InvalidValue {
                field,
                value: last.into(),
            },
            start,
        ));
    }
    let _reserved = r.u8()?;
    let len = usize::from(r.u16()?);
    if len < 8 {
        return Err(r.error_at(ErrorKind::BadLength { length: len, why }, start + 2));
    }
    Ok((last == more, r.sub(len - 4, CTX)?))
}

impl<'a> Sa<'a> {
    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let mut proposals = Vec::new();
        // Last Substruc: 2 = more proposals follow, 0 = last (RFC 7296 3.3.1).
        // An empty SA decodes to no proposals: the state machine answers it
        // (NO_PROPOSAL_CHOSEN), the codec only mirrors it.
        let mut more = !r.is_empty();
        while more {
            if proposals.len() == MAX_PROPOSALS {
                return Err(r.error(ErrorKind::TooMany {
                    what: "proposals",
                    limit: MAX_PROPOSALS,
                }));
            }
            let (m, mut p) = substructure(
                &mut r,
                2,
                "proposal Last Substruc",
                "proposal shorter than its 8-octet header",
            )?;
            more = m;
            proposals.push(Proposal::decode(&mut p)?);
        }
        r.finish()?;
        Ok(Sa { proposals })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(
        &self,
        out: &mut S,
    ) -> core::result::Result<(), EncodeError> {
        let n = self.proposals.len();
        for (i, p) in self.proposals.iter().enumerate() {
            let start = pos(out);
            out.put_u8(if i + 1 == n { 0 } else { 2 });
            out.put_u8(0);
            out.put_u16(0);
            out.put_u8(p.number);
            out.put_u8(p.protocol_id.value());
            out.put_u8(count8("proposal SPI", p.spi.len())?);
            out.put_u8(count8("transforms in a proposal", p.transforms.len())?);
            out.put_slice(p.spi);
            for (j, t) in p.transforms.iter().enumerate() {
                t.encode(j + 1 == p.transforms.len(), out)?;
            }
            patch_len16(out, start + 2, start, "proposal")?;
        }
        Ok(())
    }
}

impl<'a> Proposal<'a> {
    /// Decode after the Last Substruc, Reserved and Length fields.
    fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        let number = r.u8()?;
        let protocol_id = ProtocolId::from(r.u8()?);
        let spi_size = usize::from(r.u8()?);
        let num_transforms = usize::from(r.u8()?);
        let spi = r.take(spi_size)?;
        let mut transforms = Vec::with_capacity(num_transforms.min(MAX_TRANSFORMS));
        let mut more = num_transforms > 0;
        while more {
            let (m, mut t) = substructure(
                r,
                3,
                "transform Last Substruc",
                "transform shorter than its 8-octet header",
            )?;
            more = m;
            transforms.push(Transform::decode(&mut t)?);
        }
        if transforms.len() != num_transforms {
            return Err(r.error(ErrorKind::InvalidValue {
                field: "proposal # Transforms (does not match the transforms present)",
                value: num_transforms as u64,
            }));
        }
        r.finish()?;
        Ok(Proposal {
            number,
            protocol_id,
            spi,
            transforms,
        })
    }
}

impl Transform {
    /// Decode after the Last Substruc, Reserved and Length fields.
    fn decode(r: &mut Cursor<'_>) -> Result<Self> {
        let transform_type = TransformType::from(r.u8()?);
        let _reserved = r.u8()?;
        let id = r.u16()?;
        let mut attributes = Vec::new();
        while !r.is_empty() {
            if attributes.len() == MAX_TRANSFORM_ATTRIBUTES {
                return Err(r.error(ErrorKind::TooMany {
                    what: "transform attributes",
                    limit: MAX_TRANSFORM_ATTRIBUTES,
                }));
            }
            let ty = r.u16()?;
            let attribute_type = TransformAttributeType::from(ty & 0x7fff);
            let value = if ty & 0x8000 != 0 {
                AttributeValue::Tv(r.u16()?)
            } else {
                let n = usize::from(r.u16()?);
                AttributeValue::Tlv(r.take(n)?.to_vec())
            };
            attributes.push(TransformAttribute {
                attribute_type,
                value,
            });
        }
        Ok(Transform {
            transform_type,
            id,
            attributes,
        })
    }

    fn encode<S: Sink + ?Sized>(
        &self,
        last: bool,
        out: &mut S,
    ) -> core::result::Result<(), EncodeError> {
        let start = pos(out);
        out.put_u8(if last { 0 } else { 3 });
        out.put_u8(0);
        out.put_u16(0);
        out.put_u8(self.transform_type.value());
        out.put_u8(0);
        out.put_u16(self.id);
        for a in &self.attributes {
            let ty = a.attribute_type.value();
            if ty > 0x7fff {
                return Err(EncodeError::Unrepresentable(
                    "transform attribute type above 15 bits",
                ));
            }
            match &a.value {
                AttributeValue::Tv(v) => {
                    out.put_u16(ty | 0x8000);
                    out.put_u16(*v);
                }
                AttributeValue::Tlv(v) => {
                    out.put_u16(ty);
                    out.put_u16(crate::v2::emit::count16(
                        "transform attribute value",
                        v.len(),
                    )?);
                    out.put_slice(v);
                }
            }
        }
        patch_len16(out, start + 2, start, "transform")
    }
}
