#!/usr/bin/env bash
# End-to-end tests: a production build served by adapter-node, driven in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
npx vite build
npx playwright test "$@"
