#!/usr/bin/env bash
# Installs the system packages that code-server's setup, `npm start` and the e2e tests need, only when missing:
#   chromium (the browser the e2e tests drive), libkrb5-dev (headers for code-server's kerberos module), ripgrep.
# Only those, with --no-install-recommends (recommends pull in ~100 packages: systemd, avahi, …).
# As root it runs apt-get; otherwise it prints the command to run and exits 2.
set -euo pipefail
packages=(chromium libkrb5-dev ripgrep)
missing=()
for p in "${packages[@]}"; do
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  else
    case "$p" in
      chromium) command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || missing+=("$p") ;;
      ripgrep) command -v rg >/dev/null 2>&1 || missing+=("$p") ;;
      *) missing+=("$p") ;;
    esac
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "tensor-parity: please install ${missing[*]} with your system's package manager (no apt-get here)." >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "tensor-parity: missing system packages; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 2
fi
echo "tensor-parity: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
