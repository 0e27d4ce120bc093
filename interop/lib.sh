# shellcheck shell=bash
# interop/lib.sh - helpers for the interop matrix. Source it; do not run it.
#
# Environment (optional):
#   INTEROP_ROOT    state: per-node dirs, pid files, captures (/tmp/rsw-interop)
#   INTEROP_PREFIX  prefix of the namespaces we create          (rsw)
#   INTEROP_CACHE   where the shim is built                     (/var/tmp/rsw-interop)

INTEROP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$INTEROP_DIR/.." && pwd)
INTEROP_ROOT=${INTEROP_ROOT:-/tmp/rsw-interop}
INTEROP_PREFIX=${INTEROP_PREFIX:-rsw}
INTEROP_CACHE=${INTEROP_CACHE:-/var/tmp/rsw-interop}
SHIM_SO=$INTEROP_CACHE/noesp_xfrm.so
PIDDIR=$INTEROP_ROOT/pids
LSW_EXECDIR=/usr/libexec/ipsec
CHARON=/usr/lib/ipsec/charon

log() { printf '[%s] %s\n' "$(date +%H:%M:%S.%3N)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
need_root() { [ "$(id -u)" = 0 ] || die "must run as root"; }

hub_ns() { echo "${INTEROP_PREFIX}-hub"; }
node_ns() { echo "${INTEROP_PREFIX}-n$1"; }
nat_ns() { echo "${INTEROP_PREFIX}-nat$1"; }
node_dir() { echo "$INTEROP_ROOT/n$1"; }
# documentation ranges only, and only inside our namespaces (RFC 5737, 3849)
node_ip4() { echo "192.0.2.$1"; }
node_ip6() { echo "2001:db8::$1"; }
node_in4() { echo "198.51.100.$1"; }
node_in6() { echo "2001:db8:100::$1"; }
our_namespaces() { ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${INTEROP_PREFIX}-(hub|n[0-9]+|nat[0-9]+)$" || true; }
ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$1"; }

# --- processes: only those we started, by PID (and start time) ---------------
pid_alive() {
	local st
	[ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || return 1
	st=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
	[ "$st" != Z ] && [ "$st" != X ]
}
pid_starttime() { sed -E 's/^[0-9]+ \(.*\) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }
record_pid() { mkdir -p "$PIDDIR"; echo "$2 $(pid_starttime "$2")" > "$PIDDIR/$1.pid"; }
recorded_pid() {
	local f="$PIDDIR/$1.pid" pid st
	[ -f "$f" ] || return 0
	read -r pid st < "$f" || true
	if pid_alive "$pid" && [ "$(pid_starttime "$pid")" = "$st" ]; then echo "$pid"; fi
}
kill_pid() {
	local pid=$1 i
	pid_alive "$pid" || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 50; i++)); do pid_alive "$pid" || return 0; sleep 0.1; done
	log "pid $pid ignored SIGTERM, sending SIGKILL"
	kill -KILL "$pid" 2>/dev/null || true
	for ((i = 0; i < 20; i++)); do pid_alive "$pid" || return 0; sleep 0.1; done
}
kill_recorded() {
	local f pid
	[ -d "$PIDDIR" ] || return 0
	for f in "$PIDDIR"/${1:-*}.pid; do
		[ -e "$f" ] || continue
		pid=$(recorded_pid "$(basename "$f" .pid)")
		[ -n "$pid" ] && kill_pid "$pid"
		rm -f "$f"
	done
}
wait_until() {
	local t=$1 i
	shift
	for ((i = 0; i < t * 10; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
now_ms() { date +%s%3N; }

build_shim() {
	local src=$INTEROP_DIR/shim/noesp_xfrm.c
	if [ ! -f "$SHIM_SO" ] || [ "$src" -nt "$SHIM_SO" ]; then
		mkdir -p "$INTEROP_CACHE"
		gcc -shared -fPIC -O2 -Wall -o "$SHIM_SO.tmp" "$src" -ldl || die "cannot build the shim (gcc)"
		mv "$SHIM_SO.tmp" "$SHIM_SO"
	fi
}

# --- the test network ---------------------------------------------------------
# net_down: kill what we recorded and anything left inside our namespaces, delete them
net_down() {
	local ns pid
	kill_recorded '*'
	for ns in $(our_namespaces); do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do kill_pid "$pid"; done
		ip netns del "$ns" 2>/dev/null || log "WARNING: cannot delete netns $ns"
	done
}

# net_up N [NATNODE]: hub bridge + N nodes; NATNODE (optional) sits behind a NAT router
net_up() {
	local n=$1 natnode=${2:-} i ns hub
	net_down
	mkdir -p "$INTEROP_ROOT" "$PIDDIR"
	hub=$(hub_ns)
	ip netns add "$hub"
	ip -n "$hub" link set lo up
	ip -n "$hub" link add br0 type bridge
	ip -n "$hub" link set br0 up
	ip netns exec "$hub" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	for ((i = 1; i <= n; i++)); do
		ns=$(node_ns "$i")
		rm -rf "$(node_dir "$i")"
		mkdir -p "$(node_dir "$i")"
		ip netns add "$ns"
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
		# ALLOCSPI leaves larval SAs that expire after xfrm_acq_expires: keep them long
		ip netns exec "$ns" sysctl -qw net.core.xfrm_acq_expires=3600 2>/dev/null || true
		ip -n "$ns" link set lo up
		ip -n "$ns" addr add "$(node_in4 "$i")/32" dev lo
		ip -n "$ns" addr add "$(node_in6 "$i")/128" dev lo
		if [ "$i" = "$natnode" ]; then
			nat_router "$i"
			continue
		fi
		ip link add eth0 netns "$ns" type veth peer name "p$i" netns "$hub"
		ip -n "$hub" link set "p$i" master br0
		ip -n "$hub" link set "p$i" up
		ip -n "$ns" addr add "$(node_ip4 "$i")/24" dev eth0
		ip -n "$ns" addr add "$(node_ip6 "$i")/64" dev eth0 nodad
		ip -n "$ns" link set eth0 up
	done
	wait_until 5 ip netns exec "$(node_ns 2)" ping -c1 -W1 "$(node_ip4 1)" ||
		die "test LAN does not pass traffic"
}

# nat_router I: node I gets 203.0.113.2 behind router rsw-natI (192.0.2.I on the LAN),
# which masquerades UDP to source ports 10500-10999 and forwards 500/4500 back in.
nat_router() {
	local i=$1 ns r hub
	ns=$(node_ns "$i"); r=$(nat_ns "$i"); hub=$(hub_ns)
	ip netns add "$r"
	ip -n "$r" link set lo up
	ip link add wan0 netns "$r" type veth peer name "p$i" netns "$hub"
	ip -n "$hub" link set "p$i" master br0
	ip -n "$hub" link set "p$i" up
	ip link add lan0 netns "$r" type veth peer name eth0 netns "$ns"
	ip -n "$r" addr add "$(node_ip4 "$i")/24" dev wan0
	ip -n "$r" addr add 203.0.113.1/24 dev lan0
	ip -n "$r" link set wan0 up
	ip -n "$r" link set lan0 up
	ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$ns" addr add 203.0.113.2/24 dev eth0
	ip -n "$ns" link set eth0 up
	ip -n "$ns" route add default via 203.0.113.1
	ip netns exec "$r" nft -f - <<-NFT
	table ip nat {
		chain prerouting {
			type nat hook prerouting priority -100;
			iifname "wan0" udp dport { 500, 4500 } dnat to 203.0.113.2
		}
		chain postrouting {
			type nat hook postrouting priority 100;
			oifname "wan0" meta l4proto udp masquerade to :10500-10999
			oifname "wan0" masquerade
		}
	}
	NFT
}

# --- capture ------------------------------------------------------------------
cap_start() { # cap_start PCAP
	local pcap=$1 pid i
	rm -f "$pcap" "$pcap.log"
	ip netns exec "$(hub_ns)" tshark -n -i br0 -f 'udp port 500 or udp port 4500 or esp' -w "$pcap" -q \
		</dev/null >"$pcap.log" 2>&1 &
	pid=$!
	record_pid tshark "$pid"
	for ((i = 0; i < 100; i++)); do
		pid_alive "$pid" || { cat "$pcap.log" >&2; die "tshark exited"; }
		grep -q "^Capturing on" "$pcap.log" 2>/dev/null && break
		sleep 0.1
	done
	sleep 0.2
}
cap_stop() {
	local pid i
	pid=$(recorded_pid tshark)
	if [ -n "$pid" ]; then
		sleep 0.3
		kill -INT "$pid" 2>/dev/null || true
		for ((i = 0; i < 50; i++)); do pid_alive "$pid" || break; sleep 0.1; done
		kill_pid "$pid"
	fi
	rm -f "$PIDDIR/tshark.pid"
}
# tshark over a capture with the decryption table KEYS (file of "uat:..." lines)
ts_keys() {
	local pcap=$1 keys=$2 l opts=()
	shift 2
	if [ -f "$keys" ]; then
		while IFS= read -r l; do [ -n "$l" ] && opts+=(-o "$l"); done < "$keys"
	fi
	tshark -n -r "$pcap" "${opts[@]}" "$@" 2>/dev/null
}
