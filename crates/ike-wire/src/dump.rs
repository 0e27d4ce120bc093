//! Version-dispatching dump of one IKE datagram, for `ikedump` and logs.

use crate::v2::{self, Message, RawHeader};
use core::fmt::{Result, Write};

/// Print a readable tree of one IKE message (IKEv1 or IKEv2, chosen by the
/// major version in its header). A malformed message prints what could be
/// read and a line `malformed: <error>`; this never panics.
pub fn dump_datagram(bytes: &[u8], out: &mut dyn Write) -> Result {
    let raw = match RawHeader::decode(bytes) {
        Ok(h) => h,
        Err(e) => return writeln!(out, "malformed: {e} ({} octets)", bytes.len()),
    };
    match raw.major_version {
        2 => match Message::decode(bytes) {
            Ok(m) => v2::dump(&m, out),
            Err(e) => {
                dump_raw_header(&raw, out)?;
                writeln!(out, "  malformed: {e}")
            }
        },
        1 => dump_v1(bytes, &raw, out),
        v => {
            dump_raw_header(&raw, out)?;
            writeln!(out, "  malformed: unsupported major version {v}")
        }
    }
}

fn dump_v1(bytes: &[u8], raw: &RawHeader, out: &mut dyn Write) -> Result {
    match crate::v1::Message::decode(bytes) {
        Ok(m) => crate::v1::dump(&m, out),
        Err(e) => {
            dump_raw_header(raw, out)?;
            writeln!(out, "  malformed: {e}")
        }
    }
}

fn dump_raw_header(h: &RawHeader, out: &mut dyn Write) -> Result {
    write!(
        out,
        "IKE version {}.{} exchange {} message ID {} length {}\n  SPIi ",
        h.major_version, h.minor_version, h.exchange_type, h.message_id, h.length
    )?;
    for b in h.spi_i {
        write!(out, "{b:02x}")?;
    }
    out.write_str("  SPIr ")?;
    for b in h.spi_r {
        write!(out, "{b:02x}")?;
    }
    writeln!(
        out,
        "  flags 0x{:02x}  next payload {}",
        h.flags, h.next_payload
    )
}
