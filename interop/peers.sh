# shellcheck shell=bash
# interop/peers.sh - start, drive and query each implementation. Sourced by run.sh.
# Implementations: ours (this repo's pluto/whack), lsw (Libreswan 4.10), sw (strongSwan 5.9.8).
# Every function takes the node directory D (config, logs, run/ sockets) first.
# Started daemons are recorded under their node's name (n1, n2: the parent of D).
node_label() { basename "$(dirname "$1")"; }

OUR_BIN=${OUR_BIN:-${CARGO_TARGET_DIR:-$REPO_DIR/target}/debug}
# our pluto's kernel backend: nostack (default) or netkey (XFRM through the shim)
OUR_KERNEL=${OUR_KERNEL:-nostack}

# ---- ours ----
ours_whack() { local d=$1; shift; timeout 30 "$OUR_BIN/whack" --ctlbase "$d/run/pluto" "$@"; }
ours_start() {
	local ns=$1 d=$2 pid i kern=(--use-nostack) pre=()
	mkdir -p "$d/run"
	if [ "$OUR_KERNEL" = netkey ]; then
		kern=(--use-netkey)
		pre=(LD_PRELOAD="$SHIM_SO")
	fi
	ip netns exec "$ns" env "${pre[@]}" RUST_BACKTRACE=1 "$OUR_BIN/pluto" --nofork --stderrlog \
		--config "$d/ipsec.conf" --secretsfile "$d/ipsec.secrets" --ctlbase "$d/run/pluto" \
		--keylogfile "$d/keys.log" "${kern[@]}" ${OUR_EXTRA_ARGS:-} \
		</dev/null >"$d/pluto.log" 2>&1 &
	pid=$!
	record_pid "$(node_label "$d")" "$pid"
	for ((i = 0; i < 100; i++)); do
		pid_alive "$pid" || { tail -n 30 "$d/pluto.log" >&2; return 1; }
		[ -S "$d/run/pluto.ctl" ] && ours_whack "$d" --status >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
ours_stop() {
	local d=$1 pid
	pid=$(recorded_pid "$(node_label "$d")")
	[ -n "$pid" ] || return 0
	timeout 5 "$OUR_BIN/whack" --ctlbase "$d/run/pluto" --shutdown >/dev/null 2>&1 || true
	wait_until 5 bash -c "! kill -0 $pid 2>/dev/null || grep -q ') Z' /proc/$pid/stat"
	kill_pid "$pid"
	rm -f "$PIDDIR/$(node_label "$d").pid"
}
ours_initiate() { ours_whack "$1" --name "$2" --initiate; }
ours_terminate() { ours_whack "$1" --name "$2" --terminate; }
ours_status() { ours_whack "$1" --status 2>&1 || true; }
ours_state() {
	local st
	st=$(ours_status "$1" | grep -F "\"$2\"" || true)
	if echo "$st" | grep -q 'ESTABLISHED_CHILD_SA'; then echo child
	elif echo "$st" | grep -q 'ESTABLISHED_IKE_SA'; then echo ike
	else echo none; fi
}
# Wireshark decryption records from our --keylogfile (one UAT record per line)
ours_keys() { [ -f "$1/keys.log" ] && sed -n 's/^\(.\+\)$/uat:ikev2_decryption_table:\1/p' "$1/keys.log"; }

# ---- Libreswan ----
lsw_whack() { local d=$1; shift; timeout 30 "$LSW_EXECDIR/whack" --ctlsocket "$d/run/pluto.ctl" "$@"; }
lsw_start() {
	local ns=$1 d=$2 pid i
	mkdir -p "$d/run" "$d/nss"
	[ -f "$d/nss/cert9.db" ] || certutil -N -d "sql:$d/nss" --empty-password
	if [ -f "$d/rsa-key.pem" ]; then
		# a raw-key conn finds its private key in NSS by CKAID; NSS imports
		# keys through PKCS#12, which wants a certificate: a throwaway self-signed one
		openssl req -new -x509 -key "$d/rsa-key.pem" -subj "/CN=rawkey" -days 30 -out "$d/rsa-key.crt" 2>/dev/null &&
			openssl pkcs12 -export -inkey "$d/rsa-key.pem" -in "$d/rsa-key.crt" -name rawkey \
				-passout pass:rawkey -out "$d/rsa-key.p12" &&
			pk12util -i "$d/rsa-key.p12" -d "sql:$d/nss" -W rawkey >/dev/null || return 1
	fi
	ip netns exec "$ns" env LD_PRELOAD="$SHIM_SO" "$LSW_EXECDIR/pluto" \
		--config "$d/ipsec.conf" --secretsfile "$d/ipsec.secrets" --rundir "$d/run" \
		--nssdir "$d/nss" --ipsecdir "$d" --dumpdir "$d/run" --logfile "$d/peer.log" --nofork \
		</dev/null >"$d/peer.stdout" 2>&1 &
	pid=$!
	record_pid "$(node_label "$d")" "$pid"
	for ((i = 0; i < 100; i++)); do
		pid_alive "$pid" || { cat "$d/peer.stdout" >&2; return 1; }
		[ -S "$d/run/pluto.ctl" ] && lsw_whack "$d" --status >/dev/null 2>&1 && break
		sleep 0.1
	done
	# pluto loads auto=add conns through an "addconn --autoall" child: wait for it
	wait_until 10 bash -c "! ps --ppid $pid -o comm= | grep -qx addconn"
}
lsw_stop() {
	local d=$1 pid
	pid=$(recorded_pid "$(node_label "$d")")
	[ -n "$pid" ] || return 0
	timeout 5 "$LSW_EXECDIR/whack" --ctlsocket "$d/run/pluto.ctl" --shutdown >/dev/null 2>&1 || true
	kill_pid "$pid"
	rm -f "$PIDDIR/$(node_label "$d").pid"
}
lsw_initiate() { lsw_whack "$1" --name "$2" --initiate; }
lsw_terminate() { lsw_whack "$1" --name "$2" --terminate; }
lsw_status() { lsw_whack "$1" --showstates 2>&1 || true; }
lsw_state() {
	local st
	st=$(lsw_status "$1" | grep -F "\"$2\"" || true)
	if echo "$st" | grep -q 'STATE_V2_ESTABLISHED_CHILD_SA'; then echo child
	elif echo "$st" | grep -q 'STATE_V2_ESTABLISHED_IKE_SA'; then echo ike
	else echo none; fi
}

# ---- strongSwan ----
sw_ctl() { local d=$1; shift; SWANCTL_DIR="$d/swanctl" timeout 40 swanctl "$@" --uri "unix://$d/charon.vici"; }
sw_start() {
	local ns=$1 d=$2 pid i
	mkdir -p "$d/run"
	gen_sw_daemon "$d"
	rm -f "$d/run/charon.pid" "$d/charon.vici"
	# charon has no pid-file option: give it a private /run
	ip netns exec "$ns" env STRONGSWAN_CONF="$d/strongswan.conf" LD_PRELOAD="$SHIM_SO" \
		unshare --mount --propagation private \
		sh -c "mount --bind '$d/run' /run && exec '$CHARON'" \
		</dev/null >"$d/peer.stdout" 2>&1 &
	pid=$!
	record_pid "$(node_label "$d")" "$pid"
	for ((i = 0; i < 100; i++)); do
		pid_alive "$pid" || { cat "$d/peer.stdout" >&2; return 1; }
		[ -S "$d/charon.vici" ] && sw_ctl "$d" --stats >/dev/null 2>&1 && break
		sleep 0.1
	done
	sw_ctl "$d" --load-all --noprompt >"$d/swanctl-load.log" 2>&1
}
sw_stop() {
	local d=$1 pid
	pid=$(recorded_pid "$(node_label "$d")")
	[ -n "$pid" ] && kill_pid "$pid"
	rm -f "$PIDDIR/$(node_label "$d").pid"
}
sw_initiate() { sw_ctl "$1" --initiate --child "$2" --ike "$2" --timeout 30; }
sw_terminate() { sw_ctl "$1" --terminate --ike "$2" --timeout 10; }
sw_status() { sw_ctl "$1" --list-sas 2>&1 || true; }
sw_state() {
	local out
	out=$(sw_status "$1")
	if echo "$out" | grep -qE "^  $2: #[0-9]+, reqid [0-9]+, INSTALLED"; then echo child
	elif echo "$out" | grep -qE "^$2: #[0-9]+, ESTABLISHED"; then echo ike
	else echo none; fi
}
sw_log() { echo "$1/charon.log"; }
