//! The IKE SA's negotiated algorithms and keys, over `ike-crypto`.
//!
//! Small adapter: `ike-crypto` takes a `&dyn SecureRandom` (shared, `&self`)
//! while the endpoint owns a `&mut dyn Random`; [`RngBridge`] joins them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use ike_crypto::ikev2::{self, IkeSaKeys, KeyLengths, SkCipher};
use ike_crypto::{
    ActiveKeyExchange, CryptoError, CryptoProvider, Encryption, HashAlg, Integrity, KeyExchange,
    KxConfig, Prf, SecretBytes, SecureRandom,
};
use zeroize::Zeroizing;

use crate::config::proposal::Chosen;
use crate::rng::Random;

/// Lets `ike-crypto` draw from the endpoint's injected randomness.
pub(crate) struct RngBridge<'a>(Mutex<&'a mut dyn Random>);

impl std::fmt::Debug for RngBridge<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RngBridge")
    }
}

impl<'a> RngBridge<'a> {
    pub(crate) fn new(r: &'a mut dyn Random) -> Self {
        RngBridge(Mutex::new(r))
    }
}

impl SecureRandom for RngBridge<'_> {
    fn fill(&self, buf: &mut [u8]) -> ike_crypto::Result<()> {
        let mut g = self.0.lock().map_err(|_| CryptoError::Random)?;
        g.fill(buf);
        Ok(())
    }
}

/// A DH key pair from a seed.
pub(crate) fn keygen(
    kx: &'static dyn KeyExchange,
    cfg: &KxConfig,
    seed: &KxSeed,
) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
    kx.start(seed, cfg)
}

/// 256 bits drawn from the endpoint's randomness when DH work is decided,
/// expanded as SHA-256(seed | counter) blocks when the key pair is made
/// (a hash DRBG in the spirit of NIST SP 800-90A; the seed is used for
/// one key pair only and zeroized on drop). Drawing a fixed amount keeps
/// the endpoint's random stream independent of how many octets a group's
/// key generation consumes (ECP rejection sampling), which is what lets
/// the work run later, elsewhere, with identical results.
pub(crate) struct KxSeed {
    seed: Zeroizing<[u8; 32]>,
    counter: AtomicU64,
}

impl std::fmt::Debug for KxSeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KxSeed")
    }
}

impl KxSeed {
    pub(crate) fn draw(rng: &mut dyn Random) -> Self {
        let mut seed = Zeroizing::new([0u8; 32]);
        rng.fill(seed.as_mut_slice());
        KxSeed {
            seed,
            counter: AtomicU64::new(0),
        }
    }
}

impl SecureRandom for KxSeed {
    fn fill(&self, buf: &mut [u8]) -> ike_crypto::Result<()> {
        for chunk in buf.chunks_mut(32) {
            let ctr = self.counter.fetch_add(1, Ordering::Relaxed);
            let block =
                Zeroizing::new(HashAlg::Sha256.digest(&[self.seed.as_slice(), &ctr.to_be_bytes()]));
            let n = chunk.len();
            chunk.copy_from_slice(block.get(..n).ok_or(CryptoError::Random)?);
        }
        Ok(())
    }
}

/// Algorithms and keys of an established (keyed) IKE SA.
#[derive(Debug)]
pub(crate) struct IkeCrypto {
    pub prf: &'static dyn Prf,
    pub integ: Option<&'static dyn Integrity>,
    pub encr: &'static dyn Encryption,
    pub keys: IkeSaKeys,
}

impl IkeCrypto {
    /// SKEYSEED and the seven keys (RFC 7296 2.14).
    pub(crate) fn derive(
        provider: &CryptoProvider,
        chosen: &Chosen,
        g_ir: &[u8],
        ni: &[u8],
        nr: &[u8],
        spi_i: u64,
        spi_r: u64,
    ) -> Result<Self, CryptoError> {
        let (prf, integ, encr) = algs(provider, chosen)?;
        let skeyseed = ikev2::skeyseed(prf, ni, nr, g_ir)?;
        Self::from_skeyseed(prf, integ, encr, &skeyseed, ni, nr, spi_i, spi_r)
    }

    /// Keys of a rekeyed IKE SA (RFC 7296 2.18):
    /// SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn derive_rekey(
        provider: &CryptoProvider,
        old: &IkeCrypto,
        chosen: &Chosen,
        g_ir: &[u8],
        ni: &[u8],
        nr: &[u8],
        spi_i: u64,
        spi_r: u64,
    ) -> Result<Self, CryptoError> {
        let (prf, integ, encr) = algs(provider, chosen)?;
        let skeyseed = ikev2::rekey_skeyseed(old.prf, old.keys.sk_d.as_bytes(), g_ir, ni, nr)?;
        Self::from_skeyseed(prf, integ, encr, &skeyseed, ni, nr, spi_i, spi_r)
    }

    #[allow(clippy::too_many_arguments)]
    fn from_skeyseed(
        prf: &'static dyn Prf,
        integ: Option<&'static dyn Integrity>,
        encr: &'static dyn Encryption,
        skeyseed: &SecretBytes,
        ni: &[u8],
        nr: &[u8],
        spi_i: u64,
        spi_r: u64,
    ) -> Result<Self, CryptoError> {
        let lens = KeyLengths::new(prf, integ, encr);
        let keys = ikev2::derive_ike_sa_keys(
            prf,
            skeyseed.as_bytes(),
            ni,
            nr,
            &spi_i.to_be_bytes(),
            &spi_r.to_be_bytes(),
            lens,
        )?;
        Ok(IkeCrypto {
            prf,
            integ,
            encr,
            keys,
        })
    }

    /// The SK cipher for messages sent by the original initiator
    /// (`from_initiator`) or the responder.
    pub(crate) fn sk(&self, from_initiator: bool) -> Result<SkCipher<'_>, CryptoError> {
        let (e, a) = if from_initiator {
            (&self.keys.sk_ei, &self.keys.sk_ai)
        } else {
            (&self.keys.sk_er, &self.keys.sk_ar)
        };
        SkCipher::new(self.encr, self.integ, e.as_bytes(), a.as_bytes())
    }

    /// Seal an inner payload chain.
    pub(crate) fn seal(
        &self,
        rng: &mut dyn Random,
        from_initiator: bool,
        prefix: &[u8],
        inner: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let bridge = RngBridge::new(rng);
        self.sk(from_initiator)?.seal(&bridge, prefix, inner)
    }

    /// Length of the SK body for an inner chain.
    pub(crate) fn body_len(&self, inner_len: usize) -> Result<usize, CryptoError> {
        Ok(self.sk(true)?.body_len(inner_len))
    }

    /// AUTH for PSK (RFC 7296 2.15); `initiator` selects SK_pi vs SK_pr.
    pub(crate) fn psk_auth(
        &self,
        psk: &[u8],
        initiator: bool,
        real_message: &[u8],
        peer_nonce: &[u8],
        rest_of_id: &[u8],
    ) -> Result<SecretBytes, CryptoError> {
        let octets = self.signed_octets(initiator, real_message, peer_nonce, rest_of_id)?;
        ikev2::psk_auth(self.prf, psk, &octets)
    }

    /// Verify a peer's PSK AUTH in constant time.
    pub(crate) fn verify_psk_auth(
        &self,
        psk: &[u8],
        initiator: bool,
        real_message: &[u8],
        peer_nonce: &[u8],
        rest_of_id: &[u8],
        received: &[u8],
    ) -> Result<(), CryptoError> {
        let octets = self.signed_octets(initiator, real_message, peer_nonce, rest_of_id)?;
        ikev2::verify_psk_auth(self.prf, psk, &octets, received)
    }

    /// The octets AUTH covers (RFC 7296 2.15); `initiator` selects SK_pi.
    pub(crate) fn signed_octets(
        &self,
        initiator: bool,
        real_message: &[u8],
        peer_nonce: &[u8],
        rest_of_id: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let sk_p = if initiator {
            &self.keys.sk_pi
        } else {
            &self.keys.sk_pr
        };
        ikev2::signed_octets(
            self.prf,
            real_message,
            peer_nonce,
            sk_p.as_bytes(),
            rest_of_id,
        )
    }

    /// Child SA KEYMAT (RFC 7296 2.17) split into (encr, integ) for
    /// initiator→responder and responder→initiator.
    pub(crate) fn child_keys(
        &self,
        provider: &CryptoProvider,
        esp: &Chosen,
        g_ir: Option<&[u8]>,
        ni: &[u8],
        nr: &[u8],
    ) -> Result<ChildKeys, CryptoError> {
        let encr = provider.encryption(esp.encr.id, esp.encr.key_bits)?;
        let integ = match esp.integ {
            Some(i) => Some(provider.integrity(i)?),
            None => None,
        };
        let ek = encr.key_len();
        let ik = integ.map_or(0, |i| i.key_len());
        let mut km = ikev2::child_keymat(
            self.prf,
            self.keys.sk_d.as_bytes(),
            g_ir,
            ni,
            nr,
            2 * (ek + ik),
        )?;
        Ok(ChildKeys {
            encr_i: km.take_front(ek),
            integ_i: km.take_front(ik),
            encr_r: km.take_front(ek),
            integ_r: km.take_front(ik),
        })
    }
}

/// Child SA keys by direction.
#[derive(Debug)]
pub(crate) struct ChildKeys {
    pub encr_i: SecretBytes,
    pub integ_i: SecretBytes,
    pub encr_r: SecretBytes,
    pub integ_r: SecretBytes,
}

type Algs = (
    &'static dyn Prf,
    Option<&'static dyn Integrity>,
    &'static dyn Encryption,
);

fn algs(provider: &CryptoProvider, chosen: &Chosen) -> Result<Algs, CryptoError> {
    let prf_id = chosen.prf.ok_or(CryptoError::UnknownAlgorithm {
        kind: ike_crypto::AlgKind::Prf,
        id: 0,
    })?;
    let prf = provider.prf(prf_id)?;
    let integ = match chosen.integ {
        Some(i) => Some(provider.integrity(i)?),
        None => None,
    };
    let encr = provider.encryption(chosen.encr.id, chosen.encr.key_bits)?;
    Ok((prf, integ, encr))
}

/// NAT_DETECTION_*_IP data: SHA-1(SPIi | SPIr | IP | port) (RFC 7296 2.23).
pub(crate) fn nat_hash(spi_i: u64, spi_r: u64, addr: std::net::SocketAddr) -> Vec<u8> {
    let ip = match addr.ip() {
        std::net::IpAddr::V4(a) => a.octets().to_vec(),
        std::net::IpAddr::V6(a) => a.octets().to_vec(),
    };
    HashAlg::Sha1.digest(&[
        &spi_i.to_be_bytes(),
        &spi_r.to_be_bytes(),
        &ip,
        &addr.port().to_be_bytes(),
    ])
}

/// COOKIE = version | SHA-256(Ni | IPi | SPIi | secret) (RFC 7296 2.6).
pub(crate) fn cookie(secret: &[u8], ni: &[u8], ip: std::net::IpAddr, spi_i: u64) -> Vec<u8> {
    let ipb = match ip {
        std::net::IpAddr::V4(a) => a.octets().to_vec(),
        std::net::IpAddr::V6(a) => a.octets().to_vec(),
    };
    let mut out = vec![0u8];
    out.extend(HashAlg::Sha256.digest(&[ni, &ipb, &spi_i.to_be_bytes(), secret]));
    out
}

#[cfg(test)]
impl IkeCrypto {
    /// From known keys (vector tests).
    pub(crate) fn from_keys(
        provider: &CryptoProvider,
        chosen: &Chosen,
        keys: IkeSaKeys,
    ) -> Result<Self, CryptoError> {
        let (prf, integ, encr) = algs(provider, chosen)?;
        Ok(IkeCrypto {
            prf,
            integ,
            encr,
            keys,
        })
    }
}

/// Openswan's recorded IKEv2 exchange (tests/data/openswan-ikev2): our
/// parsing, proposal handling, key derivation and SK protection reproduce
/// what the real pluto computed and sent.
#[cfg(test)]
mod openswan_vectors {
    use super::*;
    use crate::config::alg::Encr;
    use crate::config::alg::{dh, encr, integ, prf};
    use crate::config::proposal::{accept_answer, DhRule, Proposal};
    use crate::config::Identity;
    use crate::msg::{decode, decode_chain, Payload};

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/openswan-ikev2/");

    fn json() -> serde_json::Value {
        let s = std::fs::read_to_string(format!("{DIR}seam_gi_md5_tc71.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        v["vectors"][0].clone()
    }

    fn hx(v: &serde_json::Value, k: &str) -> Vec<u8> {
        hex::decode(v[k].as_str().unwrap()).unwrap()
    }

    fn message(file: &str) -> Vec<u8> {
        let b = std::fs::read(format!("{DIR}{file}")).unwrap();
        let cap = ike_wire::capture::read_capture(&b).unwrap();
        let (_, m) = cap.ike_messages().next().unwrap();
        m.to_vec()
    }

    fn chosen() -> Chosen {
        Chosen {
            encr: Encr {
                id: encr::DES3,
                key_bits: None,
            },
            prf: Some(prf::HMAC_MD5),
            integ: Some(integ::HMAC_MD5_96),
            dh: Some(dh::MODP2048),
            esn: None,
        }
    }

    #[test]
    fn ike_sa_init_parses_and_derives() {
        let v = json();
        let i1 = decode(&message("h2hI1.pcap")).unwrap();
        let r1 = decode(&message("h2hR1.pcap")).unwrap();
        let ke = |m: &crate::msg::Message| {
            m.payloads.iter().find_map(|p| match p {
                Payload::Ke { group, data } => Some((*group, data.clone())),
                _ => None,
            })
        };
        let nonce = |m: &crate::msg::Message| {
            m.payloads.iter().find_map(|p| match p {
                Payload::Nonce(n) => Some(n.clone()),
                _ => None,
            })
        };
        assert_eq!(ke(&i1), Some((14, hx(&v, "g^x_i (KEi data)"))));
        assert_eq!(ke(&r1), Some((14, hx(&v, "g^x_r (KEr data)"))));
        assert_eq!(nonce(&i1), Some(hx(&v, "Ni")));
        assert_eq!(nonce(&r1), Some(hx(&v, "Nr")));
        // The responder's answer is one of the initiator's proposals.
        let offered = i1.payloads.iter().find_map(|p| match p {
            Payload::Sa(o) => Some(o.clone()),
            _ => None,
        });
        let answer = r1.payloads.iter().find_map(|p| match p {
            Payload::Sa(o) => o.first().cloned(),
            _ => None,
        });
        let local = vec![Proposal {
            encr: vec![chosen().encr],
            prf: vec![prf::HMAC_MD5],
            integ: vec![integ::HMAC_MD5_96],
            dh: vec![dh::MODP2048],
            esn: vec![],
        }];
        assert!(offered.is_some());
        assert_eq!(
            accept_answer(&local, &answer.unwrap(), 1, DhRule::Required),
            Some(chosen())
        );
        // Derivation: x and g^x_r give g^ir, then the seven keys.
        let p = ike_crypto::rustcrypto();
        let kx = p
            .key_exchange(14)
            .unwrap()
            .start_with_private(&hx(&v, "initiator_dh_private_x"))
            .unwrap();
        assert_eq!(kx.public(), hx(&v, "g^x_i (KEi data)").as_slice());
        let g_ir = kx.complete(&hx(&v, "g^x_r (KEr data)")).unwrap();
        assert_eq!(g_ir.as_bytes(), hx(&v, "g^ir (shared)").as_slice());
        let spi = |k| u64::from_be_bytes(hx(&v, k).try_into().unwrap());
        let c = IkeCrypto::derive(
            &p,
            &chosen(),
            g_ir.as_bytes(),
            &hx(&v, "Ni"),
            &hx(&v, "Nr"),
            spi("SPIi"),
            spi("SPIr"),
        )
        .unwrap();
        for (k, got) in [
            ("SK_d", &c.keys.sk_d),
            ("SK_ai", &c.keys.sk_ai),
            ("SK_ar", &c.keys.sk_ar),
            ("SK_ei", &c.keys.sk_ei),
            ("SK_er", &c.keys.sk_er),
            ("SK_pi", &c.keys.sk_pi),
            ("SK_pr", &c.keys.sk_pr),
        ] {
            assert_eq!(got.as_bytes(), hx(&v, k).as_slice(), "{k}");
        }
    }

    #[test]
    fn ike_auth_messages_open_with_recorded_keys() {
        let v = json();
        let keys = IkeSaKeys {
            sk_d: SecretBytes::new(hx(&v, "SK_d")),
            sk_ai: SecretBytes::new(hx(&v, "SK_ai")),
            sk_ar: SecretBytes::new(hx(&v, "SK_ar")),
            sk_ei: SecretBytes::new(hx(&v, "SK_ei")),
            sk_er: SecretBytes::new(hx(&v, "SK_er")),
            sk_pi: SecretBytes::new(hx(&v, "SK_pi")),
            sk_pr: SecretBytes::new(hx(&v, "SK_pr")),
        };
        let c = IkeCrypto::from_keys(&ike_crypto::rustcrypto(), &chosen(), keys).unwrap();
        for (file, from_i, id) in [
            ("h2hI2.pcap", true, "192.168.1.1"),
            ("h2hR2.pcap", false, "132.213.238.7"),
        ] {
            let bytes = message(file);
            let m = decode(&bytes).unwrap();
            let enc = m.encrypted.as_ref().unwrap();
            let prefix = &bytes[..enc.payload_offset + 4];
            let plain = c.sk(from_i).unwrap().open(prefix, &enc.body).unwrap();
            let inner = decode_chain(plain.as_bytes(), enc.first_inner).unwrap();
            let got = inner.iter().find_map(|p| match p {
                Payload::IdI(t, d) | Payload::IdR(t, d) => Identity::from_wire(*t, d),
                _ => None,
            });
            assert_eq!(got, Some(Identity::Addr(id.parse().unwrap())), "{file}");
            assert!(inner.iter().any(|p| matches!(p, Payload::Auth { .. })));
            // A flipped bit anywhere in the body fails the ICV.
            let mut bad = enc.body.clone();
            bad[3] ^= 1;
            assert!(c.sk(from_i).unwrap().open(prefix, &bad).is_err());
        }
    }
}
