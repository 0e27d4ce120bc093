#!/usr/bin/env bash
# Runs the ike-crypto criterion benches (both providers) and `openssl speed`
# for the same operations on this machine, then prints one table:
# operation | ours (rustcrypto) | ours (aws-lc) | OpenSSL | ratio (best ours / OpenSSL).
#
#   scripts/crypto-vs-openssl.sh            # full run (~10 min on 2 cores)
#   BENCH_FILTER=dhderive scripts/crypto-vs-openssl.sh   # a subset
#
# Notes on what is compared (see benches/README.md):
# - Time: both sides divide by CPU time, not wall time (`openssl speed`
#   uses user CPU time by default; our criterion benches and
#   scripts/ossl-hmac-time.c measure CPU time), so other processes on the
#   machine skew the ratio less.
# - DH: `openssl speed ffdhN/ecdhX` times the shared-secret derivation only
#   (private key and peer key set up once), so it is compared with our
#   `dhderive-*` bench (complete() with a kept private value, peer
#   validation included). OpenSSL 3's ffdhe groups use a 2s-bit private
#   exponent (224 bits for 2048), the same length as our default NIST
#   policy. Our `dh-*` benches (key generation + shared secret) are listed
#   too.
# - HMAC: `prf-*` sets the key up on every call, as IKE's prf() does; it is
#   compared with OpenSSL doing the same, timed by scripts/ossl-hmac-time.c
#   (built here with gcc and libssl-dev; the fastest of its three API forms
#   goes in the table, all three are listed below it). `prfkeyed-*` reuses
#   the keyed state and is compared with `openssl speed -hmac`, which does.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "start: $(date -u '+%F %T') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg), $(openssl version)"

cargo bench -p ike-crypto --features aws-lc --bench crypto -- --output-format bencher \
	${BENCH_FILTER:-} 2>/dev/null | grep '^test ' >"$out/ours.txt"

S=1
{
	openssl speed -seconds $S -mr ffdh2048 ffdh3072 ffdh4096 ffdh6144 ffdh8192 \
		ecdhp256 ecdhp384 ecdhp521 ecdhx25519 ecdhx448 rsa2048 ecdsap256 2>/dev/null
	for h in sha1 sha256 sha512; do
		openssl speed -seconds $S -mr -bytes 64 -hmac $h 2>/dev/null | sed "s/^+F:/+F64:/"
		openssl speed -seconds $S -mr -bytes 1024 -hmac $h 2>/dev/null | sed "s/^+F:/+F1024:/"
	done
	for c in aes-128-cbc aes-128-gcm des-ede3-cbc; do
		openssl speed -seconds $S -mr -bytes 1024 -evp $c 2>/dev/null | sed "s/^+F:/+F1024:/"
	done
} | grep '^+F' >"$out/openssl.txt"

: >"$out/hmac.txt"
if gcc -O2 -o "$out/ossl-hmac-time" scripts/ossl-hmac-time.c -lcrypto 2>"$out/gcc.txt"; then
	"$out/ossl-hmac-time" >"$out/hmac.txt"
else
	echo "note: scripts/ossl-hmac-time.c did not build (needs gcc and libssl-dev):" >&2
	cat "$out/gcc.txt" >&2
fi
echo "end of measurements: $(date -u '+%F %T') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$out/ours.txt" "$out/openssl.txt" "$out/hmac.txt" <<'PY'
import re, sys
ours = {}
for line in open(sys.argv[1]):
    m = re.match(r"test (\S+) \.\.\. bench:\s+([\d,]+) ns/iter", line)
    if m:
        ours[m.group(1)] = int(m.group(2).replace(",", "")) / 1e3  # us
ossl = {}
for line in open(sys.argv[2]):
    f = line.strip().split(":")
    tag = f[0]
    if tag == "+F5":    # ECDH: idx, bits, op/s
        ossl[("ecdh", f[2])] = 1e6 / float(f[3])
    elif tag == "+F8":  # FFDH
        ossl[("ffdh", f[2])] = 1e6 / float(f[3])
    elif tag == "+F2":  # RSA: sign/s, verify/s
        ossl[("rsa-sign", f[2])] = 1e6 / float(f[3])
        ossl[("rsa-verify", f[2])] = 1e6 / float(f[4])
    elif tag == "+F4":  # ECDSA
        ossl[("ecdsa-sign", f[2])] = 1e6 / float(f[3])
        ossl[("ecdsa-verify", f[2])] = 1e6 / float(f[4])
    elif tag in ("+F64", "+F1024"):
        size = int(tag[2:])
        ossl[(f[2].lower(), str(size))] = size / float(f[3]) * 1e6
# OpenSSL HMAC with the key set up per call: form -> (hash, size) -> us.
hmac_forms = {}
for line in open(sys.argv[3]):
    form, h, size, ns = line.split()
    hmac_forms.setdefault(form, {})[(h, size)] = float(ns) / 1e3
def hmac_per_call(h, size):
    v = [t[(h, size)] for t in hmac_forms.values() if (h, size) in t]
    return min(v) if v else None
ecdh_bits = {"DH19": "256", "DH20": "384", "DH21": "521", "DH31": "253", "DH32": "448"}
ffdh_bits = {"MODP2048": "2048", "MODP3072": "3072", "MODP4096": "4096", "MODP6144": "6144", "MODP8192": "8192"}
def ossl_for(op):
    m = re.match(r"dhderive-(\S+)$", op)
    if m:
        g = m.group(1)
        if g in ecdh_bits: return ossl.get(("ecdh", ecdh_bits[g]))
        if g in ffdh_bits: return ossl.get(("ffdh", ffdh_bits[g]))
        return None
    m = re.match(r"prf(keyed)?-HMAC_(SHA1|SHA2_(\d+))-(\d+)$", op)
    if m:
        h = "sha1" if m.group(2) == "SHA1" else "sha" + m.group(3)
        if m.group(1):
            return ossl.get((f"hmac({h})", m.group(4)))
        return hmac_per_call(h, m.group(4))
    table = {
        "encr-AES_CBC_128-1024": ("aes-128-cbc", "1024"),
        "encr-AES_GCM_16_128-1024": ("aes-128-gcm", "1024"),
        "encr-3DES_CBC-1024": ("des-ede3-cbc", "1024"),
        "sign-rsa2048": ("rsa-sign", "2048"), "verify-rsa2048": ("rsa-verify", "2048"),
        "sign-ecdsa-p256": ("ecdsa-sign", "256"), "verify-ecdsa-p256": ("ecdsa-verify", "256"),
    }
    return ossl.get(table[op]) if op in table else None
ops = []
for k in ours:
    op = k.split("/")[0]
    if op not in ops: ops.append(op)
fmt = "| {:<28} | {:>14} | {:>14} | {:>12} | {:>16} |"
print(fmt.format("operation", "rustcrypto us", "aws-lc us", "OpenSSL us", "ours/OpenSSL"))
print("|" + "|".join("-" * w for w in (30, 16, 16, 14, 18)) + "|")
def f(x): return "-" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")
for op in ops:
    rc, aw = ours.get(op + "/rustcrypto"), ours.get(op + "/aws-lc")
    o = ossl_for(op)
    ratio = "-"
    if o:
        ratio = "rc " + (f"{rc/o:.2f}" if rc else "-") + ", aws " + (f"{aw/o:.2f}" if aw else "-")
    print(fmt.format(op, f(rc), f(aw), f(o), ratio))
if hmac_forms:
    print()
    print("OpenSSL HMAC with the key set up per call (scripts/ossl-hmac-time.c), us:")
    print()
    print("| hash, octets | HMAC() one-shot | HMAC_CTX re-keyed | EVP_MAC re-keyed |")
    print("|--------------|-----------------|-------------------|------------------|")
    for h in ("sha1", "sha256", "sha512"):
        for size in ("64", "1024"):
            row = [f(hmac_forms.get(k, {}).get((h, size))) for k in ("oneshot", "ctx", "evpmac")]
            print(f"| {h + ', ' + size:<12} | {row[0]:>15} | {row[1]:>17} | {row[2]:>16} |")
PY
