//! Property tests: decode(encode(x)) == x for every request and reply, every prefix of a
//! frame is "incomplete", arbitrary bytes never panic, and the exit status rule.

use std::net::IpAddr;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use whack_proto::*;

fn text() -> impl Strategy<Value = String> {
    "[ -~é€]{0,24}"
}

fn ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(IpAddr::from),
        any::<[u8; 16]>().prop_map(IpAddr::from),
    ]
}

fn subnet() -> impl Strategy<Value = Subnet> {
    (ip(), any::<u8>()).prop_map(|(ip, len)| {
        let bits = AddrFamily::of(&ip).bits();
        let len = len % (bits + 1);
        let masked: Subnet = match ip {
            IpAddr::V4(a) => {
                let m = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
                Subnet::new(IpAddr::from((u32::from(a) & m).to_be_bytes()), len).unwrap()
            }
            IpAddr::V6(a) => {
                let m = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
                Subnet::new(IpAddr::from((u128::from(a) & m).to_be_bytes()), len).unwrap()
            }
        };
        masked
    })
}

fn host() -> impl Strategy<Value = HostAddr> {
    prop_oneof![
        ip().prop_map(HostAddr::Addr),
        Just(HostAddr::Any),
        Just(HostAddr::Opportunistic),
        Just(HostAddr::DefaultRoute),
        "[a-z]{1,8}\\.example".prop_map(HostAddr::Dns),
    ]
}

fn nexthop() -> impl Strategy<Value = NextHop> {
    prop_oneof![
        Just(NextHop::Direct),
        Just(NextHop::DefaultRoute),
        ip().prop_map(NextHop::Addr)
    ]
}

fn range() -> impl Strategy<Value = AddressRange> {
    (any::<u32>(), any::<u32>()).prop_map(|(a, b)| {
        let (a, b) = (a.min(b), a.max(b));
        AddressRange::new(IpAddr::from(a.to_be_bytes()), IpAddr::from(b.to_be_bytes())).unwrap()
    })
}

prop_compose! {
    fn end()(
        host in host(),
        strs in vec(option::of(text()), 7),
        sendcert in option::of(prop_oneof![Just(SendCert::Always), Just(SendCert::IfAsked), Just(SendCert::Never)]),
        sendca in option::of(prop_oneof![Just(SendCa::None), Just(SendCa::Issuer), Just(SendCa::All)]),
        certtype in option::of(any::<u32>()),
        ikeport in option::of(any::<u16>()),
        nexthop in option::of(nexthop()),
        client in option::of(prop_oneof![subnet().prop_map(Client::Subnet), subnet().prop_map(Client::Within)]),
        protoport in option::of((any::<u8>(), option::of(any::<u16>())).prop_map(|(protocol, port)| ProtoPort { protocol, port })),
        srcip in option::of(ip()),
        flags in any::<[bool; 5]>(),
        address_pool in option::of(range()),
    ) -> End {
        let mut e = End::new(host);
        e.id = strs[0].clone();
        e.cert = strs[1].clone();
        e.ca = strs[2].clone();
        e.groups = strs[3].clone();
        e.updown = strs[4].clone();
        e.xauth_username = strs[5].clone();
        e.sendcert = sendcert;
        e.sendca = sendca;
        e.certtype = certtype;
        e.ikeport = ikeport;
        e.nexthop = nexthop;
        e.client = client;
        e.protoport = protoport;
        e.srcip = srcip;
        e.xauth_server = flags[0];
        e.xauth_client = flags[1];
        e.modecfg_server = flags[2];
        e.modecfg_client = flags[3];
        e.dnskeyondemand = flags[4];
        e.address_pool = address_pool;
        e
    }
}

fn family() -> impl Strategy<Value = Option<AddrFamily>> {
    option::of(prop_oneof![Just(AddrFamily::V4), Just(AddrFamily::V6)])
}

prop_compose! {
    fn connection()(
        name in text(),
        left in end(),
        right in end(),
        flags in any::<[bool; 14]>(),
        host_family in family(),
        tunnel_family in family(),
        strs in vec(option::of(text()), 5),
        nums in vec(option::of(any::<u32>()), 9),
        pfs_group in option::of(any::<u16>().prop_map(DhGroup)),
        dpd_action in option::of(prop_oneof![Just(DpdAction::Clear), Just(DpdAction::Hold), Just(DpdAction::Restart)]),
        encaps in option::of(prop_oneof![Just(Encaps::Auto), Just(Encaps::Yes), Just(Encaps::No)]),
        fragmentation in option::of(prop_oneof![Just(Fragmentation::Yes), Just(Fragmentation::No), Just(Fragmentation::Force)]),
        shunt in option::of(prop_oneof![Just(Shunt::InitiateOnTraffic), Just(Shunt::Pass), Just(Shunt::Drop), Just(Shunt::Reject)]),
        fail_shunt in option::of(prop_oneof![Just(FailShunt::None), Just(FailShunt::Pass), Just(FailShunt::Drop), Just(FailShunt::Reject)]),
        dns in vec(ip(), 0..3),
    ) -> ConnectionRequest {
        let mut c = ConnectionRequest::new(name, left, right);
        c.replace = flags[0];
        c.ike_version = if flags[1] { IkeVersion::V1 } else { IkeVersion::V2 };
        c.policy = Policy {
            psk: flags[2], rsasig: flags[3], encrypt: flags[4], authenticate: flags[5],
            compress: flags[6], tunnel: flags[7], pfs: flags[8], dont_rekey: flags[9],
            aggressive: flags[10], modecfg_pull: flags[11], disable_arrival_check: flags[12],
            no_keep_alive: flags[13],
        };
        c.host_family = host_family;
        c.tunnel_family = tunnel_family;
        c.ike = strs[0].clone();
        c.esp = strs[1].clone();
        c.sec_label = strs[2].clone();
        c.modecfg = ModeCfg { dns, domain: strs[3].clone(), banner: strs[4].clone() };
        c.pfs_group = pfs_group;
        c.ike_lifetime = nums[0];
        c.ipsec_lifetime = nums[1];
        c.rekey_margin = nums[2];
        c.rekey_fuzz = nums[3];
        c.keying_tries = nums[4];
        c.dpd = Dpd { delay: nums[5], timeout: nums[6], action: dpd_action };
        c.metric = nums[7];
        c.nflog_group = nums[8];
        c.encaps = encaps;
        c.fragmentation = fragmentation;
        c.shunt = shunt;
        c.fail_shunt = fail_shunt;
        c
    }
}

fn debug_change() -> impl Strategy<Value = DebugChange> {
    prop_oneof![
        Just(DebugChange::None),
        Just(DebugChange::All),
        (0..DEBUG_CLASS_NAMES.len()).prop_map(|i| DebugChange::Add(DEBUG_CLASS_NAMES[i].1)),
    ]
}

fn impairment() -> impl Strategy<Value = Impairment> {
    prop_oneof![
        (0..IMPAIR_NAMES.len()).prop_map(|i| IMPAIR_NAMES[i].1.clone()),
        text().prop_map(Impairment::Named),
    ]
}

fn list_kind() -> impl Strategy<Value = ListKind> {
    prop_oneof![
        Just(ListKind::All),
        Just(ListKind::PubKeys),
        Just(ListKind::Certs),
        Just(ListKind::CheckPubKeys),
        Just(ListKind::CaCerts),
        Just(ListKind::Crls),
        Just(ListKind::Events),
    ]
}

fn request() -> impl Strategy<Value = Request> {
    prop_oneof![
        connection().prop_map(|c| Request::Connection(Box::new(c))),
        (text(), any::<bool>(), option::of(text())).prop_map(|(id, add, rsa_key)| {
            Request::PublicKey(PublicKeyRequest { id, add, rsa_key })
        }),
        text().prop_map(Request::MyId),
        Just(Request::Listen),
        Just(Request::Unlisten),
        Just(Request::Busy),
        Just(Request::Relax),
        text().prop_map(|name| Request::Route { name }),
        text().prop_map(|name| Request::Unroute { name }),
        (
            text(),
            any::<bool>(),
            option::of(text()),
            option::of(text())
        )
            .prop_map(
                |(name, asynchronous, xauth_user, xauth_pass)| Request::Initiate(InitiateRequest {
                    name,
                    asynchronous,
                    xauth_user,
                    xauth_pass
                })
            ),
        (text(), any::<bool>())
            .prop_map(|(name, asynchronous)| Request::Terminate { name, asynchronous }),
        (ip(), ip(), family()).prop_map(|(here, there, tunnel_family)| Request::Opportunistic(
            OppoRequest {
                here,
                there,
                tunnel_family
            }
        )),
        option::of(ip()).prop_map(|peer| Request::Crash { peer }),
        option::of(text()).prop_map(|file| Request::WhackRecord { file }),
        Just(Request::WhackStopRecord),
        text().prop_map(|name| Request::Delete { name }),
        any::<u64>().prop_map(|serial| Request::DeleteState { serial }),
        text().prop_map(|name| Request::DeleteUser { name }),
        (
            option::of(text()),
            vec(debug_change(), 0..4),
            vec(impairment(), 0..4)
        )
            .prop_map(
                |(connection, changes, impairments)| Request::Debug(DebugRequest {
                    connection,
                    changes,
                    impairments
                })
            ),
        (any::<bool>(), vec(list_kind(), 0..4))
            .prop_map(|(utc, kinds)| Request::List(ListRequest { utc, kinds })),
        Just(Request::PurgeOcsp),
        (
            any::<bool>(),
            vec(
                prop_oneof![
                    Just(RereadKind::Secrets),
                    Just(RereadKind::Crls),
                    Just(RereadKind::All)
                ],
                0..3
            )
        )
            .prop_map(|(utc, kinds)| Request::Reread(RereadRequest { utc, kinds })),
        (
            vec(
                prop_oneof![
                    Just(StatusKind::Status),
                    Just(StatusKind::Traffic),
                    Just(StatusKind::Shunt)
                ],
                0..3
            ),
            any::<bool>()
        )
            .prop_map(|(kinds, json)| Request::Status(StatusRequest { kinds, json })),
        Just(Request::Shutdown),
    ]
}

fn reply() -> impl Strategy<Value = Reply> {
    (0u16..=999, text()).prop_map(|(rc, t)| Reply::new(Rc::new(rc).unwrap(), t))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn request_round_trip(req in request()) {
        let bytes = encode_request(&req).unwrap();
        let (msg, used) = decode_to_pluto(&bytes).unwrap().unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert_eq!(msg, ToPluto::Request(req));
    }

    #[test]
    fn every_prefix_is_incomplete_not_an_error(req in request()) {
        let bytes = encode_request(&req).unwrap();
        for cut in 0..bytes.len() {
            prop_assert!(decode_to_pluto(&bytes[..cut]).unwrap().is_none());
        }
    }

    #[test]
    fn reply_round_trip(reply in reply()) {
        let bytes = encode_reply(&reply).unwrap();
        let (got, used) = decode_reply(&bytes).unwrap().unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert_eq!(&got, &reply);
        prop_assert_eq!(Reply::parse_line(&reply.to_string()).unwrap(), reply);
    }

    #[test]
    fn answer_round_trip(a in text()) {
        let bytes = encode_answer(&a).unwrap();
        prop_assert_eq!(decode_to_pluto(&bytes).unwrap().unwrap().0, ToPluto::Answer(a));
    }

    #[test]
    fn corrupted_frames_never_panic(req in request(), flips in vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)) {
        let mut bytes = encode_request(&req).unwrap();
        for (i, v) in flips {
            let i = i.index(bytes.len());
            bytes[i] = v;
        }
        // Any result is fine; a decoded request must re-encode to a valid frame.
        if let Ok(Some((ToPluto::Request(r), _))) = decode_to_pluto(&bytes) {
            let again = encode_request(&r).unwrap();
            prop_assert_eq!(decode_to_pluto(&again).unwrap().unwrap().0, ToPluto::Request(r));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..256)) {
        let _ = decode_to_pluto(&bytes);
        let _ = decode_reply(&bytes);
        let mut framed = Vec::from(MAGIC);
        framed.extend_from_slice(&VERSION.to_be_bytes());
        framed.extend_from_slice(&[1, 0]);
        framed.extend_from_slice(&u32::try_from(bytes.len()).unwrap().to_be_bytes());
        framed.extend_from_slice(&bytes);
        let _ = decode_to_pluto(&framed);
    }

    /// The manual's rule, restated independently: scan backwards for the last code that
    /// is not a comment/log/prompt; success is 0; none is 0.
    #[test]
    fn exit_status_is_the_last_counting_code(codes in vec(prop_oneof![0u16..=50, 100u16..=130, 200u16..=999], 0..12)) {
        let replies: Vec<Reply> = codes.iter().map(|c| Reply::new(Rc::new(*c).unwrap(), "x")).collect();
        let expected = codes
            .iter()
            .rev()
            .find(|c| !matches!(c, 0 | 2 | 3 | 5 | 6 | 40 | 41))
            .map_or(0, |c| if *c == 4 { 0 } else { (*c).min(255) as u8 });
        prop_assert_eq!(exit_status(&replies), expected);
    }
}

#[test]
fn oversized_request_is_refused_when_encoding() {
    let req = Request::MyId("x".repeat(MAX_PAYLOAD));
    assert!(matches!(
        encode_request(&req),
        Err(Error::FrameTooLong { .. })
    ));
}
