//! Frames on the control socket, in both directions.
//!
//! ```text
//! offset  size  field
//!      0     4  magic  "RSWK"
//!      4     2  version (big-endian), currently 1
//!      6     1  kind: 1 request (whack -> pluto), 2 prompt answer (whack -> pluto),
//!                     3 reply line (pluto -> whack)
//!      7     1  reserved, 0
//!      8     4  payload length (big-endian), at most MAX_PAYLOAD
//!     12     n  payload (see the codec module)
//! ```
//!
//! The header layout is frozen across versions, so that both sides can always tell a
//! version mismatch from garbage: pluto answers a request of another version with one
//! reply frame of its own version (code `RC_BADWHACKMESSAGE`), and whack, seeing a reply of
//! another version, reports "pluto speaks version X, this whack speaks version Y".
//!
//! A session: whack connects, sends one request frame, then reads reply frames until pluto
//! closes the connection; when a reply carries a prompt code (`040` password, `041` user
//! name) whack sends one answer frame.

use std::io::{ErrorKind, Read};

use crate::codec::{Reader, Wire, Writer};
use crate::error::Error;
use crate::reply::Reply;
use crate::request::Request;

/// The magic at the start of every frame.
pub const MAGIC: [u8; 4] = *b"RSWK";
/// The protocol version this crate speaks.
pub const VERSION: u16 = 1;
/// Bytes in a frame header.
pub const HEADER_LEN: usize = 12;
/// The largest payload accepted or produced (64 KiB: a connection description is a few
/// hundred bytes, a reply line a few hundred).
pub const MAX_PAYLOAD: usize = 64 * 1024;

const KIND_REQUEST: u8 = 1;
const KIND_ANSWER: u8 = 2;
const KIND_REPLY: u8 = 3;

fn kind_name(kind: u8) -> &'static str {
    match kind {
        KIND_REQUEST => "a request",
        KIND_ANSWER => "a prompt answer",
        KIND_REPLY => "a reply",
        _ => "an unknown frame",
    }
}

/// What whack sends to pluto.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToPluto {
    /// The request (first frame of a session).
    Request(Request),
    /// An answer to a `040`/`041` prompt (XAUTH password or user name).
    Answer(String),
}

/// A validated frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    kind: u8,
    len: usize,
}

/// Checks as much of a header as `buf` holds, so that garbage is refused at its first
/// wrong byte; `Ok(None)` when more bytes are needed.
fn check_header(buf: &[u8]) -> Result<Option<Header>, Error> {
    let have = buf.len().min(MAGIC.len());
    if buf.get(..have) != MAGIC.get(..have) {
        let mut found = [0u8; 4];
        if let Some(dst) = found.get_mut(..have) {
            dst.copy_from_slice(buf.get(..have).unwrap_or_default());
        }
        return Err(Error::BadMagic {
            found,
            expected: MAGIC,
        });
    }
    if let Some(v) = buf.get(4..6) {
        let theirs = u16::from_be_bytes([v[0], v[1]]);
        if theirs != VERSION {
            return Err(Error::VersionMismatch {
                ours: VERSION,
                theirs,
            });
        }
    }
    let Some(h) = buf.get(..HEADER_LEN) else {
        return Ok(None);
    };
    let kind = h[6];
    if !matches!(kind, KIND_REQUEST | KIND_ANSWER | KIND_REPLY) {
        return Err(Error::UnknownFrameKind(kind));
    }
    if h[7] != 0 {
        return Err(Error::ReservedNotZero(h[7]));
    }
    let len = usize::try_from(u32::from_be_bytes([h[8], h[9], h[10], h[11]])).unwrap_or(usize::MAX);
    if len > MAX_PAYLOAD {
        return Err(Error::FrameTooLong {
            len,
            max: MAX_PAYLOAD,
        });
    }
    Ok(Some(Header { kind, len }))
}

fn frame(kind: u8, payload: Writer) -> Result<Vec<u8>, Error> {
    let len = payload.buf.len();
    if len > MAX_PAYLOAD {
        return Err(Error::FrameTooLong {
            len,
            max: MAX_PAYLOAD,
        });
    }
    let mut out = Vec::with_capacity(HEADER_LEN + len);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_be_bytes());
    out.push(kind);
    out.push(0);
    out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(&payload.buf);
    Ok(out)
}

fn encode<T: Wire>(kind: u8, value: &T) -> Result<Vec<u8>, Error> {
    let mut w = Writer::default();
    value.put(&mut w);
    frame(kind, w)
}

/// Encodes a request frame (whack to pluto). Fails only if the request is larger than
/// [`MAX_PAYLOAD`].
pub fn encode_request(request: &Request) -> Result<Vec<u8>, Error> {
    encode(KIND_REQUEST, request)
}

/// Encodes a prompt answer frame (whack to pluto).
pub fn encode_answer(answer: &str) -> Result<Vec<u8>, Error> {
    encode(KIND_ANSWER, &answer.to_owned())
}

/// Encodes a reply frame (pluto to whack).
pub fn encode_reply(reply: &Reply) -> Result<Vec<u8>, Error> {
    encode(KIND_REPLY, reply)
}

/// A complete frame found at the start of a buffer: kind, payload, total size.
type Split<'a> = (u8, &'a [u8], usize);

/// A decoded message and the bytes it used, if the buffer held a whole frame.
type Decoded<T> = Result<Option<(T, usize)>, Error>;

/// Splits the first complete frame off `buf`.
fn split_frame(buf: &[u8]) -> Result<Option<Split<'_>>, Error> {
    let Some(h) = check_header(buf)? else {
        return Ok(None);
    };
    let total = HEADER_LEN + h.len;
    Ok(buf.get(HEADER_LEN..total).map(|p| (h.kind, p, total)))
}

fn decode_payload<T: Wire>(payload: &[u8], what: &'static str) -> Result<T, Error> {
    let mut r = Reader::new(payload);
    let v = T::get(&mut r, what)?;
    r.finish()?;
    Ok(v)
}

fn to_pluto(kind: u8, payload: &[u8]) -> Result<ToPluto, Error> {
    match kind {
        KIND_REQUEST => Ok(ToPluto::Request(decode_payload(payload, "Request")?)),
        KIND_ANSWER => Ok(ToPluto::Answer(decode_payload(payload, "answer")?)),
        other => Err(Error::UnexpectedFrame {
            expected: "a request or a prompt answer",
            found: kind_name(other),
        }),
    }
}

fn to_whack(kind: u8, payload: &[u8]) -> Result<Reply, Error> {
    match kind {
        KIND_REPLY => decode_payload(payload, "Reply"),
        other => Err(Error::UnexpectedFrame {
            expected: "a reply",
            found: kind_name(other),
        }),
    }
}

/// Decodes the first frame of `buf` as pluto receives it. `Ok(None)`: `buf` holds only
/// the start of a (so far valid) frame. `Ok(Some((msg, n)))`: `n` bytes were used.
pub fn decode_to_pluto(buf: &[u8]) -> Result<Option<(ToPluto, usize)>, Error> {
    match split_frame(buf)? {
        None => Ok(None),
        Some((kind, payload, n)) => Ok(Some((to_pluto(kind, payload)?, n))),
    }
}

/// Decodes the first frame of `buf` as whack receives it (a reply line); like
/// [`decode_to_pluto`].
pub fn decode_reply(buf: &[u8]) -> Result<Option<(Reply, usize)>, Error> {
    match split_frame(buf)? {
        None => Ok(None),
        Some((kind, payload, n)) => Ok(Some((to_whack(kind, payload)?, n))),
    }
}

/// Reads exactly one frame from a blocking stream. `Ok(None)` on a clean end of stream
/// (no byte of a new frame read); a stream ending inside a frame is an error.
fn read_frame(r: &mut impl Read) -> Result<Option<(u8, Vec<u8>)>, Error> {
    let mut header = [0u8; HEADER_LEN];
    let mut got = 0;
    let h = loop {
        if let Some(h) = check_header(header.get(..got).unwrap_or_default())? {
            break h;
        }
        let dst = header.get_mut(got..).unwrap_or_default();
        match r.read(dst) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => {
                return Err(Error::UnexpectedEof {
                    got,
                    need: HEADER_LEN,
                })
            }
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    };
    // The length was checked against MAX_PAYLOAD by check_header.
    let mut payload = vec![0u8; h.len];
    let mut filled = 0;
    while filled < h.len {
        match r.read(payload.get_mut(filled..).unwrap_or_default()) {
            Ok(0) => {
                return Err(Error::UnexpectedEof {
                    got: HEADER_LEN + filled,
                    need: HEADER_LEN + h.len,
                })
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Some((h.kind, payload)))
}

/// Reads one whack-to-pluto frame from a blocking stream; `Ok(None)` at end of stream.
pub fn read_to_pluto(r: &mut impl Read) -> Result<Option<ToPluto>, Error> {
    match read_frame(r)? {
        None => Ok(None),
        Some((kind, payload)) => to_pluto(kind, &payload).map(Some),
    }
}

/// Reads one reply frame from a blocking stream; `Ok(None)` at end of stream (pluto is
/// done).
pub fn read_reply(r: &mut impl Read) -> Result<Option<Reply>, Error> {
    match read_frame(r)? {
        None => Ok(None),
        Some((kind, payload)) => to_whack(kind, &payload).map(Some),
    }
}

/// Accumulates bytes from a non-blocking socket and yields complete frames. Call the
/// `next_*` method until it returns `Ok(None)` after each [`FrameDecoder::push`]; a bad
/// header is reported as soon as its first wrong byte has arrived, so a hostile peer
/// cannot make the buffer grow past one frame of garbage.
#[derive(Debug, Default)]
pub struct FrameDecoder {
    buf: Vec<u8>,
}

impl FrameDecoder {
    /// An empty decoder.
    pub fn new() -> FrameDecoder {
        FrameDecoder::default()
    }

    /// Appends received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes received but not yet returned as frames.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    fn next_with<T>(&mut self, decode: fn(&[u8]) -> Decoded<T>) -> Result<Option<T>, Error> {
        match decode(&self.buf)? {
            None => Ok(None),
            Some((v, n)) => {
                self.buf.drain(..n);
                Ok(Some(v))
            }
        }
    }

    /// The next whack-to-pluto message, if complete.
    pub fn next_to_pluto(&mut self) -> Result<Option<ToPluto>, Error> {
        self.next_with(decode_to_pluto)
    }

    /// The next reply, if complete.
    pub fn next_reply(&mut self) -> Result<Option<Reply>, Error> {
        self.next_with(decode_reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rc::Rc;

    #[test]
    fn request_round_trip_and_consumed_length() {
        let mut bytes = encode_request(&Request::Listen).unwrap();
        let n = bytes.len();
        bytes.extend_from_slice(b"RS");
        let (msg, used) = decode_to_pluto(&bytes).unwrap().unwrap();
        assert_eq!(msg, ToPluto::Request(Request::Listen));
        assert_eq!(used, n);
    }

    #[test]
    fn incomplete_is_none_and_garbage_fails_at_first_byte() {
        let bytes = encode_request(&Request::Shutdown).unwrap();
        for cut in 0..bytes.len() {
            assert!(
                decode_to_pluto(&bytes[..cut]).unwrap().is_none(),
                "cut {cut}"
            );
        }
        assert!(matches!(decode_to_pluto(b"X"), Err(Error::BadMagic { .. })));
    }

    #[test]
    fn version_mismatch_is_reported_both_ways() {
        let mut bytes = encode_request(&Request::Listen).unwrap();
        bytes[5] = 2;
        assert!(matches!(
            decode_to_pluto(&bytes),
            Err(Error::VersionMismatch { ours: 1, theirs: 2 })
        ));
        let mut reply = encode_reply(&Reply::new(Rc::SUCCESS, "ok")).unwrap();
        reply[4] = 1;
        let e = decode_reply(&reply).unwrap_err();
        assert!(e.to_string().contains("peer speaks version 257"), "{e}");
    }

    #[test]
    fn too_long_header_is_refused_before_payload_arrives() {
        let mut bytes = encode_request(&Request::Listen).unwrap();
        bytes[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(
            decode_to_pluto(&bytes[..HEADER_LEN]),
            Err(Error::FrameTooLong { .. })
        ));
    }

    #[test]
    fn direction_is_checked() {
        let reply = encode_reply(&Reply::new(Rc::SUCCESS, "ok")).unwrap();
        assert!(matches!(
            decode_to_pluto(&reply),
            Err(Error::UnexpectedFrame { .. })
        ));
        let req = encode_request(&Request::Listen).unwrap();
        assert!(matches!(
            decode_reply(&req),
            Err(Error::UnexpectedFrame { .. })
        ));
    }

    #[test]
    fn trailing_bytes_in_payload_are_refused() {
        let mut bytes = encode_request(&Request::Listen).unwrap();
        bytes.push(0);
        bytes[11] += 1;
        assert!(matches!(
            decode_to_pluto(&bytes),
            Err(Error::TrailingBytes { count: 1 })
        ));
    }

    #[test]
    fn blocking_reader_and_decoder() {
        let mut stream = Vec::new();
        for i in 0..3u16 {
            stream.extend(encode_reply(&Reply::new(Rc::new(i).unwrap(), "line")).unwrap());
        }
        let mut cursor = std::io::Cursor::new(stream.clone());
        let mut n = 0;
        while let Some(r) = read_reply(&mut cursor).unwrap() {
            assert_eq!(r.rc().code(), n);
            n += 1;
        }
        assert_eq!(n, 3);

        let mut dec = FrameDecoder::new();
        let mut got = Vec::new();
        for b in &stream {
            dec.push(std::slice::from_ref(b));
            while let Some(r) = dec.next_reply().unwrap() {
                got.push(r);
            }
        }
        assert_eq!(got.len(), 3);
        assert_eq!(dec.buffered(), 0);

        let mut cut = std::io::Cursor::new(stream[..stream.len() - 1].to_vec());
        read_reply(&mut cut).unwrap();
        read_reply(&mut cut).unwrap();
        assert!(matches!(
            read_reply(&mut cut),
            Err(Error::UnexpectedEof { .. })
        ));
    }

    #[test]
    fn answers() {
        let bytes = encode_answer("secret").unwrap();
        let (msg, _) = decode_to_pluto(&bytes).unwrap().unwrap();
        assert_eq!(msg, ToPluto::Answer("secret".into()));
    }
}
