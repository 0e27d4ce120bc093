/* Times OpenSSL HMAC with the key set up on every call, as IKE's prf() is
 * used (RFC 7296 2.13), for scripts/crypto-vs-openssl.sh. `openssl speed
 * -hmac` cannot do this: it keys once and reuses the key.
 *
 * HMAC in three forms, each for MD5/SHA-1/SHA-256/SHA-384/SHA-512 over 64
 * and 1024 octets with a 32-octet key:
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
 * Output, one line each: "<form> <alg> <bytes> <ns per op>", the median of
 * 15 batches of about 20 ms each of process CPU time (as `openssl speed`
 * divides by user CPU time and our criterion benches measure thread CPU
 * time: on a shared machine wall time would count other processes too).
 *
 * Build: gcc -O2 -o ossl-hmac-time ossl-hmac-time.c -lcrypto
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

#define BATCHES 15

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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

int main(void) {
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
    if (!hctx || !mctx || !cmac_ctx || !ecb_ctx || !cbc_ctx) {
        fprintf(stderr, "ossl-hmac-time: OpenSSL context allocation failed\n");
        return 1;
    }
    for (int f = 0; f < 5; f++) {
        /* HMAC forms run over every hash; CMAC and XCBC once. */
        for (int h = 0; h < (f < 3 ? 5 : 1); h++) {
            const EVP_MD *md = EVP_get_digestbyname(names[h]);
            const char *alg = f == CMAC ? "cmac" : f == XCBC ? "xcbc" : names[h];
            for (int l = 0; l < 2; l++) {
                /* Calibrate a batch to about 20 ms. */
                long iters = 1000;
                double t0 = now_ns();
                if (!run(f, md, evpnames[h], lens[l], iters, hctx, mctx)) {
                    fprintf(stderr, "ossl-hmac-time: %s %s failed\n", forms[f], alg);
                    return 1;
                }
                double per = (now_ns() - t0) / iters;
                iters = (long)(20e6 / (per > 1 ? per : 1)) + 1;
                double samples[BATCHES];
                for (int b = 0; b < BATCHES; b++) {
                    t0 = now_ns();
                    run(f, md, evpnames[h], lens[l], iters, hctx, mctx);
                    samples[b] = (now_ns() - t0) / iters;
                }
                qsort(samples, BATCHES, sizeof samples[0], cmp_double);
                printf("%s %s %zu %.1f\n", forms[f], alg, lens[l], samples[BATCHES / 2]);
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
    return 0;
}
