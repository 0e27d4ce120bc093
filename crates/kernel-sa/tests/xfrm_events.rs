//! XFRM events and counters on the real kernel, in a fresh namespace: SAs deleted or
//! flushed by others, hard expire of our larval SA, counters of an SA read by GETSA.

mod common;

use common::{in_netns, run};
use kernel_sa::xfrm::XfrmKernel;
use kernel_sa::*;
use std::net::IpAddr;
use std::time::Duration;

fn req(reqid: u32) -> SpiRequest {
    let a = |s: &str| s.parse::<IpAddr>().unwrap();
    SpiRequest {
        src: a("192.0.2.2"),
        dst: a("192.0.2.1"),
        proto: Protocol::Esp,
        range: SpiRange::full(),
        reqid: Reqid(reqid),
        mark: None,
    }
}

fn id_of(r: &SpiRequest, spi: Spi) -> SaId {
    SaId {
        dst: r.dst,
        spi,
        proto: r.proto,
        mark: None,
    }
}

#[test]
fn deletion_by_others_flush_and_expire_are_reported() {
    in_netns(
        "deletion_by_others_flush_and_expire_are_reported",
        &[],
        || {
            let mut k = XfrmKernel::open().unwrap();
            let r = req(1);

            // Counters of a (larval) SA: nothing processed yet, added just now.
            let spi = k.allocate_spi(&r).unwrap();
            let c = k.sa_counters(&id_of(&r, spi)).unwrap();
            assert_eq!((c.bytes, c.packets, c.last_use), (0, 0, None));
            assert!(c.add_time > 1_600_000_000, "add_time {}", c.add_time);

            // Someone else deletes it: reported once, and no longer ours to delete.
            let spi_hex = format!("0x{:08x}", spi.0);
            run(
                "ip",
                &[
                    "xfrm",
                    "state",
                    "delete",
                    "src",
                    "192.0.2.2",
                    "dst",
                    "192.0.2.1",
                    "proto",
                    "esp",
                    "spi",
                    &spi_hex,
                ],
            );
            let ev = k.wait_event(Duration::from_secs(5)).unwrap();
            assert_eq!(ev, Some(KernelEvent::SaDeleted { sa: id_of(&r, spi) }));
            assert_eq!(k.added_sas().count(), 0);
            let e = k.delete_sa(&id_of(&r, spi)).unwrap_err();
            assert!(e.is_not_found(), "{e}");

            // Our own deletion is not reported as someone else's.
            let spi = k.allocate_spi(&r).unwrap();
            k.delete_sa(&id_of(&r, spi)).unwrap();
            assert_eq!(k.wait_event(Duration::from_millis(200)).unwrap(), None);

            // A flush removes all of them.
            let s1 = k.allocate_spi(&r).unwrap();
            let s2 = k.allocate_spi(&req(2)).unwrap();
            run("ip", &["xfrm", "state", "flush"]);
            let mut gone = vec![
                k.wait_event(Duration::from_secs(5)).unwrap(),
                k.wait_event(Duration::from_secs(5)).unwrap(),
            ];
            gone.sort_by_key(|e| format!("{e:?}"));
            let mut want = vec![
                Some(KernelEvent::SaDeleted { sa: id_of(&r, s1) }),
                Some(KernelEvent::SaDeleted { sa: id_of(&r, s2) }),
            ];
            want.sort_by_key(|e| format!("{e:?}"));
            assert_eq!(gone, want);

            // A larval SA lives net.core.xfrm_acq_expires seconds, then expires hard.
            // Per namespace, so this does not touch the host.
            std::fs::write("/proc/sys/net/core/xfrm_acq_expires", "1").unwrap();
            let spi = k.allocate_spi(&r).unwrap();
            let ev = k.wait_event(Duration::from_secs(10)).unwrap();
            assert_eq!(
                ev,
                Some(KernelEvent::Expire {
                    sa: id_of(&r, spi),
                    kind: ExpireKind::Hard
                })
            );
            assert_eq!(k.added_sas().count(), 0);
            k.shutdown().unwrap();
        },
    );
}
