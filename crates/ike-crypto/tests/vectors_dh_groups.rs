//! The MODP primes/generators/subgroup orders against dh-groups/modp_groups.json,
//! and the RFC 5903 section 8 ECP vectors in IKEv2 KE encoding.

mod common;
use common::*;
use ike_crypto::kx;

#[test]
fn modp_parameters_match_the_rfcs() {
    let d = load("dh-groups/modp_groups.json");
    let groups: [(u16, &dyn Fn() -> Params); 11] = [
        (1, &|| params(&kx::MODP_768)),
        (2, &|| params(&kx::MODP_1024)),
        (5, &|| params(&kx::MODP_1536)),
        (14, &|| params(&kx::MODP_2048)),
        (15, &|| params(&kx::MODP_3072)),
        (16, &|| params(&kx::MODP_4096)),
        (17, &|| params(&kx::MODP_6144)),
        (18, &|| params(&kx::MODP_8192)),
        (22, &|| params(&kx::MODP_1024_160)),
        (23, &|| params(&kx::MODP_2048_224)),
        (24, &|| params(&kx::MODP_2048_256)),
    ];
    let mut n = 0;
    for g in d["groups"].as_array().unwrap() {
        let id = num(&g["ike_group"]) as u16;
        let f = groups.iter().find(|(i, _)| *i == id).unwrap().1;
        let (p, gen, q) = f();
        assert_eq!(p, hx(&g["p_hex"]), "group {id} p");
        let want_g = match g.get("g_hex") {
            Some(h) => hx(h),
            None => vec![num(&g["generator"]) as u8],
        };
        let trimmed: Vec<u8> = gen.iter().copied().skip_while(|&b| b == 0).collect();
        assert_eq!(
            trimmed,
            want_g
                .iter()
                .copied()
                .skip_while(|&b| b == 0)
                .collect::<Vec<_>>(),
            "group {id} g"
        );
        if let Some(qh) = g.get("q_hex") {
            assert_eq!(q.unwrap(), hx(qh), "group {id} q");
        }
        n += 1;
    }
    assert_eq!(n, 11);
}

/// p, g, q
type Params = (Vec<u8>, Vec<u8>, Option<Vec<u8>>);

fn params<const L: usize>(g: &kx::ModpGroup<L>) -> Params {
    (
        g.prime().unwrap(),
        g.generator().unwrap(),
        g.subgroup_order().unwrap(),
    )
}

#[test]
fn rfc5903_ecp() {
    let d = load("dh-groups/rfc5903_ecp_vectors.json");
    for p in providers() {
        for v in d["vectors"].as_array().unwrap() {
            let kx = p.key_exchange(num(&v["ike_group"]) as u16).unwrap();
            let i = kx.start_with_private(&hx(&v["i"])).unwrap();
            let r = kx.start_with_private(&hx(&v["r"])).unwrap();
            assert_eq!(i.public(), &hx(&v["ikev2_KEi_data"])[..]);
            assert_eq!(r.public(), &hx(&v["ikev2_KEr_data"])[..]);
            let s = i.complete(r.public()).unwrap();
            assert_eq!(s.as_bytes(), &hx(&v["g^ir_x"])[..]);
            assert_eq!(r.complete(i.public()).unwrap(), s);
            // A point off the curve: flip the last bit of y.
            let mut bad = r.public().to_vec();
            *bad.last_mut().unwrap() ^= 1;
            assert!(i.complete(&bad).is_err());
        }
    }
}
