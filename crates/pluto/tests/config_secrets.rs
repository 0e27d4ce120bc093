//! ipsec.secrets: parsing the ipsec.secrets(5) shapes from data files, lookup
//! precedence, includes (glob, loop, depth), errors with file:line:column.

use std::path::{Path, PathBuf};

use pluto::config::secrets::{MatchRank, Passphrase, RsaField, RsaSecret, Secret, SecretKind};
use pluto::config::{ConfigError, Id, MemFs, Secrets};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/config/secrets")
        .join(rel)
}

fn id(s: &str) -> Id {
    Id::parse(s).unwrap()
}

fn basic() -> Secrets {
    Secrets::load(&data("basic.secrets")).unwrap()
}

fn psk<'a>(s: &'a Secrets, local: &str, remote: &str) -> Option<&'a [u8]> {
    s.psk(&id(local), &id(remote)).map(|k| k.expose())
}

#[test]
fn basic_file_parses_every_form() {
    let s = basic();
    assert_eq!(
        s.len(),
        20,
        "{:?}",
        s.entries().iter().map(|e| e.at.line).collect::<Vec<_>>()
    );
    let e = &s.entries()[0];
    assert_eq!(e.ids, vec![id("10.1.0.1"), id("10.2.0.1")]);
    assert_eq!(e.at.line, 2);
    assert_eq!(
        e.secret,
        Secret::Psk(pluto::config::secrets::SecretBytes::new(
            b"secret shared by two hosts".to_vec()
        ))
    );
    // the host name index is kept and warned about
    assert!(
        s.warnings()
            .iter()
            .any(|w| w.message.contains("gateway.corp.com") && w.at.line == 4),
        "{:?}",
        s.warnings()
    );
    // the split entry starts on its first line
    let split = s
        .entries()
        .iter()
        .find(|e| e.ids.first() == Some(&id("@split1")))
        .unwrap();
    assert_eq!(split.ids.len(), 2);
    assert_eq!(split.at.line, 17);
}

#[test]
fn encodings_decode() {
    let s = basic();
    let other = "@nobody";
    assert_eq!(psk(&s, "@hexy", other), Some(&b"hi"[..]));
    assert_eq!(psk(&s, "@b64", other), Some(&b"hello"[..]));
    assert_eq!(psk(&s, "@txt", other), Some(&b"plain"[..]));
    assert_eq!(
        psk(&s, "@nokind", other),
        Some(&b"no kind word means PSK"[..])
    );
    // 0x0102_0304: underscores between digit pairs are ignored
    assert_eq!(
        psk(&s, "C=CH, O=Example, CN=moon", "@sun.example"),
        Some(&[1u8, 2, 3, 4][..])
    );
}

#[test]
fn lookup_precedence() {
    let s = basic();
    // exact pair beats everything, in either order
    assert_eq!(psk(&s, "@west", "@east"), Some(&b"west-east"[..]));
    assert_eq!(psk(&s, "@east", "@west"), Some(&b"west-east"[..]));
    // one end plus %any beats the single-index entry
    let m = s
        .lookup(SecretKind::Psk, &id("@west"), &id("@stranger"))
        .unwrap();
    assert_eq!(m.rank, MatchRank::OneAndWildcard);
    assert_eq!(psk(&s, "@west", "@stranger"), Some(&b"west and anyone"[..]));
    // IPv6 peer: %any does not match an IPv6 address, the single-index entry does
    let m = s
        .lookup(SecretKind::Psk, &id("@west"), &id("2001:db8::9"))
        .unwrap();
    assert_eq!(m.rank, MatchRank::Local);
    assert_eq!(
        m.entry.secret,
        Secret::Psk(pluto::config::secrets::SecretBytes::new(
            b"west alone".to_vec()
        ))
    );
    // road warrior: the gateway side finds the %any entry
    assert_eq!(
        psk(&s, "@gateway.corp.com", "192.0.2.77"),
        Some(&b"shared secret with many roadwarriors"[..])
    );
    // IP pair, quoted IPv6 pair, DN
    assert_eq!(
        psk(&s, "10.2.0.1", "10.1.0.1"),
        Some(&b"secret shared by two hosts"[..])
    );
    assert_eq!(psk(&s, "2001:db8::2", "2001:db8::1"), Some(&b"v6 pair"[..]));
    assert_ne!(
        psk(&s, "CN=moon,O=Example,C=CH", "@sun.example"),
        Some(&[1u8, 2, 3, 4][..]),
        "RDN order matters"
    );
    assert_eq!(
        psk(&s, "c=CH,o=Example,cn=moon", "@SUN.example."),
        Some(&[1u8, 2, 3, 4][..])
    );
    // nothing specific: the bare ':' entry
    let m = s.lookup(SecretKind::Psk, &id("@x"), &id("@y")).unwrap();
    assert_eq!(m.rank, MatchRank::Default);
    assert_eq!(psk(&s, "@x", "@y"), Some(&b"default for everyone"[..]));
}

#[test]
fn tie_with_different_secret_is_reported() {
    let mut fs = MemFs::new();
    fs.insert(
        "/s",
        "@a @b : PSK \"one\"\n@b @a : PSK \"two\"\n@a @c : PSK \"three\"\n@c @a : PSK \"three\"\n",
    );
    let s = Secrets::load_with(&fs, Path::new("/s")).unwrap();
    let m = s.lookup(SecretKind::Psk, &id("@a"), &id("@b")).unwrap();
    assert_eq!(m.entry.at.line, 1, "first in file order wins");
    assert_eq!(m.conflict.map(|c| c.at.line), Some(2));
    let m = s.lookup(SecretKind::Psk, &id("@a"), &id("@c")).unwrap();
    assert!(m.conflict.is_none(), "agreeing duplicates are fine");
}

#[test]
fn xauth_ppk_rsa() {
    let s = basic();
    assert_eq!(
        s.xauth(&id("carol@example.com")).map(|k| k.expose()),
        Some(&b"carol-pw"[..])
    );
    assert_eq!(
        s.xauth(&id("dave@example.com")).map(|k| k.expose()),
        Some(&b"dave-pw"[..])
    );
    assert!(s.xauth(&id("mallory@example.com")).is_none());
    let ppk = s
        .entries()
        .iter()
        .find(|e| e.secret.kind() == SecretKind::Ppk)
        .unwrap();
    match &ppk.secret {
        Secret::Ppk { id, key } => {
            assert_eq!(id, b"ppk-id-1");
            assert_eq!(key.expose(), b"post-quantum");
        }
        other => panic!("{other:?}"),
    }
    let rsa: Vec<&RsaSecret> = s
        .entries()
        .iter()
        .filter_map(|e| match &e.secret {
            Secret::Rsa(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(rsa.len(), 4);
    match rsa[0] {
        RsaSecret::Fields(f) => {
            assert_eq!(
                f.get(RsaField::Modulus).unwrap().expose(),
                [0x00, 0xc0, 0xff, 0xee]
            );
            assert_eq!(f.get(RsaField::PublicExponent).unwrap().expose(), [3]);
            assert_eq!(
                f.get(RsaField::PrivateExponent).unwrap().expose(),
                [0xde, 0xad, 0xbe, 0xef]
            );
            assert!(f.get(RsaField::Prime1).is_none());
        }
        other => panic!("{other:?}"),
    }
    match rsa[1] {
        RsaSecret::KeyFile {
            path,
            passphrase: Some(Passphrase::Given(p)),
        } => {
            assert_eq!(path, &data("moonKey.pem"), "relative to the secrets file");
            assert_eq!(p.expose(), b"keypass");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        rsa[2],
        RsaSecret::KeyFile {
            passphrase: Some(Passphrase::Prompt),
            ..
        }
    ));
    assert_eq!(rsa[3], &RsaSecret::Nickname("my cert nickname".into()));
    // RSA keys are ours alone: a multi-index entry matching our ID counts
    let m = s
        .lookup(SecretKind::Rsa, &id("@keyfile"), &id("@whoever"))
        .unwrap();
    assert_eq!(m.rank, MatchRank::Local);
}

#[test]
fn debug_never_prints_secrets() {
    let s = basic();
    let dump = format!("{s:?}");
    for secret in [
        "secret shared by two hosts",
        "west-east",
        "carol-pw",
        "post-quantum",
        "keypass",
        "hello",
        "plain",
    ] {
        assert!(!dump.contains(secret), "{secret} leaked in Debug");
    }
    assert!(dump.contains("redacted"));
}

#[test]
fn includes_glob_relative_in_order() {
    let s = Secrets::load(&data("inc/main.secrets")).unwrap();
    let order: Vec<u32> = s.entries().iter().map(|e| e.at.line).collect();
    let files: Vec<String> = s
        .entries()
        .iter()
        .map(|e| {
            e.at.file
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        files,
        ["main.secrets", "a.secrets", "b.secrets", "main.secrets"]
    );
    assert_eq!(order, [1, 1, 1, 4]);
    let w = &s.warnings()[0];
    assert!(
        w.message.contains("matches no file") && w.at.line == 3,
        "{w}"
    );
}

#[test]
fn include_loop_and_depth_are_errors() {
    let e = Secrets::load(&data("loop/a.secrets")).unwrap_err();
    assert!(matches!(e, ConfigError::IncludeLoop { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("b.secrets:2:1") && msg.contains("include loop"),
        "{msg}"
    );

    let e = Secrets::load(&data("deep/0.secrets")).unwrap_err();
    assert!(
        matches!(e, ConfigError::IncludeDepth { limit: 10, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("9.secrets:1"), "{e}");
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let e = Secrets::load(&data("no-such.secrets")).unwrap_err();
    assert!(
        e.to_string().contains("no-such.secrets") && e.to_string().contains("cannot read"),
        "{e}"
    );
    let mut fs = MemFs::new();
    fs.insert(
        "/etc/ipsec.secrets",
        ": PSK \"x\"\ninclude missing.secrets\n",
    );
    let e = Secrets::load_with(&fs, Path::new("/etc/ipsec.secrets")).unwrap_err();
    assert!(e.to_string().contains("/etc/missing.secrets"), "{e}");
}

#[test]
fn load_glob_reads_all_matches() {
    let mut fs = MemFs::new();
    fs.insert("/etc/ipsec.d/a.secrets", "@a @b : PSK \"1\"\n");
    fs.insert("/etc/ipsec.d/b.secrets", "@c @d : PSK \"2\"\n");
    fs.insert("/etc/ipsec.d/c.conf", "not secrets\n");
    let s = Secrets::load_glob(&fs, "/etc/ipsec.d/*.secrets").unwrap();
    assert_eq!(s.len(), 2);
    let s = Secrets::load_glob(&fs, "/nowhere/*.secrets").unwrap();
    assert!(s.is_empty() && s.warnings().len() == 1);
}

/// (text, line, column, words the message must contain)
const ERRORS: &[(&str, u32, u32, &str)] = &[
    ("  @a @b : PSK \"x\"\n", 1, 3, "left margin"),
    (
        "@a @b : PSK \"x\"\n  @c : PSK \"y\"\n",
        2,
        3,
        "after the secret",
    ),
    ("@a @b PSK \"x\"\n", 1, 11, "no ':'"),
    ("@a @b :\n", 1, 7, "missing secret"),
    ("@a @b : PSK\n", 1, 9, "missing secret value"),
    ("@a : PSK \"unterminated\n", 1, 10, "closing"),
    ("@a : PSK 0xzz\n", 1, 10, "hexadecimal"),
    ("@a : PSK 0x123\n", 1, 10, "hexadecimal"),
    ("@a : PSK 0s!!!!\n", 1, 10, "base64"),
    ("@a : PSK bare\n", 1, 10, "quoted"),
    ("@a : PSK \"x\" extra\n", 1, 14, "after the secret"),
    ("@a : ECDSA \"k\"\n", 1, 6, "not supported"),
    ("@a : FOO \"x\"\n", 1, 6, "expected PSK"),
    ("%bogus : PSK \"x\"\n", 1, 1, "bad index"),
    ("\"C=CH, nonsense\" : PSK \"x\"\n", 1, 1, "bad index"),
    (": RSA {\n\tModulus: 0x01\n", 2, 11, "closing"),
    (": RSA {\n\tColour: 0x01\n\t}\n", 2, 2, "unknown RSA field"),
    (": RSA {\n\tModulus 0x01\n\t}\n", 2, 2, "expected ':'"),
    (
        ": RSA {\n\tModulus: 0x01\n\tModulus: 0x02\n\t}\n",
        3,
        2,
        "twice",
    ),
    ("include\n", 1, 1, "file name"),
    ("include a b\n", 1, 11, "after the include"),
    (": PPKS\n", 1, 3, "PPK_ID"),
];

#[test]
fn errors_name_file_line_column() {
    for &(text, line, col, words) in ERRORS {
        let e = Secrets::parse_str(&MemFs::new(), Path::new("/etc/ipsec.secrets"), text)
            .expect_err(text);
        let at = e.location().unwrap_or_else(|| panic!("{text:?}: {e}"));
        assert_eq!((at.line, at.column), (line, Some(col)), "{text:?}: {e}");
        let msg = e.to_string();
        assert!(
            msg.starts_with(&format!("/etc/ipsec.secrets:{line}:{col}: ")),
            "{msg}"
        );
        assert!(msg.contains(words), "{text:?}: {msg}");
    }
}

#[test]
fn errors_do_not_echo_secrets() {
    for text in [
        "@a : PSK 0xs3kr1tzz\n",
        "@a : PSK my s3kr1t words\n",
        "@a : PSK 0ss3kr1t!!\n",
        "@a : PSK \"s3kr1t\" s3kr1t\n",
    ] {
        let e = Secrets::parse_str(&MemFs::new(), Path::new("/s"), text).unwrap_err();
        assert!(!e.to_string().contains("s3kr1t"), "{e}");
    }
}
