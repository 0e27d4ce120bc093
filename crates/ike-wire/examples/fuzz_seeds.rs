//! Writes fuzz seed corpora from real captures, in the input formats of the
//! `fuzz/` targets: whole messages (`v1_message`, `v2_message`), payload
//! chains behind their first type (`*_payload_chain`), single payload bodies
//! behind their type (`v1_payload_body`: type; `v2_payload_body`: type,
//! Next Payload, flags), and whole capture files behind a link selector
//! (`udp_capture`).
//!
//! Usage: `cargo run -p ike-wire --example fuzz_seeds -- CORPUS_DIR FILE...`

use ike_wire::capture::read_capture;
use std::path::{Path, PathBuf};

fn put(dir: &Path, target: &str, name: &str, data: &[u8]) -> std::io::Result<()> {
    let d = dir.join(target);
    std::fs::create_dir_all(&d)?;
    std::fs::write(d.join(name), data)
}

/// Seeds from one IKE message.
fn message_seeds(dir: &Path, name: &str, msg: &[u8]) -> std::io::Result<()> {
    let (Some(&first), Some(&version)) = (msg.get(16), msg.get(17)) else {
        return Ok(());
    };
    let v = match version >> 4 {
        1 => "v1",
        2 => "v2",
        _ => return Ok(()),
    };
    put(dir, &format!("{v}_message"), name, msg)?;
    let chain = msg.get(28..).unwrap_or_default();
    let mut c = vec![first];
    c.extend_from_slice(chain);
    put(dir, &format!("{v}_payload_chain"), name, &c)?;
    // Walk the generic payload headers (same layout in both versions).
    let (mut ty, mut at, mut n) = (first, 0usize, 0);
    while ty != 0 && n < 64 {
        let Some(h) = chain.get(at..at + 4) else {
            break;
        };
        let len = usize::from(u16::from_be_bytes([h[2], h[3]]));
        let Some(body) = chain.get(at + 4..at + len.max(4)) else {
            break;
        };
        let mut seed = vec![ty];
        if v == "v2" {
            seed.extend_from_slice(&h[..2]);
        }
        seed.extend_from_slice(body);
        put(
            dir,
            &format!("{v}_payload_body"),
            &format!("{name}-p{n}"),
            &seed,
        )?;
        if len < 4 || (v == "v2" && (ty == 46 || ty == 53)) {
            break;
        }
        ty = h[0];
        at += len;
        n += 1;
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: fuzz_seeds CORPUS_DIR FILE...");
        std::process::exit(2);
    };
    let mut count = 0;
    for f in args {
        let path = PathBuf::from(&f);
        let stem = path
            .file_name()
            .map(|s| s.to_string_lossy().replace('.', "_"))
            .unwrap_or_default();
        let bytes = std::fs::read(&path)?;
        match read_capture(&bytes) {
            Ok(cap) => {
                if bytes.len() <= 64 * 1024 {
                    let mut seed = vec![0u8];
                    seed.extend_from_slice(&bytes);
                    put(&dir, "udp_capture", &stem, &seed)?;
                }
                for (item, msg) in cap.ike_messages() {
                    message_seeds(&dir, &format!("{stem}-{}", item.index), msg)?;
                    count += 1;
                }
            }
            Err(_) => {
                message_seeds(&dir, &stem, &bytes)?;
                count += 1;
            }
        }
    }
    println!("fuzz_seeds: {count} messages into {}", dir.display());
    Ok(())
}
