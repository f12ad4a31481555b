#!/usr/bin/env bash
# GNU gettext (msgfmt) from Debian for `manage.py compilemessages` (the project's zh_Hans catalogue).
set -euo pipefail
if ! command -v msgfmt >/dev/null 2>&1; then
  echo "Installing gettext from Debian packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq gettext >/dev/null
fi
