#!/usr/bin/env bash
# Per-call CPU time of ike-crypto (both providers) against OpenSSL, as the
# fastest and the median of many short batches on each side, interleaved:
#
#   scripts/percall-vs-openssl.sh                     # DH and PRFs, 3 rounds (~6 min)
#   ROUNDS=5 ONLY='MODP6144|X25519' scripts/percall-vs-openssl.sh
#
# ONLY is a regular expression over the unit names (MODP2048 ... MODP8192,
# DH19, DH20, DH21, X25519, X448, prf); ROUNDS (default 3) how many times
# each unit is measured, ours then OpenSSL's seconds later.
#
# Why besides scripts/crypto-vs-openssl.sh (criterion against `openssl
# speed`, both a mean or median over about a second): this machine is a VM
# whose speed changes from one second to the next, and a one-second average
# on each side mixes in different disturbances. Here both sides run the
# same batch scheme (crates/ike-crypto/benches/percall.rs and
# scripts/ossl-percall.c: up to 60 batches of at least 2 ms of thread CPU
# time each) and report the fastest batch, the undisturbed cost of the
# code, next to the median, the typical one. The table shows the minimum
# over all rounds on each side and their ratio ("min ratio"), and the
# median of the per-round ratios of the medians.
#
# What is compared is what crypto-vs-openssl.sh compares: the DH shared
# secret alone with peer validation, at OpenSSL's private exponent lengths
# for MODP (EVP_PKEY_derive with the context set up once on OpenSSL's side),
# and every PRF with the key set up on every call against the fastest of
# OpenSSL's three key-per-call API forms.
# shellcheck source=scripts/bench-setup.sh
source "$(dirname "$0")/bench-setup.sh"
bin=$(bench_binary percall)
gcc -O2 -o "$out/ossl-percall" scripts/ossl-percall.c -lcrypto ||
	{ echo "scripts/ossl-percall.c did not build (needs gcc and libssl-dev)" >&2; exit 1; }

# unit name # our operations (regex) # ossl-percall arguments
units() {
	dh_units | while IFS='#' read -r name filter _ percall; do
		echo "$name#$filter#dh $percall"
	done
	echo "prf#^prf-#prf"
}

echo "start: $(date -u '+%F %T') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg), $(openssl version), $ROUNDS rounds"
for r in $(seq 1 "$ROUNDS"); do
	units | while IFS='#' read -r name filter args; do
		[[ $name =~ $ONLY ]] || continue
		"$bin" --bench "$filter" | sed "s/^/$r /" >>"$out/ours.txt"
		# shellcheck disable=SC2086 # two words: "dh NAME"
		"$out/ossl-percall" $args | sed "s/^/$r /" >>"$out/ossl.txt"
	done
done
touch "$out/ours.txt" "$out/ossl.txt"
echo "end: $(date -u '+%F %T') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$out/ours.txt" "$out/ossl.txt" <<'PY'
import sys
from statistics import median
ours = {}  # (round, op, provider) -> (min us, median us)
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 7 and f[1] == "percall":
        op, prov = f[2].split("/")
        ours[(int(f[0]), op, prov)] = (float(f[3]) / 1e3, float(f[4]) / 1e3)
ossl = {}  # (round, form, alg, bytes) -> (min us, median us)
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) == 6:
        ossl[(int(f[0]), f[1], f[2], f[3])] = (float(f[5]) / 1e3, float(f[4]) / 1e3)
dh = {"MODP2048": "ffdh2048", "MODP3072": "ffdh3072", "MODP4096": "ffdh4096",
      "MODP6144": "ffdh6144", "MODP8192": "ffdh8192", "DH19": "p256", "DH20": "p384",
      "DH21": "p521", "DH31": "x25519", "DH32": "x448"}
prf = {"HMAC_MD5": "md5", "HMAC_SHA1": "sha1", "HMAC_SHA2_256": "sha256",
       "HMAC_SHA2_384": "sha384", "HMAC_SHA2_512": "sha512", "AES_XCBC": "xcbc",
       "AES_CMAC": "cmac"}
def openssl(r, op):
    """(min, median) of OpenSSL's counterpart in round r: for a PRF the
    fastest of its key-per-call forms (by median; its min beside it)."""
    if op.startswith("dhderive-"):
        return ossl.get((r, "dh", dh.get(op[9:], "?"), "0"))
    name, size = op[4:].rsplit("-", 1)
    alg = prf.get(name)
    forms = [v for (rr, _, a, b), v in ossl.items() if rr == r and a == alg and b == size]
    return min(forms, key=lambda v: v[1]) if forms else None
rounds = sorted({k[0] for k in ours})
ops = []
for _, op, _ in ours:
    if op not in ops: ops.append(op)
def fmt_us(x): return "-" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")
print("| operation | provider | ours min us | OpenSSL min us | min ratio | ours median us | OpenSSL median us | median ratio (range) |")
print("|---|---|---|---|---|---|---|---|")
for op in ops:
    for prov in ("rustcrypto", "aws-lc"):
        mine = [ours[(r, op, prov)] for r in rounds if (r, op, prov) in ours]
        theirs = [openssl(r, op) for r in rounds]
        pairs = [(a, o) for r in rounds for a, o in [(ours.get((r, op, prov)), openssl(r, op))] if a and o]
        if not mine or not pairs: continue
        omin = min(o[0] for _, o in pairs)
        amin = min(a[0] for a in mine)
        ratios = [a[1] / o[1] for a, o in pairs]
        rng = f" ({min(ratios):.2f}-{max(ratios):.2f})" if len(ratios) > 1 else ""
        print(f"| {op} | {prov} | {fmt_us(amin)} | {fmt_us(omin)} | {amin / omin:.2f} | "
              f"{fmt_us(median(a[1] for a in mine))} | {fmt_us(median(o[1] for _, o in pairs))} | "
              f"{median(ratios):.2f}{rng} |")
PY
