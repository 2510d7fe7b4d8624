# Sourced by .ci/run: a throwaway PostgreSQL server on loopback for the database-source tests.
# Installs the distribution's server package when it is missing, runs initdb/pg_ctl as the
# unprivileged postgres user in a temporary directory, exports CX_RULES_TEST_PG_URL and stops
# the server and removes its directory on exit. Idempotent: each run makes a fresh cluster.
cx_pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}
if [ -z "$(cx_pg_bin)" ] || [ ! -x "$(cx_pg_bin)/postgres" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
CX_PG_BIN="$(cx_pg_bin)"
CX_PG_USER=postgres
id "$CX_PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$CX_PG_USER"
CX_PG_DIR="$(mktemp -d /tmp/cx-rules-pg.XXXXXX)"
chown "$CX_PG_USER" "$CX_PG_DIR"
CX_PG_PORT="${CX_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
CX_PG_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
cx_pg_stop() {
    runuser -u "$CX_PG_USER" -- "$CX_PG_BIN/pg_ctl" -D "$CX_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$CX_PG_DIR"
}
trap cx_pg_stop EXIT
printf '%s\n' "$CX_PG_PASSWORD" > "$CX_PG_DIR/pw" && chown "$CX_PG_USER" "$CX_PG_DIR/pw"
runuser -u "$CX_PG_USER" -- "$CX_PG_BIN/initdb" -D "$CX_PG_DIR/data" -U cx --pwfile="$CX_PG_DIR/pw" \
    --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$CX_PG_DIR/pw"
runuser -u "$CX_PG_USER" -- "$CX_PG_BIN/pg_ctl" -D "$CX_PG_DIR/data" -l "$CX_PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $CX_PG_PORT -k $CX_PG_DIR" start >/dev/null
PGPASSWORD="$CX_PG_PASSWORD" psql -q -h 127.0.0.1 -p "$CX_PG_PORT" -U cx -d postgres \
    -c "CREATE DATABASE cx_rules_test" >/dev/null
export CX_RULES_TEST_PG_URL="postgresql://cx:$CX_PG_PASSWORD@127.0.0.1:$CX_PG_PORT/cx_rules_test"
