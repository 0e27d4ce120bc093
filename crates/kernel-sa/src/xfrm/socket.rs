//! One netlink XFRM socket: numbered requests with their replies, or multicast events.

use crate::error::{Errno, KernelError, OpKind};
use netlink_packet_core::{
    NetlinkBuffer, NetlinkHeader, NetlinkMessage, NetlinkPayload, NlasIterator, NLM_F_ACK,
    NLM_F_DUMP, NLM_F_REQUEST,
};
use netlink_packet_xfrm::XfrmMessage;
use netlink_sys::{protocols::NETLINK_XFRM, Socket, SocketAddr};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use zeroize::Zeroizing;

/// Large enough for any single datagram the kernel sends (dump batches are below 32 KiB).
const RECV_BUF: usize = 1 << 16;

/// What a request expects back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// Only the acknowledgement.
    Ack,
    /// Replies then the acknowledgement (GETSA, ALLOCSPI).
    Reply,
    /// A multipart dump ending in NLMSG_DONE.
    Dump,
}

#[derive(Debug)]
pub(crate) struct NlSocket {
    sock: Socket,
    port: u32,
    seq: u32,
}

impl NlSocket {
    /// A socket bound to a kernel-chosen port, joined to `groups` (XFRMNLGRP_*).
    pub(crate) fn open(groups: &[u32], non_blocking: bool) -> Result<Self, KernelError> {
        let io = |e: std::io::Error| KernelError::io(OpKind::Open, &e);
        let mut sock = Socket::new(NETLINK_XFRM).map_err(io)?;
        let addr = sock.bind_auto().map_err(io)?;
        sock.connect(&SocketAddr::new(0, 0)).map_err(io)?;
        // Extended acks carry the kernel's reason; capped acks do not echo the request
        // (which may hold keys) back to us.
        sock.set_ext_ack(true).map_err(io)?;
        sock.set_cap_ack(true).map_err(io)?;
        for g in groups {
            sock.add_membership(*g).map_err(io)?;
        }
        sock.set_non_blocking(non_blocking).map_err(io)?;
        Ok(NlSocket {
            sock,
            port: addr.port_number(),
            seq: 0,
        })
    }

    /// Sends one request and collects the kernel's replies up to the ack or DONE. A
    /// negative ack becomes [`KernelError::Kernel`] with the errno.
    pub(crate) fn request(
        &mut self,
        op: OpKind,
        mut msg: XfrmMessage,
        expect: Expect,
    ) -> Result<Vec<XfrmMessage>, KernelError> {
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        let mut header = NetlinkHeader::default();
        header.flags = match expect {
            Expect::Dump => NLM_F_REQUEST | NLM_F_DUMP,
            Expect::Ack | Expect::Reply => NLM_F_REQUEST | NLM_F_ACK,
        };
        header.sequence_number = seq;
        header.port_number = self.port;
        let mut nl = NetlinkMessage::new(header, NetlinkPayload::InnerMessage(msg.clone()));
        super::encode::wipe_keys(&mut msg);
        nl.finalize();
        // Key bytes pass through this buffer: wipe it when done.
        let mut buf = Zeroizing::new(vec![0u8; nl.buffer_len()]);
        nl.serialize(&mut buf[..]);
        if let NetlinkPayload::InnerMessage(m) = &mut nl.payload {
            super::encode::wipe_keys(m);
        }
        self.sock
            .send(&buf, 0)
            .map_err(|e| KernelError::io(op, &e))?;
        let mut replies = Vec::new();
        loop {
            for m in self.recv(op)? {
                if m.header.sequence_number != seq {
                    continue; // an answer to an earlier request we gave up on
                }
                match m.payload {
                    NetlinkPayload::Error(e) => {
                        return match e.code {
                            None => Ok(replies),
                            Some(c) => Err(KernelError::Kernel {
                                op,
                                errno: Errno(c.get().saturating_abs()),
                                extack: extack_message(&e.header),
                            }),
                        };
                    }
                    NetlinkPayload::Done(_) => return Ok(replies),
                    NetlinkPayload::InnerMessage(x) => replies.push(x),
                    _ => {}
                }
            }
        }
    }

    /// Reads one datagram and parses every message in it. On a non-blocking socket with
    /// nothing queued, returns an empty list.
    pub(crate) fn recv(
        &mut self,
        op: OpKind,
    ) -> Result<Vec<NetlinkMessage<XfrmMessage>>, KernelError> {
        let mut buf = Zeroizing::new(Vec::with_capacity(RECV_BUF));
        let n = match self.sock.recv(&mut *buf, libc::MSG_TRUNC) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Ok(Vec::new()),
            Err(e) => return Err(KernelError::io(op, &e)),
        };
        if n > buf.len() {
            return Err(KernelError::Malformed {
                op,
                detail: format!("datagram of {n} bytes truncated to {}", buf.len()),
            });
        }
        parse_datagram(op, &buf)
    }

    pub(crate) fn port(&self) -> u32 {
        self.port
    }
}

/// NLMSGERR_ATTR_MSG: the kernel's text in an extended ack.
const NLMSGERR_ATTR_MSG: u16 = 1;
/// Length of the echoed `nlmsghdr` before the extended-ack attributes (capped ack).
const NLMSG_HDRLEN: usize = 16;

/// The extended-ack message after the echoed request header, if any.
fn extack_message(after_code: &[u8]) -> Option<String> {
    let tlvs = after_code.get(NLMSG_HDRLEN..)?;
    NlasIterator::new(tlvs)
        .filter_map(Result::ok)
        .find(|n| n.kind() == NLMSGERR_ATTR_MSG)
        .map(|n| {
            let v = n.value();
            let end = v.iter().position(|b| *b == 0).unwrap_or(v.len());
            String::from_utf8_lossy(&v[..end]).into_owned()
        })
}

/// Splits a datagram (or a captured `sendmsg` buffer) into netlink messages, each
/// 4-byte aligned, and parses them.
pub fn parse_datagram(
    op: OpKind,
    mut data: &[u8],
) -> Result<Vec<NetlinkMessage<XfrmMessage>>, KernelError> {
    let bad = |detail: String| KernelError::Malformed { op, detail };
    let mut out = Vec::new();
    while !data.is_empty() {
        let nb = NetlinkBuffer::new_checked(data).map_err(|e| bad(e.to_string()))?;
        let len = nb.length() as usize;
        let msg = data.get(..len).ok_or_else(|| bad("short message".into()))?;
        out.push(NetlinkMessage::deserialize(msg).map_err(|e| bad(format!("{e:?}")))?);
        let aligned = len.div_ceil(4) * 4;
        data = data.get(aligned..).unwrap_or(&[]);
    }
    Ok(out)
}

impl AsRawFd for NlSocket {
    fn as_raw_fd(&self) -> RawFd {
        self.sock.as_raw_fd()
    }
}

impl AsFd for NlSocket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.sock.as_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_datagrams_are_errors() {
        for bad in [
            &[1u8, 2, 3][..],
            &[0xff; 16][..],
            &[16, 0, 0, 0, 0x10, 0][..],
        ] {
            assert!(parse_datagram(OpKind::Event, bad).is_err());
        }
        assert!(parse_datagram(OpKind::Event, &[]).unwrap().is_empty());
    }

    #[test]
    fn extack_text_is_read_after_the_echoed_header() {
        let mut b = vec![0u8; NLMSG_HDRLEN];
        let text = b"No SPI available\0";
        let len = 4 + text.len();
        b.extend((len as u16).to_ne_bytes());
        b.extend(NLMSGERR_ATTR_MSG.to_ne_bytes());
        b.extend(text);
        b.resize(b.len().div_ceil(4) * 4, 0);
        assert_eq!(extack_message(&b).as_deref(), Some("No SPI available"));
        assert_eq!(extack_message(&b[..NLMSG_HDRLEN]), None);
        assert_eq!(extack_message(&[1, 2]), None);
    }
}
