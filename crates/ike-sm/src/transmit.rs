//! Datagrams for the caller to send.

use std::net::SocketAddr;

/// How an IKE datagram travels (RFC 3948 2.2, RFC 7296 2.23).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encap {
    /// Plain UDP (port 500 normally).
    Udp,
    /// UDP with the 4-octet non-ESP marker (port 4500); `payload` of the
    /// [`Transmit`] already starts with the marker.
    UdpNonEsp,
}

/// One datagram: send `payload` from `src` to `dst` over UDP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// Local address and port to send from.
    pub src: SocketAddr,
    /// Destination address and port.
    pub dst: SocketAddr,
    /// Encapsulation used (informational; the marker is in `payload`).
    pub encap: Encap,
    /// The exact UDP payload.
    pub payload: Vec<u8>,
}

/// The non-ESP marker (RFC 3948 2.2).
pub const NON_ESP_MARKER: [u8; 4] = [0, 0, 0, 0];

/// Build a transmit for an IKE message, adding the non-ESP marker when
/// either port is 4500 (NAT-T, RFC 7296 2.23).
pub fn ike_datagram(src: SocketAddr, dst: SocketAddr, msg: &[u8], nat_t: bool) -> Transmit {
    if nat_t {
        let mut payload = Vec::with_capacity(msg.len() + 4);
        payload.extend_from_slice(&NON_ESP_MARKER);
        payload.extend_from_slice(msg);
        Transmit {
            src,
            dst,
            encap: Encap::UdpNonEsp,
            payload,
        }
    } else {
        Transmit {
            src,
            dst,
            encap: Encap::Udp,
            payload: msg.to_vec(),
        }
    }
}
