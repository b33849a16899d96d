#!/usr/bin/env bash
# Makes sure the PostgreSQL server at $PGHOST:$PGPORT can CREATE EXTENSION vector, building pgvector from Debian's source package if not.
set -euo pipefail

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
PGDATABASE="${PGDATABASE:-postgres}"
export PGHOST PGPORT PGUSER PGDATABASE

if psql -qAtX -c 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null 2>&1; then
  echo "[kefu] pgvector: available ($(psql -qAtX -c "select extversion from pg_extension where extname='vector'"))"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "[kefu] pgvector is not installed on $PGHOST:$PGPORT and building it needs root (apt-get, make install)." >&2
  echo "[kefu] Install pgvector 0.8 for your PostgreSQL (e.g. the postgresql-15-pgvector package), then run again." >&2
  exit 1
fi

PG_CONFIG="${PG_CONFIG:-$(ls -d /usr/lib/postgresql/*/bin/pg_config 2>/dev/null | sort -V | tail -1)}"
if [ -z "$PG_CONFIG" ]; then
  echo "[kefu] pgvector: no pg_config found under /usr/lib/postgresql; set PG_CONFIG." >&2
  exit 1
fi
PG_MAJOR="$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')"
echo "[kefu] pgvector: CREATE EXTENSION vector failed; building pgvector for PostgreSQL $PG_MAJOR from Debian's trixie source package (about 30 s)"

SOURCES=/etc/apt/sources.list.d/kefu-trixie-src.sources
if ! grep -rqs 'trixie' /etc/apt/sources.list.d/*.sources 2>/dev/null || ! grep -rqs 'deb-src' /etc/apt/sources.list.d/*.sources 2>/dev/null; then
  echo "[kefu] pgvector: adding a deb-src entry for trixie in $SOURCES"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$SOURCES"
fi
echo "[kefu] pgvector: apt-get update"
apt-get update -qq
echo "[kefu] pgvector: installing postgresql-server-dev-$PG_MAJOR"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-$PG_MAJOR" make gcc >/dev/null

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
echo "[kefu] pgvector: downloading the source package"
apt-get source --download-only pgvector >/dev/null 2>&1
tar xzf pgvector_*.orig.tar.gz
cd pgvector-*/
echo "[kefu] pgvector: compiling"
make -s PG_CONFIG="$PG_CONFIG" >/dev/null
make -s install PG_CONFIG="$PG_CONFIG" >/dev/null
psql -qAtX -c 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null
echo "[kefu] pgvector: installed ($(psql -qAtX -c "select extversion from pg_extension where extname='vector'"))"
