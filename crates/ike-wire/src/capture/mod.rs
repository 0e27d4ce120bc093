//! IKE datagrams out of pcap and pcapng captures, and a tiny pcap writer.
//!
//! Reading walks every frame, decodes the link, IP and UDP layers
//! ([`frame`]), and keeps what is on UDP 500 or 4500: IKE messages (with the
//! RFC 3948 non-ESP marker removed) and, marked as skipped, ESP-in-UDP, NAT
//! keepalives and IP fragments that never completed. Fragmented UDP
//! datagrams are reassembled ([`reassembly`]) and reported at the frame that
//! completed them. Frame numbers count every frame from 1, as tshark and
//! Wireshark do, so that reports can be cross-checked.

pub mod frame;
pub mod reassembly;
pub mod writer;

pub use frame::{
    decode_frame, decode_udp, ip_fragment, FrameContent, IpFragment, LinkType, SkipReason,
};
pub use reassembly::{Reassembled, Reassembler};
pub use writer::{Datagram, PcapWriter, WriteLink};

use core::net::SocketAddr;
use core::time::Duration;
use pcap_file::pcap::PcapReader;
use pcap_file::pcapng::{Block, PcapNgReader};
use pcap_file::TsResolution;

/// Failure to read a capture file at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaptureError {
    /// Neither a pcap nor a pcapng magic number.
    #[error("not a pcap or pcapng file (magic {0:02x?})")]
    NotACapture([u8; 4]),
    /// The file header could not be read.
    #[error("bad capture file header: {0}")]
    Header(String),
}

/// One item of interest: an IKE message or a skipped UDP 500/4500 datagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureItem {
    /// Frame number in the file, counting from 1 over all frames.
    pub index: usize,
    /// Capture time since the Unix epoch.
    pub timestamp: Duration,
    /// Sender address and port (port 0 for a non-first IP fragment).
    pub src: SocketAddr,
    /// Receiver address and port.
    pub dst: SocketAddr,
    /// What the datagram holds.
    pub content: ItemContent,
}

/// What a [`CaptureItem`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemContent {
    /// An IKE message.
    Ike {
        /// Whether it was behind the RFC 3948 non-ESP marker (UDP 4500).
        non_esp_marker: bool,
        /// The IKE message octets (marker removed).
        bytes: Vec<u8>,
    },
    /// A datagram (or fragment) on UDP 500/4500 that is not an IKE message.
    Skipped(SkipReason),
}

/// The result of reading a capture.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capture {
    /// The IKE-related items, in file order.
    pub items: Vec<CaptureItem>,
    /// How many frames the file held (all protocols).
    pub frames: usize,
    /// Frames skipped because their link type is not one we decode.
    pub unsupported_link_frames: usize,
    /// If the file ended in a damaged record, what the reader said; the
    /// items before it are still returned.
    pub damaged: Option<String>,
}

impl Capture {
    /// Only the IKE messages: (item, bytes).
    pub fn ike_messages(&self) -> impl Iterator<Item = (&CaptureItem, &[u8])> {
        self.items.iter().filter_map(|i| match &i.content {
            ItemContent::Ike { bytes, .. } => Some((i, bytes.as_slice())),
            ItemContent::Skipped(_) => None,
        })
    }

    fn push_frame(
        &mut self,
        reasm: &mut Reassembler,
        link: Option<LinkType>,
        timestamp: Duration,
        data: &[u8],
    ) {
        self.frames += 1;
        let index = self.frames;
        let Some(link) = link else {
            self.unsupported_link_frames += 1;
            return;
        };
        let whole;
        let frame = match ip_fragment(link, data).map(|f| (f, reasm.push(&f))) {
            Some((f, Reassembled::Complete(udp))) => {
                whole = udp;
                decode_udp(f.src, f.dst, &whole)
            }
            _ => decode_frame(link, data),
        };
        let (src, dst, content) = match frame {
            FrameContent::Ike {
                src,
                dst,
                non_esp_marker,
                ike,
            } => (
                src,
                dst,
                ItemContent::Ike {
                    non_esp_marker,
                    bytes: ike.to_vec(),
                },
            ),
            FrameContent::Skipped { src, dst, reason } => (src, dst, ItemContent::Skipped(reason)),
            FrameContent::Other => return,
        };
        self.items.push(CaptureItem {
            index,
            timestamp,
            src,
            dst,
            content,
        });
    }
}

const PCAP_MAGICS: [[u8; 4]; 4] = [
    [0xd4, 0xc3, 0xb2, 0xa1],
    [0xa1, 0xb2, 0xc3, 0xd4],
    [0x4d, 0x3c, 0xb2, 0xa1],
    [0xa1, 0xb2, 0x3c, 0x4d],
];
const PCAPNG_MAGIC: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

/// Read a pcap or pcapng file held in memory.
pub fn read_capture(file: &[u8]) -> Result<Capture, CaptureError> {
    let mut magic = [0u8; 4];
    for (m, b) in magic.iter_mut().zip(file) {
        *m = *b;
    }
    if PCAP_MAGICS.contains(&magic) {
        read_pcap(file)
    } else if magic == PCAPNG_MAGIC {
        read_pcapng(file)
    } else {
        Err(CaptureError::NotACapture(magic))
    }
}

fn read_pcap(file: &[u8]) -> Result<Capture, CaptureError> {
    let mut reader = PcapReader::new(file).map_err(|e| CaptureError::Header(e.to_string()))?;
    let header = reader.header();
    let link = LinkType::from_linktype(u32::from(header.datalink));
    let nanos = header.ts_resolution == TsResolution::NanoSecond;
    let mut cap = Capture::default();
    let mut reasm = Reassembler::new();
    // Raw records: pcap-file's checked form refuses a record whose original
    // length exceeds the snap length, which is every truncated capture.
    while let Some(pkt) = reader.next_raw_packet() {
        match pkt {
            Ok(p) => {
                let frac = if nanos {
                    p.ts_frac
                } else {
                    p.ts_frac.saturating_mul(1000)
                };
                let ts = Duration::from_secs(p.ts_sec.into()) + Duration::from_nanos(frac.into());
                cap.push_frame(&mut reasm, link, ts, &p.data)
            }
            Err(e) => {
                cap.damaged = Some(e.to_string());
                break;
            }
        }
    }
    Ok(cap)
}

fn read_pcapng(file: &[u8]) -> Result<Capture, CaptureError> {
    let mut reader = PcapNgReader::new(file).map_err(|e| CaptureError::Header(e.to_string()))?;
    let mut cap = Capture::default();
    let mut reasm = Reassembler::new();
    // Link types by interface, in order of the Interface Description Blocks
    // of the current section (a new section resets them).
    let mut links: Vec<Option<LinkType>> = Vec::new();
    let link_of = |links: &[Option<LinkType>], id: u32| {
        usize::try_from(id)
            .ok()
            .and_then(|i| links.get(i).copied())
            .flatten()
    };
    while let Some(block) = reader.next_block() {
        match block {
            Ok(Block::SectionHeader(_)) => links.clear(),
            Ok(Block::InterfaceDescription(idb)) => {
                links.push(LinkType::from_linktype(u32::from(idb.linktype)))
            }
            Ok(Block::EnhancedPacket(p)) => {
                let link = link_of(&links, p.interface_id);
                cap.push_frame(&mut reasm, link, p.timestamp, &p.data)
            }
            Ok(Block::Packet(p)) => {
                // Obsolete block; its timestamp is in the default microseconds.
                let link = link_of(&links, u32::from(p.interface_id));
                cap.push_frame(
                    &mut reasm,
                    link,
                    Duration::from_micros(p.timestamp),
                    &p.data,
                )
            }
            // A Simple Packet Block belongs to the first interface (pcapng 4.4).
            Ok(Block::SimplePacket(p)) => {
                cap.push_frame(&mut reasm, link_of(&links, 0), Duration::ZERO, &p.data)
            }
            Ok(_) => {}
            Err(e) => {
                cap.damaged = Some(e.to_string());
                break;
            }
        }
    }
    Ok(cap)
}

#[cfg(test)]
mod tests;
