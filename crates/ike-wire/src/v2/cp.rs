//! Configuration payload (RFC 7296 3.15, 3.15.1).

use crate::cursor::Cursor;
use crate::error::{ErrorKind, Result};
use crate::v2::emit::{count16, Sink};
use crate::v2::limits::MAX_CFG_ATTRIBUTES;
use crate::v2::registry::{CfgAttributeType, CfgType};
use crate::EncodeError;

/// CP payload body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config<'a> {
    /// CFG Type.
    pub cfg_type: CfgType,
    /// Configuration attributes.
    pub attributes: Vec<CfgAttribute<'a>>,
}

/// One configuration attribute (RFC 7296 3.15.1); an empty value asks for
/// the attribute in a CFG_REQUEST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CfgAttribute<'a> {
    /// Attribute Type (15 bits; the high bit is reserved).
    pub attribute_type: CfgAttributeType,
    /// Value.
    pub value: &'a [u8],
}

impl<'a> Config<'a> {
    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let cfg_type = CfgType::from(r.u8()?);
        let _reserved = r.take(3)?;
        let mut attributes = Vec::new();
        while !r.is_empty() {
            if attributes.len() == MAX_CFG_ATTRIBUTES {
                return Err(r.error(ErrorKind::TooMany {
                    what: "configuration attributes",
                    limit: MAX_CFG_ATTRIBUTES,
                }));
            }
            let ty = r.u16()? & 0x7fff;
            let len = usize::from(r.u16()?);
            attributes.push(CfgAttribute {
                attribute_type: CfgAttributeType::from(ty),
                value: r.take(len)?,
            });
        }
        Ok(Config {
            cfg_type,
            attributes,
        })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(
        &self,
        out: &mut S,
    ) -> core::result::Result<(), EncodeError> {
        out.put_u8(self.cfg_type.value());
        out.put_slice(&[0; 3]);
        for a in &self.attributes {
            let ty = a.attribute_type.value();
            if ty > 0x7fff {
                return Err(EncodeError::Unrepresentable(
                    "configuration attribute type above 15 bits",
                ));
            }
            out.put_u16(ty);
            out.put_u16(count16("configuration attribute", a.value.len())?);
            out.put_slice(a.value);
        }
        Ok(())
    }
}
