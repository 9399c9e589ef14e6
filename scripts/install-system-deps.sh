#!/usr/bin/env bash
# Install the Debian libraries Qt needs to open a window (and, with --test, the tools the
# tests use to check exports: LibreOffice headless, poppler, fonts, Xvfb; with --build, what
# PyInstaller needs to make the bundle).
# Does nothing when everything is already there; needs root (or sudo) only to install.
set -euo pipefail

packages=(
  libegl1 libgl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 fonts-dejavu-core
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
)
if [ "${1:-}" = "--test" ]; then
  packages+=(libreoffice-writer-nogui poppler-utils fonts-crosextra-carlito xvfb strace binutils)
fi
if [ "${1:-}" = "--build" ]; then
  packages+=(binutils)  # objdump, which PyInstaller needs on Linux (the tests build the bundle too)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian-like system: make sure Qt 6's runtime libraries are installed." >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "Please install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
