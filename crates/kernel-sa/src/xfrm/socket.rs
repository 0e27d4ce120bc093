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

/// The fixed part each message type this backend reads must have, `None` for types it
/// skips. netlink-packet-xfrm slices its input without checking the length first for
/// several types, so short messages must not reach it (the kernel's own minimums,
/// `xfrm_msg_min` in net/xfrm/xfrm_user.c).
fn min_payload(ty: u16) -> Option<usize> {
    use netlink_packet_core::{NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP};
    use netlink_packet_xfrm as nx;
    Some(match ty {
        NLMSG_NOOP | NLMSG_DONE => 0,
        NLMSG_ERROR => 4,
        nx::XFRM_MSG_NEWSA | nx::XFRM_MSG_UPDSA => nx::XFRM_USER_SA_INFO_LEN,
        nx::XFRM_MSG_DELSA | nx::XFRM_MSG_GETSA => nx::XFRM_USER_SA_ID_LEN,
        nx::XFRM_MSG_NEWPOLICY | nx::XFRM_MSG_UPDPOLICY => nx::XFRM_USER_POLICY_INFO_LEN,
        nx::XFRM_MSG_DELPOLICY | nx::XFRM_MSG_GETPOLICY => nx::XFRM_USER_POLICY_ID_LEN,
        nx::XFRM_MSG_ALLOCSPI => nx::XFRM_USER_SPI_INFO_LEN,
        nx::XFRM_MSG_ACQUIRE => nx::XFRM_USER_ACQUIRE_LEN,
        nx::XFRM_MSG_EXPIRE => nx::XFRM_USER_EXPIRE_LEN,
        nx::XFRM_MSG_FLUSHSA => 1,
        _ => return None,
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
        let payload_len = len.saturating_sub(NLMSG_HDRLEN);
        match min_payload(nb.message_type()) {
            None => {} // a message type no caller of this module reads
            Some(min) if payload_len < min => {
                return Err(bad(format!(
                    "message type {} with {payload_len} payload bytes, needs {min}",
                    nb.message_type()
                )));
            }
            Some(_) => {
                out.push(NetlinkMessage::deserialize(msg).map_err(|e| bad(format!("{e:?}")))?)
            }
        }
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

    proptest::proptest! {
        /// Whatever arrives on the socket, parsing returns, never panics: a valid
        /// header of each type read here, then arbitrary payload of arbitrary length.
        #[test]
        fn hostile_datagrams_never_panic(
            ty in proptest::sample::select(vec![1u16, 2, 3, 0x10, 0x11, 0x12, 0x13, 0x14,
                0x15, 0x16, 0x17, 0x19, 0x1a, 0x1c, 0x1e, 0x20, 0x24, 0x26]),
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..600),
            claimed in 0usize..700,
        ) {
            let len = (NLMSG_HDRLEN + claimed).min(NLMSG_HDRLEN + body.len());
            let mut d = Vec::new();
            d.extend((len as u32).to_ne_bytes());
            d.extend(ty.to_ne_bytes());
            d.extend([0u8; 10]);
            d.extend(&body);
            if let Ok(msgs) = parse_datagram(OpKind::Event, &d) {
                for m in msgs {
                    if let NetlinkPayload::InnerMessage(x) = m.payload {
                        let _ = super::super::decode::event(&x);
                        if let XfrmMessage::AddPolicy(p) = &x {
                            let _ = super::super::decode::policy(&p.user_policy_info, &p.nlas);
                        }
                        if let XfrmMessage::AddSa(s) = &x {
                            let _ = super::super::decode::sa_id(&s.user_sa_info, &s.nlas);
                        }
                    }
                }
            }
        }
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
