//! netlink-packet-xfrm messages back to this crate's types (dumps, replies, events).

use crate::addr::IpPrefix;
use crate::counters::SaCounters;
use crate::event::{Acquire, ExpireKind};
use crate::policy::{
    Direction, PolicyAction, PolicySpec, Selector, Template, TemplateMode, Templates, UpperLayer,
};
use crate::sa::{Mark, Protocol, Reqid, SaId};
use crate::spi::Spi;
use netlink_packet_xfrm as nx;
use netlink_packet_xfrm::{XfrmAttrs, XfrmMessage};
use std::net::IpAddr;

/// Why a kernel message could not be turned into a typed value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub String);

fn err<T>(s: impl Into<String>) -> Result<T, DecodeError> {
    Err(DecodeError(s.into()))
}

/// An address of the given AF_ family.
pub fn ip(a: &nx::Address, family: u16) -> Result<IpAddr, DecodeError> {
    match family {
        nx::AF_INET => Ok(IpAddr::V4(a.to_ipv4())),
        nx::AF_INET6 => Ok(IpAddr::V6(a.to_ipv6())),
        f => err(format!("address family {f}")),
    }
}

/// A kernel selector as a typed one.
pub fn selector(s: &nx::Selector) -> Result<Selector, DecodeError> {
    let src = IpPrefix::new(ip(&s.saddr, s.family)?, s.prefixlen_s)
        .map_err(|e| DecodeError(e.to_string()))?;
    let dst = IpPrefix::new(ip(&s.daddr, s.family)?, s.prefixlen_d)
        .map_err(|e| DecodeError(e.to_string()))?;
    let port = |p: u16, mask: u16| (mask != 0).then_some(p);
    let upper = UpperLayer::Ports {
        proto: s.proto,
        src_port: port(s.sport, s.sport_mask),
        dst_port: port(s.dport, s.dport_mask),
    };
    Ok(Selector::new(src, dst)
        .map_err(|e| DecodeError(e.to_string()))?
        .with_upper(upper))
}

fn mark(nlas: &[XfrmAttrs]) -> Option<Mark> {
    nlas.iter().find_map(|a| match a {
        XfrmAttrs::Mark(m) => Some(Mark {
            value: m.value,
            mask: m.mask,
        }),
        _ => None,
    })
}

fn direction(d: u8) -> Option<Direction> {
    match d {
        nx::XFRM_POLICY_IN => Some(Direction::In),
        nx::XFRM_POLICY_OUT => Some(Direction::Out),
        nx::XFRM_POLICY_FWD => Some(Direction::Fwd),
        _ => None,
    }
}

fn template(t: &nx::UserTemplate) -> Result<Template, DecodeError> {
    let proto = Protocol::from_ip_proto(t.id.proto)
        .map_or_else(|| err(format!("template protocol {}", t.id.proto)), Ok)?;
    let mode = match t.mode {
        nx::XFRM_MODE_TRANSPORT => TemplateMode::Transport,
        nx::XFRM_MODE_TUNNEL => TemplateMode::Tunnel {
            src: ip(&t.saddr, t.family)?,
            dst: ip(&t.id.daddr, t.family)?,
        },
        m => return err(format!("template mode {m}")),
    };
    Ok(Template {
        proto,
        mode,
        spi: (t.id.spi != 0).then_some(Spi(t.id.spi)),
        reqid: Reqid(t.reqid),
        optional: t.optional != 0,
    })
}

/// A policy from a dump or notification; `Ok(None)` for per-socket policies (the
/// direction values above `fwd`), which are not the daemon's.
pub fn policy(
    info: &nx::UserPolicyInfo,
    nlas: &[XfrmAttrs],
) -> Result<Option<PolicySpec>, DecodeError> {
    let Some(dir) = direction(info.direction) else {
        return Ok(None);
    };
    let templates: Vec<Template> = nlas
        .iter()
        .filter_map(|a| match a {
            XfrmAttrs::Template(list) => Some(list.iter().map(template)),
            _ => None,
        })
        .flatten()
        .collect::<Result<_, _>>()?;
    let action = match info.action {
        nx::XFRM_POLICY_BLOCK => PolicyAction::Drop,
        nx::XFRM_POLICY_ALLOW => match Templates::new(templates) {
            Ok(t) => PolicyAction::Ipsec(t),
            Err(_) => PolicyAction::Pass,
        },
        a => return err(format!("policy action {a}")),
    };
    Ok(Some(PolicySpec {
        dir,
        selector: selector(&info.selector)?,
        action,
        priority: info.priority,
        mark: mark(nlas),
    }))
}

/// The id of an SA from its `xfrm_usersa_info`; `None` for protocols other than ESP/AH.
pub fn sa_id(info: &nx::UserSaInfo, nlas: &[XfrmAttrs]) -> Result<Option<SaId>, DecodeError> {
    let Some(proto) = Protocol::from_ip_proto(info.id.proto) else {
        return Ok(None);
    };
    Ok(Some(SaId {
        dst: ip(&info.id.daddr, info.family)?,
        spi: Spi(info.id.spi),
        proto,
        mark: mark(nlas),
    }))
}

/// The counters of an SA (`xfrm_lifetime_cur`; `use_time` 0 means never used).
pub fn counters(info: &nx::UserSaInfo) -> SaCounters {
    let c = &info.lifetime_cur;
    SaCounters {
        bytes: c.bytes,
        packets: c.packets,
        add_time: c.add_time,
        last_use: (c.use_time != 0).then_some(c.use_time),
    }
}

/// A multicast message, typed, before the backend decides whether it concerns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawEvent {
    /// XFRM_MSG_ACQUIRE.
    Acquire(Acquire),
    /// XFRM_MSG_EXPIRE (the mark is not carried: match on dst, SPI, protocol).
    Expire {
        /// The SA, without mark.
        sa: SaId,
        /// Soft or hard.
        kind: ExpireKind,
    },
    /// XFRM_MSG_DELSA notification.
    Deleted(SaId),
    /// XFRM_MSG_FLUSHSA notification: every SA of this IP protocol (0 = all) is gone.
    Flushed(u8),
}

/// Types a multicast message; `Ok(None)` for messages no event is made of.
pub fn event(msg: &XfrmMessage) -> Result<Option<RawEvent>, DecodeError> {
    match msg {
        XfrmMessage::Acquire(a) => {
            let u = &a.acquire;
            let family = u.selector.family;
            let Some(policy_dir) = direction(u.policy.direction) else {
                return Ok(None);
            };
            let Some(proto) = Protocol::from_ip_proto(u.id.proto) else {
                return Ok(None);
            };
            let reqid = a
                .nlas
                .iter()
                .find_map(|n| match n {
                    XfrmAttrs::Template(l) => l.first().map(|t| Reqid(t.reqid)),
                    _ => None,
                })
                .unwrap_or_default();
            Ok(Some(RawEvent::Acquire(Acquire {
                selector: selector(&u.selector)?,
                policy_selector: selector(&u.policy.selector)?,
                policy_dir,
                policy_index: u.policy.index,
                src: ip(&u.saddr, family)?,
                dst: ip(&u.id.daddr, family)?,
                proto,
                reqid,
            })))
        }
        XfrmMessage::Expire(e) => {
            let kind = if e.expire.hard != 0 {
                ExpireKind::Hard
            } else {
                ExpireKind::Soft
            };
            Ok(sa_id(&e.expire.state, &[])?.map(|sa| RawEvent::Expire { sa, kind }))
        }
        XfrmMessage::DeleteSa(d) => {
            let u = &d.user_sa_id;
            let Some(proto) = Protocol::from_ip_proto(u.proto) else {
                return Ok(None);
            };
            Ok(Some(RawEvent::Deleted(SaId {
                dst: ip(&u.daddr, u.family)?,
                spi: Spi(u.spi),
                proto,
                mark: mark(&d.nlas),
            })))
        }
        XfrmMessage::FlushSa(f) => Ok(Some(RawEvent::Flushed(f.protocol))),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xfrm::encode;

    fn tmpl(mode: TemplateMode) -> Templates {
        Templates::one(Template {
            proto: Protocol::Esp,
            mode,
            spi: None,
            reqid: Reqid(9),
            optional: false,
        })
    }

    #[test]
    fn policies_round_trip_through_messages() {
        let a = |s: &str| s.parse::<IpAddr>().unwrap();
        let sel = Selector::new(
            IpPrefix::new(a("10.1.0.0"), 16).unwrap(),
            IpPrefix::new(a("10.2.0.0"), 16).unwrap(),
        )
        .unwrap()
        .with_upper(UpperLayer::Ports {
            proto: 17,
            src_port: None,
            dst_port: Some(53),
        });
        let cases = [
            PolicyAction::Ipsec(tmpl(TemplateMode::Tunnel {
                src: a("192.0.2.1"),
                dst: a("192.0.2.2"),
            })),
            PolicyAction::Ipsec(tmpl(TemplateMode::Transport)),
            PolicyAction::Pass,
            PolicyAction::Drop,
        ];
        for (i, action) in cases.into_iter().enumerate() {
            let p = PolicySpec {
                dir: [Direction::In, Direction::Out, Direction::Fwd][i % 3],
                selector: sel,
                action,
                priority: 100 + i as u32,
                mark: (i == 1).then_some(Mark {
                    value: 5,
                    mask: 0xff,
                }),
            };
            let XfrmMessage::AddPolicy(m) = encode::policy_message(&p, false).unwrap() else {
                panic!("not NEWPOLICY")
            };
            let back = policy(&m.user_policy_info, &m.nlas).unwrap().unwrap();
            assert_eq!(back, p);
        }
    }

    #[test]
    fn bad_family_is_an_error_not_a_panic() {
        let s = nx::Selector {
            family: 99,
            ..nx::Selector::default()
        };
        assert!(selector(&s).is_err());
    }
}
