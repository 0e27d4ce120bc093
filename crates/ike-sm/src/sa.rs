//! The SA database records: IKE SAs and Child SAs.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ike_crypto::ActiveKeyExchange;

use crate::config::proposal::Chosen;
use crate::config::selector::TrafficSelector;
use crate::config::{Identity, Mode};
use crate::crypto::IkeCrypto;
use crate::msgid::{RequestWindow, ResponseWindow};
use crate::serial::Serial;
use crate::timer::TimerTable;

/// Which side started the IKE SA (RFC 7296 2.2: the "original initiator").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// We sent IKE_SA_INIT.
    Initiator,
    /// The peer did.
    Responder,
}

/// IKE SA states, named as pluto names them in `whack --status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IkeState {
    /// Initiator: IKE_SA_INIT request sent (STATE_V2_PARENT_I1).
    InitSent,
    /// Initiator: IKE_AUTH request sent (STATE_V2_PARENT_I2).
    AuthSent,
    /// Responder: IKE_SA_INIT answered, waiting for IKE_AUTH
    /// (STATE_V2_PARENT_R1).
    InitAnswered,
    /// Authenticated (STATE_V2_ESTABLISHED_IKE_SA).
    Established,
    /// Replaced by a rekeyed IKE SA, waiting for its Delete. Also a new
    /// IKE SA the peer created in a simultaneous rekey while the nonces
    /// have not yet decided whether it survives (RFC 7296 2.8.2): it
    /// answers and sends Deletes but refuses new exchanges.
    Rekeyed,
    /// Delete sent, waiting for the answer.
    Deleting,
}

impl IkeState {
    /// pluto's state name.
    pub fn name(self, role: Role) -> &'static str {
        match (self, role) {
            (IkeState::InitSent, _) => "STATE_V2_PARENT_I1",
            (IkeState::AuthSent, _) => "STATE_V2_PARENT_I2",
            (IkeState::InitAnswered, _) => "STATE_V2_PARENT_R1",
            (IkeState::Established, _) => "STATE_V2_ESTABLISHED_IKE_SA",
            (IkeState::Rekeyed, _) => "STATE_V2_ESTABLISHED_IKE_SA",
            (IkeState::Deleting, _) => "STATE_V2_IKE_SA_DELETE",
        }
    }
}

/// What the outstanding request is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pending {
    Init,
    Auth,
    DeleteIke,
    DeleteChild(Vec<Serial>),
    Liveness,
    RekeyChild { new: Serial, old: Serial },
    RekeyIke(Serial),
}

/// The request we wait an answer for, with its retransmission state.
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub(crate) struct Outstanding {
    pub pending: Pending,
    pub message_id: u32,
    pub datagrams: Vec<Vec<u8>>,
    pub first_sent: Instant,
    pub interval: Duration,
    pub deadline: Instant,
    pub retransmits: u32,
}

/// A request waiting for the window to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Queued {
    DeleteIke,
    DeleteChild(Vec<Serial>),
    Liveness,
    RekeyChild(Serial),
    RekeyIke,
}

/// One IKE SA.
#[derive(Debug)]
#[allow(dead_code)]
pub(crate) struct IkeSa {
    pub serial: Serial,
    pub conn: String,
    pub role: Role,
    pub state: IkeState,
    pub spi_i: u64,
    pub spi_r: u64,
    pub local: SocketAddr,
    pub remote: SocketAddr,
    /// Port 4500 with the non-ESP marker (after NAT detection).
    pub nat_t: bool,
    pub nat_local: bool,
    pub nat_remote: bool,
    pub chosen: Option<Chosen>,
    pub crypto: Option<IkeCrypto>,
    pub kx: Option<Box<dyn ActiveKeyExchange>>,
    pub ke_group: u16,
    pub ni: Vec<u8>,
    pub nr: Vec<u8>,
    pub init_req: Vec<u8>,
    pub init_resp: Vec<u8>,
    pub cookie: Option<Vec<u8>>,
    pub init_retries: u32,
    pub peer_fragmentation: bool,
    /// The peer's SIGNATURE_HASH_ALGORITHMS (RFC 7427 4), if it sent one.
    pub peer_sig_hashes: Option<Vec<u16>>,
    pub req: RequestWindow,
    pub resp: ResponseWindow,
    pub outstanding: Option<Outstanding>,
    pub queue: Vec<Queued>,
    pub timers: TimerTable,
    pub created: Instant,
    pub established: Option<Instant>,
    pub last_recv: Instant,
    pub peer_id: Option<Identity>,
    pub children: Vec<Serial>,
    /// The first Child SA, negotiated inside IKE_AUTH.
    pub auth_child: Option<Serial>,
    /// Fragments being reassembled: (message id, total, parts).
    pub frags: Option<crate::v2::fragment::Reassembly>,
    /// Responder: the key of this SA in the IKE_SA_INIT index.
    pub init_key: Option<(u64, SocketAddr)>,
    /// Replaced-by / replacing links for IKE rekey.
    pub replaced_by: Option<Serial>,
    /// On an IKE SA we are rekeying: the new IKE SA the peer created by
    /// rekeying it at the same time, kept aside until our own exchange
    /// ends and the nonces decide which one survives (RFC 7296 2.8.2).
    pub peer_rekey: Option<Serial>,
}

/// Child SA states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildState {
    /// Being negotiated.
    Larval,
    /// Installed.
    Established,
    /// Replaced by a rekey; waits for deletion.
    Rekeyed,
    /// Delete sent.
    Deleting,
}

/// One Child SA (ESP).
#[derive(Debug)]
#[allow(dead_code)]
pub(crate) struct ChildSa {
    pub serial: Serial,
    pub ike: Serial,
    pub conn: String,
    pub state: ChildState,
    /// Our inbound SPI (allocated by us).
    pub spi_in: u32,
    /// The peer's inbound SPI (our outbound).
    pub spi_out: u32,
    pub chosen: Option<Chosen>,
    /// Traffic selectors: agreed once established; on our larval
    /// replacement of a Child, the ones we proposed (the old Child's).
    pub ts_local: Vec<TrafficSelector>,
    pub ts_remote: Vec<TrafficSelector>,
    pub mode: Mode,
    pub reqid: u32,
    /// Kernel: larval inbound SA exists (AllocSpi issued).
    pub spi_reserved: bool,
    /// Kernel: both SAs installed.
    pub installed: bool,
    /// Kernel: the policies this Child owns (moved to its replacement on
    /// rekey, deleted with the last one).
    pub policies: Vec<kernel_sa::PolicyId>,
    pub timers: TimerTable,
    pub established: Option<Instant>,
    /// Our nonce and the peer's for CREATE_CHILD_SA.
    pub nonce_local: Vec<u8>,
    pub nonce_peer: Vec<u8>,
    pub kx: Option<Box<dyn ActiveKeyExchange>>,
    /// On an old Child: the replacement the peer created by rekeying it
    /// (to detect simultaneous rekeys, RFC 7296 2.8.1). On our larval
    /// replacement of a Child: the peer's replacement of the same one.
    pub peer_rekey: Option<Serial>,
    /// The Child this one replaces (rekey).
    pub replaces: Option<Serial>,
    /// The lifetime actually used (for status).
    pub lifetime: Duration,
    /// We started it (for rekey timing: initiator vs responder margins).
    pub initiated_by_us: bool,
}

/// Policies a dead peer's Child SAs left behind as `%trap` under
/// `dpdaction=hold` (pluto's manual: "the eroute will be put into %hold"):
/// matching traffic makes the kernel ask for an SA instead of leaving in
/// clear. A later Child SA with the same selectors takes a policy over in
/// place (UpdatePolicy); `terminate` removes what is left.
#[derive(Debug, Default)]
pub(crate) struct HeldPolicies {
    by_id: std::collections::BTreeMap<kernel_sa::PolicyId, (String, kernel_sa::PolicySpec)>,
}

impl HeldPolicies {
    /// Keep `spec` (already a trap) for connection `conn`.
    pub fn hold(&mut self, conn: &str, spec: kernel_sa::PolicySpec) {
        self.by_id.insert(spec.id(), (conn.to_string(), spec));
    }

    /// A new policy with this ID is being installed: stop holding it.
    /// True if it was held (the kernel has it: replace, do not add).
    pub fn claim(&mut self, id: &kernel_sa::PolicyId) -> bool {
        self.by_id.remove(id).is_some()
    }

    /// Stop holding every policy of `conn`; their IDs, for deletion.
    pub fn release(&mut self, conn: &str) -> Vec<kernel_sa::PolicyId> {
        let ids: Vec<kernel_sa::PolicyId> = self
            .by_id
            .iter()
            .filter(|(_, (c, _))| c == conn)
            .map(|(id, _)| *id)
            .collect();
        for id in &ids {
            self.by_id.remove(id);
        }
        ids
    }

    /// The connection holding the policy with this ID.
    pub fn connection_of(&self, id: &kernel_sa::PolicyId) -> Option<&str> {
        self.by_id.get(id).map(|(c, _)| c.as_str())
    }

    /// The held policies of `conn`.
    pub fn of<'a>(&'a self, conn: &'a str) -> impl Iterator<Item = &'a kernel_sa::PolicySpec> {
        self.by_id
            .values()
            .filter(move |(c, _)| c == conn)
            .map(|(_, s)| s)
    }
}

impl crate::sa_table::Timed for IkeSa {
    fn timers(&self) -> &TimerTable {
        &self.timers
    }
}

impl crate::sa_table::Timed for ChildSa {
    fn timers(&self) -> &TimerTable {
        &self.timers
    }
}
