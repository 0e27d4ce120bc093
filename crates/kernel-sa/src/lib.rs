//! kernel-sa: the one door between the IKE daemon and the kernel's IPsec stack (see the
//! crate's `README.md`).
//!
//! What `ike-sm` asks for (SPIs, SAs, policies) is plain data ([`KernelOp`], [`SaSpec`],
//! [`PolicySpec`]); what the kernel tells back is [`KernelEvent`] and [`SaCounters`]. A
//! backend implements [`Kernel`]:
//!
//! - [`NostackKernel`]: in memory, records every call (`--use-nostack`, tests);
//! - [`xfrm`]: Linux netlink XFRM (`--use-netkey`).
//!
//! Algorithms are named by IKEv2 transform IDs (plain `u16`, see [`encr`] and [`integ`]);
//! the single table mapping them to kernel names is [`xfrm::algs`].
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod addr;
mod algorithm;
mod backend;
mod counters;
mod error;
mod event;
mod key;
mod lifetime;
pub mod nostack;
mod op;
mod policy;
mod sa;
mod spi;
mod validate;
pub mod xfrm;

pub use addr::{Family, IpPrefix, PrefixError};
pub use algorithm::{encr, integ, Aead, Cipher, Integrity, SaAlgorithms};
pub use backend::Kernel;
pub use counters::SaCounters;
pub use error::{Errno, KernelError, OpKind};
pub use event::{Acquire, ExpireKind, KernelEvent};
pub use key::KeyBytes;
pub use lifetime::{Lifetimes, Limits};
pub use nostack::NostackKernel;
pub use op::{KernelOp, KernelReply};
pub use policy::{
    Direction, EmptyTemplates, PolicyAction, PolicyId, PolicySpec, Selector, SelectorError,
    Template, TemplateMode, Templates, UpperLayer,
};
pub use sa::{Mark, Mode, Protocol, Reqid, SaId, SaSpec, UdpEncap};
pub use spi::{Spi, SpiRange, SpiRangeError, SpiRequest, MIN_ALLOCATED_SPI};
