//! ikedump: print a readable tree of IKE messages, from raw message files or
//! from the UDP 500/4500 packets of pcap/pcapng captures.
//!
//! Usage: `ikedump FILE...` (a file that is not a capture is read as one
//! raw IKE message starting at the IKE header).

use ike_wire::capture::{read_capture, CaptureError, ItemContent};
use std::io::Write as _;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: ikedump FILE...\n\
         Prints each IKE message (IKEv1 or IKEv2) of a pcap/pcapng capture\n\
         (UDP 500 and 4500) or of a raw message file as a tree."
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() || files.iter().any(|f| f == "-h" || f == "--help") {
        return usage();
    }
    let mut status = ExitCode::SUCCESS;
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("ikedump: {f}: {e}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        let mut text = String::new();
        if dump_file(f, &bytes, &mut text).is_err() {
            status = ExitCode::FAILURE;
        }
        // A closed pipe (ikedump | head) ends the output quietly.
        if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
            return status;
        }
    }
    status
}

/// Dump one file into `out`; Err(()) when something in it was malformed.
fn dump_file(name: &str, bytes: &[u8], out: &mut String) -> Result<(), ()> {
    use std::fmt::Write;
    let mut bad = false;
    match read_capture(bytes) {
        Ok(cap) => {
            let _ = writeln!(
                out,
                "# {name}: {} frames, {} IKE-related",
                cap.frames,
                cap.items.len()
            );
            for item in &cap.items {
                let ts = item.timestamp;
                let _ = write!(
                    out,
                    "\n#{} {}.{:06} {} -> {}",
                    item.index,
                    ts.as_secs(),
                    ts.subsec_micros(),
                    item.src,
                    item.dst
                );
                match &item.content {
                    ItemContent::Ike {
                        non_esp_marker,
                        bytes,
                    } => {
                        let _ = writeln!(
                            out,
                            "{}",
                            if *non_esp_marker {
                                " (UDP 4500, non-ESP marker)"
                            } else {
                                ""
                            }
                        );
                        let start = out.len();
                        let _ = ike_wire::dump_datagram(bytes, out);
                        bad |= out[start..].contains("malformed:");
                    }
                    ItemContent::Skipped(why) => {
                        let _ = writeln!(out, " skipped: {why}");
                    }
                }
            }
            if cap.unsupported_link_frames > 0 {
                let _ = writeln!(
                    out,
                    "# {} frames of an unsupported link type",
                    cap.unsupported_link_frames
                );
            }
            if let Some(d) = cap.damaged {
                let _ = writeln!(out, "# capture damaged after the last frame shown: {d}");
                bad = true;
            }
        }
        Err(CaptureError::NotACapture(_)) => {
            let _ = writeln!(out, "# {name}: raw IKE message, {} octets", bytes.len());
            let start = out.len();
            let _ = ike_wire::dump_datagram(bytes, out);
            bad |= out[start..].contains("malformed:");
        }
        Err(e) => {
            let _ = writeln!(out, "# {name}: {e}");
            bad = true;
        }
    }
    if bad {
        Err(())
    } else {
        Ok(())
    }
}
