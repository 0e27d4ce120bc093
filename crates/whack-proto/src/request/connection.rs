//! The connection form: `--name NAME <left end> --to <right end> <connection-wide flags>`.

use std::net::IpAddr;
use std::str::FromStr;

use crate::addr::AddrFamily;
use crate::codec::{wire_struct, wire_unit_enum, Reader, Wire, Writer};
use crate::error::Error;
use crate::request::end::End;
use crate::value::{keyword, ValueError};

/// The IKE version a connection negotiates. IKEv2 is the default, as in Libreswan 4.x.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IkeVersion {
    /// `--ikev1` (ipsec.conf `ikev2=no`, `keyexchange=ikev1`).
    V1,
    /// `--ikev2` (the default).
    #[default]
    V2,
}
wire_unit_enum!(IkeVersion { V1 = 1, V2 = 2 });

/// Policy flags of the connection form; `false` = not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Policy {
    /// `--psk`: pre-shared key authentication.
    pub psk: bool,
    /// `--rsasig`: RSA signature authentication.
    pub rsasig: bool,
    /// `--encrypt`: ESP.
    pub encrypt: bool,
    /// `--authenticate`: AH.
    pub authenticate: bool,
    /// `--compress`: IPcomp.
    pub compress: bool,
    /// `--tunnel`: tunnel mode.
    pub tunnel: bool,
    /// `--pfs`.
    pub pfs: bool,
    /// `--dontrekey`.
    pub dont_rekey: bool,
    /// `--aggrmode`: IKEv1 aggressive mode.
    pub aggressive: bool,
    /// `--modecfgpull`.
    pub modecfg_pull: bool,
    /// `--disablearrivalcheck`.
    pub disable_arrival_check: bool,
    /// `--no-keep-alive`: no NAT-T keep-alives for this connection.
    pub no_keep_alive: bool,
}
wire_struct!(Policy {
    psk,
    rsasig,
    encrypt,
    authenticate,
    compress,
    tunnel,
    pfs,
    dont_rekey,
    aggressive,
    modecfg_pull,
    disable_arrival_check,
    no_keep_alive,
});

/// `--pfsgroup`: a Diffie-Hellman group, by its IANA number (RFC 7296 3.3.2, transform
/// type 4). Written by name: `modp1024` .. `modp8192`, `dh22`..`dh24`, `ecp256`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DhGroup(pub u16);

impl Wire for DhGroup {
    fn put(&self, w: &mut Writer) {
        w.u16(self.0)
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        Ok(DhGroup(r.u16(what)?))
    }
}

const DH_GROUPS: &[(&str, u16)] = &[
    ("modp1024", 2),
    ("modp1536", 5),
    ("modp2048", 14),
    ("modp3072", 15),
    ("modp4096", 16),
    ("modp6144", 17),
    ("modp8192", 18),
    ("dh19", 19),
    ("ecp256", 19),
    ("dh20", 20),
    ("ecp384", 20),
    ("dh21", 21),
    ("ecp521", 21),
    ("dh22", 22),
    ("dh23", 23),
    ("dh24", 24),
    ("dh31", 31),
    ("curve25519", 31),
];

impl DhGroup {
    /// The group's usual name (`modp2048`).
    pub fn name(self) -> Option<&'static str> {
        DH_GROUPS
            .iter()
            .find(|(_, n)| *n == self.0)
            .map(|(name, _)| *name)
    }
}

impl FromStr for DhGroup {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        keyword("pfsgroup", s, DH_GROUPS).map(DhGroup)
    }
}

/// `--dpdaction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DpdAction {
    /// `clear`.
    Clear,
    /// `hold` (the default).
    Hold,
    /// `restart`.
    Restart,
}
wire_unit_enum!(DpdAction {
    Clear = 0,
    Hold = 1,
    Restart = 2
});

impl FromStr for DpdAction {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        if s == "restart_by_peer" {
            return Err(ValueError::new(
                "dpdaction",
                s,
                "restart_by_peer is obsolete; use restart",
            ));
        }
        keyword(
            "dpdaction",
            s,
            &[
                ("clear", DpdAction::Clear),
                ("hold", DpdAction::Hold),
                ("restart", DpdAction::Restart),
            ],
        )
    }
}

/// Dead Peer Detection settings (RFC 3706; IKEv2 liveness, RFC 7296 2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dpd {
    /// `--dpddelay` seconds.
    pub delay: Option<u32>,
    /// `--dpdtimeout` (or `--timeout`) seconds.
    pub timeout: Option<u32>,
    /// `--dpdaction`.
    pub action: Option<DpdAction>,
}
wire_struct!(Dpd {
    delay,
    timeout,
    action
});

/// UDP encapsulation of ESP (RFC 3948): `--encaps` (`--forceencaps` is `Yes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encaps {
    /// `auto`: when NAT is detected (the default).
    Auto,
    /// `yes`: always (pretend NAT).
    Yes,
    /// `no`: never.
    No,
}
wire_unit_enum!(Encaps {
    Auto = 0,
    Yes = 1,
    No = 2
});

impl FromStr for Encaps {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        keyword(
            "encaps",
            s,
            &[
                ("auto", Encaps::Auto),
                ("yes", Encaps::Yes),
                ("no", Encaps::No),
            ],
        )
    }
}

/// IKE fragmentation (RFC 7383 for IKEv2): `--fragmentation yes|no|force`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fragmentation {
    /// `yes`: when the peer supports it (the default).
    Yes,
    /// `no`.
    No,
    /// `force`.
    Force,
}
wire_unit_enum!(Fragmentation {
    Yes = 0,
    No = 1,
    Force = 2
});

impl FromStr for Fragmentation {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        keyword(
            "fragmentation",
            s,
            &[
                ("yes", Fragmentation::Yes),
                ("no", Fragmentation::No),
                ("force", Fragmentation::Force),
            ],
        )
    }
}

/// What to do with traffic before the connection is up (`--initiateontraffic`,
/// `--pass`, `--drop`, `--reject`; mutually exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shunt {
    /// `--initiateontraffic`: initiate when traffic needs the connection.
    InitiateOnTraffic,
    /// `--pass`: let unencrypted traffic through.
    Pass,
    /// `--drop`: drop it silently.
    Drop,
    /// `--reject`: drop it and send ICMP.
    Reject,
}
wire_unit_enum!(Shunt {
    InitiateOnTraffic = 0,
    Pass = 1,
    Drop = 2,
    Reject = 3
});

/// What to do with traffic when negotiation fails (`--failnone`, `--failpass`,
/// `--faildrop`, `--failreject`; mutually exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailShunt {
    /// `--failnone`.
    None,
    /// `--failpass`.
    Pass,
    /// `--faildrop`.
    Drop,
    /// `--failreject`.
    Reject,
}
wire_unit_enum!(FailShunt {
    None = 0,
    Pass = 1,
    Drop = 2,
    Reject = 3
});

/// Mode Config (IKEv1) / configuration payload (IKEv2) settings handed to clients.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ModeCfg {
    /// `--modecfgdns1`, `--modecfgdns2` (in that order).
    pub dns: Vec<IpAddr>,
    /// `--modecfgdomain`.
    pub domain: Option<String>,
    /// `--modecfgbanner`.
    pub banner: Option<String>,
}
wire_struct!(ModeCfg {
    dns,
    domain,
    banner
});

/// A connection description (`ipsec whack --name NAME ... --to ...`, or a `conn` section
/// of ipsec.conf). `None`/`false` fields mean "pluto's default".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConnectionRequest {
    /// `--name`.
    pub name: String,
    /// The end described before `--to`.
    pub left: End,
    /// The end described after `--to`.
    pub right: End,
    /// `--delete` in the connection form: delete any connection of the same name first,
    /// without a diagnostic if there is none.
    pub replace: bool,
    /// `--ikev1` / `--ikev2`.
    pub ike_version: IkeVersion,
    /// Policy flags.
    pub policy: Policy,
    /// `--ipv4` / `--ipv6`: family of the host addresses.
    pub host_family: Option<AddrFamily>,
    /// `--tunnelipv4` / `--tunnelipv6`: family of the client addresses.
    pub tunnel_family: Option<AddrFamily>,
    /// `--ike`: IKE SA proposals (ipsec.conf `ike=` syntax), parsed by pluto.
    pub ike: Option<String>,
    /// `--esp`: Child SA proposals (ipsec.conf `esp=` syntax), parsed by pluto.
    pub esp: Option<String>,
    /// `--pfsgroup`.
    pub pfs_group: Option<DhGroup>,
    /// `--ikelifetime` seconds.
    pub ike_lifetime: Option<u32>,
    /// `--ipseclifetime` seconds.
    pub ipsec_lifetime: Option<u32>,
    /// `--rekeymargin` seconds.
    pub rekey_margin: Option<u32>,
    /// `--rekeyfuzz` percent.
    pub rekey_fuzz: Option<u32>,
    /// `--keyingtries` (0: never give up).
    pub keying_tries: Option<u32>,
    /// `--dpddelay`, `--dpdtimeout`, `--dpdaction`.
    pub dpd: Dpd,
    /// `--encaps` / `--forceencaps`.
    pub encaps: Option<Encaps>,
    /// `--fragmentation` (`--ikefrag-allow`, `--ikefrag-force`).
    pub fragmentation: Option<Fragmentation>,
    /// `--metric`.
    pub metric: Option<u32>,
    /// `--nflog-group`.
    pub nflog_group: Option<u32>,
    /// `--sec-label`: security label (labeled IPsec).
    pub sec_label: Option<String>,
    /// `--initiateontraffic` / `--pass` / `--drop` / `--reject`.
    pub shunt: Option<Shunt>,
    /// `--failnone` / `--failpass` / `--faildrop` / `--failreject`.
    pub fail_shunt: Option<FailShunt>,
    /// `--modecfgdns1/2`, `--modecfgdomain`, `--modecfgbanner`.
    pub modecfg: ModeCfg,
}
wire_struct!(ConnectionRequest {
    name,
    left,
    right,
    replace,
    ike_version,
    policy,
    host_family,
    tunnel_family,
    ike,
    esp,
    pfs_group,
    ike_lifetime,
    ipsec_lifetime,
    rekey_margin,
    rekey_fuzz,
    keying_tries,
    dpd,
    encaps,
    fragmentation,
    metric,
    nflog_group,
    sec_label,
    shunt,
    fail_shunt,
    modecfg,
});

impl ConnectionRequest {
    /// A connection with its name and two ends; everything else default.
    pub fn new(name: impl Into<String>, left: End, right: End) -> ConnectionRequest {
        ConnectionRequest {
            name: name.into(),
            left,
            right,
            replace: false,
            ike_version: IkeVersion::default(),
            policy: Policy::default(),
            host_family: None,
            tunnel_family: None,
            ike: None,
            esp: None,
            pfs_group: None,
            ike_lifetime: None,
            ipsec_lifetime: None,
            rekey_margin: None,
            rekey_fuzz: None,
            keying_tries: None,
            dpd: Dpd::default(),
            encaps: None,
            fragmentation: None,
            metric: None,
            nflog_group: None,
            sec_label: None,
            shunt: None,
            fail_shunt: None,
            modecfg: ModeCfg::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords() {
        assert_eq!("modp2048".parse::<DhGroup>().unwrap(), DhGroup(14));
        assert_eq!(DhGroup(14).name(), Some("modp2048"));
        assert!("modp768".parse::<DhGroup>().is_err());
        assert_eq!("restart".parse::<DpdAction>().unwrap(), DpdAction::Restart);
        let e = "restart_by_peer".parse::<DpdAction>().unwrap_err();
        assert!(e.to_string().contains("use restart"));
        assert_eq!(
            "force".parse::<Fragmentation>().unwrap(),
            Fragmentation::Force
        );
        assert_eq!("auto".parse::<Encaps>().unwrap(), Encaps::Auto);
        let e = "maybe".parse::<Encaps>().unwrap_err();
        assert!(e.to_string().contains("auto, yes, no"), "{e}");
    }

    #[test]
    fn default_is_ikev2() {
        assert_eq!(IkeVersion::default(), IkeVersion::V2);
    }
}
