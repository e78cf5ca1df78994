#!/bin/sh
# The browser tests check accessibility with axe-core (npm), injected into the pages by Playwright.
# Installed into build/node/ (ignored by git) with npm; no browser is downloaded. Without npm the
# accessibility tests skip and say why (under CI=true they fail instead).
AXE_VERSION=4.14.1
cd "$(dirname "$0")/.." || exit 0
if [ -f build/node/node_modules/axe-core/axe.min.js ]; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed: the accessibility (axe-core) browser tests will be skipped."
  exit 0
fi
echo "Installing axe-core $AXE_VERSION into build/node for the accessibility tests..."
mkdir -p build/node
npm install --prefix build/node --no-audit --no-fund --no-save --silent "axe-core@$AXE_VERSION" \
  || echo "Could not install axe-core: the accessibility browser tests will be skipped."
exit 0
