//! # ike-sm: IKEv2 as a sans-IO state machine
//!
//! No sockets, no clock, no threads, no files: the caller feeds datagrams,
//! timeouts and commands into an [`Endpoint`], and drains what it wants
//! done. This is the shape of quinn-proto and rustls.
//!
//! ## Inputs
//! - [`Endpoint::handle_datagram`]`(now, local, remote, bytes)`: one UDP
//!   payload as received (on the NAT-T port it starts with the non-ESP
//!   marker, which the endpoint strips).
//! - [`Endpoint::handle_timeout`]`(now)` once [`Endpoint::poll_timeout`]'s
//!   deadline has passed.
//! - [`Endpoint::handle_kernel_result`]`(now, &op, result)` for each
//!   kernel op taken from [`Endpoint::poll_kernel_op`]: successes cost
//!   nothing; a Child SA the kernel would not install is deleted with the
//!   peer (INFORMATIONAL Delete) and its IKE SA kept, as pluto does.
//! - [`Endpoint::handle_job_done`]`(now, result)` for each crypto [`Job`]
//!   run (below).
//! - Commands: [`Endpoint::add_connection`], [`Endpoint::remove_connection`],
//!   [`Endpoint::initiate`], [`Endpoint::terminate`],
//!   [`Endpoint::delete_state`], [`Endpoint::rekey_child`],
//!   [`Endpoint::rekey_ike`], [`Endpoint::set_busy`].
//!
//! ## Outputs (drain after every input)
//! - [`Endpoint::poll_transmit`] → [`Transmit`]: source, destination and
//!   the exact UDP payload (non-ESP marker included on port 4500).
//! - [`Endpoint::poll_kernel_op`] → [`kernel_sa::KernelOp`], to be run in
//!   order on a [`kernel_sa::Kernel`]. SPIs are chosen here and reserved
//!   with a one-SPI `AllocSpi` range; every add has its delete.
//! - [`Endpoint::poll_event`] → [`Event`]: established, failed, deleted,
//!   peer dead, and [`LogLine`]s with the whack RC code ([`Rc`]).
//!   [`Event::IkeEstablished`] carries the authenticated peer ID and, for
//!   an IKE SA made by rekey (RFC 7296 2.18), the serial it replaces, so a
//!   caller never reads log lines for them (pluto's `uniqueids`). Log text
//!   is for people and may change.
//! - [`Endpoint::poll_timeout`] → the next deadline.
//! - [`Endpoint::poll_job`] → [`Job`]: only with
//!   [`EndpointConfig::offload_crypto`] on (pluto's `--nhelpers`). The
//!   Diffie-Hellman work of IKE_SA_INIT is handed out instead of done
//!   inline; run [`Job::run`] on any thread and feed the [`JobResult`] to
//!   [`Endpoint::handle_job_done`]. The state waits meanwhile (repeated
//!   requests are dropped, timers still run, a result for a state gone
//!   meanwhile is discarded) and then goes on exactly as inline: the same
//!   random draws, the same bytes on the wire. See [`job`].
//! - Snapshots: [`Endpoint::status`] (`whack --status`; each IKE SA's
//!   [`status::NatStatus`] says whether NAT detection, RFC 7296 2.23, found
//!   us or the peer behind a NAT, and so who sends NAT-keepalives,
//!   RFC 3948 4), [`Endpoint::ike_keys`] (`--keylogfile`, Wireshark's UAT
//!   format).
//!
//! ## Choices made for the caller
//! - Responder connection switching: at IKE_SA_INIT a responder knows only
//!   addresses; in IKE_AUTH it chooses again by IDi, the IDr asked for,
//!   the AUTH method and the traffic selectors, among the connections that
//!   accept the algorithms already negotiated ([`config::matching`], like
//!   Libreswan's `refine_host_connection`). Events and status name the
//!   connection finally chosen.
//! - `dpdaction=hold`: when liveness checks declare the peer dead, the
//!   Child SAs go but their policies are left as `%trap` (an
//!   `UpdatePolicy` in place, no SA, no cleartext leak);
//!   [`Endpoint::held_connection`] maps the kernel's ACQUIRE on such a
//!   trap back to its connection so the caller can initiate it again, and
//!   [`Endpoint::held_policies`] lists what is held.
//!
//! Connections are plain data ([`config::Connection`]) with Libreswan's
//! defaults and its `ike=`/`esp=` syntax ([`config::parse_ike`]). Every
//! state has a serial number printed `#N` ([`Serial`]). Randomness is
//! injected ([`rng::Random`]); [`sim`] is a deterministic network for tests
//! (it feeds kernel results back and can refuse chosen kernel ops,
//! [`sim::KernelFaults`]).
//!
//! ## What is implemented (IKEv2, RFC 7296)
//! - IKE_SA_INIT: local-preference proposal selection, INVALID_KE_PAYLOAD
//!   and retry, COOKIE (threshold or forced busy), NAT detection and the
//!   move to UDP 4500 (also `encapsulation=yes`), fragmentation and
//!   signature-hash announcements, NO_PROPOSAL_CHOSEN.
//! - IKE_AUTH with PSK, identities of every common type, the first Child SA
//!   (ESN, narrowing, TS_UNACCEPTABLE, USE_TRANSPORT_MODE), a failed Child
//!   that keeps the IKE SA, AUTHENTICATION_FAILED.
//! - CREATE_CHILD_SA: Child rekey (REKEY_SA, PFS with the IKE group), IKE
//!   rekey (Children move over), simultaneous Child rekey (2.8.1 nonces).
//! - INFORMATIONAL: Delete (paired answer), liveness with dpdaction
//!   clear/hold/restart, INVALID_SYNTAX, UNSUPPORTED_CRITICAL_PAYLOAD.
//! - Message ID window 1, cached responses, retransmission 0.5 s doubling
//!   to 60 s, keyingtries, RFC 7383 fragments, lifetimes with margin+fuzz.
//! - Crypto jobs: IKE_SA_INIT DH (both roles) as [`Job`]s; CREATE_CHILD_SA
//!   DH (PFS, IKE rekey) is still computed inline.
//! - Not yet: certificates, IKEv1.
//!
//! ## Example: two endpoints to an established Child SA
//!
//! ```
//! use std::time::Instant;
//! use ike_sm::config::{Connection, End, Identity, Psk};
//! use ike_sm::rng::SeededRng;
//! use ike_sm::{Endpoint, EndpointConfig, Event};
//!
//! let (w, e) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
//! let conn = |l, r, lid: &str, rid: &str| {
//!     let mut local = End::new(l);
//!     local.id = Some(Identity::parse(lid).unwrap());
//!     let mut remote = End::new(r);
//!     remote.id = Some(Identity::parse(rid).unwrap());
//!     let mut c = Connection::new("west-east", local, remote);
//!     c.psk = Some(Psk::new(b"secret".to_vec()));
//!     c
//! };
//! let provider = ike_crypto::rustcrypto();
//! let mut west = Endpoint::new(EndpointConfig::default(), provider.clone(), Box::new(SeededRng::new(1)));
//! let mut east = Endpoint::new(EndpointConfig::default(), provider, Box::new(SeededRng::new(2)));
//! west.add_connection(conn(w, e, "@west", "@east")).unwrap();
//! east.add_connection(conn(e, w, "@east", "@west")).unwrap();
//!
//! let now = Instant::now(); // the caller owns the clock
//! west.initiate(now, "west-east").unwrap();
//! let mut established = 0;
//! for _ in 0..10 {
//!     while let Some(t) = west.poll_transmit() {
//!         east.handle_datagram(now, t.dst, t.src, &t.payload);
//!     }
//!     while let Some(t) = east.poll_transmit() {
//!         west.handle_datagram(now, t.dst, t.src, &t.payload);
//!     }
//!     for ep in [&mut west, &mut east] {
//!         while let Some(_op) = ep.poll_kernel_op() { /* kernel.execute(&op) */ }
//!         while let Some(ev) = ep.poll_event() {
//!             if matches!(ev, Event::ChildEstablished { .. }) {
//!                 established += 1;
//!             }
//!         }
//!     }
//! }
//! assert_eq!(established, 2); // one Child SA on each side
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod config;
pub(crate) mod crypto;
pub mod endpoint;
pub mod event;
pub mod job;
pub mod msg;
pub mod msgid;
pub mod rng;
pub mod sa;
pub(crate) mod sa_table;
pub mod serial;
pub mod sim;
pub mod status;
pub mod timer;
pub mod transmit;
pub mod v2;

pub use endpoint::{CommandError, Endpoint, EndpointConfig};
pub use event::{Event, LogLine, Rc};
pub use job::{DhError, Job, JobId, JobKind, JobResult};
pub use serial::Serial;
pub use transmit::{Encap, Transmit};
