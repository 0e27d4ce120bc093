//! The debug form: `[--name NAME] --debug-CLASS... --impair-WHAT...`.

use crate::codec::{wire_struct, wire_unit_enum, Reader, Wire, Writer};
use crate::error::Error;

/// A debug class of the manual (`--debug-CLASS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DebugClass {
    /// `raw`: raw bytes of messages.
    Raw,
    /// `crypt`: encryption and decryption of messages.
    Crypt,
    /// `parsing`: structure of input messages.
    Parsing,
    /// `emitting`: structure of output messages.
    Emitting,
    /// `control`: pluto's decision making.
    Control,
    /// `controlmore`: more decision making.
    ControlMore,
    /// `lifecycle`: lifecycle of SAs.
    Lifecycle,
    /// `kernel`: interaction with the kernel.
    Kernel,
    /// `klips` (obsolete stack).
    Klips,
    /// `pfkey` (obsolete interface).
    Pfkey,
    /// `dns`.
    Dns,
    /// `dpd`: Dead Peer Detection.
    Dpd,
    /// `natt` / `nat-t`: NAT traversal.
    NatT,
    /// `oppo`.
    Oppo,
    /// `oppoinfo`.
    OppoInfo,
    /// `whackwatch`.
    WhackWatch,
    /// `private`: allow private keys in debug output.
    Private,
    /// `x509`.
    X509,
}
wire_unit_enum!(DebugClass {
    Raw = 0,
    Crypt = 1,
    Parsing = 2,
    Emitting = 3,
    Control = 4,
    ControlMore = 5,
    Lifecycle = 6,
    Kernel = 7,
    Klips = 8,
    Pfkey = 9,
    Dns = 10,
    Dpd = 11,
    NatT = 12,
    Oppo = 13,
    OppoInfo = 14,
    WhackWatch = 15,
    Private = 16,
    X509 = 17,
});

/// Option suffixes (`--debug-SUFFIX`) and their classes; two spellings of NAT-T.
pub const DEBUG_CLASS_NAMES: &[(&str, DebugClass)] = &[
    ("raw", DebugClass::Raw),
    ("crypt", DebugClass::Crypt),
    ("parsing", DebugClass::Parsing),
    ("emitting", DebugClass::Emitting),
    ("control", DebugClass::Control),
    ("controlmore", DebugClass::ControlMore),
    ("lifecycle", DebugClass::Lifecycle),
    ("kernel", DebugClass::Kernel),
    ("klips", DebugClass::Klips),
    ("pfkey", DebugClass::Pfkey),
    ("dns", DebugClass::Dns),
    ("dpd", DebugClass::Dpd),
    ("natt", DebugClass::NatT),
    ("nat-t", DebugClass::NatT),
    ("oppo", DebugClass::Oppo),
    ("oppoinfo", DebugClass::OppoInfo),
    ("whackwatch", DebugClass::WhackWatch),
    ("private", DebugClass::Private),
    ("x509", DebugClass::X509),
];

impl DebugClass {
    /// The class's name (`--debug-NAME` without the prefix).
    pub fn name(self) -> &'static str {
        DEBUG_CLASS_NAMES
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("?", |(n, _)| n)
    }

    /// Every class.
    pub fn all() -> impl Iterator<Item = DebugClass> {
        let mut seen: Vec<DebugClass> = Vec::new();
        DEBUG_CLASS_NAMES.iter().filter_map(move |(_, c)| {
            if seen.contains(c) {
                None
            } else {
                seen.push(*c);
                Some(*c)
            }
        })
    }
}

/// One change to the debug set, applied in the order given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DebugChange {
    /// `--debug-none`: clear every class.
    None,
    /// `--debug-all`: set every class (except `private`, as in Libreswan).
    All,
    /// `--debug-CLASS`: add one class.
    Add(DebugClass),
}

impl Wire for DebugChange {
    fn put(&self, w: &mut Writer) {
        match self {
            DebugChange::None => w.u8(0),
            DebugChange::All => w.u8(1),
            DebugChange::Add(c) => {
                w.u8(2);
                c.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let (tag, at) = r.tag(what);
        match tag? {
            0 => Ok(DebugChange::None),
            1 => Ok(DebugChange::All),
            2 => Ok(DebugChange::Add(DebugClass::get(r, what)?)),
            tag => Err(Error::InvalidTag {
                what: "DebugChange",
                tag,
                at,
            }),
        }
    }
}

/// A testing impairment of the manual (`--impair-WHAT`), or a modern
/// `--impair WHAT[:HOW]` by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Impairment {
    /// `--impair-bust-mi2`.
    BustMi2,
    /// `--impair-bust-mr2`.
    BustMr2,
    /// `--impair-sa-fail`.
    SaFail,
    /// `--impair-die-oninfo`.
    DieOnInfo,
    /// `--impair-jacob-two-two`.
    JacobTwoTwo,
    /// `--impair-major-version-bump`.
    MajorVersionBump,
    /// `--impair-minor-version-bump`.
    MinorVersionBump,
    /// `--impair-retransmits`.
    Retransmits,
    /// `--impair-send-bogus-isakmp-flag`.
    SendBogusIsakmpFlag,
    /// `--impair-send-ikev2-ke`.
    SendIkev2Ke,
    /// `--impair-send-key-size-check`.
    SendKeySizeCheck,
    /// `--impair-send-no-delete`.
    SendNoDelete,
    /// `--impair WHAT[:HOW]`: by name, for pluto to interpret.
    Named(String),
}

/// Option suffixes (`--impair-SUFFIX`) of the manual and their impairments.
pub const IMPAIR_NAMES: &[(&str, Impairment)] = &[
    ("bust-mi2", Impairment::BustMi2),
    ("bust-mr2", Impairment::BustMr2),
    ("sa-fail", Impairment::SaFail),
    ("die-oninfo", Impairment::DieOnInfo),
    ("jacob-two-two", Impairment::JacobTwoTwo),
    ("major-version-bump", Impairment::MajorVersionBump),
    ("minor-version-bump", Impairment::MinorVersionBump),
    ("retransmits", Impairment::Retransmits),
    ("send-bogus-isakmp-flag", Impairment::SendBogusIsakmpFlag),
    ("send-ikev2-ke", Impairment::SendIkev2Ke),
    ("send-key-size-check", Impairment::SendKeySizeCheck),
    ("send-no-delete", Impairment::SendNoDelete),
];

impl Wire for Impairment {
    fn put(&self, w: &mut Writer) {
        match self {
            Impairment::Named(name) => {
                w.u8(255);
                name.put(w);
            }
            known => {
                let tag = IMPAIR_NAMES
                    .iter()
                    .position(|(_, i)| i == known)
                    .and_then(|p| u8::try_from(p).ok())
                    .unwrap_or(254);
                w.u8(tag);
            }
        }
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let (tag, at) = r.tag(what);
        let tag = tag?;
        if tag == 255 {
            return Ok(Impairment::Named(String::get(r, what)?));
        }
        IMPAIR_NAMES
            .get(usize::from(tag))
            .map(|(_, i)| i.clone())
            .ok_or(Error::InvalidTag {
                what: "Impairment",
                tag,
                at,
            })
    }
}

/// The debug form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct DebugRequest {
    /// `--name`: apply to this connection only (whenever pluto deals with it).
    pub connection: Option<String>,
    /// `--debug-*` in command-line order.
    pub changes: Vec<DebugChange>,
    /// `--impair-*` in command-line order.
    pub impairments: Vec<Impairment>,
}
wire_struct!(DebugRequest {
    connection,
    changes,
    impairments
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_all() {
        assert_eq!(DebugClass::NatT.name(), "natt");
        assert_eq!(DebugClass::all().count(), 18);
    }

    #[test]
    fn impairment_tags_round_trip() {
        for (_, imp) in IMPAIR_NAMES {
            let mut w = Writer::default();
            imp.put(&mut w);
            let mut r = Reader::new(&w.buf);
            assert_eq!(&Impairment::get(&mut r, "i").unwrap(), imp);
        }
    }
}
