#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (/usr/bin/chromium); never a downloaded browser build.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Chromium ontbreekt: installeren uit de Debian-pakketten (apt-get install chromium)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
