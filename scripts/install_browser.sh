#!/usr/bin/env bash
# What the browser tests (tests/e2e/) need besides the Python packages: Debian's Chromium at /usr/bin/chromium
# and axe-core from npm (node_modules/axe-core/axe.min.js). Idempotent: run again, it changes nothing.
# Playwright drives this system Chromium; it never downloads a browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    # apt-get update only when the package is not yet known to apt (a fresh image has empty lists).
    if ! apt-cache show chromium >/dev/null 2>&1; then
        $SUDO apt-get update -qq
    fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
fi
/usr/bin/chromium --version 2>/dev/null  # its wrapper script prints shell noise on stderr

if ! command -v npm >/dev/null 2>&1; then
    echo "install_browser.sh: npm is missing (apt-get install -y npm)" >&2
    exit 1
fi
if [ -f package-lock.json ]; then
    # Reinstall only when the lock file changed since the last install.
    if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    fi
else
    npm install --no-audit --no-fund --loglevel=error
fi
test -f node_modules/axe-core/axe.min.js
echo "axe-core $(node -p 'require("./node_modules/axe-core/package.json").version')"
