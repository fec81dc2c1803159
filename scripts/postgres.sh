#!/usr/bin/env bash
# Makes sure a local PostgreSQL runs and has the tests' throw-away role, then prints its URL:
# installs it from Debian when it is missing, starts the cluster (PostgreSQL refuses to run as
# root, so it runs as the postgres user). Its messages go to stderr; stdout is the URL alone.
set -euo pipefail
if [ "$(id -u)" -eq 0 ]; then
	as_root() { "$@"; }
	as_postgres() { su postgres -c "$1"; }
else
	as_root() { sudo "$@"; }
	as_postgres() { sudo -u postgres bash -c "$1"; }
fi
if ! command -v pg_lsclusters >/dev/null 2>&1; then
	echo "[agenda-sas] PostgreSQL absent : installation depuis Debian…" >&2
	as_root apt-get update -qq >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n 1)
if [ "$STATUS" != "online" ]; then as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2; fi
for _ in $(seq 1 30); do
	if as_postgres "psql -p $PORT -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
	sleep 1
done
as_postgres "psql -p $PORT -qc \"do \\\$\\\$ begin if not exists (select from pg_roles where rolname = 'agenda_sas_test') then create role agenda_sas_test login createdb password 'agenda_sas_test'; end if; end \\\$\\\$\"" >&2
echo "postgres://agenda_sas_test:agenda_sas_test@127.0.0.1:${PORT}/postgres"
