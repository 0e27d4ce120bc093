//! Typed requests to netlink-packet-xfrm messages.
//!
//! Field choices follow iproute2 (`ip xfrm`), so that the same SA or policy produces the
//! same message; the capture test compares them attribute by attribute. In particular:
//! limits not set are `XFRM_INF` for bytes and packets and 0 for seconds (the kernel's
//! "no limit"); ESN or a window above 32 packets moves the window into
//! XFRMA_REPLAY_ESN_VAL with `replay_window` 0 in `xfrm_usersa_info`; integrity is always
//! XFRMA_ALG_AUTH_TRUNC.

use super::algs::{self, KernelAlg};
use crate::addr::Family;
use crate::error::{KernelError, OpKind};
use crate::lifetime::{Lifetimes, Limits};
use crate::policy::{Direction, PolicyAction, PolicyId, PolicySpec, Selector, TemplateMode};
use crate::sa::{Mark, Mode, SaId, SaSpec};
use crate::spi::SpiRequest;
use crate::validate::{alg_error, check_sa};
use netlink_packet_xfrm as nx;
use netlink_packet_xfrm::{policy, state, XfrmAttrs, XfrmMessage};
use std::net::IpAddr;
use zeroize::Zeroize;

/// AF_INET / AF_INET6 as the kernel numbers them.
pub(crate) fn af(f: Family) -> u16 {
    match f {
        Family::V4 => nx::AF_INET,
        Family::V6 => nx::AF_INET6,
    }
}

fn addr(a: &IpAddr) -> nx::Address {
    nx::Address::from_ip(a)
}

/// The kernel selector for a typed one (ports with full masks when set).
pub(crate) fn selector(s: &Selector) -> nx::Selector {
    let u = s.upper();
    nx::Selector {
        daddr: addr(&s.dst().addr()),
        saddr: addr(&s.src().addr()),
        dport: u.dst_port().unwrap_or(0),
        dport_mask: if u.dst_port().is_some() { 0xffff } else { 0 },
        sport: u.src_port().unwrap_or(0),
        sport_mask: if u.src_port().is_some() { 0xffff } else { 0 },
        family: af(s.family()),
        prefixlen_d: s.dst().prefix_len(),
        prefixlen_s: s.src().prefix_len(),
        proto: u.proto(),
        ifindex: 0,
        user: 0,
    }
}

fn lifetime_cfg(l: &Lifetimes) -> nx::LifetimeConfig {
    let inf = |v: Option<u64>| v.unwrap_or(nx::XFRM_INF);
    let secs = |v: Option<u64>| v.unwrap_or(0);
    let (s, h): (&Limits, &Limits) = (&l.soft, &l.hard);
    nx::LifetimeConfig {
        soft_byte_limit: inf(s.bytes),
        hard_byte_limit: inf(h.bytes),
        soft_packet_limit: inf(s.packets),
        hard_packet_limit: inf(h.packets),
        soft_add_expires_seconds: secs(s.seconds),
        hard_add_expires_seconds: secs(h.seconds),
        soft_use_expires_seconds: 0,
        hard_use_expires_seconds: 0,
    }
}

fn mark_attr(m: &Option<Mark>) -> Option<XfrmAttrs> {
    m.map(|m| {
        XfrmAttrs::Mark(nx::Mark {
            value: m.value,
            mask: m.mask,
        })
    })
}

fn name64(op: OpKind, name: &str) -> Result<[u8; 64], KernelError> {
    let mut out = [0u8; 64];
    // The kernel needs a NUL terminator inside the 64 bytes (CRYPTO_MAX_ALG_NAME).
    if name.len() >= out.len() {
        return Err(KernelError::Invalid {
            op,
            what: format!("algorithm name {name} too long"),
        });
    }
    out[..name.len()].copy_from_slice(name.as_bytes());
    Ok(out)
}

fn key_bits(op: OpKind, a: &KernelAlg<'_>) -> Result<u32, KernelError> {
    u32::try_from(a.key.len() * 8).map_err(|_| KernelError::Invalid {
        op,
        what: format!("{} key too long", a.name),
    })
}

fn alg_attrs(op: OpKind, spec: &SaSpec) -> Result<Vec<XfrmAttrs>, KernelError> {
    let k = algs::resolve(&spec.algorithms).map_err(|e| alg_error(op, &e))?;
    let mut out = Vec::new();
    if let Some(a) = k.aead {
        out.push(XfrmAttrs::EncryptionAlgAead(nx::AlgAead {
            alg_name: name64(op, a.name)?,
            alg_key_len: key_bits(op, &a)?,
            alg_icv_len: a.extra_bits,
            alg_key: a.key.to_vec(),
        }));
    }
    if let Some(a) = k.crypt {
        out.push(XfrmAttrs::EncryptionAlg(nx::Alg {
            alg_name: name64(op, a.name)?,
            alg_key_len: key_bits(op, &a)?,
            alg_key: a.key.to_vec(),
        }));
    }
    if let Some(a) = k.auth {
        out.push(XfrmAttrs::AuthenticationAlgTrunc(nx::AlgAuth {
            alg_name: name64(op, a.name)?,
            alg_key_len: key_bits(op, &a)?,
            alg_trunc_len: a.extra_bits,
            alg_key: a.key.to_vec(),
        }));
    }
    Ok(out)
}

/// XFRM_MSG_NEWSA (`update == false`) or XFRM_MSG_UPDSA for an SA.
pub fn sa_message(spec: &SaSpec, update: bool) -> Result<XfrmMessage, KernelError> {
    let op = if update {
        OpKind::UpdateSa
    } else {
        OpKind::AddSa
    };
    check_sa(op, spec)?;
    let family = spec.family().map(af).ok_or_else(|| KernelError::Invalid {
        op,
        what: "mixed families".into(),
    })?;
    // RFC 4303 2.2.1 / iproute2: the legacy 32-bit bitmap cannot hold a larger window,
    // and ESN needs the ESN replay state.
    let use_esn_state = spec.esn || spec.replay_window > 32;
    let legacy_window = if use_esn_state {
        0
    } else {
        u8::try_from(spec.replay_window).unwrap_or(u8::MAX)
    };
    let mut flags = 0u8;
    if spec.esn {
        flags |= nx::XFRM_STATE_ESN;
    }
    let info = nx::UserSaInfo {
        selector: spec.selector.as_ref().map(selector).unwrap_or_default(),
        id: nx::Id {
            daddr: addr(&spec.dst),
            spi: spec.spi.0,
            proto: spec.proto().ip_proto(),
        },
        saddr: addr(&spec.src),
        lifetime_cfg: lifetime_cfg(&spec.lifetimes),
        lifetime_cur: nx::Lifetime::default(),
        stats: nx::Stats::default(),
        seq: 0,
        reqid: spec.reqid.0,
        family,
        mode: match spec.mode {
            Mode::Transport => nx::XFRM_MODE_TRANSPORT,
            Mode::Tunnel => nx::XFRM_MODE_TUNNEL,
        },
        replay_window: legacy_window,
        flags,
    };
    let mut nlas = alg_attrs(op, spec)?;
    if let Some(e) = spec.encap {
        nlas.push(XfrmAttrs::EncapsulationTemplate(nx::EncapTmpl {
            encap_type: nx::UDP_ENCAP_ESPINUDP,
            encap_sport: e.src_port,
            encap_dport: e.dst_port,
            encap_oa: nx::Address::default(),
        }));
    }
    if use_esn_state {
        // The kernel refuses an ESN SA whose window is 0 ("ESN replay window must be
        // greater than 0", xfrm_init_replay) unless it is marked outbound, which older
        // kernels cannot express; an outbound SA never checks replay, so 1 is harmless.
        let window = if spec.esn {
            spec.replay_window.max(1)
        } else {
            spec.replay_window
        };
        // Header only, no bitmap words: the kernel accepts exactly sizeof(struct
        // xfrm_replay_state_esn) and allocates the bitmap itself (as iproute2 sends it).
        nlas.push(XfrmAttrs::ReplayStateEsn(nx::ReplayEsn {
            bmp_len: window.div_ceil(32),
            oseq: 0,
            seq: 0,
            oseq_hi: 0,
            seq_hi: 0,
            replay_window: window,
            bmp: Vec::new(),
        }));
    }
    nlas.extend(mark_attr(&spec.mark));
    let m = state::ModifyMessage {
        user_sa_info: info,
        nlas,
    };
    Ok(if update {
        XfrmMessage::UpdateSa(m)
    } else {
        XfrmMessage::AddSa(m)
    })
}

/// XFRM_MSG_ALLOCSPI.
pub fn allocspi_message(req: &SpiRequest) -> Result<XfrmMessage, KernelError> {
    let family = req.family().map(af).ok_or_else(|| KernelError::Invalid {
        op: OpKind::AllocSpi,
        what: format!("{} -> {} mixes address families", req.src, req.dst),
    })?;
    let mut info = nx::UserSaInfo {
        id: nx::Id {
            daddr: addr(&req.dst),
            spi: 0,
            proto: req.proto.ip_proto(),
        },
        saddr: addr(&req.src),
        reqid: req.reqid.0,
        family,
        ..nx::UserSaInfo::default()
    };
    info.lifetime_cfg = nx::LifetimeConfig::default();
    Ok(XfrmMessage::AllocSpi(state::AllocSpiMessage {
        spi_info: nx::UserSpiInfo {
            info,
            min: req.range.min(),
            max: req.range.max(),
        },
        nlas: mark_attr(&req.mark).into_iter().collect(),
    }))
}

fn sa_id(id: &SaId) -> nx::UserSaId {
    nx::UserSaId {
        daddr: addr(&id.dst),
        spi: id.spi.0,
        family: af(Family::of(&id.dst)),
        proto: id.proto.ip_proto(),
    }
}

/// XFRM_MSG_DELSA.
pub fn delsa_message(id: &SaId) -> XfrmMessage {
    XfrmMessage::DeleteSa(state::DelGetMessage {
        user_sa_id: sa_id(id),
        nlas: mark_attr(&id.mark).into_iter().collect(),
    })
}

/// XFRM_MSG_GETSA for one SA.
pub fn getsa_message(id: &SaId) -> XfrmMessage {
    XfrmMessage::GetSa(state::DelGetMessage {
        user_sa_id: sa_id(id),
        nlas: mark_attr(&id.mark).into_iter().collect(),
    })
}

pub(crate) fn dir(d: Direction) -> u8 {
    match d {
        Direction::In => nx::XFRM_POLICY_IN,
        Direction::Out => nx::XFRM_POLICY_OUT,
        Direction::Fwd => nx::XFRM_POLICY_FWD,
    }
}

/// XFRM_MSG_NEWPOLICY (`update == false`) or XFRM_MSG_UPDPOLICY.
pub fn policy_message(p: &PolicySpec, update: bool) -> Result<XfrmMessage, KernelError> {
    let op = if update {
        OpKind::UpdatePolicy
    } else {
        OpKind::AddPolicy
    };
    p.check()
        .map_err(|what| KernelError::Invalid { op, what })?;
    let family = af(p.selector.family());
    let info = nx::UserPolicyInfo {
        selector: selector(&p.selector),
        lifetime_cfg: nx::LifetimeConfig::default(),
        lifetime_cur: nx::Lifetime::default(),
        priority: p.priority,
        index: 0,
        direction: dir(p.dir),
        action: match p.action {
            PolicyAction::Drop => nx::XFRM_POLICY_BLOCK,
            _ => nx::XFRM_POLICY_ALLOW,
        },
        flags: 0,
        share: 0,
    };
    let mut nlas = Vec::new();
    if let Some(ts) = p.action.templates() {
        let list = ts
            .as_slice()
            .iter()
            .map(|t| {
                let (src, dst, mode, fam) = match t.mode {
                    TemplateMode::Transport => (
                        nx::Address::default(),
                        nx::Address::default(),
                        nx::XFRM_MODE_TRANSPORT,
                        family,
                    ),
                    TemplateMode::Tunnel { src, dst } => (
                        addr(&src),
                        addr(&dst),
                        nx::XFRM_MODE_TUNNEL,
                        af(Family::of(&dst)),
                    ),
                };
                nx::UserTemplate {
                    id: nx::Id {
                        daddr: dst,
                        spi: t.spi.map_or(0, |s| s.0),
                        proto: t.proto.ip_proto(),
                    },
                    family: fam,
                    saddr: src,
                    reqid: t.reqid.0,
                    mode,
                    optional: u8::from(t.optional),
                    ..nx::UserTemplate::default()
                }
            })
            .collect();
        nlas.push(XfrmAttrs::Template(list));
    }
    nlas.extend(mark_attr(&p.mark));
    let m = policy::ModifyMessage {
        user_policy_info: info,
        nlas,
    };
    Ok(if update {
        XfrmMessage::UpdatePolicy(m)
    } else {
        XfrmMessage::AddPolicy(m)
    })
}

/// XFRM_MSG_DELPOLICY.
pub fn delpolicy_message(id: &PolicyId) -> XfrmMessage {
    XfrmMessage::DeletePolicy(policy::DelGetMessage {
        user_policy_id: nx::UserPolicyId {
            selector: selector(&id.selector),
            index: 0,
            direction: dir(id.dir),
        },
        nlas: mark_attr(&id.mark).into_iter().collect(),
    })
}

/// Overwrites the key bytes a message holds (netlink-packet-xfrm keeps them in plain
/// `Vec`s), once it has been serialized.
pub fn wipe_keys(msg: &mut XfrmMessage) {
    let nlas = match msg {
        XfrmMessage::AddSa(m) | XfrmMessage::UpdateSa(m) => &mut m.nlas,
        _ => return,
    };
    for a in nlas.iter_mut() {
        match a {
            XfrmAttrs::EncryptionAlg(x) | XfrmAttrs::AuthenticationAlg(x) => x.alg_key.zeroize(),
            XfrmAttrs::AuthenticationAlgTrunc(x) => x.alg_key.zeroize(),
            XfrmAttrs::EncryptionAlgAead(x) => x.alg_key.zeroize(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::{encr, Aead, SaAlgorithms};
    use crate::key::KeyBytes;
    use crate::sa::{Reqid, SaSpec};
    use crate::spi::Spi;

    fn spec(esn: bool, window: u32) -> SaSpec {
        SaSpec {
            src: "192.0.2.1".parse().unwrap(),
            dst: "192.0.2.2".parse().unwrap(),
            spi: Spi(0x1234),
            mode: Mode::Tunnel,
            algorithms: SaAlgorithms::EspAead(Aead {
                transform_id: encr::AES_GCM_16,
                key_bits: Some(128),
                key: KeyBytes::new(vec![0xab; 20]),
            }),
            esn,
            replay_window: window,
            encap: None,
            lifetimes: Lifetimes::default(),
            reqid: Reqid(1),
            mark: None,
            selector: None,
        }
    }

    fn state(m: XfrmMessage) -> state::ModifyMessage {
        match m {
            XfrmMessage::AddSa(s) | XfrmMessage::UpdateSa(s) => s,
            _ => panic!("not a state message"),
        }
    }

    fn esn_attr(m: &state::ModifyMessage) -> Option<&nx::ReplayEsn> {
        m.nlas.iter().find_map(|a| match a {
            XfrmAttrs::ReplayStateEsn(r) => Some(r),
            _ => None,
        })
    }

    #[test]
    fn replay_window_placement() {
        // Up to 32 packets without ESN: the legacy field.
        let m = state(sa_message(&spec(false, 32), false).unwrap());
        assert_eq!(m.user_sa_info.replay_window, 32);
        assert!(esn_attr(&m).is_none());
        // Larger, or ESN: the ESN replay state, legacy field 0.
        // ESN with window 0 (an outbound SA) is sent as 1: the kernel needs one.
        for (esn, w, sent) in [(false, 64, 64), (true, 32, 32), (true, 0, 1)] {
            let m = state(sa_message(&spec(esn, w), false).unwrap());
            assert_eq!(m.user_sa_info.replay_window, 0);
            let r = esn_attr(&m).unwrap();
            assert_eq!((r.replay_window, r.bmp_len), (sent, 1.max(w.div_ceil(32))));
            assert_eq!(m.user_sa_info.flags & nx::XFRM_STATE_ESN != 0, esn);
        }
    }

    #[test]
    fn keys_are_wiped_after_use() {
        let mut m = sa_message(&spec(false, 0), true).unwrap();
        wipe_keys(&mut m);
        let m = state(m);
        let XfrmAttrs::EncryptionAlgAead(a) = &m.nlas[0] else {
            panic!("no AEAD attribute")
        };
        assert!(a.alg_key.iter().all(|b| *b == 0));
    }

    #[test]
    fn invalid_specs_never_reach_the_kernel() {
        let mut s = spec(false, 0);
        s.dst = "2001:db8::1".parse().unwrap();
        let e = sa_message(&s, false).unwrap_err();
        assert!(
            matches!(
                e,
                KernelError::Invalid {
                    op: OpKind::AddSa,
                    ..
                }
            ),
            "{e}"
        );
        let mut s = spec(false, 0);
        s.algorithms = SaAlgorithms::EspAead(Aead {
            transform_id: 999,
            key_bits: None,
            key: KeyBytes::new(vec![0; 20]),
        });
        let e = sa_message(&s, true).unwrap_err();
        assert!(
            matches!(
                e,
                KernelError::Unsupported {
                    op: OpKind::UpdateSa,
                    ..
                }
            ),
            "{e}"
        );
    }
}
