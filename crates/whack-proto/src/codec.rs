//! The payload encoding: a small explicit binary format, written by hand so that every byte
//! on the socket is documented here and decoding hostile input can neither panic nor
//! allocate without bound.
//!
//! - integers are big-endian, fixed width (`u8`, `u16`, `u32`, `u64`);
//! - `bool` is one byte, 0 or 1 (anything else is an error);
//! - strings are a `u32` byte length then UTF-8 bytes;
//! - `Option<T>` is a byte 0 (none) or 1 followed by `T`;
//! - `Vec<T>` is a `u32` count then the elements;
//! - IP addresses are a byte 4 or 6 then 4 or 16 address bytes;
//! - enums are a `u8` tag then the variant's fields in order;
//! - structs are their fields in declaration order.
//!
//! Lengths and counts are checked against the bytes that remain in the (already length
//! limited) frame before anything is allocated.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::Error;

/// Appends encoded values to a buffer.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub(crate) buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub(crate) fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }
    /// A length or count; anything that does not fit in `u32` could never fit in a frame,
    /// so it is written saturated and the frame size check refuses the message.
    pub(crate) fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
}

/// Reads encoded values from a payload, tracking the offset for error messages.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    pub(crate) fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], Error> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.buf.len())
            .ok_or(Error::Truncated { what, at: self.pos })?;
        let bytes = self
            .buf
            .get(self.pos..end)
            .ok_or(Error::Truncated { what, at: self.pos })?;
        self.pos = end;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], Error> {
        let bytes = self.take(N, what)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, Error> {
        Ok(self.array::<1>(what)?[0])
    }
    pub(crate) fn u16(&mut self, what: &'static str) -> Result<u16, Error> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }
    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, Error> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }
    pub(crate) fn u64(&mut self, what: &'static str) -> Result<u64, Error> {
        Ok(u64::from_be_bytes(self.array(what)?))
    }

    /// A length or count that must not exceed the bytes left (each counted item takes at
    /// least one byte), so no allocation can be larger than the frame itself.
    pub(crate) fn len(&mut self, what: &'static str) -> Result<usize, Error> {
        let at = self.pos;
        let n = usize::try_from(self.u32(what)?).unwrap_or(usize::MAX);
        if n > self.remaining() {
            return Err(Error::Truncated { what, at });
        }
        Ok(n)
    }

    /// An enum tag; `what` names the enum.
    pub(crate) fn tag(&mut self, what: &'static str) -> (Result<u8, Error>, usize) {
        let at = self.pos;
        (self.u8(what), at)
    }

    pub(crate) fn finish(self) -> Result<(), Error> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(Error::TrailingBytes { count }),
        }
    }
}

/// A value with a wire form. `what` names the field being read, for errors.
pub(crate) trait Wire: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error>;
}

impl Wire for u8 {
    fn put(&self, w: &mut Writer) {
        w.u8(*self)
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        r.u8(what)
    }
}

impl Wire for u16 {
    fn put(&self, w: &mut Writer) {
        w.u16(*self)
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        r.u16(what)
    }
}

impl Wire for u32 {
    fn put(&self, w: &mut Writer) {
        w.u32(*self)
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        r.u32(what)
    }
}

impl Wire for u64 {
    fn put(&self, w: &mut Writer) {
        w.u64(*self)
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        r.u64(what)
    }
}

impl Wire for bool {
    fn put(&self, w: &mut Writer) {
        w.u8(u8::from(*self))
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let (tag, at) = r.tag(what);
        match tag? {
            0 => Ok(false),
            1 => Ok(true),
            tag => Err(Error::InvalidTag { what, tag, at }),
        }
    }
}

impl Wire for String {
    fn put(&self, w: &mut Writer) {
        w.len(self.len());
        w.buf.extend_from_slice(self.as_bytes());
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let n = r.len(what)?;
        let at = r.pos();
        let bytes = r.take(n, what)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| Error::InvalidUtf8 { what, at })
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.u8(0),
            Some(v) => {
                w.u8(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        if bool::get(r, what)? {
            Ok(Some(T::get(r, what)?))
        } else {
            Ok(None)
        }
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.len(self.len());
        for v in self {
            v.put(w);
        }
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        // Bounded by the bytes left in the frame (see Reader::len).
        let n = r.len(what)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::get(r, what)?);
        }
        Ok(out)
    }
}

impl<T: Wire> Wire for Box<T> {
    fn put(&self, w: &mut Writer) {
        (**self).put(w)
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        Ok(Box::new(T::get(r, what)?))
    }
}

impl Wire for IpAddr {
    fn put(&self, w: &mut Writer) {
        match self {
            IpAddr::V4(a) => {
                w.u8(4);
                w.buf.extend_from_slice(&a.octets());
            }
            IpAddr::V6(a) => {
                w.u8(6);
                w.buf.extend_from_slice(&a.octets());
            }
        }
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let (tag, at) = r.tag(what);
        match tag? {
            4 => Ok(IpAddr::V4(Ipv4Addr::from(r.array::<4>(what)?))),
            6 => Ok(IpAddr::V6(Ipv6Addr::from(r.array::<16>(what)?))),
            tag => Err(Error::InvalidTag { what, tag, at }),
        }
    }
}

/// Implements [`Wire`] for a struct with named fields, encoding them in the order listed
/// (which must be every field: the struct literal in `get` fails to compile otherwise).
macro_rules! wire_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl $crate::codec::Wire for $ty {
            fn put(&self, w: &mut $crate::codec::Writer) {
                $( $crate::codec::Wire::put(&self.$field, w); )*
            }
            fn get(
                r: &mut $crate::codec::Reader<'_>,
                _what: &'static str,
            ) -> Result<Self, $crate::error::Error> {
                Ok($ty {
                    $( $field: $crate::codec::Wire::get(r, concat!(stringify!($ty), ".", stringify!($field)))?, )*
                })
            }
        }
    };
}

/// Implements [`Wire`] for a field-less enum with explicit, stable tags.
macro_rules! wire_unit_enum {
    ($ty:ident { $($variant:ident = $tag:literal),* $(,)? }) => {
        impl $crate::codec::Wire for $ty {
            fn put(&self, w: &mut $crate::codec::Writer) {
                w.u8(match self { $( $ty::$variant => $tag, )* });
            }
            fn get(
                r: &mut $crate::codec::Reader<'_>,
                what: &'static str,
            ) -> Result<Self, $crate::error::Error> {
                let (tag, at) = r.tag(what);
                match tag? {
                    $( $tag => Ok($ty::$variant), )*
                    tag => Err($crate::error::Error::InvalidTag { what: stringify!($ty), tag, at }),
                }
            }
        }
    };
}

pub(crate) use {wire_struct, wire_unit_enum};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_length_larger_than_input_is_truncation_not_allocation() {
        let bytes = [0xff, 0xff, 0xff, 0xff, b'a'];
        let mut r = Reader::new(&bytes);
        assert!(matches!(
            String::get(&mut r, "s"),
            Err(Error::Truncated { what: "s", at: 0 })
        ));
    }

    #[test]
    fn vec_count_larger_than_input_is_refused() {
        let bytes = [0x00, 0x10, 0x00, 0x00, 1, 2, 3];
        let mut r = Reader::new(&bytes);
        assert!(matches!(
            Vec::<u8>::get(&mut r, "v"),
            Err(Error::Truncated { .. })
        ));
    }

    #[test]
    fn bool_other_than_0_or_1_is_an_error() {
        let mut r = Reader::new(&[2]);
        assert!(matches!(
            bool::get(&mut r, "b"),
            Err(Error::InvalidTag { tag: 2, .. })
        ));
    }

    #[test]
    fn ip_round_trip_and_bad_family() {
        for ip in ["192.0.2.1", "2001:db8::1"] {
            let ip: IpAddr = ip.parse().unwrap();
            let mut w = Writer::default();
            ip.put(&mut w);
            let mut r = Reader::new(&w.buf);
            assert_eq!(IpAddr::get(&mut r, "ip").unwrap(), ip);
            r.finish().unwrap();
        }
        let mut r = Reader::new(&[5, 1, 2, 3, 4]);
        assert!(IpAddr::get(&mut r, "ip").is_err());
    }

    #[test]
    fn invalid_utf8_is_reported_with_offset() {
        let bytes = [0, 0, 0, 2, 0xc3, 0x28];
        let mut r = Reader::new(&bytes);
        assert!(matches!(
            String::get(&mut r, "s"),
            Err(Error::InvalidUtf8 { what: "s", at: 4 })
        ));
    }
}
