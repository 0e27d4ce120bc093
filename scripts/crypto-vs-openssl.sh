#!/usr/bin/env bash
# Runs the ike-crypto criterion benches (both providers) and `openssl speed`
# for the same operations on this machine, interleaved, and prints one table:
# operation | ours (rustcrypto) | ours (aws-lc) | OpenSSL | ratio ours/OpenSSL.
#
#   scripts/crypto-vs-openssl.sh                         # everything, 3 rounds (~15 min)
#   ROUNDS=5 ONLY='dhderive' scripts/crypto-vs-openssl.sh  # a subset, more rounds
#
# ONLY is a regular expression over the unit names below (e.g. 'DH21|X25519',
# 'MODP', 'prf'); ROUNDS (default 3) is how many times each unit is measured.
#
# Why interleaved: the CPU speed of a shared or virtual machine drifts by tens
# of percent over minutes, so "all of ours, then all of OpenSSL" compares two
# different machines. Here each unit runs our bench for one operation and then
# OpenSSL for the same operation, right after, and this repeats ROUNDS times.
# Each round gives a ratio from two measurements seconds apart; the table shows
# the median time of each side, the median of the per-round ratios and their
# range (min-max).
#
# What is compared (see benches/README.md):
# - Time: both sides divide by CPU time, not wall time (`openssl speed`
#   uses user CPU time by default; our criterion benches and
#   scripts/ossl-percall.c measure CPU time).
# - DH: `openssl speed ffdhN/ecdhX` times the shared-secret derivation only
#   (private key and peer key set up once), so it is compared with our
#   `dhderive-*` bench (complete() with a kept private value, peer
#   validation included). OpenSSL 3 gives the ffdhe groups a private
#   exponent of 225/275/325/375/400 bits (RFC 7919's lengths, the
#   `keylength` in crypto/ffc/ffc_dh.c); `dhderive-MODP*` uses the same
#   lengths (ExponentPolicy::Bits), not our shorter default (NIST 2s).
#   Our `dh-*` benches (key generation + shared secret) run once, unpaired.
# - PRF: `prf-*` (every PRF) sets the key up on every call, as IKE's prf() does; it is
#   compared with OpenSSL doing the same, timed by scripts/ossl-percall.c
#   (built here with gcc and libssl-dev; the fastest of its three API forms
#   is the OpenSSL column). `prfkeyed-*` reuses the keyed state and is
#   compared with `openssl speed -hmac`, which does.
# shellcheck source=scripts/bench-setup.sh
source "$(dirname "$0")/bench-setup.sh"
bin=$(bench_binary crypto)

have_hmac=0
if gcc -O2 -o "$out/ossl-percall" scripts/ossl-percall.c -lcrypto 2>"$out/gcc.txt"; then
	have_hmac=1
else
	echo "note: scripts/ossl-percall.c did not build (needs gcc and libssl-dev):" >&2
	cat "$out/gcc.txt" >&2
fi

# unit name # our bench filter (regex) # OpenSSL command ("hmac" = ossl-percall);
# "#" separates the fields: the filters and commands contain "|".
units() {
	dh_units | while IFS='#' read -r name filter speed _; do
		echo "$name#$filter#openssl speed -seconds 1 -mr $speed"
	done
	echo "prf#^prf-#hmac"
	for h in sha1 sha256 sha512; do
		local H
		case $h in sha1) H=SHA1 ;; sha256) H=SHA2_256 ;; sha512) H=SHA2_512 ;; esac
		echo "prfkeyed-$h#^prfkeyed-HMAC_$H-#openssl speed -seconds 1 -mr -bytes 64 -hmac $h | sed s/^+F:/+F64:/; openssl speed -seconds 1 -mr -bytes 1024 -hmac $h | sed s/^+F:/+F1024:/"
	done
	echo "aes-cbc#^encr-AES_CBC_128-1024/#openssl speed -seconds 1 -mr -bytes 1024 -evp aes-128-cbc | sed s/^+F:/+F1024:/"
	echo "aes-gcm#^encr-AES_GCM_16_128-1024/#openssl speed -seconds 1 -mr -bytes 1024 -evp aes-128-gcm | sed s/^+F:/+F1024:/"
	echo "3des#^encr-3DES_CBC-1024/#openssl speed -seconds 1 -mr -bytes 1024 -evp des-ede3-cbc | sed s/^+F:/+F1024:/"
	echo "rsa#^(sign|verify)-rsa2048/#openssl speed -seconds 1 -mr rsa2048"
	echo "ecdsa#^(sign|verify)-ecdsa-p256/#openssl speed -seconds 1 -mr ecdsap256"
}

echo "start: $(date -u '+%F %T') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg), $(openssl version), $ROUNDS rounds"
for r in $(seq 1 "$ROUNDS"); do
	units | while IFS='#' read -r name filter cmd; do
		[[ $name =~ $ONLY ]] || continue
		"$bin" --bench --output-format bencher "$filter" 2>/dev/null |
			grep '^test ' | sed "s/^/$r /" >>"$out/ours.txt" || true
		if [ "$cmd" = hmac ]; then
			[ $have_hmac = 1 ] && "$out/ossl-percall" prf | sed "s/^/$r /" >>"$out/hmac.txt"
		else
			bash -c "$cmd" 2>/dev/null | grep '^+F' | sed "s/^/$r /" >>"$out/openssl.txt" || true
		fi
	done
done
# The benches that have no OpenSSL counterpart, once.
if [[ dh-unpaired =~ $ONLY ]] || [ "$ONLY" = . ]; then
	"$bin" --bench --output-format bencher '^(dh-|prfplus200-)' 2>/dev/null |
		grep '^test ' | sed "s/^/1 /" >>"$out/ours.txt" || true
fi
touch "$out/ours.txt" "$out/openssl.txt" "$out/hmac.txt"
echo "end of measurements: $(date -u '+%F %T') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$out/ours.txt" "$out/openssl.txt" "$out/hmac.txt" <<'PY'
import re, sys
from statistics import median
ours = {}   # (round, bench name) -> us
for line in open(sys.argv[1]):
    m = re.match(r"(\d+) test (\S+) \.\.\. bench:\s+([\d,]+) ns/iter", line)
    if m:
        ours[(int(m.group(1)), m.group(2))] = int(m.group(3).replace(",", "")) / 1e3
ossl = {}   # (round, key) -> us
for line in open(sys.argv[2]):
    r, rest = line.split(" ", 1)
    r = int(r)
    f = rest.strip().split(":")
    tag = f[0]
    if tag == "+F5":    # ECDH: idx, bits, op/s
        ossl[(r, ("ecdh", f[2]))] = 1e6 / float(f[3])
    elif tag == "+F8":  # FFDH
        ossl[(r, ("ffdh", f[2]))] = 1e6 / float(f[3])
    elif tag == "+F2":  # RSA: sign/s, verify/s
        ossl[(r, ("rsa-sign", f[2]))] = 1e6 / float(f[3])
        ossl[(r, ("rsa-verify", f[2]))] = 1e6 / float(f[4])
    elif tag == "+F4":  # ECDSA
        ossl[(r, ("ecdsa-sign", f[2]))] = 1e6 / float(f[3])
        ossl[(r, ("ecdsa-verify", f[2]))] = 1e6 / float(f[4])
    elif tag in ("+F64", "+F1024"):
        size = int(tag[2:])
        ossl[(r, (f[2].lower(), str(size)))] = size / float(f[3]) * 1e6
hmac_forms = {}  # (round, form) -> (hash, size) -> us
for line in open(sys.argv[3]):
    r, form, h, size, ns = line.split()[:5]  # median; the 6th field is the minimum
    hmac_forms.setdefault((int(r), form), {})[(h, size)] = float(ns) / 1e3
def hmac_per_call(r, h, size):
    v = [t[(h, size)] for (rr, _), t in hmac_forms.items() if rr == r and (h, size) in t]
    return min(v) if v else None
ecdh_bits = {"DH19": "256", "DH20": "384", "DH21": "521", "DH31": "253", "DH32": "448"}
ffdh_bits = {"MODP2048": "2048", "MODP3072": "3072", "MODP4096": "4096", "MODP6144": "6144", "MODP8192": "8192"}
def ossl_for(r, op):
    m = re.match(r"dhderive-(\S+)$", op)
    if m:
        g = m.group(1)
        if g in ecdh_bits: return ossl.get((r, ("ecdh", ecdh_bits[g])))
        if g in ffdh_bits: return ossl.get((r, ("ffdh", ffdh_bits[g])))
        return None
    m = re.match(r"prf(keyed)?-(\w+?)-(\d+)$", op)
    if m:
        h = {"HMAC_MD5": "md5", "HMAC_SHA1": "sha1", "HMAC_SHA2_256": "sha256",
             "HMAC_SHA2_384": "sha384", "HMAC_SHA2_512": "sha512",
             "AES_XCBC": "xcbc", "AES_CMAC": "cmac"}.get(m.group(2))
        if h is None: return None
        if m.group(1):
            return ossl.get((r, (f"hmac({h})", m.group(3))))
        return hmac_per_call(r, h, m.group(3))
    table = {
        "encr-AES_CBC_128-1024": ("aes-128-cbc", "1024"),
        "encr-AES_GCM_16_128-1024": ("aes-128-gcm", "1024"),
        "encr-3DES_CBC-1024": ("des-ede3-cbc", "1024"),
        "sign-rsa2048": ("rsa-sign", "2048"), "verify-rsa2048": ("rsa-verify", "2048"),
        "sign-ecdsa-p256": ("ecdsa-sign", "256"), "verify-ecdsa-p256": ("ecdsa-verify", "256"),
    }
    return ossl.get((r, table[op])) if op in table else None
rounds = sorted({r for r, _ in ours})
ops = []
for _, k in ours:
    op = k.split("/")[0]
    if op not in ops: ops.append(op)
def f(x): return "-" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")
def med(v): return median(v) if v else None
def ratio_cell(op, prov):
    rs = []
    for r in rounds:
        a, o = ours.get((r, f"{op}/{prov}")), ossl_for(r, op)
        if a is not None and o:
            rs.append(a / o)
    if not rs: return "-"
    return f"{median(rs):.2f} ({min(rs):.2f}-{max(rs):.2f})" if len(rs) > 1 else f"{rs[0]:.2f}"
fmt = "| {:<26} | {:>10} | {:>10} | {:>10} | {:>18} | {:>18} |"
print(fmt.format("operation", "rc us", "aws-lc us", "OpenSSL us", "rc/OpenSSL", "aws-lc/OpenSSL"))
print("|" + "|".join("-" * w for w in (28, 12, 12, 12, 20, 20)) + "|")
for op in ops:
    rc = med([v for (r, k), v in ours.items() if k == op + "/rustcrypto"])
    aw = med([v for (r, k), v in ours.items() if k == op + "/aws-lc"])
    o = med([v for v in (ossl_for(r, op) for r in rounds) if v])
    paired = o is not None
    print(fmt.format(op, f(rc), f(aw), f(o),
                     ratio_cell(op, "rustcrypto") if paired else "-",
                     ratio_cell(op, "aws-lc") if paired else "-"))
print()
print("Times are medians over the rounds; ratios are the median of the per-round")
print("ratios (each from our bench and OpenSSL run seconds apart), with their range.")
if hmac_forms:
    print()
    print("OpenSSL PRFs with the key set up per call (scripts/ossl-percall.c), us, median over rounds")
    print("(cmac: EVP_MAC CMAC; xcbc: RFC 3566 built on EVP AES-128, in the EVP_MAC column):")
    print()
    print("| alg, octets | HMAC() one-shot | HMAC_CTX re-keyed | EVP_MAC re-keyed |")
    print("|--------------|-----------------|-------------------|------------------|")
    for h in ("md5", "sha1", "sha256", "sha384", "sha512", "cmac", "xcbc"):
        for size in ("64", "1024"):
            row = []
            for form in ("oneshot", "ctx", "evpmac"):
                forms = (form, "ecb") if form == "evpmac" else (form,)
                v = [t[(h, size)] for (r, fm), t in hmac_forms.items() if fm in forms and (h, size) in t]
                row.append(f(med(v)))
            print(f"| {h + ', ' + size:<12} | {row[0]:>15} | {row[1]:>17} | {row[2]:>16} |")
PY
