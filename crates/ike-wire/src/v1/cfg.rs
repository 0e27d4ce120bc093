//! Attribute payload (type 14) of the Transaction exchange, carrying ModeCfg
//! (draft-dukes-ike-mode-cfg-02 3.2) and XAUTH (draft-beaulieu-ike-xauth-02)
//! attributes.

use super::attribute::{decode_attributes, encode_attributes, DataAttribute};
use super::registry::{CfgAttributeType, CfgType};
use super::writer::put_u16;
use crate::cursor::Cursor;
use crate::error::{EncodeError, Result};

/// An Attribute payload body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttributePayload<'a> {
    /// ISAKMP_CFG_REQUEST / REPLY / SET / ACK.
    pub cfg_type: CfgType,
    /// Identifier of the transaction (draft-dukes-ike-mode-cfg-02 3.2).
    pub identifier: u16,
    /// The attributes (types: [`CfgAttributeType`]).
    pub attributes: Vec<DataAttribute<'a>>,
}

impl<'a> AttributePayload<'a> {
    pub(crate) fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        let cfg_type = CfgType::from(r.u8()?);
        r.reserved(1, "RESERVED")?;
        let identifier = r.u16()?;
        let attributes = decode_attributes(r)?;
        Ok(AttributePayload {
            cfg_type,
            identifier,
            attributes,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> core::result::Result<(), EncodeError> {
        out.push(self.cfg_type.value());
        out.push(0);
        put_u16(out, self.identifier);
        encode_attributes(&self.attributes, out)
    }

    /// The first attribute of type `t`.
    pub fn get(&self, t: CfgAttributeType) -> Option<&DataAttribute<'a>> {
        self.attributes.iter().find(|a| a.attr_type() == t.value())
    }
}
