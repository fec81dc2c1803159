#!/usr/bin/env bash
# Runs the integration tests against a real PostgreSQL server: installs it from Debian when it is
# missing, starts the cluster (PostgreSQL refuses to run as root, so it runs as the postgres
# user), creates a throw-away role, and points DATABASE_URL at it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
	as_root() { "$@"; }
	as_postgres() { su postgres -c "$1"; }
else
	as_root() { sudo "$@"; }
	as_postgres() { sudo -u postgres bash -c "$1"; }
fi
if ! command -v pg_lsclusters >/dev/null 2>&1; then
	echo "[agenda-sas] PostgreSQL absent : installation depuis Debian…"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n 1)
if [ "$STATUS" != "online" ]; then as_root pg_ctlcluster "$VERSION" "$CLUSTER" start; fi
for _ in $(seq 1 30); do
	if as_postgres "psql -p $PORT -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
	sleep 1
done
as_postgres "psql -p $PORT -qc \"do \\\$\\\$ begin if not exists (select from pg_roles where rolname = 'agenda_sas_test') then create role agenda_sas_test login createdb password 'agenda_sas_test'; end if; end \\\$\\\$\""
export DATABASE_URL="postgres://agenda_sas_test:agenda_sas_test@127.0.0.1:${PORT}/postgres"
echo "== Tests d'intégration (PostgreSQL ${VERSION})"
npx vitest run --project integration
if [ ! -f build/index.js ]; then npx vite build; fi
echo "== Pannes de la base (PostgreSQL ${VERSION}) : connexions coupées, base arrêtée, base figée"
npx vitest run --project system
echo "== Fuzz de l'API (PostgreSQL ${VERSION})"
FUZZ_RUNS="${FUZZ_RUNS:-4000}" npx tsx tests/fuzz/run.ts
