#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (/usr/bin/chromium); never a downloaded browser build.
# The dossier print test renders the PDF to PNG with poppler's pdftoppm (Debian's poppler-utils).
set -euo pipefail
PAKKETTEN=()
[ -x /usr/bin/chromium ] || PAKKETTEN+=(chromium fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || PAKKETTEN+=(poppler-utils)
if [ ${#PAKKETTEN[@]} -eq 0 ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Ontbreekt: ${PAKKETTEN[*]} — installeren uit de Debian-pakketten (apt-get install)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${PAKKETTEN[@]}" >/dev/null
