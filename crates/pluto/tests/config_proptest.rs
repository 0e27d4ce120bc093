//! The parsers never panic, whatever the input: random text and token soups
//! close to the real grammars (includes point back into an in-memory set, so
//! loops and globs are exercised without touching the disk).

use pluto::config::harness::{exercise_conf, exercise_secrets};
use pluto::config::Id;
use proptest::prelude::*;

const SECRETS_TOKENS: &[&str] = &[
    "@a",
    "@b",
    "%any",
    "%any6",
    "0.0.0.0",
    "10.0.0.1",
    "\"2001:db8::1\"",
    "\"C=CH, O=X\"",
    "u@x",
    "@@u",
    "@#0102",
    ":",
    "a:",
    "PSK",
    "XAUTH",
    "RSA",
    "PPKS",
    "ECDSA",
    "\"s e c\"",
    "\"",
    "0x0102",
    "0x_",
    "0s",
    "0sAAAA",
    "0tabc",
    "{",
    "}",
    "Modulus:",
    "PublicExponent:",
    "0x03",
    "include",
    "*.secrets",
    "main.secrets",
    "/s/main.secrets",
    "#",
    "%prompt",
    "key.pem",
    "é",
    "\u{0}",
];

const CONF_TOKENS: &[&str] = &[
    "config",
    "setup",
    "conn",
    "%default",
    "a",
    "b",
    "include",
    "*.conf",
    "main.conf",
    "version",
    "2",
    "also=a",
    "also=b",
    "left=192.0.2.1",
    "right=%any",
    "leftsubnet=10.0.0.0/8",
    "leftsubnets={10.1.0.0/16",
    "}",
    "auto=add",
    "auto=bogus",
    "ikev2=no",
    "keyexchange=ikev2",
    "ike=aes128-sha1",
    "esp=\"x y\"",
    "\"",
    "=",
    "#",
    "x-note=anything",
    "leftid=@#zz",
    "leftid=\"C=CH\"",
    "ikelifetime=99999999999999999999w",
    "rekeyfuzz=%",
    "leftprotoport=tcp/%any",
    "rightaddresspool=10.0.0.9-10.0.0.1",
    "plutodebug=all",
    "protostack=klips",
    "é",
];

fn soup(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec![" ", "\t", "\n", "\n\t", "\n  ", ""]);
    prop::collection::vec((prop::sample::select(tokens.to_vec()), sep), 0..60).prop_map(|v| {
        v.into_iter().fold(String::new(), |mut s, (t, sep)| {
            s.push_str(t);
            s.push_str(sep);
            s
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn secrets_random_text(main in ".{0,300}", other in ".{0,100}") {
        exercise_secrets(&main, &other);
    }

    #[test]
    fn secrets_token_soup(main in soup(SECRETS_TOKENS), other in soup(SECRETS_TOKENS)) {
        exercise_secrets(&main, &other);
    }

    #[test]
    fn conf_random_text(main in ".{0,300}", other in ".{0,100}") {
        exercise_conf(&main, &other);
    }

    #[test]
    fn conf_token_soup(main in soup(CONF_TOKENS), other in soup(CONF_TOKENS)) {
        exercise_conf(&main, &other);
    }

    #[test]
    fn ids_parse_or_refuse(text in ".{0,40}") {
        if let Ok(id) = Id::parse(&text) {
            // what we print parses back to the same identity
            let again = Id::parse(&id.to_string());
            prop_assert!(again.as_ref().is_ok_and(|a| a.same(&id) || matches!(id, Id::Hostname(_))), "{text:?} -> {id} -> {again:?}");
        }
    }
}
