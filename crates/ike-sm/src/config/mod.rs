//! The connection model: plain data describing policy (ipsec.conf).

pub mod alg;
pub mod connection;
pub mod id;
pub mod key;
pub mod matching;
pub mod proposal;
pub mod selector;

pub use connection::{
    AuthMethod, Connection, Dpd, DpdAction, Encapsulation, End, Fragmentation, Mode, Psk,
    Retransmit,
};
pub use id::Identity;
pub use key::PrivateKey;
pub use proposal::{
    default_esp, default_ike, parse_esp, parse_ike, Chosen, Proposal, ProposalError,
};
pub use selector::{Subnet, TrafficSelector};
