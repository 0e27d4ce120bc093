//! One place for what the fuzz targets and the never-panic property tests
//! run: parse two in-memory files (the second reachable by `include`), then
//! use everything the parse produced. Not part of the daemon's API.

use std::path::Path;

use super::secrets::SecretKind;
use super::{Id, IpsecConf, MemFs, Secrets};

fn two_files(main: &str, other: &str, ext: &str) -> MemFs {
    let mut fs = MemFs::new();
    fs.insert(format!("/s/main.{ext}"), main);
    fs.insert(format!("/s/x.{ext}"), other);
    fs
}

/// Splits fuzz bytes into two texts at the first 0x01 byte.
pub fn split_input(data: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(data);
    match text.split_once('\u{1}') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (text.into_owned(), String::new()),
    }
}

/// Parses `main` as `/s/main.secrets` and runs lookups on the result.
pub fn exercise_secrets(main: &str, other: &str) {
    let fs = two_files(main, other, "secrets");
    match Secrets::load_with(&fs, Path::new("/s/main.secrets")) {
        Ok(s) => {
            let ids: Vec<Id> = ["@a", "@b", "10.0.0.1", "2001:db8::1", "%any", "u@x"]
                .into_iter()
                .filter_map(|t| Id::parse(t).ok())
                .collect();
            for l in &ids {
                for r in &ids {
                    for kind in [
                        SecretKind::Psk,
                        SecretKind::Xauth,
                        SecretKind::Rsa,
                        SecretKind::Ppk,
                    ] {
                        let _ = s.lookup(kind, l, r);
                    }
                }
            }
            let _ = format!("{s:?}");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// Parses `main` as `/s/main.conf` and converts every conn to whack requests.
pub fn exercise_conf(main: &str, other: &str) {
    let fs = two_files(main, other, "conf");
    match IpsecConf::load_with(&fs, Path::new("/s/main.conf")) {
        Ok(c) => {
            for conn in c.conns() {
                let _ = conn.to_whack();
            }
            for w in c.warnings() {
                let _ = w.to_string();
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}
