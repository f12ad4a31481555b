#!/usr/bin/env bash
# Debian's nginx and systemd-analyze for the deploy/ tests (`nginx -t`, `systemd-analyze verify`).
set -euo pipefail
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v systemd-analyze >/dev/null || missing+=(systemd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The package starts nothing here (no init in the container); make sure no default site listens.
rm -f /etc/nginx/sites-enabled/default
