#!/usr/bin/env bash
# interop/install.sh - install the real IKE peers the interop matrix runs against
# (Debian 12, as root; idempotent):
#   * strongSwan 5.9.8 (charon, swanctl) and tshark, with apt-get;
#   * Libreswan 4.10, unpacked from its .deb into /opt/libreswan, because its
#     package Conflicts with strongSwan's (both ship /usr/sbin/ipsec); pluto
#     hard-codes /usr/libexec/ipsec/addconn, hence the symlink;
#   * the LD_PRELOAD shim shim/noesp_xfrm.c, which lets a peer "install" ESP
#     SAs on a kernel without ESP (see the comment in the shim).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
export DEBIAN_FRONTEND=noninteractive

APT_PKGS=(
	strongswan-charon strongswan-swanctl strongswan-pki libstrongswan
	libstrongswan-standard-plugins libstrongswan-extra-plugins
	libcharon-extra-plugins strongswan-libcharon
	tshark
	# Libreswan's runtime dependencies (its Depends: minus the conflicts)
	libnss3-tools libnss3 libnspr4 libcurl3-nss libevent-core-2.1-7
	libevent-pthreads-2.1-7 libldap-2.5-0 libldns3 libunbound8 libcap-ng0
	libaudit1 libpam0g libselinux1 libsystemd0 dns-root-data
	iproute2 iputils-ping gcc libc6-dev util-linux procps nftables openssl
)
missing=()
for p in "${APT_PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "apt-get install ${missing[*]}"
	apt-get update -qq
	echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x /opt/libreswan/usr/libexec/ipsec/pluto ]; then
	tmp=$(mktemp -d)
	log "unpacking libreswan into /opt/libreswan"
	(cd "$tmp" && apt-get download libreswan >/dev/null 2>&1) ||
		{ apt-get update -qq && (cd "$tmp" && apt-get download libreswan >/dev/null); }
	rm -rf /opt/libreswan && mkdir -p /opt/libreswan
	dpkg-deb -x "$tmp"/libreswan_*.deb /opt/libreswan
	rm -rf "$tmp"
fi
if [ ! -e /usr/libexec/ipsec ] || [ -L /usr/libexec/ipsec ]; then
	ln -sfn /opt/libreswan/usr/libexec/ipsec /usr/libexec/ipsec
fi
if ldd /opt/libreswan/usr/libexec/ipsec/pluto | grep -q "not found"; then
	ldd /opt/libreswan/usr/libexec/ipsec/pluto | grep "not found" >&2
	die "Libreswan's pluto has unresolved libraries"
fi
build_shim
log "peers: $(/usr/libexec/ipsec/pluto --version 2>&1 | head -1 | cut -c1-40); strongSwan $(dpkg-query -W -f='${Version}' strongswan-charon)"
