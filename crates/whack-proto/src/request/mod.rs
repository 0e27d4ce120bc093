//! Requests: one per whack form of the manual.

pub mod connection;
pub mod debug;
pub mod end;

use std::net::IpAddr;

use crate::addr::AddrFamily;
use crate::codec::{wire_struct, wire_unit_enum, Reader, Wire, Writer};
use crate::error::Error;

pub use connection::ConnectionRequest;
pub use debug::DebugRequest;
pub use end::End;

/// The public key form: `--keyid ID [--addkey] [--pubkeyrsa KEY]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PublicKeyRequest {
    /// `--keyid`: the peer identity the key belongs to.
    pub id: String,
    /// `--addkey`: add to the keys of this id instead of replacing them.
    pub add: bool,
    /// `--pubkeyrsa`: the key in ipsec_ttodata(3) form (`0s...` base64, `0x...` hex).
    /// `None`: remove the id's keys (or look them up, in Libreswan's DNS days).
    pub rsa_key: Option<String>,
}
wire_struct!(PublicKeyRequest { id, add, rsa_key });

/// The initiate form: `--initiate --name NAME [--xauthuser U] [--xauthpass P]
/// [--asynchronous]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InitiateRequest {
    /// `--name`.
    pub name: String,
    /// `--asynchronous`: pluto answers once the negotiation has started instead of
    /// streaming progress until it is established or has failed.
    pub asynchronous: bool,
    /// `--xauthuser`: answer to an XAUTH user name prompt.
    pub xauth_user: Option<String>,
    /// `--xauthpass`: answer to an XAUTH password prompt.
    pub xauth_pass: Option<String>,
}
wire_struct!(InitiateRequest {
    name,
    asynchronous,
    xauth_user,
    xauth_pass
});

/// The opportunistic initiate form: `[--tunnelipv4|--tunnelipv6] --oppohere IP
/// --oppothere IP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OppoRequest {
    /// `--oppohere`.
    pub here: IpAddr,
    /// `--oppothere`.
    pub there: IpAddr,
    /// `--tunnelipv4` / `--tunnelipv6`.
    pub tunnel_family: Option<AddrFamily>,
}
wire_struct!(OppoRequest {
    here,
    there,
    tunnel_family
});

/// What `--list*` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// `--listall`.
    All,
    /// `--listpubkeys`.
    PubKeys,
    /// `--listcerts`.
    Certs,
    /// `--checkpubkeys`: certificates about to expire or expired.
    CheckPubKeys,
    /// `--listcacerts`.
    CaCerts,
    /// `--listcrls`.
    Crls,
    /// `--listevents`: pending events.
    Events,
}
wire_unit_enum!(ListKind {
    All = 0,
    PubKeys = 1,
    Certs = 2,
    CheckPubKeys = 3,
    CaCerts = 4,
    Crls = 5,
    Events = 6
});

/// The list form: `[--utc] --listall|--listpubkeys|...` (several may be combined).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListRequest {
    /// `--utc`: show times in UTC.
    pub utc: bool,
    /// In command-line order.
    pub kinds: Vec<ListKind>,
}
wire_struct!(ListRequest { utc, kinds });

/// What `--reread*` reloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RereadKind {
    /// `--rereadsecrets`: ipsec.secrets.
    Secrets,
    /// `--rereadcrls`.
    Crls,
    /// `--rereadall`.
    All,
}
wire_unit_enum!(RereadKind {
    Secrets = 0,
    Crls = 1,
    All = 2
});

/// The reread form: `[--utc] --rereadsecrets|--rereadcrls|--rereadall`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RereadRequest {
    /// `--utc`.
    pub utc: bool,
    /// In command-line order.
    pub kinds: Vec<RereadKind>,
}
wire_struct!(RereadRequest { utc, kinds });

/// What a status request shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusKind {
    /// `--status`: connections, states, shunts.
    Status,
    /// `--trafficstatus`: XAUTH user, add time, bytes in and out of each IPsec SA.
    Traffic,
    /// `--shuntstatus`: bare shunts.
    Shunt,
}
wire_unit_enum!(StatusKind {
    Status = 0,
    Traffic = 1,
    Shunt = 2
});

/// The status forms: `--status`, `--trafficstatus`, `--shuntstatus` (the last two may be
/// combined), with `--json` for machine-readable output.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatusRequest {
    /// In command-line order.
    pub kinds: Vec<StatusKind>,
    /// `--json`: one JSON document per kind instead of Libreswan's text.
    pub json: bool,
}
wire_struct!(StatusRequest { kinds, json });

/// One whack request: each variant is one form of the manual's synopsis.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Request {
    /// The connection form (`--name ... --to ...`): add a connection.
    Connection(Box<ConnectionRequest>),
    /// The public key form (`--keyid`).
    PublicKey(PublicKeyRequest),
    /// `--myid ID`: what `%myid` stands for.
    MyId(String),
    /// `--listen`: discover interfaces, (re)read secrets, listen for IKE.
    Listen,
    /// `--unlisten`: stop listening.
    Unlisten,
    /// `--busy`: force anti-DDoS mode on.
    Busy,
    /// `--relax`: leave anti-DDoS mode.
    Relax,
    /// `--route --name NAME`.
    Route {
        /// Connection name.
        name: String,
    },
    /// `--unroute --name NAME`.
    Unroute {
        /// Connection name.
        name: String,
    },
    /// `--initiate --name NAME ...`.
    Initiate(InitiateRequest),
    /// `--terminate --name NAME [--asynchronous]`.
    Terminate {
        /// Connection name.
        name: String,
        /// `--asynchronous`: do not wait for the deletes.
        asynchronous: bool,
    },
    /// `--oppohere IP --oppothere IP`.
    Opportunistic(OppoRequest),
    /// `--crash [IP]`: consider the peer crashed and restart its connections.
    Crash {
        /// The peer address.
        peer: Option<IpAddr>,
    },
    /// `--whackrecord [FILE]`: record received whack messages to a file.
    WhackRecord {
        /// The file.
        file: Option<String>,
    },
    /// `--whackstoprecord`.
    WhackStopRecord,
    /// `--name NAME --delete`: delete a connection and its SAs.
    Delete {
        /// Connection name.
        name: String,
    },
    /// `--deletestate N`: delete state object #N.
    DeleteState {
        /// The state's serial number.
        serial: u64,
    },
    /// `--deleteuser --name USER`: delete the states of an XAUTH user.
    DeleteUser {
        /// The XAUTH user name.
        name: String,
    },
    /// The debug form (`--debug-*`, `--impair-*`, optional `--name`).
    Debug(DebugRequest),
    /// The list form (`--list*`, `--listevents`).
    List(ListRequest),
    /// `--purgeocsp`.
    PurgeOcsp,
    /// The reread form (`--reread*`).
    Reread(RereadRequest),
    /// `--status`, `--trafficstatus`, `--shuntstatus`.
    Status(StatusRequest),
    /// `--shutdown`: delete all SAs and exit.
    Shutdown,
}

impl Request {
    /// The whack option that names this form, for messages (`--initiate`).
    pub fn form(&self) -> &'static str {
        match self {
            Request::Connection(_) => "connection (--name ... --to ...)",
            Request::PublicKey(_) => "--keyid",
            Request::MyId(_) => "--myid",
            Request::Listen => "--listen",
            Request::Unlisten => "--unlisten",
            Request::Busy => "--busy",
            Request::Relax => "--relax",
            Request::Route { .. } => "--route",
            Request::Unroute { .. } => "--unroute",
            Request::Initiate(_) => "--initiate",
            Request::Terminate { .. } => "--terminate",
            Request::Opportunistic(_) => "--oppohere/--oppothere",
            Request::Crash { .. } => "--crash",
            Request::WhackRecord { .. } => "--whackrecord",
            Request::WhackStopRecord => "--whackstoprecord",
            Request::Delete { .. } => "--delete",
            Request::DeleteState { .. } => "--deletestate",
            Request::DeleteUser { .. } => "--deleteuser",
            Request::Debug(_) => "--debug",
            Request::List(_) => "--list",
            Request::PurgeOcsp => "--purgeocsp",
            Request::Reread(_) => "--reread",
            Request::Status(_) => "--status",
            Request::Shutdown => "--shutdown",
        }
    }
}

// Tags are part of the wire format: never renumber, only append.
impl Wire for Request {
    fn put(&self, w: &mut Writer) {
        match self {
            Request::Connection(c) => {
                w.u8(1);
                c.put(w);
            }
            Request::PublicKey(k) => {
                w.u8(2);
                k.put(w);
            }
            Request::MyId(id) => {
                w.u8(3);
                id.put(w);
            }
            Request::Listen => w.u8(4),
            Request::Unlisten => w.u8(5),
            Request::Busy => w.u8(6),
            Request::Relax => w.u8(7),
            Request::Route { name } => {
                w.u8(8);
                name.put(w);
            }
            Request::Unroute { name } => {
                w.u8(9);
                name.put(w);
            }
            Request::Initiate(i) => {
                w.u8(10);
                i.put(w);
            }
            Request::Terminate { name, asynchronous } => {
                w.u8(11);
                name.put(w);
                asynchronous.put(w);
            }
            Request::Opportunistic(o) => {
                w.u8(12);
                o.put(w);
            }
            Request::Crash { peer } => {
                w.u8(13);
                peer.put(w);
            }
            Request::WhackRecord { file } => {
                w.u8(14);
                file.put(w);
            }
            Request::WhackStopRecord => w.u8(15),
            Request::Delete { name } => {
                w.u8(16);
                name.put(w);
            }
            Request::DeleteState { serial } => {
                w.u8(17);
                serial.put(w);
            }
            Request::DeleteUser { name } => {
                w.u8(18);
                name.put(w);
            }
            Request::Debug(d) => {
                w.u8(19);
                d.put(w);
            }
            Request::List(l) => {
                w.u8(20);
                l.put(w);
            }
            Request::PurgeOcsp => w.u8(21),
            Request::Reread(r) => {
                w.u8(22);
                r.put(w);
            }
            Request::Status(s) => {
                w.u8(23);
                s.put(w);
            }
            Request::Shutdown => w.u8(24),
        }
    }

    fn get(r: &mut Reader<'_>, _what: &'static str) -> Result<Self, Error> {
        let (tag, at) = r.tag("Request");
        Ok(match tag? {
            1 => Request::Connection(Wire::get(r, "Request::Connection")?),
            2 => Request::PublicKey(Wire::get(r, "Request::PublicKey")?),
            3 => Request::MyId(Wire::get(r, "Request::MyId")?),
            4 => Request::Listen,
            5 => Request::Unlisten,
            6 => Request::Busy,
            7 => Request::Relax,
            8 => Request::Route {
                name: Wire::get(r, "Request::Route.name")?,
            },
            9 => Request::Unroute {
                name: Wire::get(r, "Request::Unroute.name")?,
            },
            10 => Request::Initiate(Wire::get(r, "Request::Initiate")?),
            11 => Request::Terminate {
                name: Wire::get(r, "Request::Terminate.name")?,
                asynchronous: Wire::get(r, "Request::Terminate.asynchronous")?,
            },
            12 => Request::Opportunistic(Wire::get(r, "Request::Opportunistic")?),
            13 => Request::Crash {
                peer: Wire::get(r, "Request::Crash.peer")?,
            },
            14 => Request::WhackRecord {
                file: Wire::get(r, "Request::WhackRecord.file")?,
            },
            15 => Request::WhackStopRecord,
            16 => Request::Delete {
                name: Wire::get(r, "Request::Delete.name")?,
            },
            17 => Request::DeleteState {
                serial: Wire::get(r, "Request::DeleteState.serial")?,
            },
            18 => Request::DeleteUser {
                name: Wire::get(r, "Request::DeleteUser.name")?,
            },
            19 => Request::Debug(Wire::get(r, "Request::Debug")?),
            20 => Request::List(Wire::get(r, "Request::List")?),
            21 => Request::PurgeOcsp,
            22 => Request::Reread(Wire::get(r, "Request::Reread")?),
            23 => Request::Status(Wire::get(r, "Request::Status")?),
            24 => Request::Shutdown,
            tag => {
                return Err(Error::InvalidTag {
                    what: "Request",
                    tag,
                    at,
                })
            }
        })
    }
}
