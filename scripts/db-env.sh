#!/usr/bin/env bash
# Provisions the database (managed cluster unless DATABASE_URL is set) and prints the environment to use it:
#   eval "$(./scripts/db-env.sh)"   then psql, npm run migrate, npm run seed ... reach the same database.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh
ensure_database >&2
echo "export DATABASE_URL='$DATABASE_URL'"
[ -n "${PGHOST:-}" ] && echo "export PGHOST='$PGHOST' PGUSER=postgres PGDATABASE='${GW_DB_NAME:-gridwatch}'"
