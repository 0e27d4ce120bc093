#!/usr/bin/env bash
# interop/ondemand.sh - on-demand initiation against real peers.
#
#   interop/ondemand.sh [--peers "lsw sw"] [--keep]
#
# Our pluto (node 1, XFRM backend through the shim) loads the connection with
# auto=route: its %trap policy (198.51.100.1/32 -> 198.51.100.2/32, ESP tunnel
# template) is installed and --status says "prospective erouted". One ping
# from our inner address to the peer's hits the trap; the kernel's ACQUIRE
# makes our pluto initiate ("initiate on demand ... because: acquire"); both
# sides must show the Child SA and our status "erouted". Libreswan 4.10 and
# strongSwan 5.9.8 (node 2) respond. Needs root; run interop/install.sh and
# cargo build -p pluto -p whack first. Exit 1 if any peer failed.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$INTEROP_DIR/gen.sh"
. "$INTEROP_DIR/peers.sh"

OURS=ours
OUR_KERNEL=netkey
PEERS="lsw sw" KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--peers) PEERS=$2; shift ;;
	--keep) KEEP=1 ;;
	*) die "unknown argument $1" ;;
	esac
	shift
done
# the generators' knobs: defaults (PSK, tunnel, each side's default proposals)
S_FAMILY=4 S_NAT="" S_IKE="" S_ESP="" S_SW_IKE="" S_SW_ESP="" S_ENCAPS="" S_LIFE="" S_LIFE_NODE="" S_DPD="" S_AUTH=psk

need_root
[ -x /usr/libexec/ipsec/pluto ] && command -v swanctl >/dev/null || die "peers missing: run interop/install.sh"
[ -x "$OUR_BIN/pluto" ] && [ -x "$OUR_BIN/whack" ] || die "build first: cargo build -p pluto -p whack ($OUR_BIN)"
build_shim
trap '[ "$KEEP" = 1 ] || net_down' EXIT

# state_after IMPL D NAME WANT SECONDS: the implementation's state once it is
# WANT, or the last one seen when time runs out (status reads can miss a line
# under load, so one read is not trusted)
state_after() {
	local end=$(($(now_ms) + $5 * 1000)) st=none
	while :; do
		st=$("${1}_state" "$2" "$3" 2>/dev/null || echo none)
		[ "$st" = "$4" ] || [ "$(now_ms)" -ge "$end" ] && break
		sleep 0.2
	done
	echo "$st"
}
our_conn_line() { ours_status "$1" | grep -F "\"$2\": " | grep -F 'eroute owner' | head -n 1 || true; }

run_peer() { # run_peer PEER -> 0 if passed; sets REASON
	local name=ondemand d1 d2 s1 s2 line i
	PEER=$1 REASON=""
	log "=== on-demand: ours(netkey, auto=route) -> $PEER"
	net_up 2 ""
	d1=$(node_dir 1)/ours d2=$(node_dir 2)/$PEER
	gen_lsw "$name" 1 2 "$d1"
	sed -i 's/^\tauto=add$/\tauto=route/' "$d1/ipsec.conf"
	gen_for_peer "$name" "$d2"
	# no updown runs (leftupdown=%disabled): the route to the peer's inner
	# address is ours to add, as the updown script's route verb would
	ip -n "$(node_ns 1)" route add "$(node_in4 2)/32" via "$(node_ip4 2)" src "$(node_in4 1)"
	"${PEER}_start" "$(node_ns 2)" "$d2" || { REASON="peer $PEER did not start"; return 1; }
	ours_start "$(node_ns 1)" "$d1" || { REASON="our pluto did not start"; return 1; }
	for ((i = 0; i < 50; i++)); do
		line=$(our_conn_line "$d1" "$name")
		[[ "$line" == *"; prospective erouted;"* ]] && break
		sleep 0.2
	done
	[[ "$line" == *"; prospective erouted;"* ]] || { REASON="not routed after start: $line"; return 1; }
	echo "    our connection: $line"
	ip -n "$(node_ns 1)" xfrm policy | grep -A3 "src $(node_in4 1)/32 dst $(node_in4 2)/32" | sed 's/^/    trap: /'
	ip netns exec "$(node_ns 1)" ping -c1 -W1 -I "$(node_in4 1)" "$(node_in4 2)" >/dev/null 2>&1 || true
	s1=$(state_after ours "$d1" "$name" child 15); s2=$(state_after "$PEER" "$d2" "$name" child 5)
	grep -F 'initiate on demand' "$d1/pluto.log" | sed 's/^/    | /' || true
	line=$(our_conn_line "$d1" "$name")
	echo "    our connection: $line"
	grep -qF "\"$name\": initiate on demand from $(node_in4 1):" "$d1/pluto.log" ||
		REASON="no on-demand initiate in our log"
	[ "$s1" = child ] && [ "$s2" = child ] || REASON="${REASON:+$REASON; }not established (ours=$s1, $PEER=$s2)"
	[[ "$line" == *"; erouted;"* ]] || REASON="${REASON:+$REASON; }our status does not say erouted"
	ours_stop "$d1"; "${PEER}_stop" "$d2"
	if [ -n "$REASON" ]; then
		tail -n 40 "$d1/pluto.log" | sed 's/^/    ours: /'
		return 1
	fi
}

gen_for_peer() { # gen_for_peer NAME DIR
	case $PEER in
	lsw) gen_lsw "$1" 2 1 "$2" ;;
	sw) gen_sw "$1" 2 1 "$2" ;;
	esac
}

rows=() fail=0
for p in $PEERS; do
	if run_peer "$p"; then rows+=("ondemand $p PASS"); else rows+=("ondemand $p FAIL $REASON"); fail=$((fail + 1)); fi
done
printf '%s\n' "${rows[@]}"
[ "$fail" = 0 ]
