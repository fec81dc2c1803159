#!/usr/bin/env bash
# npm run bench: the suites on PGlite, and on PostgreSQL when it is installed here (started as in
# scripts/test-postgres.sh, in a database of its own that is dropped afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BENCH_DATABASE_URL:-}" ] && command -v pg_lsclusters >/dev/null 2>&1; then
	if [ "$(id -u)" -eq 0 ]; then as_postgres() { su postgres -c "$1"; }; as_root() { "$@"; }; else as_postgres() { sudo -u postgres bash -c "$1"; }; as_root() { sudo "$@"; }; fi
	read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n 1)
	if [ "$STATUS" != "online" ]; then as_root pg_ctlcluster "$VERSION" "$CLUSTER" start; fi
	as_postgres "psql -p $PORT -qc \"do \\\$\\\$ begin if not exists (select from pg_roles where rolname = 'agenda_sas_test') then create role agenda_sas_test login createdb password 'agenda_sas_test'; end if; end \\\$\\\$\"" >/dev/null
	as_postgres "psql -p $PORT -qc 'drop database if exists agenda_sas_bench' -c 'create database agenda_sas_bench owner agenda_sas_test'" >/dev/null
	export BENCH_DATABASE_URL="postgres://agenda_sas_test:agenda_sas_test@127.0.0.1:${PORT}/agenda_sas_bench"
fi
# The browser and load suites measure the production build in Debian's Chromium. Their logs go to
# stderr, so that `npm run bench -- --json` prints nothing but the measurements.
suites=("$@")
wants_build=true
for arg in "${suites[@]}"; do case "$arg" in --*) ;; browser|load|fhir|regulation) wants_build=true; break ;; *) wants_build=false ;; esac; done
if [ "$wants_build" = true ] && [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
	bash scripts/ensure-chromium.sh >&2
	npx vite build >&2
fi
npx tsx bench/run.ts "$@"
