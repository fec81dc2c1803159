#!/usr/bin/env bash
# npm test: type checking, unit, integration (PGlite) and end-to-end tests, in that order.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Vérification des types (svelte-check)"
npm run --silent check
echo "== Tests unitaires"
npx vitest run --project 'unit*'
echo "== Tests d'intégration (PGlite)"
npx vitest run --project integration
echo "== Tests de bout en bout (Chromium)"
bash scripts/e2e.sh
