//! IKEv2 (RFC 7296): one module per exchange, plus the shared plumbing.

pub(crate) mod child;
pub(crate) mod create_child;
pub(crate) mod dispatch;
pub mod fragment;
pub(crate) mod ike_auth;
pub(crate) mod ike_sa_init;
pub(crate) mod informational;
pub(crate) mod kernel_result;
pub(crate) mod lifecycle;
pub(crate) mod send;
pub(crate) mod sig_auth;
pub mod table;
pub(crate) mod timers;
