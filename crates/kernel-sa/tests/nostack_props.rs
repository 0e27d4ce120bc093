//! Property tests: any sequence of operations keeps nostack's state consistent
//! (acceptance 4 of issue 5).

use kernel_sa::nostack::{NostackSa, Packet};
use kernel_sa::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

const HOSTS: [&str; 3] = ["192.0.2.1", "192.0.2.2", "192.0.2.3"];
const SPIS: [u32; 4] = [0x1000, 0x1001, 0xdead_beef, 0xffff_ffff];

fn host(i: usize) -> IpAddr {
    HOSTS[i % HOSTS.len()].parse().unwrap()
}

#[derive(Debug, Clone)]
enum Step {
    Alloc {
        src: usize,
        dst: usize,
        lo: u32,
        span: u32,
    },
    Add {
        sa: usize,
        hard_bytes: Option<u64>,
    },
    Update {
        sa: usize,
    },
    Delete {
        sa: usize,
    },
    Counters {
        sa: usize,
    },
    Traffic {
        sa: usize,
        bytes: u64,
        packets: u64,
    },
    AddPolicy {
        pol: usize,
    },
    UpdatePolicy {
        pol: usize,
    },
    DeletePolicy {
        pol: usize,
    },
    DeleteByOther {
        sa: usize,
    },
    Tick {
        secs: u64,
    },
    Send {
        src: usize,
        dst: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let sa = 0..(HOSTS.len() * HOSTS.len() * SPIS.len());
    prop_oneof![
        (0..3usize, 0..3usize, 0x1000u32..0x1010, 0u32..4)
            .prop_map(|(src, dst, lo, span)| Step::Alloc { src, dst, lo, span }),
        (sa.clone(), proptest::option::of(1u64..5000))
            .prop_map(|(sa, hard_bytes)| Step::Add { sa, hard_bytes }),
        sa.clone().prop_map(|sa| Step::Update { sa }),
        sa.clone().prop_map(|sa| Step::Delete { sa }),
        sa.clone().prop_map(|sa| Step::Counters { sa }),
        (sa.clone(), 0u64..2000, 0u64..10).prop_map(|(sa, bytes, packets)| Step::Traffic {
            sa,
            bytes,
            packets
        }),
        (0..12usize).prop_map(|pol| Step::AddPolicy { pol }),
        (0..12usize).prop_map(|pol| Step::UpdatePolicy { pol }),
        (0..12usize).prop_map(|pol| Step::DeletePolicy { pol }),
        sa.prop_map(|sa| Step::DeleteByOther { sa }),
        (0u64..200).prop_map(|secs| Step::Tick { secs }),
        (0..3usize, 0..3usize).prop_map(|(src, dst)| Step::Send { src, dst }),
    ]
}

fn sa_spec(i: usize, hard_bytes: Option<u64>) -> SaSpec {
    let spi = SPIS[i % SPIS.len()];
    let src = host(i / SPIS.len());
    let dst = host(i / SPIS.len() / HOSTS.len());
    SaSpec {
        src,
        dst,
        spi: Spi(spi),
        mode: Mode::Tunnel,
        algorithms: SaAlgorithms::EspAead(Aead {
            transform_id: encr::AES_GCM_16,
            key_bits: Some(128),
            key: KeyBytes::new(vec![i as u8; 20]),
        }),
        esn: i.is_multiple_of(2),
        replay_window: 64,
        encap: None,
        lifetimes: Lifetimes {
            soft: Limits {
                seconds: Some(300),
                ..Limits::NONE
            },
            hard: Limits {
                bytes: hard_bytes,
                seconds: Some(600),
                ..Limits::NONE
            },
        },
        reqid: Reqid(1 + (i % 3) as u32),
        mark: None,
        selector: None,
    }
}

fn policy(i: usize) -> PolicySpec {
    let dir = [Direction::In, Direction::Out, Direction::Fwd][i % 3];
    let sel = Selector::hosts(host(i / 3), host(i / 3 + 1)).unwrap();
    let tmpl = Templates::one(Template {
        proto: Protocol::Esp,
        mode: TemplateMode::Transport,
        spi: None,
        reqid: Reqid(1 + (i % 3) as u32),
        optional: false,
    });
    let action = match i % 4 {
        0 => PolicyAction::Trap(tmpl),
        1 => PolicyAction::Ipsec(tmpl),
        2 => PolicyAction::Pass,
        _ => PolicyAction::Drop,
    };
    PolicySpec {
        dir,
        selector: sel,
        action,
        priority: i as u32,
        mark: None,
    }
}

/// The model: which SAs and policies exist, and each SA's last counters.
#[derive(Default)]
struct Model {
    sas: BTreeSet<SaId>,
    larval: BTreeSet<SaId>,
    policies: BTreeSet<PolicyId>,
    counters: BTreeMap<SaId, SaCounters>,
}

impl Model {
    fn drain_events(&mut self, k: &mut NostackKernel) {
        while let Some(ev) = k.poll_event().unwrap() {
            match ev {
                KernelEvent::Expire {
                    sa,
                    kind: ExpireKind::Hard,
                }
                | KernelEvent::SaDeleted { sa } => {
                    // An SA is reported gone once, and only if it existed.
                    assert!(self.sas.remove(&sa), "{sa} gone twice");
                    self.larval.remove(&sa);
                    self.counters.remove(&sa);
                }
                KernelEvent::Expire {
                    sa,
                    kind: ExpireKind::Soft,
                } => assert!(self.sas.contains(&sa) && !self.larval.contains(&sa)),
                KernelEvent::Acquire(a) => {
                    assert!(self
                        .policies
                        .iter()
                        .any(|p| p.selector == a.policy_selector))
                }
            }
        }
    }
}

fn run(steps: Vec<Step>) {
    let mut k = NostackKernel::new();
    let mut m = Model::default();
    let mut calls = 0usize;
    for s in steps {
        match s {
            Step::Alloc { src, dst, lo, span } => {
                let range = SpiRange::new(lo, lo + span).unwrap();
                let req = SpiRequest {
                    src: host(src),
                    dst: host(dst),
                    proto: Protocol::Esp,
                    range,
                    reqid: Reqid(0),
                    mark: None,
                };
                calls += 1;
                match k.allocate_spi(&req) {
                    Ok(spi) => {
                        assert!(range.contains(spi) && spi.0 >= MIN_ALLOCATED_SPI);
                        let id = SaId {
                            dst: host(dst),
                            spi,
                            proto: Protocol::Esp,
                            mark: None,
                        };
                        assert!(m.sas.insert(id), "allocated SPI {spi} already in use");
                        m.larval.insert(id);
                    }
                    Err(KernelError::SpiExhausted { .. }) => {
                        // Only when every SPI of the range is taken.
                        for v in range.min()..=range.max() {
                            assert!(m.sas.iter().any(|id| id.spi.0 == v && id.dst == host(dst)));
                        }
                    }
                    Err(e) => panic!("unexpected {e}"),
                }
            }
            Step::Add { sa, hard_bytes } => {
                let spec = sa_spec(sa, hard_bytes);
                calls += 1;
                let r = k.add_sa(&spec);
                if m.sas.contains(&spec.id()) {
                    assert!(r.unwrap_err().is_exists());
                } else {
                    r.unwrap();
                    m.sas.insert(spec.id());
                    assert_eq!(k.sa_spec(&spec.id()), Some(&spec));
                }
            }
            Step::Update { sa } => {
                let spec = sa_spec(sa, None);
                calls += 1;
                let r = k.update_sa(&spec);
                if m.sas.contains(&spec.id()) {
                    r.unwrap();
                    if m.larval.remove(&spec.id()) {
                        // A completed larval SA is a new SA: its counters start afresh.
                        m.counters.remove(&spec.id());
                    }
                    assert_eq!(k.sa_spec(&spec.id()), Some(&spec));
                } else {
                    assert!(r.unwrap_err().is_not_found());
                }
            }
            Step::Delete { sa } => {
                let id = sa_spec(sa, None).id();
                calls += 1;
                let r = k.delete_sa(&id);
                if m.sas.remove(&id) {
                    r.unwrap();
                    m.larval.remove(&id);
                    m.counters.remove(&id);
                } else {
                    assert!(r.unwrap_err().is_not_found(), "deleted twice");
                }
            }
            Step::Counters { sa } => {
                let id = sa_spec(sa, None).id();
                calls += 1;
                match k.sa_counters(&id) {
                    Ok(c) => {
                        assert!(m.sas.contains(&id));
                        if let Some(prev) = m.counters.insert(id, c) {
                            assert!(c.bytes >= prev.bytes && c.packets >= prev.packets);
                            assert_eq!(c.add_time, prev.add_time);
                            assert!(c.last_use >= prev.last_use);
                        }
                    }
                    Err(e) => assert!(e.is_not_found() && !m.sas.contains(&id)),
                }
            }
            Step::Traffic { sa, bytes, packets } => {
                let id = sa_spec(sa, None).id();
                let counted = k.record_traffic(&id, bytes, packets);
                assert_eq!(counted, m.sas.contains(&id) && !m.larval.contains(&id));
            }
            Step::AddPolicy { pol } => {
                let p = policy(pol);
                calls += 1;
                let r = k.add_policy(&p);
                if m.policies.insert(p.id()) {
                    r.unwrap();
                } else {
                    assert!(r.unwrap_err().is_exists());
                }
            }
            Step::UpdatePolicy { pol } => {
                let p = policy(pol);
                calls += 1;
                k.update_policy(&p).unwrap();
                m.policies.insert(p.id());
                assert_eq!(k.policy(&p.id()), Some(&p));
            }
            Step::DeletePolicy { pol } => {
                let id = policy(pol).id();
                calls += 1;
                let r = k.delete_policy(&id);
                if m.policies.remove(&id) {
                    r.unwrap();
                } else {
                    assert!(r.unwrap_err().is_not_found());
                }
            }
            Step::DeleteByOther { sa } => {
                let id = sa_spec(sa, None).id();
                assert_eq!(k.delete_by_other(&id), m.sas.contains(&id));
            }
            Step::Tick { secs } => k.set_now(k.now() + secs),
            Step::Send { src, dst } => {
                k.send_packet(Packet {
                    src: host(src),
                    dst: host(dst),
                    proto: 17,
                    src_port: 1000,
                    dst_port: 53,
                });
            }
        }
        m.drain_events(&mut k);
        assert_eq!(k.sas().unwrap().into_iter().collect::<BTreeSet<_>>(), m.sas);
        let pols: BTreeSet<_> = k.policies().unwrap().iter().map(|p| p.id()).collect();
        assert_eq!(pols, m.policies);
        for id in &m.sas {
            assert_eq!(
                matches!(k.sa(id), Some(NostackSa::Larval { .. })),
                m.larval.contains(id)
            );
        }
        assert_eq!(k.calls().len(), calls, "every call is recorded once");
    }
    k.shutdown().unwrap();
    assert!(k.sas().unwrap().is_empty() && k.policies().unwrap().is_empty());
    assert!(k.poll_event().unwrap().is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn any_sequence_keeps_state_consistent(steps in proptest::collection::vec(step(), 0..80)) {
        run(steps);
    }
}

#[test]
fn trap_policy_yields_acquire_with_packet_selector() {
    let mut k = NostackKernel::new();
    let p = policy(1); // out, Ipsec (no SA yet)
    k.add_policy(&p).unwrap();
    let (src, dst) = (host(0), host(1));
    assert!(k.send_packet(Packet {
        src,
        dst,
        proto: 17,
        src_port: 1000,
        dst_port: 53
    }));
    let Some(KernelEvent::Acquire(a)) = k.poll_event().unwrap() else {
        panic!("no acquire")
    };
    let want = Selector::hosts(src, dst)
        .unwrap()
        .with_upper(UpperLayer::Ports {
            proto: 17,
            src_port: Some(1000),
            dst_port: Some(53),
        });
    assert_eq!(a.selector, want);
    assert_eq!(
        (a.policy_dir, a.reqid, a.src, a.dst),
        (Direction::Out, Reqid(2), src, dst)
    );
}

#[test]
fn soft_then_hard_expire_by_time() {
    let mut k = NostackKernel::new();
    let spec = sa_spec(5, None);
    k.add_sa(&spec).unwrap();
    k.set_now(299);
    assert_eq!(k.poll_event().unwrap(), None);
    k.set_now(300);
    assert_eq!(
        k.poll_event().unwrap(),
        Some(KernelEvent::Expire {
            sa: spec.id(),
            kind: ExpireKind::Soft
        })
    );
    k.set_now(400);
    assert_eq!(
        k.poll_event().unwrap(),
        None,
        "soft expire is reported once"
    );
    k.set_now(600);
    assert_eq!(
        k.poll_event().unwrap(),
        Some(KernelEvent::Expire {
            sa: spec.id(),
            kind: ExpireKind::Hard
        })
    );
    assert!(k.delete_sa(&spec.id()).unwrap_err().is_not_found());
}

#[test]
fn unknown_transform_is_unsupported_and_recorded() {
    let mut k = NostackKernel::new();
    let mut spec = sa_spec(1, None);
    spec.algorithms = SaAlgorithms::EspAead(Aead {
        transform_id: 4242,
        key_bits: None,
        key: KeyBytes::new(vec![0; 20]),
    });
    let e = k.add_sa(&spec).unwrap_err();
    assert!(
        matches!(
            e,
            KernelError::Unsupported {
                op: OpKind::AddSa,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(k.calls().len(), 1);
    assert_eq!(k.calls()[0].outcome, Err(e));
}

#[test]
fn kernel_is_object_safe_and_execute_dispatches() {
    let mut k: Box<dyn Kernel> = Box::new(NostackKernel::new());
    let spec = sa_spec(3, None);
    assert_eq!(
        k.execute(&KernelOp::AddSa(spec.clone())),
        Ok(KernelReply::Done)
    );
    assert!(matches!(
        k.execute(&KernelOp::GetCounters(spec.id())),
        Ok(KernelReply::Counters(_))
    ));
    assert_eq!(
        k.execute(&KernelOp::DeleteSa(spec.id())),
        Ok(KernelReply::Done)
    );
    let again = k.execute(&KernelOp::DeleteSa(spec.id())).unwrap_err();
    assert!(again.is_not_found() && again.op() == OpKind::DeleteSa);
}
