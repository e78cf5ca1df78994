#!/bin/sh
# Browser tests need Debian's chromium (Playwright drives it; no browser download).
# Install it when we can (root with apt-get); otherwise the browser tests skip and say why.
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "Could not install chromium: browser tests will be skipped."
else
  echo "chromium is not installed and cannot be installed here (needs root and apt-get): browser tests will be skipped."
fi
exit 0
