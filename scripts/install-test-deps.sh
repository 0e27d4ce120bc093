#!/usr/bin/env bash
# Installs the system packages the test suite needs (idempotent, non-interactive).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pkgs=(tshark iproute2 strace)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The interop matrix's real peers (Libreswan 4.10, strongSwan 5.9.8) and its ESP shim.
if [ "$(id -u)" = 0 ]; then
	bash "$(dirname "$0")/../interop/install.sh"
else
	echo "install-test-deps: not root, skipping the interop peers (interop/install.sh needs root)" >&2
fi
