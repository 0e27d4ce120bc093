//! The IKE SA's negotiated algorithms and keys, over `ike-crypto`.
//!
//! Small adapter: `ike-crypto` takes a `&dyn SecureRandom` (shared, `&self`)
//! while the endpoint owns a `&mut dyn Random`; [`RngBridge`] joins them.

use std::sync::Mutex;

use ike_crypto::ikev2::{self, IkeSaKeys, KeyLengths, SkCipher};
use ike_crypto::{
    ActiveKeyExchange, CryptoError, CryptoProvider, Encryption, HashAlg, Integrity, Prf,
    SecretBytes, SecureRandom,
};

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

/// Start a key exchange in `group` with the injected randomness.
pub(crate) fn start_kx(
    provider: &CryptoProvider,
    rng: &mut dyn Random,
    group: u16,
) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
    let bridge = RngBridge::new(rng);
    provider
        .key_exchange(group)?
        .start(&bridge, &provider.kx_config)
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

    fn signed_octets(
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
