//! The trait every kernel backend implements.

use crate::counters::SaCounters;
use crate::error::KernelError;
use crate::event::KernelEvent;
use crate::op::{KernelOp, KernelReply};
use crate::policy::{PolicyId, PolicySpec};
use crate::sa::{SaId, SaSpec};
use crate::spi::{Spi, SpiRequest};
use std::os::fd::BorrowedFd;

/// What an IKE daemon asks of the kernel's IPsec stack, and what it hears back.
///
/// Calls are synchronous: each returns the kernel's answer. A sans-IO state machine emits
/// [`KernelOp`]s and the daemon hands each to [`Kernel::execute`].
///
/// # Lifecycle of one Child SA
///
/// Host `192.0.2.1` (us) and `192.0.2.2` (peer) negotiate a transport-mode ESP Child SA
/// with AES-GCM-16 (RFC 4106), then rekey it (RFC 7296 2.8) and delete it.
///
/// 1. **Allocate** our inbound SPI before sending our proposal: the SPI the *peer* will
///    put in packets to us. The kernel keeps a larval SA holding it.
/// 2. **Add the inbound SA** once keys exist: it completes the larval SA, so it is an
///    *update* ([`Kernel::update_sa`]), not an add.
/// 3. **Add the outbound SA** with the SPI the peer chose ([`Kernel::add_sa`]).
/// 4. **Policies**: `out` sends matching traffic through the SA with the reqid; `in`
///    requires it on receipt. Both name the SAs by reqid, so a rekeyed pair with the same
///    reqid takes over without touching the policies.
/// 5. **Rekey overlap**: add the new inbound SA first, then the new outbound SA; for a
///    while both pairs exist (RFC 7296 2.8: keep the old inbound SA until the peer stops
///    using it), then delete the old pair.
/// 6. **Delete**: policies, then SAs. Deleting a second time is an error.
///
/// ```
/// use kernel_sa::*;
/// use std::net::IpAddr;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let us: IpAddr = "192.0.2.1".parse()?;
/// let peer: IpAddr = "192.0.2.2".parse()?;
/// let reqid = Reqid(7);
/// let mut kernel = NostackKernel::new();
///
/// // RFC 4106 8.1: 16 bytes of AES key followed by 4 bytes of salt.
/// let sa = |src, dst, spi, key: u8| SaSpec {
///     src, dst, spi,
///     mode: Mode::Transport,
///     algorithms: SaAlgorithms::EspAead(Aead {
///         transform_id: encr::AES_GCM_16,
///         key_bits: Some(128),
///         key: KeyBytes::new(vec![key; 20]),
///     }),
///     esn: false,
///     replay_window: if dst == us { 32 } else { 0 },
///     encap: None,
///     lifetimes: Lifetimes::seconds(3000, 3600),
///     reqid,
///     mark: None,
///     selector: None,
/// };
///
/// // 1. allocate our inbound SPI
/// let req = SpiRequest {
///     src: peer, dst: us, proto: Protocol::Esp,
///     range: SpiRange::full(), reqid, mark: None,
/// };
/// let spi_in = kernel.allocate_spi(&req)?;
/// assert!(spi_in.0 >= 0x1000);
///
/// // 2. the inbound SA completes the larval one; 3. the outbound SA is new
/// kernel.update_sa(&sa(peer, us, spi_in, 1))?;
/// let spi_out = Spi(0x1234_5678); // the peer's choice
/// kernel.add_sa(&sa(us, peer, spi_out, 2))?;
///
/// // 4. policies in both directions, naming the SAs by reqid
/// let tmpl = Templates::one(Template {
///     proto: Protocol::Esp, mode: TemplateMode::Transport,
///     spi: None, reqid, optional: false,
/// });
/// let out = PolicySpec {
///     dir: Direction::Out, selector: Selector::hosts(us, peer)?,
///     action: PolicyAction::Ipsec(tmpl.clone()), priority: 1000, mark: None,
/// };
/// let inb = PolicySpec {
///     dir: Direction::In, selector: Selector::hosts(peer, us)?,
///     action: PolicyAction::Ipsec(tmpl), priority: 1000, mark: None,
/// };
/// kernel.add_policy(&out)?;
/// kernel.add_policy(&inb)?;
///
/// // 5. rekey: new inbound first, then new outbound; both pairs overlap
/// let new_in = kernel.allocate_spi(&req)?;
/// assert_ne!(new_in, spi_in);
/// kernel.update_sa(&sa(peer, us, new_in, 3))?;
/// kernel.add_sa(&sa(us, peer, Spi(0x9abc_def0), 4))?;
/// assert_eq!(kernel.sas()?.len(), 4);
/// // ... the old pair goes once the peer has switched
/// kernel.delete_sa(&sa(us, peer, spi_out, 2).id())?;
/// kernel.delete_sa(&sa(peer, us, spi_in, 1).id())?;
///
/// // 6. delete everything; a second delete is an error
/// kernel.delete_policy(&out.id())?;
/// kernel.delete_policy(&inb.id())?;
/// let old_in = sa(peer, us, new_in, 3).id();
/// kernel.delete_sa(&old_in)?;
/// assert!(kernel.delete_sa(&old_in).unwrap_err().is_not_found());
/// kernel.shutdown()?; // removes what is left (the new outbound SA)
/// assert!(kernel.sas()?.is_empty() && kernel.policies()?.is_empty());
/// # Ok(())
/// # }
/// ```
pub trait Kernel {
    /// Reserves an unused SPI in the range for an inbound SA (`src` is the peer).
    ///
    /// XFRM draws at random within the range (as many draws as the range holds), so a
    /// nearly full small range can fail although a value is free; a one-value range
    /// (`min == max`) is checked exactly.
    fn allocate_spi(&mut self, req: &SpiRequest) -> Result<Spi, KernelError>;

    /// Adds an SA; fails if one with the same [`SaId`] exists (including a larval SA
    /// from [`Kernel::allocate_spi`]).
    fn add_sa(&mut self, sa: &SaSpec) -> Result<(), KernelError>;

    /// Completes a larval SA or replaces an existing SA with the same [`SaId`]; fails if
    /// there is none.
    fn update_sa(&mut self, sa: &SaSpec) -> Result<(), KernelError>;

    /// Deletes an SA; fails if it does not exist.
    fn delete_sa(&mut self, id: &SaId) -> Result<(), KernelError>;

    /// Reads an SA's counters.
    fn sa_counters(&mut self, id: &SaId) -> Result<SaCounters, KernelError>;

    /// The SAs that exist (XFRM: all of the kernel's, not only this backend's).
    fn sas(&mut self) -> Result<Vec<SaId>, KernelError>;

    /// Adds a policy; fails if one with the same [`PolicyId`] exists.
    fn add_policy(&mut self, policy: &PolicySpec) -> Result<(), KernelError>;

    /// Adds or replaces the policy with the same [`PolicyId`].
    fn update_policy(&mut self, policy: &PolicySpec) -> Result<(), KernelError>;

    /// Deletes a policy; fails if it does not exist.
    fn delete_policy(&mut self, id: &PolicyId) -> Result<(), KernelError>;

    /// The policies that exist, as the kernel reports them (XFRM: all, not only ours;
    /// a `Trap` reads back as `Ipsec`).
    fn policies(&mut self) -> Result<Vec<PolicySpec>, KernelError>;

    /// The next pending kernel event, without waiting; `None` when there is none.
    fn poll_event(&mut self) -> Result<Option<KernelEvent>, KernelError>;

    /// A descriptor that becomes readable when [`Kernel::poll_event`] may have
    /// something, for a daemon's poll/select loop; `None` for backends whose events
    /// come only from calls made on them (nostack), which a daemon need not watch.
    fn event_source(&self) -> Option<BorrowedFd<'_>> {
        None
    }

    /// Removes every SA and policy this backend added and that still exists (pluto
    /// closes all its SAs on shutdown). Tries all, returns the first error.
    fn shutdown(&mut self) -> Result<(), KernelError>;

    /// Carries out one request described as data.
    fn execute(&mut self, op: &KernelOp) -> Result<KernelReply, KernelError> {
        match op {
            KernelOp::AllocSpi(r) => self.allocate_spi(r).map(KernelReply::Spi),
            KernelOp::AddSa(s) => self.add_sa(s).map(|()| KernelReply::Done),
            KernelOp::UpdateSa(s) => self.update_sa(s).map(|()| KernelReply::Done),
            KernelOp::DeleteSa(id) => self.delete_sa(id).map(|()| KernelReply::Done),
            KernelOp::GetCounters(id) => self.sa_counters(id).map(KernelReply::Counters),
            KernelOp::AddPolicy(p) => self.add_policy(p).map(|()| KernelReply::Done),
            KernelOp::UpdatePolicy(p) => self.update_policy(p).map(|()| KernelReply::Done),
            KernelOp::DeletePolicy(id) => self.delete_policy(id).map(|()| KernelReply::Done),
        }
    }
}
