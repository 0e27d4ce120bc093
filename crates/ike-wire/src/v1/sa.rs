//! Security Association, Proposal and Transform payloads (RFC 2408 3.4-3.6,
//! RFC 2407 4.6.1).

use super::attribute::{decode_attributes, encode_attributes, DataAttribute};
use super::limits::{MAX_PROPOSALS, MAX_TRANSFORMS};
use super::registry::{
    situation, AhTransformId, Doi, EspTransformId, IpcompTransformId, IsakmpTransformId,
    PayloadType, ProtocolId,
};
use super::writer::{begin_payload, finish_payload, put_u16, put_u32, u8_len};
use crate::cursor::Cursor;
use crate::error::{Context, EncodeError, ErrorKind, Result};

/// A Security Association payload body (after the generic header).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SecurityAssociation<'a> {
    /// IPsec DOI (1) without labeled situation data: the proposals are parsed.
    Ipsec {
        /// Situation bitmap (RFC 2407 4.2); never has SIT_SECRECY or
        /// SIT_INTEGRITY set (those carry labeled data and decode as `Other`).
        situation: u32,
        /// The proposals, in wire order.
        proposals: Vec<Proposal<'a>>,
    },
    /// Any other DOI, or an IPsec SA with labeled secrecy/integrity data
    /// (RFC 2407 4.6.1), which no deployed peer sends: kept opaque.
    Other {
        /// Domain of Interpretation.
        doi: Doi,
        /// Everything after the DOI field (situation and proposals).
        body: &'a [u8],
    },
}

impl<'a> SecurityAssociation<'a> {
    /// An IPsec DOI SA with SIT_IDENTITY_ONLY, as every IKEv1 peer sends it.
    pub fn ipsec(proposals: Vec<Proposal<'a>>) -> Self {
        SecurityAssociation::Ipsec {
            situation: situation::IDENTITY_ONLY,
            proposals,
        }
    }

    /// The Domain of Interpretation.
    pub fn doi(&self) -> Doi {
        match self {
            SecurityAssociation::Ipsec { .. } => Doi::Ipsec,
            SecurityAssociation::Other { doi, .. } => *doi,
        }
    }

    /// The proposals, if this is an IPsec DOI SA.
    pub fn proposals(&self) -> &[Proposal<'a>] {
        match self {
            SecurityAssociation::Ipsec { proposals, .. } => proposals,
            SecurityAssociation::Other { .. } => &[],
        }
    }

    pub(crate) fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        let doi = Doi::from(r.u32()?);
        let body_start = r.clone();
        if doi == Doi::Ipsec {
            let sit = r.u32()?;
            if sit & (situation::SECRECY | situation::INTEGRITY) == 0 {
                let proposals = decode_proposals(r)?;
                return Ok(SecurityAssociation::Ipsec {
                    situation: sit,
                    proposals,
                });
            }
        }
        let mut r2 = body_start;
        let body = r2.rest();
        *r = r2;
        Ok(SecurityAssociation::Other { doi, body })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> core::result::Result<(), EncodeError> {
        match self {
            SecurityAssociation::Ipsec {
                situation,
                proposals,
            } => {
                put_u32(out, Doi::Ipsec.value());
                put_u32(out, *situation);
                let n = proposals.len();
                for (i, p) in proposals.iter().enumerate() {
                    p.encode(i + 1 == n, out)?;
                }
            }
            SecurityAssociation::Other { doi, body } => {
                put_u32(out, doi.value());
                out.extend_from_slice(body);
            }
        }
        Ok(())
    }
}

/// A Proposal payload (RFC 2408 3.5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Proposal<'a> {
    /// Proposal # (proposals with the same number are ANDed, RFC 2408 4.2).
    pub number: u8,
    /// Protocol-Id (RFC 2407 4.4.1).
    pub protocol: ProtocolId,
    /// SPI (0..=255 octets; empty in Phase 1, 4 octets for AH/ESP, 2 or 4 for IPCOMP).
    pub spi: &'a [u8],
    /// Transforms, in wire order.
    pub transforms: Vec<Transform<'a>>,
}

/// A Transform payload (RFC 2408 3.6).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Transform<'a> {
    /// Transform #.
    pub number: u8,
    /// Transform-Id; its registry depends on the proposal's protocol, see
    /// [`TransformId`].
    pub transform_id: u8,
    /// SA attributes (RFC 2409 App. A for PROTO_ISAKMP, RFC 2407 4.5 otherwise).
    pub attributes: Vec<DataAttribute<'a>>,
}

/// A transform identifier interpreted in its protocol's registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransformId {
    /// PROTO_ISAKMP (RFC 2407 4.4.2).
    Isakmp(IsakmpTransformId),
    /// PROTO_IPSEC_AH (RFC 2407 4.4.3).
    Ah(AhTransformId),
    /// PROTO_IPSEC_ESP (RFC 2407 4.4.4).
    Esp(EspTransformId),
    /// PROTO_IPCOMP (RFC 2407 4.4.5).
    Ipcomp(IpcompTransformId),
    /// A protocol without a known registry.
    Other(u8),
}

impl TransformId {
    /// Interpret `id` for `protocol`.
    pub fn new(protocol: ProtocolId, id: u8) -> Self {
        match protocol {
            ProtocolId::Isakmp => TransformId::Isakmp(id.into()),
            ProtocolId::IpsecAh => TransformId::Ah(id.into()),
            ProtocolId::IpsecEsp => TransformId::Esp(id.into()),
            ProtocolId::Ipcomp => TransformId::Ipcomp(id.into()),
            _ => TransformId::Other(id),
        }
    }
}

impl core::fmt::Display for TransformId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TransformId::Isakmp(v) => v.fmt(f),
            TransformId::Ah(v) => v.fmt(f),
            TransformId::Esp(v) => v.fmt(f),
            TransformId::Ipcomp(v) => v.fmt(f),
            TransformId::Other(v) => v.fmt(f),
        }
    }
}

const P: u8 = 2; // PayloadType::Proposal
const T: u8 = 3; // PayloadType::Transform

/// Read one generic header inside an SA, checking the next-payload value that
/// RFC 2408 3.5/3.6 mandate (`more` if another follows, else 0), and return a
/// reader over the body.
fn sub_payload<'a>(
    r: &mut Cursor<'a>,
    more: u8,
    field: &'static str,
    ctx: Context,
) -> Result<Cursor<'a>> {
    let start = r.offset();
    let next = r.u8()?;
    r.reserved(1, "RESERVED")?;
    let len = usize::from(r.u16()?);
    if len < 4 {
        return Err(r.error_at(
            ErrorKind::BadLength {
                length: len,
                why: "shorter than the generic payload header",
            },
            start + 2,
        ));
    }
    if len - 4 > r.remaining() {
        return Err(r.error_at(
            ErrorKind::BadLength {
                length: len,
                why: "exceeds the enclosing payload",
            },
            start + 2,
        ));
    }
    let body = r.sub(len - 4, ctx)?;
    let expect = if r.is_empty() { 0 } else { more };
    if next != expect {
        return Err(r.error_at(
            ErrorKind::InvalidValue {
                field,
                value: u64::from(next),
            },
            start,
        ));
    }
    Ok(body)
}

fn decode_proposals<'a>(r: &mut Cursor<'a>) -> Result<Vec<Proposal<'a>>> {
    let mut v = Vec::new();
    while !r.is_empty() {
        if v.len() == MAX_PROPOSALS {
            return Err(r.error(ErrorKind::TooMany {
                what: "proposals",
                limit: MAX_PROPOSALS,
            }));
        }
        let mut pr = sub_payload(
            r,
            P,
            "Proposal Next Payload",
            Context::V1Payload(PayloadType::Proposal.value()),
        )?;
        v.push(Proposal::decode(&mut pr)?);
    }
    Ok(v)
}

impl<'a> Proposal<'a> {
    fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        let number = r.u8()?;
        let protocol = ProtocolId::from(r.u8()?);
        let spi_size = usize::from(r.u8()?);
        let count_at = r.offset();
        let count = usize::from(r.u8()?);
        let spi = r.take(spi_size)?;
        let mut transforms = Vec::new();
        while !r.is_empty() {
            if transforms.len() == MAX_TRANSFORMS {
                return Err(r.error(ErrorKind::TooMany {
                    what: "transforms",
                    limit: MAX_TRANSFORMS,
                }));
            }
            let mut tr = sub_payload(
                r,
                T,
                "Transform Next Payload",
                Context::V1Payload(PayloadType::Transform.value()),
            )?;
            transforms.push(Transform::decode(&mut tr)?);
        }
        if transforms.len() != count {
            return Err(r.error_at(
                ErrorKind::InvalidValue {
                    field: "# of Transforms",
                    value: count as u64,
                },
                count_at,
            ));
        }
        Ok(Proposal {
            number,
            protocol,
            spi,
            transforms,
        })
    }

    fn encode(&self, last: bool, out: &mut Vec<u8>) -> core::result::Result<(), EncodeError> {
        let at = begin_payload(out, if last { 0 } else { P });
        out.push(self.number);
        out.push(self.protocol.value());
        out.push(u8_len(self.spi.len(), "proposal SPI")?);
        out.push(u8_len(self.transforms.len(), "proposal transform count")?);
        out.extend_from_slice(self.spi);
        let n = self.transforms.len();
        for (i, t) in self.transforms.iter().enumerate() {
            t.encode(i + 1 == n, out)?;
        }
        finish_payload(out, at, "proposal")
    }
}

impl<'a> Transform<'a> {
    fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        let number = r.u8()?;
        let transform_id = r.u8()?;
        r.reserved(2, "RESERVED2")?;
        let attributes = decode_attributes(r)?;
        Ok(Transform {
            number,
            transform_id,
            attributes,
        })
    }

    fn encode(&self, last: bool, out: &mut Vec<u8>) -> core::result::Result<(), EncodeError> {
        let at = begin_payload(out, if last { 0 } else { T });
        out.push(self.number);
        out.push(self.transform_id);
        put_u16(out, 0); // RESERVED2
        encode_attributes(&self.attributes, out)?;
        finish_payload(out, at, "transform")
    }

    /// The transform identifier in the registry of `protocol`.
    pub fn id(&self, protocol: ProtocolId) -> TransformId {
        TransformId::new(protocol, self.transform_id)
    }
}
