#!/usr/bin/env bash
# What the browser tests (tests/e2e/) need besides the Python packages: Debian's Chromium at /usr/bin/chromium
# and axe-core from npm (node_modules/axe-core/axe.min.js), with Node.js and npm from Debian's packages when they
# are missing. Idempotent: run again, it changes nothing. Playwright drives this system Chromium; it never
# downloads a browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
apt_updated=0

# apt_install PACKAGE...: installs Debian packages, running apt-get update once, and only when one of them is not
# yet known to apt (a fresh image has empty package lists).
apt_install() {
    local package
    if [ "$apt_updated" = 0 ]; then
        for package in "$@"; do
            if ! apt-cache show "$package" >/dev/null 2>&1; then
                $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
                apt_updated=1
                break
            fi
        done
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium fonts-dejavu-core
fi
/usr/bin/chromium --version 2>/dev/null  # its wrapper script prints shell noise on stderr

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "install_browser.sh: Node.js or npm is missing; installing Debian's nodejs and npm"
    apt_install nodejs npm
    hash -r
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
