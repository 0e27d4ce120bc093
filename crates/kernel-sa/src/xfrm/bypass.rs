//! Per-socket bypass policies: the `xfrm_userpolicy_info` an IKE daemon sets on its
//! UDP sockets (`setsockopt(IP_XFRM_POLICY / IPV6_XFRM_POLICY)`), so its own IKE
//! messages never hit an IPsec policy (a `%trap` or an SA's policy covering the peer
//! host would otherwise hold IKE_SA_INIT itself, or wrap IKE in ESP). RFC 4301 5.1
//! ("the SPD ... must provide a means for IKE traffic to bypass IPsec"); Libreswan
//! and strongSwan set the same two policies, `in` and `out`, action allow, on each
//! IKE socket.

use super::encode::af;
use crate::addr::Family;
use crate::policy::Direction;
use netlink_packet_core::Emitable;
use netlink_packet_xfrm as nx;

/// The `xfrm_userpolicy_info` bytes for one direction of a socket bypass (an empty
/// selector of the family, action allow). `Fwd` does not apply to sockets.
pub fn socket_bypass(family: Family, dir: Direction) -> Option<Vec<u8>> {
    let direction = match dir {
        Direction::In => nx::XFRM_POLICY_IN,
        Direction::Out => nx::XFRM_POLICY_OUT,
        Direction::Fwd => return None,
    };
    let info = nx::UserPolicyInfo {
        selector: nx::Selector {
            family: af(family),
            ..Default::default()
        },
        direction,
        action: nx::XFRM_POLICY_ALLOW,
        ..Default::default()
    };
    let mut buf = vec![0u8; info.buffer_len()];
    info.emit(&mut buf);
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_the_kernels() {
        // struct xfrm_userpolicy_info: selector 56, lifetime cfg 64, cur 32,
        // priority, index, then dir, action, flags, share; 168 bytes.
        let b = socket_bypass(Family::V6, Direction::Out).unwrap();
        assert_eq!(b.len(), nx::XFRM_USER_POLICY_INFO_LEN);
        assert_eq!(u16::from_ne_bytes([b[40], b[41]]), nx::AF_INET6);
        assert_eq!(
            (b[160], b[161]),
            (nx::XFRM_POLICY_OUT, nx::XFRM_POLICY_ALLOW)
        );
        // Byte and packet limits (the first four u64 of the lifetime config) are
        // XFRM_INF; everything else but the family is zero.
        assert!(b[56..88].iter().all(|x| *x == 0xff));
        let nonzero: Vec<usize> = (0..160)
            .filter(|i| b[*i] != 0 && !(40..42).contains(i) && !(56..88).contains(i))
            .collect();
        assert!(nonzero.is_empty(), "{nonzero:?}");
        let b = socket_bypass(Family::V4, Direction::In).unwrap();
        assert_eq!(u16::from_ne_bytes([b[40], b[41]]), nx::AF_INET);
        assert_eq!(b[160], nx::XFRM_POLICY_IN);
        assert_eq!(socket_bypass(Family::V4, Direction::Fwd), None);
    }
}
