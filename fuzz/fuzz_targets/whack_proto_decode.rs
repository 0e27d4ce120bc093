//! whack-proto decoder: arbitrary bytes as pluto and as whack receive them, raw and behind
//! a valid header; whatever decodes must re-encode and decode to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whack_proto::{
    decode_reply, decode_to_pluto, encode_answer, encode_reply, encode_request, FrameDecoder,
    ToPluto, MAGIC, VERSION,
};

fn framed(kind: u8, payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::from(MAGIC);
    f.extend_from_slice(&VERSION.to_be_bytes());
    f.extend_from_slice(&[kind, 0]);
    f.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    f.extend_from_slice(payload);
    f
}

fn check_to_pluto(bytes: &[u8]) {
    if let Ok(Some((msg, used))) = decode_to_pluto(bytes) {
        assert!(used <= bytes.len());
        let again = match &msg {
            ToPluto::Request(r) => encode_request(r),
            ToPluto::Answer(a) => encode_answer(a),
        }
        .expect("a decoded message re-encodes");
        let (msg2, _) = decode_to_pluto(&again).expect("re-decodes").expect("whole");
        assert_eq!(msg, msg2);
    }
}

fn check_reply(bytes: &[u8]) {
    if let Ok(Some((reply, _))) = decode_reply(bytes) {
        let again = encode_reply(&reply).expect("re-encodes");
        assert_eq!(decode_reply(&again).expect("re-decodes").expect("whole").0, reply);
    }
}

fuzz_target!(|data: &[u8]| {
    check_to_pluto(data);
    check_reply(data);
    for kind in 1..=3 {
        let f = framed(kind, data);
        check_to_pluto(&f);
        check_reply(&f);
    }
    // Byte-at-a-time streaming must agree with whole-buffer decoding.
    let f = framed(1, data);
    let mut dec = FrameDecoder::new();
    let mut streamed = None;
    for b in &f {
        dec.push(std::slice::from_ref(b));
        match dec.next_to_pluto() {
            Ok(Some(m)) => {
                streamed = Some(Ok(m));
                break;
            }
            Ok(None) => {}
            Err(_) => {
                streamed = Some(Err(()));
                break;
            }
        }
    }
    let whole = decode_to_pluto(&f).map(|o| o.map(|(m, _)| m));
    match (streamed, whole) {
        (Some(Ok(a)), Ok(Some(b))) => assert_eq!(a, b),
        (Some(Err(())), Err(_)) | (None, Ok(None)) => {}
        (s, w) => panic!("streaming {s:?} and whole {w:?} disagree"),
    }
});
