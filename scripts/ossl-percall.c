/* Per-call CPU time of OpenSSL doing what ike-crypto's benches do, for
 * scripts/crypto-vs-openssl.sh and scripts/percall-vs-openssl.sh.
 *
 *   ossl-percall prf       every PRF with the key set up on every call
 *   ossl-percall dh NAME   one shared-secret derivation, NAME one of
 *                          ffdh2048 ffdh3072 ffdh4096 ffdh6144 ffdh8192
 *                          p256 p384 p521 x25519 x448
 *
 * PRF: `openssl speed -hmac` cannot key per call (it keys once and reuses
 * the key), but IKE's prf() is used that way (RFC 7296 2.13). HMAC in three
 * forms, each for MD5/SHA-1/SHA-256/SHA-384/SHA-512 over 64 and 1024 octets
 * with a 32-octet key:
 *   oneshot  HMAC(md, key, ..., data, ...)             (OpenSSL's one-shot)
 *   ctx      HMAC_Init_ex(ctx, key, md) + Update + Final, ctx reused
 *   evpmac   EVP_MAC_init(ctx, key, params) + update + final, MAC fetched
 *            once and ctx reused (the OpenSSL 3 API)
 * and the two AES PRFs with a 16-octet key set up per call:
 *   evpmac cmac  AES-CMAC-PRF-128 (RFC 4615) as EVP_MAC "CMAC" over AES-128-CBC
 *   ecb xcbc     AES-XCBC-PRF-128 (RFC 4434, RFC 3566) built from EVP AES-128
 *                (OpenSSL has no XCBC; Libreswan and strongSwan build it
 *                the same way from their library's AES): K1/K2/K3 from one
 *                ECB call, then CBC under K1 with K2 folded into the last
 *                block (the inputs here are whole blocks).
 *
 * DH: EVP_PKEY_derive with the derive context and peer key set up once, as
 * `openssl speed ffdhN/ecdhX` times it. The ffdhe groups (RFC 7919) get
 * OpenSSL's default private length for the named group (225/275/325/375/400
 * bits), the same lengths ike-crypto's `dhderive-MODP*` benches use; the
 * moduli differ from RFC 3526's, the cost of the arithmetic does not.
 *
 * Output, one line per operation: "<form> <alg> <bytes> <median ns> <min ns>"
 * ("dh <name> 0 ..." for DH), over up to 60 batches of at least 2 ms of
 * this thread's CPU time each (400 ms per operation at most), as
 * crates/ike-crypto/benches/percall.rs measures ours: on a VM whose speed
 * changes from one second to the next, the fastest batch is the
 * undisturbed cost and the median the typical one.
 *
 * Build: gcc -O2 -o ossl-percall ossl-percall.c -lcrypto
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCHES 60
#define BATCH_NS 2e6
#define BUDGET_NS 400e6

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static unsigned char key[32], data[1024], out[EVP_MAX_MD_SIZE];
static volatile unsigned char sink;

enum form { ONESHOT, CTX, EVPMAC, CMAC, XCBC };

static EVP_MAC_CTX *cmac_ctx;
static EVP_CIPHER_CTX *ecb_ctx, *cbc_ctx;
static unsigned char blk[1024];

static int run(enum form f, const EVP_MD *md, const char *mdname, size_t len, long iters,
               HMAC_CTX *hctx, EVP_MAC_CTX *mctx) {
    for (long i = 0; i < iters; i++) {
        unsigned int olen = 0;
        size_t slen = 0;
        key[0] = (unsigned char)i; /* a new key every call */
        switch (f) {
        case ONESHOT:
            if (!HMAC(md, key, sizeof key, data, len, out, &olen)) return 0;
            break;
        case CTX:
            if (!HMAC_Init_ex(hctx, key, sizeof key, md, NULL) ||
                !HMAC_Update(hctx, data, len) || !HMAC_Final(hctx, out, &olen))
                return 0;
            break;
        case CMAC: {
            OSSL_PARAM params[2] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, "AES-128-CBC", 0),
                OSSL_PARAM_construct_end()};
            if (!EVP_MAC_init(cmac_ctx, key, 16, params) ||
                !EVP_MAC_update(cmac_ctx, data, len) ||
                !EVP_MAC_final(cmac_ctx, out, &slen, sizeof out))
                return 0;
            break;
        }
        case XCBC: {
            /* RFC 3566 4: K1 = E(K, 0x01..), K2 = E(K, 0x02..), K3 = E(K, 0x03..). */
            static const unsigned char consts[48] = {
                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
                3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
            static const unsigned char iv[16] = {0};
            unsigned char k[48], last[16];
            int n = 0;
            if (!EVP_EncryptInit_ex(ecb_ctx, EVP_aes_128_ecb(), NULL, key, NULL) ||
                !EVP_CIPHER_CTX_set_padding(ecb_ctx, 0) ||
                !EVP_EncryptUpdate(ecb_ctx, k, &n, consts, sizeof consts))
                return 0;
            if (!EVP_EncryptInit_ex(cbc_ctx, EVP_aes_128_cbc(), NULL, k, iv) ||
                !EVP_CIPHER_CTX_set_padding(cbc_ctx, 0) ||
                (len > 16 && !EVP_EncryptUpdate(cbc_ctx, blk, &n, data, (int)len - 16)))
                return 0;
            for (int j = 0; j < 16; j++) last[j] = data[len - 16 + j] ^ k[16 + j];
            if (!EVP_EncryptUpdate(cbc_ctx, out, &n, last, 16)) return 0;
            break;
        }
        case EVPMAC: {
            OSSL_PARAM params[2] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)mdname, 0),
                OSSL_PARAM_construct_end()};
            if (!EVP_MAC_init(mctx, key, sizeof key, params) ||
                !EVP_MAC_update(mctx, data, len) ||
                !EVP_MAC_final(mctx, out, &slen, sizeof out))
                return 0;
            break;
        }
        }
        sink ^= out[0];
    }
    return 1;
}

/* One operation to time: `fn(arg, iters)` runs it `iters` times, 0 on error. */
typedef int (*op_fn)(void *arg, long iters);

/* Times `fn` in batches of at least BATCH_NS (calibrated), prints one line
 * with the median and the minimum ns per call. */
static int measure(const char *form, const char *alg, size_t bytes, op_fn fn, void *arg) {
    long iters = 1;
    for (;;) {
        double t0 = now_ns();
        if (!fn(arg, iters)) {
            fprintf(stderr, "ossl-percall: %s %s failed\n", form, alg);
            return 0;
        }
        double spent = now_ns() - t0;
        if (spent >= BATCH_NS || iters >= (1L << 20)) break;
        double per = spent / iters;
        long want = (long)(BATCH_NS * 1.25 / (per > 1 ? per : 1)) + 1;
        iters = want > 2 * iters ? want : 2 * iters;
        if (iters > (1L << 20)) iters = 1L << 20;
    }
    double samples[BATCHES];
    int n = 0;
    double start = now_ns();
    while (n < BATCHES && (n < 5 || now_ns() - start < BUDGET_NS)) {
        double t0 = now_ns();
        fn(arg, iters);
        samples[n++] = (now_ns() - t0) / iters;
    }
    qsort(samples, n, sizeof samples[0], cmp_double);
    printf("%s %s %zu %.1f %.1f\n", form, alg, bytes, samples[n / 2], samples[0]);
    fflush(stdout);
    return 1;
}

struct prf_arg {
    enum form f;
    const EVP_MD *md;
    const char *mdname;
    size_t len;
    HMAC_CTX *hctx;
    EVP_MAC_CTX *mctx;
};

static int prf_op(void *p, long iters) {
    struct prf_arg *a = p;
    return run(a->f, a->md, a->mdname, a->len, iters, a->hctx, a->mctx);
}

static int prfs(void) {
    static const char *forms[] = {"oneshot", "ctx", "evpmac", "evpmac", "ecb"};
    static const char *names[] = {"md5", "sha1", "sha256", "sha384", "sha512"};
    static const char *evpnames[] = {"MD5", "SHA1", "SHA256", "SHA384", "SHA512"};
    static const size_t lens[] = {64, 1024};
    memset(data, 0xa5, sizeof data);
    memset(key, 0x5a, sizeof key);
    HMAC_CTX *hctx = HMAC_CTX_new();
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *mctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    EVP_MAC *cmac = EVP_MAC_fetch(NULL, "CMAC", NULL);
    cmac_ctx = cmac ? EVP_MAC_CTX_new(cmac) : NULL;
    ecb_ctx = EVP_CIPHER_CTX_new();
    cbc_ctx = EVP_CIPHER_CTX_new();
    int ok = hctx && mctx && cmac_ctx && ecb_ctx && cbc_ctx;
    if (!ok) fprintf(stderr, "ossl-percall: OpenSSL context allocation failed\n");
    for (int f = 0; ok && f < 5; f++) {
        /* HMAC forms run over every hash; CMAC and XCBC once. */
        for (int h = 0; ok && h < (f < 3 ? 5 : 1); h++) {
            const char *alg = f == CMAC ? "cmac" : f == XCBC ? "xcbc" : names[h];
            for (int l = 0; ok && l < 2; l++) {
                struct prf_arg a = {f, EVP_get_digestbyname(names[h]), evpnames[h], lens[l],
                                    hctx, mctx};
                ok = measure(forms[f], alg, lens[l], prf_op, &a);
            }
        }
    }
    HMAC_CTX_free(hctx);
    EVP_MAC_CTX_free(mctx);
    EVP_MAC_free(mac);
    EVP_MAC_CTX_free(cmac_ctx);
    EVP_MAC_free(cmac);
    EVP_CIPHER_CTX_free(ecb_ctx);
    EVP_CIPHER_CTX_free(cbc_ctx);
    return ok;
}

struct dh_arg {
    EVP_PKEY_CTX *ctx;
    unsigned char secret[1024];
};

static int dh_op(void *p, long iters) {
    struct dh_arg *a = p;
    for (long i = 0; i < iters; i++) {
        size_t len = sizeof a->secret;
        if (EVP_PKEY_derive(a->ctx, a->secret, &len) <= 0) return 0;
        sink ^= a->secret[0];
    }
    return 1;
}

/* A key pair of the named group: "DH" with an ffdhe group, "EC" with a
 * curve, or X25519/X448. */
static EVP_PKEY *keygen(const char *name) {
    if (!strcmp(name, "x25519")) return EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
    if (!strcmp(name, "x448")) return EVP_PKEY_Q_keygen(NULL, NULL, "X448");
    if (!strcmp(name, "p256")) return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    if (!strcmp(name, "p384")) return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
    if (!strcmp(name, "p521")) return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-521");
    if (strncmp(name, "ffdh", 4)) return NULL;
    char group[16];
    snprintf(group, sizeof group, "ffdhe%s", name + 4);
    EVP_PKEY *k = NULL;
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
    OSSL_PARAM params[2] = {OSSL_PARAM_construct_utf8_string("group", group, 0),
                            OSSL_PARAM_construct_end()};
    if (!c || EVP_PKEY_keygen_init(c) <= 0 || EVP_PKEY_CTX_set_params(c, params) <= 0 ||
        EVP_PKEY_generate(c, &k) <= 0)
        k = NULL;
    EVP_PKEY_CTX_free(c);
    return k;
}

static int dh(const char *name) {
    EVP_PKEY *mine = keygen(name), *peer = keygen(name);
    struct dh_arg a = {NULL, {0}};
    int ok = mine && peer && (a.ctx = EVP_PKEY_CTX_new(mine, NULL)) &&
             EVP_PKEY_derive_init(a.ctx) > 0 && EVP_PKEY_derive_set_peer(a.ctx, peer) > 0;
    if (!ok)
        fprintf(stderr, "ossl-percall: cannot set up %s\n", name);
    else
        ok = measure("dh", name, 0, dh_op, &a);
    EVP_PKEY_CTX_free(a.ctx);
    EVP_PKEY_free(mine);
    EVP_PKEY_free(peer);
    return ok;
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "prf")) return prfs() ? 0 : 1;
    if (argc == 3 && !strcmp(argv[1], "dh")) return dh(argv[2]) ? 0 : 1;
    fprintf(stderr, "usage: ossl-percall prf | ossl-percall dh NAME\n");
    return 2;
}
