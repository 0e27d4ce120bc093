//! One handler per whack form of the manual. Each answers with `NNN text`
//! lines; the last progress line's code becomes whack's exit status.
#![forbid(unsafe_code)]

use whack_proto::{DebugChange, ListKind, Rc, Request, RereadKind, StatusKind, StatusRequest};

use crate::conns::ConnError;
use crate::ctl::{WhackLink, WhackSession};
use crate::daemon::{say, Daemon, Exit};
use crate::debug::{DebugClass, DebugSet};
use crate::whackrecord::Recorder;

impl Daemon {
    /// The connection called `name`, or RC_UNKNOWN_NAME to whack.
    pub(crate) fn known(&self, name: &str, l: Option<&WhackLink>) -> Option<&crate::conns::Conn> {
        let c = self.conns.get(name);
        if c.is_none() {
            say(
                l,
                Rc::UNKNOWN_NAME,
                format!("no connection named \"{name}\""),
            );
        }
        c
    }

    /// Handle one whack session. Dropping `s.link` at the end closes the
    /// session, unless a handler kept a clone (initiate waits for the SA).
    pub(crate) fn dispatch(&mut self, s: WhackSession) {
        let WhackSession {
            request,
            link,
            answers,
        } = s;
        if let Some(r) = self.recorder.as_mut() {
            if !matches!(
                request,
                Request::WhackRecord { .. } | Request::WhackStopRecord
            ) {
                if let Ok(bytes) = whack_proto::encode_request(&request) {
                    if let Err(e) = r.record(&bytes) {
                        tracing::warn!("whackrecord: {e}; recording stopped");
                        self.recorder = None;
                    }
                }
            }
        }
        let l = Some(&link);
        match request {
            Request::Connection(c) => self.add_connection(*c, l),
            Request::PublicKey(k) => {
                if let Some(key) = k.rsa_key {
                    if !k.add {
                        self.pubkeys.retain(|(id, _)| *id != k.id);
                    }
                    self.pubkeys.push((k.id.clone(), key));
                    say(l, Rc::LOG, format!("added public key for {}", k.id));
                    // Connections added before their peer's key pick it up.
                    crate::engine::sync_connections(self, l);
                } else {
                    say(
                        l,
                        Rc::NOKEY,
                        format!(
                            "no public key given for {} (DNS lookup is not supported)",
                            k.id
                        ),
                    );
                }
            }
            Request::MyId(id) => {
                say(l, Rc::LOG, format!("myid set to {id}"));
                self.myid = Some(id);
            }
            Request::Listen => self.listen(l),
            Request::Unlisten => {
                for line in self.ifaces.unlisten() {
                    say(l, Rc::LOG, line);
                }
                self.reorient(l);
            }
            Request::Busy => {
                self.busy = true;
                crate::engine::set_busy(self, true);
                say(
                    l,
                    Rc::LOG,
                    "busy mode enabled: IKEv2 cookies required for new IKE SAs",
                );
            }
            Request::Relax => {
                self.busy = false;
                crate::engine::set_busy(self, false);
                say(l, Rc::LOG, "busy mode disabled");
            }
            Request::Route { name } => self.route_connection(&name, l),
            Request::Unroute { name } => self.unroute(&name, l),
            Request::Initiate(i) => crate::engine::initiate(self, i, link.clone(), answers),
            Request::Terminate { name, .. } => {
                if self.known(&name, l).is_some() {
                    crate::engine::terminate(self, &name, l);
                }
            }
            Request::Opportunistic(o) => say(
                l,
                Rc::OPPOFAILURE,
                format!(
                    "opportunistic initiation {} -> {} is not supported",
                    o.here, o.there
                ),
            ),
            Request::Crash { peer } => crate::engine::crash(self, peer, l),
            Request::WhackRecord { file } => {
                let file = file.unwrap_or_else(|| "whackrecord".into());
                match Recorder::create(std::path::Path::new(&file)) {
                    Ok(r) => {
                        self.recorder = Some(r);
                        say(
                            l,
                            Rc::LOG,
                            format!("started recording whack messages to {file}"),
                        );
                    }
                    Err(e) => say(l, Rc::FATAL, format!("cannot record to {file}: {e}")),
                }
            }
            Request::WhackStopRecord => {
                if self.recorder.take().is_some() {
                    say(l, Rc::LOG, "stopped recording whack messages");
                } else {
                    say(l, Rc::COMMENT, "not recording whack messages");
                }
            }
            Request::Delete { name } => self.delete_connection(&name, l),
            Request::DeleteState { serial } => crate::engine::delete_state(self, serial, l),
            Request::DeleteUser { name } => say(
                l,
                Rc::UNKNOWN_NAME,
                format!("no XAUTH user \"{name}\" is logged in"),
            ),
            Request::Debug(d) => self.debug_request(d, l),
            Request::List(list) => {
                for k in list.kinds {
                    self.list(k, l);
                }
            }
            Request::PurgeOcsp => say(l, Rc::COMMENT, "no OCSP cache to purge"),
            Request::Reread(r) => {
                for k in r.kinds {
                    match k {
                        RereadKind::Secrets | RereadKind::All => {
                            self.load_secrets(l);
                            crate::engine::sync_connections(self, l);
                        }
                        RereadKind::Crls => say(l, Rc::COMMENT, "no CRLs are loaded"),
                    }
                }
            }
            Request::Status(s) => self.status_request(&s, &link),
            Request::Shutdown => {
                say(l, Rc::LOG, "shutting down");
                self.exit = Some(Exit::Shutdown);
            }
        }
    }

    pub(crate) fn add_connection(
        &mut self,
        req: whack_proto::ConnectionRequest,
        l: Option<&WhackLink>,
    ) {
        let name = req.name.clone();
        if let Some(c) = &req.left.client {
            if matches!(c, whack_proto::Client::Within(_)) {
                say(
                    l,
                    Rc::FATAL,
                    format!("\"{name}\": --clientwithin is obsolete; use --client"),
                );
                return;
            }
        }
        // Proposals are checked now so that a typo fails the add, not the
        // first negotiation.
        if let Err(e) = crate::engine::check_proposals(&req) {
            say(l, Rc::FATAL, format!("\"{name}\": {e}"));
            return;
        }
        match self.conns.add(req) {
            Ok(old) => {
                if old.is_some() {
                    crate::routing::drop_trap(self, &name, l);
                    crate::engine::forget_connection(self, &name);
                }
                let ours = self.ifaces.socket_addrs();
                self.conns.orient_one(&name, &ours);
                crate::engine::sync_connection(self, &name, l);
                let line = format!("\"{name}\": added IKEv2 connection");
                // Once handed to ike-sm, it logs this line itself.
                if self.engine.sm.connection(&name).is_some() {
                    if let Some(link) = l {
                        link.send(Rc::LOG, line);
                    }
                } else {
                    say(l, Rc::LOG, line);
                }
            }
            Err(e @ ConnError::Duplicate(_)) => say(l, Rc::DUPNAME, e.to_string()),
            Err(e) => say(l, Rc::FATAL, e.to_string()),
        }
    }

    fn reorient(&mut self, l: Option<&WhackLink>) {
        let ours = self.ifaces.socket_addrs();
        for (name, line) in self.conns.orient_all(&ours) {
            say(l, Rc::LOG, format!("\"{name}\": {line}"));
        }
        crate::engine::sync_connections(self, l);
    }

    /// `whack --listen`: rediscover interfaces, reread secrets, reorient.
    pub(crate) fn listen(&mut self, l: Option<&WhackLink>) {
        say(l, Rc::LOG, "listening for IKE messages");
        let ports = [self.opts.ikeport, self.opts.natikeport];
        match self.ifaces.listen(&self.selection(), &ports) {
            Ok(lines) => {
                for line in lines {
                    say(l, Rc::LOG, line);
                }
            }
            Err(e) => say(l, Rc::FATAL, format!("cannot list interfaces: {e}")),
        }
        if !self.ifaces.is_listening() {
            say(l, Rc::DEAF, "no usable interface found: not listening");
        }
        self.load_secrets(l);
        self.reorient(l);
    }

    pub(crate) fn route_connection(&mut self, name: &str, l: Option<&WhackLink>) {
        let Some(c) = self.known(name, l) else {
            return;
        };
        if c.side.is_none() {
            say(
                l,
                Rc::ORIENT,
                format!(
                    "\"{name}\": we cannot identify ourselves with either end of this connection"
                ),
            );
            return;
        }
        if c.routed {
            say(l, Rc::COMMENT, format!("\"{name}\": already routed"));
            return;
        }
        crate::routing::route(self, name, l);
    }

    fn unroute(&mut self, name: &str, l: Option<&WhackLink>) {
        let Some(c) = self.known(name, l) else {
            return;
        };
        if !c.routed {
            say(l, Rc::COMMENT, format!("\"{name}\": not routed"));
            return;
        }
        crate::routing::unroute(self, name, l);
    }

    fn delete_connection(&mut self, name: &str, l: Option<&WhackLink>) {
        if self.known(name, l).is_none() {
            return;
        }
        crate::engine::terminate(self, name, l);
        if self.conns.get(name).is_some_and(|c| c.routed) {
            crate::routing::force_unroute(self, name, l);
        }
        crate::engine::forget_connection(self, name);
        self.conns.remove(name);
        say(l, Rc::LOG, format!("\"{name}\": deleting connection"));
    }

    fn debug_request(&mut self, d: whack_proto::DebugRequest, l: Option<&WhackLink>) {
        if let Some(name) = &d.connection {
            if self.known(name, l).is_none() {
                return;
            }
        }
        let mut set = self.debug.get();
        for c in &d.changes {
            match c {
                DebugChange::None => set = DebugSet::default(),
                DebugChange::All => set = DebugSet::all(),
                DebugChange::Add(class) => match DebugClass::from_name(class.name()) {
                    Some(c) => set.insert(c),
                    None => say(
                        l,
                        Rc::COMMENT,
                        format!("debug class {} does not apply here; ignored", class.name()),
                    ),
                },
            }
        }
        if !d.changes.is_empty() {
            // Per-connection debugging is applied globally: say so.
            if let Some(name) = &d.connection {
                say(
                    l,
                    Rc::COMMENT,
                    format!("\"{name}\": debug classes apply to the whole daemon"),
                );
            }
            self.debug.set(set);
            let names = set.names();
            say(
                l,
                Rc::LOG,
                format!(
                    "debugging: {}",
                    if names.is_empty() {
                        "none".into()
                    } else {
                        names.join("+")
                    }
                ),
            );
        }
        for imp in &d.impairments {
            say(
                l,
                Rc::FATAL,
                format!("impairment {imp:?} is not supported by this pluto"),
            );
        }
    }

    fn list(&self, k: ListKind, l: Option<&WhackLink>) {
        match k {
            ListKind::PubKeys | ListKind::All => {
                say(l, Rc::COMMENT, "List of Public Keys:");
                for (id, key) in &self.pubkeys {
                    let short: String = key.chars().take(12).collect();
                    say(l, Rc::COMMENT, format!("  {id}: RSA {short}..."));
                }
                if k == ListKind::All {
                    say(
                        l,
                        Rc::COMMENT,
                        "List of X.509 certificates: none (certificates are not supported yet)",
                    );
                }
            }
            ListKind::Certs | ListKind::CaCerts | ListKind::CheckPubKeys => say(
                l,
                Rc::COMMENT,
                "no certificates are loaded (certificates are not supported yet)",
            ),
            ListKind::Crls => say(l, Rc::COMMENT, "no CRLs are loaded"),
            ListKind::Events => say(l, Rc::COMMENT, "no pending CRL fetch events"),
        }
    }

    fn status_request(&mut self, s: &StatusRequest, link: &WhackLink) {
        let kinds = if s.kinds.is_empty() {
            vec![StatusKind::Status]
        } else {
            s.kinds.clone()
        };
        for k in kinds {
            let lines = if s.json {
                vec![crate::status::json(self, k)]
            } else {
                crate::status::text(self, k)
            };
            for line in lines {
                if !link.send(Rc::COMMENT, line) {
                    return;
                }
            }
        }
    }
}
