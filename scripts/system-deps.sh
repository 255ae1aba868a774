#!/usr/bin/env bash
# Debian packages the app and its tests need: WeasyPrint's libraries and a font, poppler
# and gettext (reading PDFs back, checking the translation catalogue), Chromium for the
# browser tests, and docker-compose and podman-compose for reading docker-compose.yml
# (tests/test_compose.py; without recommends, so no container engine comes along). Installs only what is missing, and only as root; else says what to install.
set -euo pipefail
# `run`: what the app needs; `test` (default): also what the test suite needs.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
[ "${1:-test}" = run ] || packages+=(poppler-utils gettext chromium docker-compose podman-compose)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "Installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
