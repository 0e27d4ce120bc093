/* Times OpenSSL HMAC with the key set up on every call, as IKE's prf() is
 * used (RFC 7296 2.13), for scripts/crypto-vs-openssl.sh. `openssl speed
 * -hmac` cannot do this: it keys once and reuses the key.
 *
 * Three forms, each for SHA-1/SHA-256/SHA-512 over 64 and 1024 octets with
 * a 32-octet key:
 *   oneshot  HMAC(md, key, ..., data, ...)             (OpenSSL's one-shot)
 *   ctx      HMAC_Init_ex(ctx, key, md) + Update + Final, ctx reused
 *   evpmac   EVP_MAC_init(ctx, key, params) + update + final, MAC fetched
 *            once and ctx reused (the OpenSSL 3 API)
 * Output, one line each: "<form> <hash> <bytes> <ns per op>", the median of
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

enum form { ONESHOT, CTX, EVPMAC };

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
    static const char *forms[] = {"oneshot", "ctx", "evpmac"};
    static const char *names[] = {"sha1", "sha256", "sha512"};
    static const char *evpnames[] = {"SHA1", "SHA256", "SHA512"};
    static const size_t lens[] = {64, 1024};
    memset(data, 0xa5, sizeof data);
    memset(key, 0x5a, sizeof key);
    HMAC_CTX *hctx = HMAC_CTX_new();
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *mctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    if (!hctx || !mctx) {
        fprintf(stderr, "ossl-hmac-time: OpenSSL context allocation failed\n");
        return 1;
    }
    for (int f = 0; f < 3; f++) {
        for (int h = 0; h < 3; h++) {
            const EVP_MD *md = EVP_get_digestbyname(names[h]);
            for (int l = 0; l < 2; l++) {
                /* Calibrate a batch to about 20 ms. */
                long iters = 1000;
                double t0 = now_ns();
                if (!run(f, md, evpnames[h], lens[l], iters, hctx, mctx)) {
                    fprintf(stderr, "ossl-hmac-time: %s %s failed\n", forms[f], names[h]);
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
                printf("%s %s %zu %.1f\n", forms[f], names[h], lens[l], samples[BATCHES / 2]);
            }
        }
    }
    HMAC_CTX_free(hctx);
    EVP_MAC_CTX_free(mctx);
    EVP_MAC_free(mac);
    return 0;
}
