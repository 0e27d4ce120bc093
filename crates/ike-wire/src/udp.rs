//! UDP encapsulation of IKE and ESP on port 4500 (RFC 3948).
//!
//! On UDP 4500 one socket carries three things (RFC 3948 2.1, 2.2, 2.3): IKE
//! messages behind a four-octet all-zero non-ESP marker, a single 0xFF octet as
//! NAT keepalive, and ESP packets (which start with a non-zero SPI). On UDP 500
//! there is no marker: the datagram is the IKE message.

/// The non-ESP marker that precedes an IKE message on UDP 4500 (RFC 3948 2.2):
/// it occupies the place of an ESP SPI, which can never be zero.
pub const NON_ESP_MARKER: [u8; 4] = [0; 4];

/// The one-octet payload of a NAT-keepalive packet (RFC 3948 2.3).
pub const NAT_KEEPALIVE: u8 = 0xFF;

/// The IKE port (RFC 7296 2).
pub const IKE_PORT: u16 = 500;

/// The NAT-traversal port (RFC 3948, RFC 7296 2.23).
pub const NAT_T_PORT: u16 = 4500;

/// What a UDP 4500 payload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Udp4500<'a> {
    /// An IKE message; the slice starts after the non-ESP marker.
    Ike(&'a [u8]),
    /// A NAT keepalive (a single 0xFF octet).
    NatKeepalive,
    /// An ESP packet (starts with its non-zero SPI).
    Esp(&'a [u8]),
    /// Neither: empty, or too short to hold a marker or an SPI.
    Invalid,
}

/// Classify a UDP 4500 payload (RFC 3948 2.2, 2.3).
pub fn classify_4500(payload: &[u8]) -> Udp4500<'_> {
    match payload {
        [NAT_KEEPALIVE] => Udp4500::NatKeepalive,
        [0, 0, 0, 0, ike @ ..] => Udp4500::Ike(ike),
        // An ESP header is at least SPI and sequence number (RFC 4303 2).
        p if p.len() >= 8 => Udp4500::Esp(p),
        _ => Udp4500::Invalid,
    }
}

/// The IKE message inside a UDP payload received on `port` (500 or 4500), or
/// `None` when it is not IKE (ESP, keepalive, garbage, another port).
pub fn ike_payload(port: u16, payload: &[u8]) -> Option<&[u8]> {
    match port {
        IKE_PORT => Some(payload),
        NAT_T_PORT => match classify_4500(payload) {
            Udp4500::Ike(ike) => Some(ike),
            _ => None,
        },
        _ => None,
    }
}

/// Prepend the non-ESP marker to an IKE message for sending on UDP 4500.
pub fn with_non_esp_marker(ike: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(ike.len() + NON_ESP_MARKER.len());
    v.extend_from_slice(&NON_ESP_MARKER);
    v.extend_from_slice(ike);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(classify_4500(&[0xff]), Udp4500::NatKeepalive);
        assert_eq!(classify_4500(&[0, 0, 0, 0, 1, 2]), Udp4500::Ike(&[1, 2]));
        assert_eq!(classify_4500(&[0, 0, 0, 0]), Udp4500::Ike(&[]));
        let esp = [0, 0, 1, 0, 0, 0, 0, 1, 9];
        assert_eq!(classify_4500(&esp), Udp4500::Esp(&esp));
        assert_eq!(classify_4500(&[]), Udp4500::Invalid);
        assert_eq!(classify_4500(&[1, 2, 3]), Udp4500::Invalid);
        assert_eq!(classify_4500(&[0xff, 0xff]), Udp4500::Invalid);
    }

    #[test]
    fn marker_round_trips() {
        let m = with_non_esp_marker(b"ike");
        assert_eq!(classify_4500(&m), Udp4500::Ike(b"ike"));
        assert_eq!(ike_payload(4500, &m), Some(&b"ike"[..]));
        assert_eq!(ike_payload(500, b"ike"), Some(&b"ike"[..]));
        assert_eq!(ike_payload(4500, &[0xff]), None);
        assert_eq!(ike_payload(53, b"x"), None);
    }
}
