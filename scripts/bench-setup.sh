# Sourced by scripts/crypto-vs-openssl.sh and scripts/percall-vs-openssl.sh:
# the settings both take (ROUNDS, ONLY), a scratch directory $out removed on
# exit, and bench_binary NAME, which builds ike-crypto's bench NAME (both
# providers, bench profile) once and prints the path of its executable, so
# each unit runs the binary directly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
ROUNDS=${ROUNDS:-3}
ONLY=${ONLY:-.}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

bench_binary() {
	local bin
	bin=$(cargo bench -p ike-crypto --features aws-lc --bench "$1" --no-run \
		--message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") \
       and m["target"]["name"] == sys.argv[1]:
        print(m["executable"])' "$1")
	[ -x "$bin" ] || { echo "bench binary $1 not built" >&2; return 1; }
	echo "$bin"
}

# The DH units both scripts compare, one per line:
# unit name # our bench filter (regex) # `openssl speed` algorithm # ossl-percall name
dh_units() {
	local n
	for n in 2048 3072 4096 6144 8192; do
		echo "MODP$n#^dhderive-MODP$n/#ffdh$n#ffdh$n"
	done
	echo "DH19#^dhderive-DH19/#ecdhp256#p256"
	echo "DH20#^dhderive-DH20/#ecdhp384#p384"
	echo "DH21#^dhderive-DH21/#ecdhp521#p521"
	echo "X25519#^dhderive-DH31/#ecdhx25519#x25519"
	echo "X448#^dhderive-DH32/#ecdhx448#x448"
}
