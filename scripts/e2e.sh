#!/usr/bin/env bash
# End-to-end tests: a production build served by adapter-node, driven in Debian's Chromium. Each
# Playwright worker has its own server; when a PostgreSQL can be started (scripts/postgres.sh), the
# journeys run through two servers on one database behind a round-robin proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
if [ -z "${E2E_DATABASE_URL:-}" ] && [ "${E2E_POSTGRES:-1}" = "1" ]; then
	if url="$(bash scripts/postgres.sh)"; then export E2E_DATABASE_URL="$url"; else echo "[agenda-sas] pas de PostgreSQL : les parcours passent par un seul serveur" >&2; fi
fi
npx vite build
npx playwright test "$@"
