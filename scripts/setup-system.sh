#!/bin/sh
# Installs the Debian packages the build and the tests need, if any is missing.
# Run as root (make does this on a new machine); prints what it installs.
set -eu

PACKAGES="
  python3-venv
  fontconfig
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz-subset0
  fonts-linuxlibertine
  fonts-noto-core
  poppler-utils
  libgs-common
  unzip
  gettext
  chromium-headless-shell
  epubcheck
"

missing=""
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
if ! command -v java >/dev/null 2>&1; then
  missing="$missing default-jre-headless"
fi
if ! command -v npm >/dev/null 2>&1; then
  missing="$missing nodejs npm"
fi

if [ -z "$missing" ]; then
  exit 0
fi

echo "Installing system packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "error: these Debian packages are missing and this is not root:$missing" >&2
    echo "       run: apt-get install$missing" >&2
    exit 1
  fi
else
  SUDO=""
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
