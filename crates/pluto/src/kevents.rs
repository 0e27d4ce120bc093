//! What the kernel tells pluto unasked: ACQUIRE (traffic hit a `%trap`),
//! EXPIRE of an SA's lifetime, SAs deleted by someone else. The XFRM
//! backend's event socket is watched by the main loop ([`KernelEvents`]);
//! nostack has no event source and so no events.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::os::fd::OwnedFd;
use std::time::Instant;

use kernel_sa::{ExpireKind, KernelEvent, SaId};
use tokio::io::unix::AsyncFd;
use whack_proto::Rc;

use crate::daemon::{say, Daemon};
use crate::engine::StateView;

/// The kernel backend's event descriptor registered with the runtime.
#[derive(Debug)]
pub struct KernelEvents(Option<AsyncFd<OwnedFd>>);

impl KernelEvents {
    /// Watch the backend's event source, if it has one (a duplicate of the
    /// descriptor, so the backend keeps its own).
    pub fn new(d: &Daemon) -> std::io::Result<Self> {
        match d.engine.kernel.event_source() {
            Some(fd) => Ok(KernelEvents(Some(crate::sys::watch_readable(
                fd.try_clone_to_owned()?,
            )?))),
            None => Ok(KernelEvents(None)),
        }
    }

    /// Resolves when events may be waiting; never for a backend without.
    pub async fn readable(&self) {
        match &self.0 {
            Some(fd) => match fd.readable().await {
                // Cleared before reading: anything arriving during the drain
                // marks it readable again, so nothing waits unseen.
                Ok(mut guard) => guard.clear_ready(),
                Err(e) => {
                    tracing::error!("kernel event socket: {e}");
                    std::future::pending::<()>().await;
                }
            },
            None => std::future::pending().await,
        }
    }
}

/// Read and act on every pending kernel event.
pub fn drain(d: &mut Daemon) {
    loop {
        match d.engine.kernel.poll_event() {
            Ok(Some(ev)) => handle(d, ev),
            Ok(None) => return,
            Err(e) => {
                // One bad message: report it and read on (the socket is fine).
                tracing::warn!("kernel event: {e}");
            }
        }
    }
}

/// The Child SA (serial, connection) one of whose kernel SAs this is.
fn child_of(states: &BTreeMap<u64, StateView>, sa: &SaId) -> Option<(u64, String)> {
    states.values().find_map(|s| {
        let e = s.esp.as_ref()?;
        (e.in_id == *sa || e.out_id == *sa).then(|| (s.serial, s.conn.clone()))
    })
}

/// Act on one kernel event.
pub fn handle(d: &mut Daemon, ev: KernelEvent) {
    let now = Instant::now();
    match ev {
        KernelEvent::Acquire(a) => crate::routing::on_acquire(d, &a),
        KernelEvent::Expire { sa, kind } => {
            let Some((serial, conn)) = child_of(&d.engine.states, &sa) else {
                tracing::debug!(target: "kernel", "{kind:?} expire of {sa:?}: not a Child SA of ours");
                return;
            };
            match kind {
                // The SA still works: replace it (RFC 7296 2.8).
                ExpireKind::Soft => {
                    say(
                        None,
                        Rc::LOG,
                        format!("\"{conn}\" #{serial}: kernel soft expire: rekeying Child SA"),
                    );
                    if let Err(e) = d.engine.sm.rekey_child(now, &conn) {
                        say(None, Rc::LOG_SERIOUS, format!("\"{conn}\" #{serial}: {e}"));
                    }
                }
                // The kernel removed it already: the Child SA is dead.
                ExpireKind::Hard => {
                    say(
                        None,
                        Rc::LOG,
                        format!("\"{conn}\" #{serial}: kernel hard expire: deleting Child SA"),
                    );
                    crate::engine::delete_state(d, serial, None);
                }
            }
        }
        KernelEvent::SaDeleted { sa } => {
            if let Some((serial, conn)) = child_of(&d.engine.states, &sa) {
                say(
                    None,
                    Rc::LOG_SERIOUS,
                    format!(
                        "\"{conn}\" #{serial}: kernel SA {} spi 0x{:08x} was deleted by someone else",
                        sa.dst, sa.spi.0
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::EspView;
    use kernel_sa::{Protocol, Spi};
    use std::net::IpAddr;

    fn sa(dst: &str, spi: u32) -> SaId {
        SaId {
            dst: dst.parse().unwrap(),
            spi: Spi(spi),
            proto: Protocol::Esp,
            mark: None,
        }
    }

    fn view(serial: u64, conn: &str, esp: Option<EspView>) -> StateView {
        StateView {
            serial,
            conn: conn.into(),
            is_ike: esp.is_none(),
            parent: None,
            established: Instant::now(),
            esp,
        }
    }

    #[test]
    fn an_expire_names_the_child_sa_by_either_kernel_sa() {
        let me: IpAddr = "192.0.2.1".parse().unwrap();
        let peer: IpAddr = "192.0.2.2".parse().unwrap();
        let esp = EspView {
            spi_in: 0x1111,
            spi_out: 0x2222,
            in_id: sa("192.0.2.1", 0x1111),
            out_id: sa("192.0.2.2", 0x2222),
            me,
            peer,
        };
        let states: BTreeMap<u64, StateView> =
            [(1, view(1, "c", None)), (2, view(2, "c", Some(esp)))]
                .into_iter()
                .collect();
        assert_eq!(
            child_of(&states, &sa("192.0.2.1", 0x1111)),
            Some((2, "c".into()))
        );
        assert_eq!(
            child_of(&states, &sa("192.0.2.2", 0x2222)),
            Some((2, "c".into()))
        );
        // Another SPI, or the right SPI at the wrong destination: not ours.
        assert_eq!(child_of(&states, &sa("192.0.2.1", 0x3333)), None);
        assert_eq!(child_of(&states, &sa("192.0.2.2", 0x1111)), None);
    }
}
