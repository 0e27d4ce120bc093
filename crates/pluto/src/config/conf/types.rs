//! The typed values of `conn` keywords.

pub use whack_proto::{
    AddrFamily, AddressRange, DpdAction, Encaps, Fragmentation, HostAddr, IkeVersion, NextHop,
    ProtoPort, SendCert, Subnet,
};

/// `leftupdown=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Updown {
    /// `%disabled` (or empty): run nothing.
    Disabled,
    /// A command run by the shell.
    Command(String),
}

/// `leftrsasigkey=` / `leftpubkey=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PubKey {
    /// `%cert`: from the certificate.
    Cert,
    /// `%dns` / `%dnsondemand`.
    Dns,
    /// A raw key (`0s...` base64 or `0x...` hex), the RFC 3110 encoding.
    Raw(Vec<u8>),
}

impl PubKey {
    pub(crate) fn parse(v: &str) -> Result<PubKey, String> {
        match v.to_ascii_lowercase().as_str() {
            "%cert" => Ok(PubKey::Cert),
            "%dns" | "%dnsondemand" => Ok(PubKey::Dns),
            _ => crate::config::secrets::decode_public(v).map(PubKey::Raw),
        }
    }
}

/// `leftauth=` (and what `authby=` means for each end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndAuth {
    /// `secret`: preshared key.
    Secret,
    /// `rsasig` / `rsa`.
    RsaSig,
    /// `ecdsa`.
    Ecdsa,
    /// `null` (RFC 7619).
    Null,
    /// `eaponly`.
    EapOnly,
    /// `never`.
    Never,
}

pub(crate) const END_AUTH: &[(&str, EndAuth)] = &[
    ("secret", EndAuth::Secret),
    ("psk", EndAuth::Secret),
    ("rsasig", EndAuth::RsaSig),
    ("rsa", EndAuth::RsaSig),
    ("ecdsa", EndAuth::Ecdsa),
    ("null", EndAuth::Null),
    ("eaponly", EndAuth::EapOnly),
    ("never", EndAuth::Never),
];

/// `auto=`: what to do with the conn at startup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Auto {
    /// `ignore` (the default): only loaded when asked by name.
    #[default]
    Ignore,
    /// `add`: load it, wait for the peer.
    Add,
    /// `ondemand` (`route`): load it and install the trap policy.
    Ondemand,
    /// `start` (`up`): load it and initiate.
    Start,
    /// `keep`: load it, and keep it up once the peer has brought it up.
    Keep,
}

pub(crate) const AUTO: &[(&str, Auto)] = &[
    ("ignore", Auto::Ignore),
    ("add", Auto::Add),
    ("ondemand", Auto::Ondemand),
    ("route", Auto::Ondemand),
    ("start", Auto::Start),
    ("up", Auto::Start),
    ("keep", Auto::Keep),
];

/// `type=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConnType {
    /// `tunnel` (the default).
    #[default]
    Tunnel,
    /// `transport`.
    Transport,
    /// `passthrough` (`pass`): a shunt, no IPsec.
    Passthrough,
    /// `drop`: a shunt that drops.
    Drop,
    /// `reject`: a shunt that drops and answers ICMP.
    Reject,
}

pub(crate) const CONN_TYPE: &[(&str, ConnType)] = &[
    ("tunnel", ConnType::Tunnel),
    ("transport", ConnType::Transport),
    ("passthrough", ConnType::Passthrough),
    ("pass", ConnType::Passthrough),
    ("drop", ConnType::Drop),
    ("reject", ConnType::Reject),
];

/// One method of `authby=` (a comma-separated list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthBy {
    /// `secret`.
    Secret,
    /// `rsasig` (RSA with any hash).
    RsaSig,
    /// `rsa-sha1`.
    RsaSha1,
    /// `rsa-sha2` (any of 256/384/512).
    RsaSha2,
    /// `rsa-sha2_256`.
    RsaSha2_256,
    /// `rsa-sha2_384`.
    RsaSha2_384,
    /// `rsa-sha2_512`.
    RsaSha2_512,
    /// `ecdsa` (any hash).
    Ecdsa,
    /// `ecdsa-sha2_256`.
    EcdsaSha2_256,
    /// `ecdsa-sha2_384`.
    EcdsaSha2_384,
    /// `ecdsa-sha2_512`.
    EcdsaSha2_512,
    /// `null`.
    Null,
    /// `never`.
    Never,
}

pub(crate) const AUTH_BY: &[(&str, AuthBy)] = &[
    ("secret", AuthBy::Secret),
    ("rsasig", AuthBy::RsaSig),
    ("rsa", AuthBy::RsaSig),
    ("rsa-sha1", AuthBy::RsaSha1),
    ("rsa-sha2", AuthBy::RsaSha2),
    ("rsa-sha2_256", AuthBy::RsaSha2_256),
    ("rsa-sha2_384", AuthBy::RsaSha2_384),
    ("rsa-sha2_512", AuthBy::RsaSha2_512),
    ("ecdsa", AuthBy::Ecdsa),
    ("ecdsa-sha2", AuthBy::Ecdsa),
    ("ecdsa-sha2_256", AuthBy::EcdsaSha2_256),
    ("ecdsa-sha2_384", AuthBy::EcdsaSha2_384),
    ("ecdsa-sha2_512", AuthBy::EcdsaSha2_512),
    ("null", AuthBy::Null),
    ("never", AuthBy::Never),
];

/// `xauthby=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XauthBy {
    /// `file`: ipsec.secrets / passwd file.
    File,
    /// `pam`.
    Pam,
    /// `alwaysok`.
    AlwaysOk,
}

pub(crate) const XAUTH_BY: &[(&str, XauthBy)] = &[
    ("file", XauthBy::File),
    ("pam", XauthBy::Pam),
    ("alwaysok", XauthBy::AlwaysOk),
];

/// `xauthfail=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XauthFail {
    /// `hard`.
    Hard,
    /// `soft`.
    Soft,
}

pub(crate) const XAUTH_FAIL: &[(&str, XauthFail)] =
    &[("hard", XauthFail::Hard), ("soft", XauthFail::Soft)];

/// `phase2=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase2 {
    /// `esp` (the default).
    Esp,
    /// `ah`.
    Ah,
}

pub(crate) const PHASE2: &[(&str, Phase2)] = &[
    ("esp", Phase2::Esp),
    ("ah", Phase2::Ah),
    ("default", Phase2::Esp),
];

/// `esn=` (extended sequence numbers, RFC 4303 2.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Esn {
    /// `yes`.
    Yes,
    /// `no`.
    No,
    /// `either`.
    Either,
}

pub(crate) const ESN: &[(&str, Esn)] =
    &[("yes", Esn::Yes), ("no", Esn::No), ("either", Esn::Either)];

/// `keyingtries=`: how many times to try; `%forever` or 0 means forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyingTries {
    /// Keep trying.
    Forever,
    /// This many attempts.
    Count(u32),
}

pub(crate) const ADDR_FAMILY: &[(&str, AddrFamily)] =
    &[("ipv4", AddrFamily::V4), ("ipv6", AddrFamily::V6)];

pub(crate) const DPD_ACTION: &[(&str, DpdAction)] = &[
    ("hold", DpdAction::Hold),
    ("clear", DpdAction::Clear),
    ("restart", DpdAction::Restart),
];

pub(crate) const ENCAPSULATION: &[(&str, Encaps)] = &[
    ("auto", Encaps::Auto),
    ("yes", Encaps::Yes),
    ("no", Encaps::No),
];

/// Libreswan's spellings (yes/no/force and the older never/insist).
pub(crate) const FRAGMENTATION: &[(&str, Fragmentation)] = &[
    ("yes", Fragmentation::Yes),
    ("no", Fragmentation::No),
    ("never", Fragmentation::No),
    ("force", Fragmentation::Force),
    ("insist", Fragmentation::Force),
];

/// Libreswan's spellings of `sendcert=`.
pub(crate) const SEND_CERT: &[(&str, SendCert)] = &[
    ("never", SendCert::Never),
    ("no", SendCert::Never),
    ("sendifasked", SendCert::IfAsked),
    ("ifasked", SendCert::IfAsked),
    ("always", SendCert::Always),
    ("alwayssend", SendCert::Always),
    ("yes", SendCert::Always),
    ("forced", SendCert::Always),
];
