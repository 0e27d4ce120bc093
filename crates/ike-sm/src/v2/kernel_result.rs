//! What the caller tells us about the kernel operations it carried out.
//!
//! ike-sm queues [`KernelOp`]s and cannot see how they went; the caller
//! (pluto, the simulator) runs them and reports failures here. A Child SA
//! the kernel would not install is useless to both peers, so it is deleted
//! with an INFORMATIONAL Delete (RFC 7296 1.4.1) and the IKE SA stays, as
//! pluto does when installing an IPsec SA fails.

use std::time::Instant;

use kernel_sa::{KernelError, KernelOp};

use crate::endpoint::Endpoint;
use crate::event::Rc;
use crate::sa::{ChildState, Queued};
use crate::serial::Serial;

/// Which part of a Child SA an operation installs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The reserved inbound SPI (larval SA).
    Spi,
    /// An inbound or outbound SA.
    Sa,
    /// One of its policies.
    Policy(kernel_sa::PolicyId),
}

impl Endpoint {
    /// Report how a kernel operation taken from
    /// [`Endpoint::poll_kernel_op`] went; `op` is the operation itself (it
    /// names its SPI or policy, so no separate handle is needed).
    ///
    /// Successes cost nothing. When an operation that installs part of a
    /// Child SA fails (`AllocSpi`, `UpdateSa`, `AddSa`, `AddPolicy`,
    /// `UpdatePolicy`), the failure is logged and an established Child SA
    /// is deleted: a Delete goes to the peer, and the usual kernel clean-up
    /// follows when it answers. A Child still being negotiated forgets its
    /// reserved SPI and is deleted when its SAs fail to install. A failed
    /// policy is not deleted again; a failed SA is (the kernel answers
    /// "not found", which callers may ignore). Failed deletes and counter
    /// reads are only logged.
    ///
    /// ```
    /// # use std::time::Instant;
    /// # use ike_sm::{Endpoint, EndpointConfig, rng::SeededRng};
    /// use kernel_sa::{Kernel, NostackKernel};
    /// # let mut endpoint = Endpoint::new(EndpointConfig::default(),
    /// #     ike_crypto::rustcrypto(), Box::new(SeededRng::new(1)));
    /// let mut kernel = NostackKernel::new();
    /// let now = Instant::now();
    /// while let Some(op) = endpoint.poll_kernel_op() {
    ///     let result = kernel.execute(&op);
    ///     endpoint.handle_kernel_result(now, &op, result.as_ref().map(|_| ()));
    /// }
    /// ```
    pub fn handle_kernel_result(
        &mut self,
        now: Instant,
        op: &KernelOp,
        result: Result<(), &KernelError>,
    ) {
        let Err(err) = result else {
            return;
        };
        let Some((serial, part)) = self.child_of_op(op) else {
            let what = match op {
                KernelOp::DeleteSa(_) | KernelOp::DeletePolicy(_) | KernelOp::GetCounters(_) => {
                    "kernel clean-up failed"
                }
                _ => "kernel operation for no current state failed",
            };
            self.log(Rc::LOG, None, None, format!("{what}: {err}"));
            return;
        };
        let Some(child) = self.children.get_mut(&serial) else {
            return;
        };
        match part {
            Part::Spi => child.spi_reserved = false,
            Part::Policy(id) => child.policies.retain(|p| *p != id),
            Part::Sa => {}
        }
        let (ike, state, conn) = (child.ike, child.state, child.conn.clone());
        let established = matches!(state, ChildState::Established | ChildState::Rekeyed);
        self.log(
            Rc::LOG_SERIOUS,
            Some(&conn),
            Some(serial),
            format!(
                "kernel failed to install Child SA: {err}{}",
                if established { "; deleting it" } else { "" }
            ),
        );
        if established {
            self.request(now, ike, Queued::DeleteChild(vec![serial]));
        }
    }

    /// The Child SA an installing operation belongs to: by our inbound SPI,
    /// by the outbound SPI and peer address, or by policy.
    fn child_of_op(&self, op: &KernelOp) -> Option<(Serial, Part)> {
        let remote_of = |ike: Serial| self.ikes.get(&ike).map(|i| i.remote.ip());
        let local_of = |ike: Serial| self.ikes.get(&ike).map(|i| i.local.ip());
        let found = match op {
            KernelOp::AllocSpi(r) => self
                .children
                .values()
                .find(|c| c.spi_in == r.range.min() && local_of(c.ike) == Some(r.dst))
                .map(|c| (c.serial, Part::Spi)),
            KernelOp::UpdateSa(s) | KernelOp::AddSa(s) => self
                .children
                .values()
                .find(|c| {
                    (c.spi_in == s.spi.0 && local_of(c.ike) == Some(s.dst))
                        || (c.spi_out == s.spi.0 && remote_of(c.ike) == Some(s.dst))
                })
                .map(|c| (c.serial, Part::Sa)),
            KernelOp::AddPolicy(p) | KernelOp::UpdatePolicy(p) => {
                let id = p.id();
                self.children
                    .values()
                    .find(|c| c.policies.contains(&id))
                    .map(|c| (c.serial, Part::Policy(id)))
            }
            KernelOp::DeleteSa(_) | KernelOp::DeletePolicy(_) | KernelOp::GetCounters(_) => None,
        };
        found
    }
}
