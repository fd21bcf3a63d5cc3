#!/usr/bin/env bash
# The browser tests drive Debian's `chromium` package (test tools cannot download browsers here).
# Installs it when missing, as root or through passwordless sudo; otherwise says so and leaves the
# browser tests to fail (under CI) or skip (elsewhere).
set -uo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then exit 0; fi
done
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "chromium: not installed and no root to install it (apt-get install chromium); browser tests cannot run" >&2
  exit 0
fi
echo "chromium: installing Debian's package for the browser tests"
$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null \
  || echo "chromium: apt-get install failed; browser tests cannot run" >&2
exit 0
