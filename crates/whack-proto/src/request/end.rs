//! One end of a connection: the flags given before `--to` (left) or after it (right).

use std::net::IpAddr;
use std::str::FromStr;

use crate::addr::{AddressRange, HostAddr, NextHop, ProtoPort, Subnet};
use crate::codec::{wire_struct, wire_unit_enum, Reader, Wire, Writer};
use crate::error::Error;
use crate::value::{keyword, ValueError};

/// `--sendcert`: whether to send our certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SendCert {
    /// `yes`, `always` (and `forced`, which the manual says is not really implemented).
    Always,
    /// `ifasked`.
    IfAsked,
    /// `no`, `never`.
    Never,
}
wire_unit_enum!(SendCert {
    Always = 0,
    IfAsked = 1,
    Never = 2
});

impl FromStr for SendCert {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        keyword(
            "sendcert",
            s,
            &[
                ("yes", SendCert::Always),
                ("always", SendCert::Always),
                ("forced", SendCert::Always),
                ("ifasked", SendCert::IfAsked),
                ("no", SendCert::Never),
                ("never", SendCert::Never),
            ],
        )
    }
}

/// `--sendca`: how much of the CA chain to send with our certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SendCa {
    /// `none`.
    None,
    /// `issuer`.
    Issuer,
    /// `all`.
    All,
}
wire_unit_enum!(SendCa {
    None = 0,
    Issuer = 1,
    All = 2
});

impl FromStr for SendCa {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        keyword(
            "sendca",
            s,
            &[
                ("none", SendCa::None),
                ("issuer", SendCa::Issuer),
                ("all", SendCa::All),
            ],
        )
    }
}

/// `--client subnet` or the obsolete `--clientwithin subnet` (mutually exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Client {
    /// `--client`: the subnet behind this end.
    Subnet(Subnet),
    /// `--clientwithin`: obsolete per the manual; carried so pluto can say so.
    Within(Subnet),
}

impl Client {
    /// The subnet, whichever form.
    pub fn subnet(&self) -> Subnet {
        match self {
            Client::Subnet(s) | Client::Within(s) => *s,
        }
    }
}

impl Wire for Client {
    fn put(&self, w: &mut Writer) {
        let (tag, s) = match self {
            Client::Subnet(s) => (0, s),
            Client::Within(s) => (1, s),
        };
        w.u8(tag);
        s.put(w);
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let (tag, at) = r.tag(what);
        match tag? {
            0 => Ok(Client::Subnet(Subnet::get(r, what)?)),
            1 => Ok(Client::Within(Subnet::get(r, what)?)),
            tag => Err(Error::InvalidTag {
                what: "Client",
                tag,
                at,
            }),
        }
    }
}

/// One end of a connection. Only `host` is required; everything else is `None`/`false`
/// for "pluto's default".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct End {
    /// `--host`.
    pub host: HostAddr,
    /// `--id`: the identity, as written (IP, `@fqdn`, `user@fqdn`, DN, `%myid`, ...);
    /// pluto parses it. `None`: the host address.
    pub id: Option<String>,
    /// `--cert`: certificate file name (or NSS nickname).
    pub cert: Option<String>,
    /// `--ca`: the CA's distinguished name.
    pub ca: Option<String>,
    /// `--groups`: access control groups.
    pub groups: Option<String>,
    /// `--sendcert`.
    pub sendcert: Option<SendCert>,
    /// `--sendca`.
    pub sendca: Option<SendCa>,
    /// `--certtype`.
    pub certtype: Option<u32>,
    /// `--ikeport`: the UDP port IKE listens on at that host (default 500).
    pub ikeport: Option<u16>,
    /// `--nexthop`.
    pub nexthop: Option<NextHop>,
    /// `--client` / `--clientwithin`; `None`: the host is the client.
    pub client: Option<Client>,
    /// `--clientprotoport`.
    pub protoport: Option<ProtoPort>,
    /// `--srcip`.
    pub srcip: Option<IpAddr>,
    /// `--xauthserver`.
    pub xauth_server: bool,
    /// `--xauthclient`.
    pub xauth_client: bool,
    /// `--username`: XAUTH user name for this end (ipsec.conf `leftusername`).
    pub xauth_username: Option<String>,
    /// `--modecfgserver`.
    pub modecfg_server: bool,
    /// `--modecfgclient`.
    pub modecfg_client: bool,
    /// `--addresspool`: Mode Config / IKEv2 CP address pool (ipsec.conf `leftaddresspool`).
    pub address_pool: Option<AddressRange>,
    /// `--dnskeyondemand`.
    pub dnskeyondemand: bool,
    /// `--updown`: the updown command (default `ipsec _updown`).
    pub updown: Option<String>,
}
wire_struct!(End {
    host,
    id,
    cert,
    ca,
    groups,
    sendcert,
    sendca,
    certtype,
    ikeport,
    nexthop,
    client,
    protoport,
    srcip,
    xauth_server,
    xauth_client,
    xauth_username,
    modecfg_server,
    modecfg_client,
    address_pool,
    dnskeyondemand,
    updown,
});

impl End {
    /// An end with only its host set.
    pub fn new(host: HostAddr) -> End {
        End {
            host,
            id: None,
            cert: None,
            ca: None,
            groups: None,
            sendcert: None,
            sendca: None,
            certtype: None,
            ikeport: None,
            nexthop: None,
            client: None,
            protoport: None,
            srcip: None,
            xauth_server: false,
            xauth_client: false,
            xauth_username: None,
            modecfg_server: false,
            modecfg_client: false,
            address_pool: None,
            dnskeyondemand: false,
            updown: None,
        }
    }
}
