//! The control socket `ctlbase.ctl`: owner-only, one task per whack client.
//!
//! Each client gets a deadline to send its request, a bounded queue of reply
//! lines, and a deadline for each write; a client that sends garbage is
//! answered once with `RC_BADWHACKMESSAGE`, logged and dropped. None of this
//! can stall the daemon's main loop, which only ever `try_send`s replies.
#![forbid(unsafe_code)]

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::mpsc;
use whack_proto::{encode_reply, FrameDecoder, Rc, Reply, Request, ToPluto};

/// How long a client may take to send its whole request. whack sends it
/// at once; a short limit frees the slot of a client that sends nothing.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);
/// How long one reply write may block before the client is dropped.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an XAUTH prompt waits for whack's answer.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(120);
/// Reply lines queued for one client before it counts as not reading.
pub const REPLY_QUEUE: usize = 16_384;
/// Clients served at once; more are refused at accept.
pub const MAX_CLIENTS: usize = 64;

/// The sending half of one whack session, held by the daemon.
#[derive(Debug, Clone)]
pub struct WhackLink {
    tx: mpsc::Sender<Reply>,
    id: u64,
}

impl WhackLink {
    /// Queue one reply line. Returns false when the client is gone or not
    /// reading (its queue is full): the caller forgets the link.
    pub fn send(&self, rc: Rc, text: impl Into<String>) -> bool {
        self.tx.try_send(Reply::new(rc, text)).is_ok()
    }
    /// Whether whack is still connected.
    pub fn is_open(&self) -> bool {
        !self.tx.is_closed()
    }
    /// A number identifying the session (for debug lines).
    pub fn id(&self) -> u64 {
        self.id
    }
}

/// A request from whack with the way back to it.
#[derive(Debug)]
pub struct WhackSession {
    /// The request.
    pub request: Request,
    /// Where replies go; dropping every clone ends the session.
    pub link: WhackLink,
    /// Answers to `040`/`041` prompts.
    pub answers: mpsc::Receiver<String>,
}

/// Bind the control socket, owner-only (mode 0600 via umask, so it is never
/// wider even for an instant). A leftover socket file (from a pluto that
/// died) is replaced: the lock file already proved no live pluto owns it.
pub fn bind(path: &Path) -> io::Result<std::os::unix::net::UnixListener> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let old = crate::sys::set_umask(0o177);
    let l = std::os::unix::net::UnixListener::bind(path);
    crate::sys::set_umask(old);
    let l = l?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    l.set_nonblocking(true)?;
    Ok(l)
}

/// The control socket file, removed when dropped.
#[derive(Debug)]
pub struct CtlPath(pub PathBuf);

impl Drop for CtlPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Accept clients forever, handing each request to `tx`.
pub async fn serve(listener: UnixListener, tx: mpsc::Sender<WhackSession>) {
    let active = Arc::new(AtomicUsize::new(0));
    let mut next_id = 0u64;
    loop {
        let stream = match listener.accept().await {
            Ok((s, _)) => s,
            Err(e) => {
                tracing::warn!("control socket accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if active.load(Ordering::Relaxed) >= MAX_CLIENTS {
            tracing::warn!("too many whack clients ({MAX_CLIENTS}); refusing one");
            // One non-blocking attempt to say why; never wait for it.
            let reply = Reply::new(
                Rc::FATAL,
                "pluto is busy with other whack clients; try again",
            );
            if let Ok(bytes) = encode_reply(&reply) {
                let _ = stream.try_write(&bytes);
            }
            continue;
        }
        next_id += 1;
        active.fetch_add(1, Ordering::Relaxed);
        let active = active.clone();
        let tx = tx.clone();
        let id = next_id;
        tokio::spawn(async move {
            client(stream, tx, id).await;
            active.fetch_sub(1, Ordering::Relaxed);
        });
    }
}

async fn write_reply(w: &mut tokio::net::unix::OwnedWriteHalf, reply: &Reply) -> io::Result<()> {
    let bytes = encode_reply(reply).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    match tokio::time::timeout(WRITE_TIMEOUT, w.write_all(&bytes)).await {
        Ok(r) => r,
        Err(_) => Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "whack did not read its replies",
        )),
    }
}

async fn client(stream: UnixStream, tx: mpsc::Sender<WhackSession>, id: u64) {
    let (mut rd, mut wr) = stream.into_split();
    let mut dec = FrameDecoder::new();
    let mut buf = vec![0u8; 4096];
    let read = async {
        loop {
            if let Some(m) = dec.next_to_pluto()? {
                return Ok::<_, ReadError>(m);
            }
            let n = rd.read(&mut buf).await.map_err(ReadError::Io)?;
            if n == 0 {
                return Err(ReadError::Eof(dec.buffered()));
            }
            dec.push(&buf[..n]);
        }
    };
    let request = match tokio::time::timeout(REQUEST_TIMEOUT, read).await {
        Ok(Ok(ToPluto::Request(r))) => r,
        Ok(Ok(ToPluto::Answer(_))) => {
            bad_message(&mut wr, id, "a prompt answer arrived before any request").await;
            return;
        }
        Ok(Err(ReadError::Eof(0))) => {
            tracing::debug!(target: "control", "whack #{id} closed without a request");
            return;
        }
        Ok(Err(e)) => {
            bad_message(&mut wr, id, &e.to_string()).await;
            return;
        }
        Err(_) => {
            bad_message(&mut wr, id, "no complete request within the time limit").await;
            return;
        }
    };
    tracing::debug!(target: "control", "whack #{id}: {}", request.form());
    let (reply_tx, mut reply_rx) = mpsc::channel(REPLY_QUEUE);
    let (answer_tx, answer_rx) = mpsc::channel(4);
    let session = WhackSession {
        request,
        link: WhackLink { tx: reply_tx, id },
        answers: answer_rx,
    };
    if tx.send(session).await.is_err() {
        return; // the daemon is shutting down
    }
    // Forward replies; also read prompt answers (and notice whack leaving).
    loop {
        tokio::select! {
            r = reply_rx.recv() => match r {
                Some(reply) => {
                    if let Err(e) = write_reply(&mut wr, &reply).await {
                        tracing::debug!(target: "control", "whack #{id}: {e}; dropping it");
                        return;
                    }
                }
                None => break,
            },
            n = rd.read(&mut buf) => match n {
                Ok(0) | Err(_) => {
                    // whack went away; replies for it are discarded.
                    tracing::debug!(target: "control", "whack #{id} disconnected");
                    return;
                }
                Ok(n) => {
                    dec.push(&buf[..n]);
                    loop {
                        match dec.next_to_pluto() {
                            Ok(Some(ToPluto::Answer(a))) => {
                                let _ = answer_tx.try_send(a);
                            }
                            Ok(Some(ToPluto::Request(_))) => {
                                bad_message(&mut wr, id, "a second request in one session").await;
                                return;
                            }
                            Ok(None) => break,
                            Err(e) => {
                                bad_message(&mut wr, id, &e.to_string()).await;
                                return;
                            }
                        }
                    }
                }
            }
        }
    }
    let _ = wr.shutdown().await;
}

#[derive(Debug, thiserror::Error)]
enum ReadError {
    #[error("{0}")]
    Frame(#[from] whack_proto::Error),
    #[error("{0}")]
    Io(io::Error),
    #[error("connection closed after {0} bytes, inside a frame")]
    Eof(usize),
}

async fn bad_message(wr: &mut tokio::net::unix::OwnedWriteHalf, id: u64, why: &str) {
    tracing::warn!("whack #{id}: bad message on the control socket, dropped: {why}");
    let reply = Reply::new(Rc::BADWHACKMESSAGE, format!("bad whack message: {why}"));
    let _ = write_reply(wr, &reply).await;
    let _ = wr.shutdown().await;
}
