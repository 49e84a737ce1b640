#!/bin/sh
# Make sure Prosody (the sandbox server) is installed. As root it installs
# the Debian package; otherwise it prints the exact command and stops.
set -eu
if command -v prosody >/dev/null 2>&1 || [ -x /usr/bin/prosody ]; then
	exit 0
fi
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y prosody"
if [ "$(id -u)" -eq 0 ]; then
	echo "Installing Prosody for the local sandbox server…"
	sh -c "$cmd"
else
	echo "Parley's sandbox needs Prosody. Install it with:" >&2
	echo "  sudo sh -c '$cmd'" >&2
	exit 1
fi
