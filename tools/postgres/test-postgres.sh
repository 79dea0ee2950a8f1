#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on loopback for the sm-dp storage tests and prints
# the URL to export as RSP_TEST_POSTGRES_URL. Needs Debian's postgresql package
# (apt-get install -y postgresql); run as root (the cluster runs as user postgres).
#
#   url=$(tools/postgres/test-postgres.sh start)
#   RSP_TEST_POSTGRES_URL=$url cargo test -p sm-dp
#   tools/postgres/test-postgres.sh stop
set -euo pipefail
dir=${RSP_TEST_POSTGRES_DIR:-/tmp/rsp-lab-pg}
port=${RSP_TEST_POSTGRES_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
case "${1:-start}" in
  start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      mkdir -p "$dir" && { [ "$(id -u)" = 0 ] && chown postgres "$dir" || true; }
      as_pg "$bin/initdb -D $dir/data -A trust -U postgres" >"$dir.initdb.log" 2>&1
    fi
    as_pg "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_wal_size=128MB -c min_wal_size=32MB' -l $dir/log -w start" >&2
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$bin/pg_ctl -D $dir/data -m fast stop" >&2
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
