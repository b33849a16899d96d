#!/bin/sh
# Creates or upgrades Temporal's two databases (history and visibility) in temporal-db, as Temporal's own compose
# files do with the admin-tools image. Idempotent: run on every `docker compose up`, it only applies what is new.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
port="${DB_PORT:-5432}"
schema_dir=/etc/temporal/schema/postgresql/v12

sql() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$port" "$@"
}

for attempt in $(seq 1 30); do
  nc -z -w 5 "$POSTGRES_SEEDS" "$port" && break
  echo "waiting for $POSTGRES_SEEDS:$port (attempt $attempt of 30)"
  sleep 2
done

for db in temporal temporal_visibility; do
  # `create` fails when the database exists (every start after the first); the schema steps below do not.
  sql --db "$db" create || echo "database $db exists"
done
sql --db temporal setup-schema -v 0.0
sql --db temporal update-schema -d "$schema_dir/temporal/versioned"
sql --db temporal_visibility setup-schema -v 0.0
sql --db temporal_visibility update-schema -d "$schema_dir/visibility/versioned"
echo 'Temporal schema is up to date'
