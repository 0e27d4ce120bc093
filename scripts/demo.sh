#!/usr/bin/env bash
# The main job. Two plutos on 127.0.0.1 (IKE ports 5500 and 5600), no root, --use-nostack:
# a PSK connection added to both with whack, initiated from "west", then
# `whack --status` of both (the established IKE SA and Child SA), then both
# shut down. Exit status 0 only if both sides show the Child SA.
#
# Environment: CARGO_TARGET_DIR as usual; PLUTO_BIN_DIR=DIR uses the pluto
# and whack binaries in DIR instead of building them (the test does);
# PLUTO_DEMO_KEEP=1 keeps the work directory (logs) for inspection.
# (ikedump over real captures, the previous demo: scripts/ikedump-demo.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${PLUTO_BIN_DIR:-}" ]; then
	bin=$PLUTO_BIN_DIR
else
	cargo build -q -p pluto -p whack
	bin="${CARGO_TARGET_DIR:-target}/debug"
fi
pluto="$bin/pluto"
whack="$bin/whack"

work=$(mktemp -d "${TMPDIR:-/tmp}/pluto-demo.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	if [ "${PLUTO_DEMO_KEEP:-0}" = 1 ]; then
		echo "demo: logs kept in $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

cat >"$work/ipsec.secrets" <<'EOF'
# One pre-shared key for the pair of identities.
@west @east : PSK "a demo secret, not for production use"
EOF

start() { # name ikeport natport
	"$pluto" --nofork --stderrlog --use-nostack \
		--ctlbase "$work/$1" --ikeport "$2" --natikeport "$3" \
		--listen 127.0.0.1 --secretsfile "$work/ipsec.secrets" \
		>"$work/$1.out" 2>"$work/$1.log" &
	pids+=($!)
	for _ in $(seq 100); do
		grep -q "Pluto initialized" "$work/$1.out" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "demo: pluto $1 did not start:" >&2
	cat "$work/$1.log" >&2
	exit 1
}

start west 5500 5501
start east 5600 5601

for side in west east; do
	echo "== $side: add connection and listen"
	"$whack" --ctlbase "$work/$side" --name demo \
		--id @west --host 127.0.0.1 --ikeport 5500 \
		--to \
		--id @east --host 127.0.0.1 --ikeport 5600 \
		--psk --encrypt --tunnel
	"$whack" --ctlbase "$work/$side" --listen
done

echo "== west: initiate"
"$whack" --ctlbase "$work/west" --name demo --initiate

ok=0
for side in west east; do
	echo "== $side: whack --status"
	"$whack" --ctlbase "$work/$side" --status | tee "$work/$side.status"
	if grep -q "STATE_V2_ESTABLISHED_IKE_SA" "$work/$side.status" &&
		grep -q "STATE_V2_ESTABLISHED_CHILD_SA" "$work/$side.status"; then
		ok=$((ok + 1))
	fi
done

for side in west east; do
	echo "== $side: shutdown"
	"$whack" --ctlbase "$work/$side" --shutdown
done
for p in "${pids[@]}"; do
	wait "$p" || true
done
pids=()

if [ "$ok" -ne 2 ]; then
	echo "demo: FAILED: the IKE SA and Child SA are not established on both sides" >&2
	echo "--- west log" >&2
	cat "$work/west.log" >&2
	echo "--- east log" >&2
	cat "$work/east.log" >&2
	exit 1
fi
echo "demo: both plutos established the IKE SA and the Child SA"
