//! The Linux XFRM backend (what the manual calls NETKEY, `--use-netkey`).

pub mod algs;
