#!/usr/bin/env bash
# The integration tests on a real PostgreSQL, then the production build under database faults and
# the API fuzzer on it (scripts/postgres.sh starts the server and makes the throw-away role).
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="$(bash scripts/postgres.sh)"
export DATABASE_URL
VERSION="$(pg_lsclusters --no-header | head -n 1 | cut -d' ' -f1)"
echo "== Tests d'intégration (PostgreSQL ${VERSION})"
npx vitest run --project integration
if [ ! -f build/index.js ]; then npx vite build; fi
echo "== Pannes de la base et limites (build de production, PostgreSQL ${VERSION})"
npx vitest run --project system
echo "== Fuzz de l'API (PostgreSQL ${VERSION})"
FUZZ_RUNS="${FUZZ_RUNS:-2500}" npx tsx tests/fuzz/run.ts
