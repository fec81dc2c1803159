#!/usr/bin/env bash
# npm run fuzz: the API fuzz suite against the production build (built when missing).
# FUZZ_RUNS widens it, FUZZ_SEED replays a run, DATABASE_URL runs it on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/index.js ]; then npx vite build; fi
npx tsx tests/fuzz/run.ts
