#!/usr/bin/env bash
# interop/run.sh - our pluto against real Libreswan 4.10 and strongSwan 5.9.8,
# each in its own network namespace, captured and checked with tshark.
#
#   interop/run.sh [--peers "lsw sw"] [--roles "init resp"] [--keep] [SCENARIO...]
#   interop/run.sh --list
#
# Node 1 (rsw-n1, 192.0.2.1) runs our pluto; node 2 (rsw-n2, 192.0.2.2) the
# peer. Role "init": ours initiates; "resp": the peer does. Each run:
# namespaces up, configs generated (one Libreswan-syntax generator for
# Libreswan and for ours), capture on the hub bridge, both daemons started,
# initiate, both sides must show the Child SA, terminate (by the side the
# scenario says), both sides must end with no state, capture checked: zero
# malformed packets, zero expert warnings, and every encrypted message
# decrypted by tshark with the keys our --keylogfile wrote, with a correct
# integrity checksum. On failure: both logs and the decoded capture.
# Ends with a table and "N passed, M failed"; exit 1 if anything failed.
# Needs root (namespaces); run interop/install.sh first (CI does).
# OURS=lsw|sw replaces our pluto on node 1 (checks the harness itself).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$INTEROP_DIR/gen.sh"
. "$INTEROP_DIR/peers.sh"

OURS=${OURS:-ours}
# Rekeys with PFS (Libreswan's default for Child rekeys) need a DH group in
# strongSwan's ESP proposals too: one explicit suite on every side.
rekey_suite() {
	S_IKE="aes256-sha2_256;dh31" S_ESP="aes256-sha2_256;dh31"
	S_SW_IKE="aes256-sha256-x25519" S_SW_ESP="aes256-sha256-x25519"
}
# scenario NAME -> knobs; "description" first
scenario() {
	S_FAMILY=4 S_NAT="" S_IKE="" S_ESP="" S_SW_IKE="" S_SW_ESP="" S_ENCAPS="" S_LIFE="" S_LIFE_NODE="" S_DPD=""
	S_TERM=initiator S_CHECK="" S_ROLES="" S_AUTH=psk S_PEERS=""
	case $1 in
	v2psk) S_DESC="PSK, each peer's default proposals, tunnel mode" ;;
	v2modern)
		S_DESC="PSK, AES-GCM-16-256 / PRF-SHA2-384 / ECP-384"
		S_IKE="aes_gcm256-sha2_384;dh20" S_ESP="aes_gcm256"
		S_SW_IKE="aes256gcm16-prfsha384-ecp384" S_SW_ESP="aes256gcm16" ;;
	v2legacy)
		S_DESC="PSK, AES-CBC-128 / HMAC-SHA1-96 / MODP-2048"
		S_IKE="aes128-sha1;modp2048" S_ESP="aes128-sha1"
		S_SW_IKE="aes128-sha1-modp2048" S_SW_ESP="aes128-sha1" ;;
	v2psk6) S_DESC="PSK over IPv6" S_FAMILY=6 ;;
	v2natt) S_DESC="forced UDP encapsulation without NAT" S_ENCAPS=yes ;;
	v2nat) S_DESC="our pluto behind a NAT router" S_NAT=1 ;;
	v2delete) S_DESC="terminate from the responder side" S_TERM=responder ;;
	v2rekey-ours)
		# IKE 30 s, Child 20 s, margin 7 s, no fuzz: Child rekey at 13 s, IKE rekey at 23 s
		S_DESC="Child SA and IKE SA rekeyed by us (short lifetimes)"
		S_LIFE="30 20" S_LIFE_NODE=1 S_CHECK=rekey S_ROLES="init resp"; rekey_suite ;;
	v2rekey-peer)
		S_DESC="Child SA and IKE SA rekeyed by the peer (short lifetimes)"
		S_LIFE="30 20" S_LIFE_NODE=2 S_CHECK=rekey S_ROLES="init resp"; rekey_suite ;;
	v2rsa)
		S_DESC="RSA signatures with raw public keys (RFC 7427, method 14)"
		S_AUTH=rsa ;;
	v2dpd)
		S_DESC="liveness: the peer is killed, our dpdaction=clear fires"
		S_DPD="2 6 clear" S_CHECK=dpd S_TERM=none ;;
	*) return 1 ;;
	esac
}
ALL_SCENARIOS="v2psk v2modern v2legacy v2psk6 v2natt v2nat v2delete v2rekey-ours v2rekey-peer v2dpd v2rsa"

impl_of_node() { if [ "$1" = 1 ]; then echo "$OURS"; else echo "$PEER"; fi; }
call() { local impl=$1 fn=$2; shift 2; "${impl}_$fn" "$@"; }
gen_for() { # gen_for IMPL NAME ME PEER DIR
	case $1 in
	ours | lsw) gen_lsw "${@:2}" ;;
	sw) gen_sw "${@:2}" ;;
	esac
}

show_failure() {
	local d1=$1 d2=$2 pcap=$3 keys=$4
	echo "---- our side ($OURS) log, last 60 lines: $d1"
	tail -n 60 "$d1/pluto.log" "$d1/peer.log" 2>/dev/null | sed 's/^/    /'
	echo "---- peer ($PEER) log, last 60 lines: $d2"
	tail -n 60 "$d2/peer.log" "$d2/charon.log" 2>/dev/null | sed 's/^/    /'
	echo "---- capture, decoded ($pcap)"
	ts_keys "$pcap" "$keys" -V -Y isakmp | head -n 400 | sed 's/^/    /'
}

# check_capture PCAP KEYS -> prints a reason and returns 1 on failure.
check_capture() {
	local pcap=$1 keys=$2 n bad enc dec icd aead
	n=$(ts_keys "$pcap" "$keys" -Y isakmp -T fields -e frame.number | wc -l)
	[ "$n" -gt 0 ] || { echo "no IKE packet captured"; return 1; }
	bad=$(ts_keys "$pcap" "$keys" -Y '_ws.malformed || _ws.expert.severity >= 0x00600000' \
		-T fields -e frame.number -e _ws.expert.message | tr '\n' ';')
	[ -z "$bad" ] || { echo "tshark: malformed/expert warnings: $bad"; return 1; }
	[ "$OURS" = ours ] || { echo "capture ok: $n IKE packets"; return 0; }
	enc=$(ts_keys "$pcap" "$keys" -Y 'isakmp.typepayload == 46 || isakmp.typepayload == 53' -T fields -e frame.number | wc -l)
	dec=$(ts_keys "$pcap" "$keys" -Y 'isakmp.enc.decrypted' -T fields -e frame.number | wc -l)
	[ "$enc" = "$dec" ] || { echo "tshark decrypted $dec of $enc encrypted messages with our keys"; return 1; }
	# integrity: every decrypted message shows "Integrity Checksum Data ... [correct]"
	# (for AEAD suites Wireshark reports the verified tag the same way)
	icd=$(ts_keys "$pcap" "$keys" -V -Y 'isakmp.enc.decrypted' | grep -c 'Integrity Checksum Data: .*\[correct\]' || true)
	[ "$icd" = "$enc" ] || { echo "integrity checksum [correct] on $icd of $enc encrypted messages"; return 1; }
	echo "capture ok: $n IKE packets, $enc encrypted, all decrypted with our keys, integrity [correct] on all"
}

# expect_state IMPL D NAME WANT TIMEOUT_S: poll the implementation's state until
# it is WANT; prints WANT, or the last state seen when time runs out. (A single
# status read is not trusted: either daemon's status can briefly miss a line
# while it is answering other queries.)
expect_state() {
	local impl=$1 d=$2 name=$3 want=$4 t=$5 i st=none
	for ((i = 0; i < t * 5; i++)); do
		st=$("${impl}_state" "$d" "$name" 2>/dev/null || echo none)
		[ "$st" = "$want" ] && break
		sleep 0.2
	done
	echo "$st"
}


# check_rekey D1 D2 NAME PCAP: wait past the short lifetimes' rekey points, then
# both sides must still have the Child SA, and the capture must hold answered
# CREATE_CHILD_SA exchanges for the Child rekey and the IKE SA rekey.
check_rekey() {
	local d1=$1 d2=$2 name=$3 pcap=$4 ccs s1 s2
	if [ "$S_LIFE_NODE" = 2 ] && [ "$PEER" = sw ]; then
		# charon rekeys Child SAs on the kernel's soft-expire event, which an
		# ESP-less kernel (SAs faked by the shim) never sends: ask it directly
		sleep 8
		log "asking strongSwan to rekey the Child SA (its lifetime rekey needs kernel expires)"
		sw_ctl "$d2" --rekey --child "$name" >/dev/null 2>&1 || true
		log "waiting 20 s for the IKE SA rekey (20 s after establishment)"
		sleep 20
	else
		log "waiting 28 s for the Child (13 s) and IKE SA (23 s) rekeys"
		sleep 28
	fi
	ccs=$(ts_keys "$pcap" /dev/null -Y 'isakmp.exchangetype == 36 && isakmp.flag_r == 1' -T fields -e frame.number | wc -l)
	s1=$(expect_state "$OURS" "$d1" "$name" child 3); s2=$(expect_state "$PEER" "$d2" "$name" child 3)
	echo "    after the rekeys: $ccs CREATE_CHILD_SA responses; ours=$s1 $PEER=$s2"
	echo "    our status:"; call "$OURS" status "$d1" | grep -F "\"$name\"" | sed 's/^/      /' || true
	echo "    peer status:"; call "$PEER" status "$d2" | grep -F "$name" | sed 's/^/      /' || true
	[ "$ccs" -ge 2 ] || REASON="expected >= 2 answered CREATE_CHILD_SA exchanges (Child and IKE rekey), saw $ccs"
	[ "$s1" = child ] && [ "$s2" = child ] || REASON="${REASON:+$REASON; }not established after rekey (ours=$s1, $PEER=$s2)"
}

# check_dpd D1 D2 NAME: kill the peer; our liveness checks (dpddelay 2 s,
# dpdtimeout 6 s, dpdaction=clear) must clear our states within 2 + 6 s (+2 s slack)
check_dpd() {
	local d1=$1 d2=$2 name=$3 pid t0 t1
	pid=$(recorded_pid n2)
	[ -n "$pid" ] || { REASON="peer not running before the kill"; return; }
	kill -KILL "$pid" 2>/dev/null || true
	t0=$(now_ms)
	if [ "$(expect_state "$OURS" "$d1" "$name" none 10)" = none ]; then
		t1=$(now_ms)
		echo "    peer killed; our states cleared after $((t1 - t0)) ms (dpddelay 2 s + dpdtimeout 6 s)"
		[ $((t1 - t0)) -le 10000 ] || REASON="dpdaction fired after $((t1 - t0)) ms"
	else
		REASON="our states still up 10 s after the peer died (ours=$(call "$OURS" state "$d1" "$name"))"
	fi
}

run_one() { # run_one SCENARIO PEER ROLE -> 0 if passed; sets REASON
	local name=$1 role=$3 d1 d2 pcap keys ini_node res_node term_node s1 s2 t0 t1
	PEER=$2
	scenario "$name" || { REASON="unknown scenario"; return 1; }
	log "=== $name ($S_DESC): ours($OURS) $( [ "$role" = init ] && echo '->' || echo '<-' ) $PEER"
	net_up 2 "$S_NAT"
	d1=$(node_dir 1)/$OURS d2=$(node_dir 2)/$PEER
	gen_for "$OURS" "$name" 1 2 "$d1"
	gen_for "$PEER" "$name" 2 1 "$d2"
	pcap=$INTEROP_ROOT/$name-$PEER-$role.pcap
	keys=$pcap.keys
	cap_start "$pcap"
	REASON=""
	call "$PEER" start "$(node_ns 2)" "$d2" || REASON="peer $PEER did not start"
	if [ -z "$REASON" ]; then call "$OURS" start "$(node_ns 1)" "$d1" || REASON="our pluto did not start"; fi
	if [ "$role" = init ]; then ini_node=1 res_node=2; else ini_node=2 res_node=1; fi
	local d_ini d_res
	d_ini=$( [ $ini_node = 1 ] && echo "$d1" || echo "$d2" ); d_res=$( [ $res_node = 1 ] && echo "$d1" || echo "$d2" )
	if [ -z "$REASON" ]; then
		t0=$(now_ms)
		call "$(impl_of_node $ini_node)" initiate "$d_ini" "$name" >"$INTEROP_ROOT/initiate.out" 2>&1 || true
		t1=$(now_ms)
		sed 's/^/    | /' "$INTEROP_ROOT/initiate.out"
		s1=$(expect_state "$OURS" "$d1" "$name" child 10); s2=$(expect_state "$PEER" "$d2" "$name" child 10)
		log "initiate took $((t1 - t0)) ms; ours=$s1 peer=$s2"
		echo "    our status:"; call "$OURS" status "$d1" | grep -F "\"$name\"" | sed 's/^/      /' || true
		echo "    peer status:"; call "$PEER" status "$d2" | grep -F "$name" | sed 's/^/      /' || true
		[ "$s1" = child ] && [ "$s2" = child ] || REASON="not established (ours=$s1, $PEER=$s2)"
	fi
	if [ -z "$REASON" ] && [ "$S_CHECK" = rekey ]; then check_rekey "$d1" "$d2" "$name" "$pcap"; fi
	if [ -z "$REASON" ] && [ "$S_CHECK" = dpd ]; then check_dpd "$d1" "$d2" "$name"; fi
	if [ -z "$REASON" ] && [ "$S_TERM" != none ]; then
		if [ "$S_TERM" = initiator ]; then term_node=$ini_node; else term_node=$res_node; fi
		local d_term
		d_term=$( [ $term_node = 1 ] && echo "$d1" || echo "$d2" )
		call "$(impl_of_node $term_node)" terminate "$d_term" "$name" >/dev/null 2>&1 || true
		if [ "$term_node" != "$ini_node" ]; then
			# The responder's Delete must reach the initiator and be answered
			# (RFC 7296 1.4.1). A Libreswan initiator then revives the
			# connection (its --initiate set "up"), so after checking the
			# exchange the initiator terminates too.
			sleep 1
			local dels
			dels=$(ts_keys "$pcap" /dev/null -Y "isakmp.exchangetype == 37 && isakmp.flag_i == 0 && isakmp.flag_r == 0" 2>/dev/null | wc -l || true)
			[ "${dels:-0}" -ge 1 ] || REASON="no INFORMATIONAL from the responder after its terminate"
			call "$(impl_of_node $ini_node)" terminate "$d_ini" "$name" >/dev/null 2>&1 || true
		fi
		s1=$(expect_state "$OURS" "$d1" "$name" none 10); s2=$(expect_state "$PEER" "$d2" "$name" none 10)
		[ "$s1" = none ] && [ "$s2" = none ] || REASON="${REASON:+$REASON; }states left after terminate by node $term_node (ours=$s1, $PEER=$s2)"
	fi
	[ "$OURS" = ours ] && { ours_keys "$d1" > "$keys" || true; }
	call "$OURS" stop "$d1" || true
	call "$PEER" stop "$d2" || true
	cap_stop
	local chk
	if chk=$(check_capture "$pcap" "$keys"); then
		echo "    $chk"
	elif [ -z "$REASON" ]; then
		REASON=$chk
	fi
	if [ -n "$REASON" ]; then
		show_failure "$d1" "$d2" "$pcap" "$keys"
		[ "$KEEP" = 1 ] || net_down
		return 1
	fi
	[ "$KEEP" = 1 ] || net_down
	return 0
}

PEERS="lsw sw" ROLES="init resp" KEEP=0 list=()
while [ $# -gt 0 ]; do
	case $1 in
	--peers) PEERS=$2; shift ;;
	--roles) ROLES=$2; shift ;;
	--keep) KEEP=1 ;;
	--list) for s in $ALL_SCENARIOS; do scenario "$s"; printf '%-10s %s\n' "$s" "$S_DESC"; done; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) list+=("$1") ;;
	esac
	shift
done
[ ${#list[@]} -gt 0 ] || read -r -a list <<< "$ALL_SCENARIOS"
need_root
[ -x /usr/libexec/ipsec/pluto ] && command -v swanctl >/dev/null && command -v tshark >/dev/null ||
	die "peers missing: run interop/install.sh"
build_shim
if [ "$OURS" = ours ]; then
	[ -x "$OUR_BIN/pluto" ] && [ -x "$OUR_BIN/whack" ] || die "build first: cargo build -p pluto -p whack ($OUR_BIN)"
fi
trap '[ "$KEEP" = 1 ] || net_down' EXIT
T0=$(now_ms)
rows=() pass=0 fail=0
for s in "${list[@]}"; do
	for p in $PEERS; do
		for r in $ROLES; do
			scenario "$s" || true
			if [ -n "$S_ROLES" ] && [[ " $S_ROLES " != *" $r "* ]]; then continue; fi
			if [ -n "$S_PEERS" ] && [[ " $S_PEERS " != *" $p "* ]]; then continue; fi
			if run_one "$s" "$p" "$r"; then
				pass=$((pass + 1)); rows+=("$(printf '%-10s %-4s %-5s PASS' "$s" "$p" "$r")")
			else
				fail=$((fail + 1)); rows+=("$(printf '%-10s %-4s %-5s FAIL %s' "$s" "$p" "$r" "$REASON")")
			fi
		done
	done
done
echo
echo "scenario   peer role  result"
printf '%s\n' "${rows[@]}"
echo "interop wall time: $(( ($(now_ms) - T0) / 1000 )) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
