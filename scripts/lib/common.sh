# Shared by start.sh, test.sh and stop.sh: progress output, system packages, node modules and the database.
# Sourced, not run. Expects ROOT to be the checkout's top folder.

GW_T0=${GW_T0:-$(date +%s)}
log() { printf '[%4ss] %s\n' "$(( $(date +%s) - GW_T0 ))" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
is_root() { [ "$(id -u)" = 0 ]; }

# Debian packages the product needs; installed with apt-get when we are root, otherwise named for the user.
# Usage: ensure_apt_packages "check-command-or-file" package [package...]
ensure_apt_packages() {
  local check=$1; shift
  if [ -e "$check" ] || command -v "$check" >/dev/null 2>&1; then return 0; fi
  if is_root && command -v apt-get >/dev/null 2>&1; then
    log "installing $* with apt-get (missing: $check)"
    if [ -z "${GW_APT_UPDATED:-}" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
      GW_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
      || die "apt-get install $* failed"
  else
    die "$check is missing. Install it with: sudo apt-get install -y $*"
  fi
}

ensure_postgis() {
  ensure_apt_packages "$PG_BIN/initdb" postgresql-15
  ensure_apt_packages /usr/share/postgresql/15/extension/postgis.control postgresql-15-postgis-3
}

ensure_node_modules() {
  # npm ci when the lockfile changed since the last install (or there is none yet).
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing node modules (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
  fi
}

# --- the managed PostgreSQL cluster -------------------------------------------------------------------------
# Data and socket live in .data/pg of this checkout: no TCP port, so two checkouts never collide.
# As root the cluster runs as the `postgres` user, who must be able to reach the folder. A checkout under a folder
# closed to others (e.g. /root) cannot be reached, so there .data/pg is a symlink to a folder in /var/lib/gridwatch.
PG_DIR_LINK="$ROOT/.data/pg"

pg_as_owner() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_dir() { # the real folder of the cluster
  if [ -L "$PG_DIR_LINK" ]; then readlink -f "$PG_DIR_LINK"; else echo "$PG_DIR_LINK"; fi
}

prepare_pg_dir() {
  mkdir -p "$ROOT/.data"
  [ -e "$PG_DIR_LINK" ] && return 0
  if is_root; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    local target=$PG_DIR_LINK
    # The socket path must also stay under the kernel's 107-byte limit for Unix sockets.
    if ! runuser -u postgres -- test -x "$ROOT/.data" 2>/dev/null || [ ${#PG_DIR_LINK} -gt 80 ]; then
      target="/var/lib/gridwatch/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)/pg"
      log "postgres cannot reach $ROOT; keeping the cluster in $target (linked from .data/pg)"
      rm -rf "$target"; mkdir -p "$target"; chmod 755 "$(dirname "$target")" /var/lib/gridwatch
      ln -s "$target" "$PG_DIR_LINK"
    fi
    mkdir -p "$target"; chown postgres:postgres "$target"; chmod 700 "$target"
  else
    mkdir -p "$PG_DIR_LINK"; chmod 700 "$PG_DIR_LINK"
  fi
}

start_managed_pg() {
  prepare_pg_dir
  local dir; dir=$(pg_dir)
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating the PostgreSQL cluster in .data/pg"
    pg_as_owner "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb failed"
    cat >> "$dir/postgresql.conf" <<CONF
# gridwatch: Unix socket in the data folder only, no TCP
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = on
# PostGIS functions carry huge cost estimates that make JIT compile for hundreds of ms on tiny queries
jit = off
shared_buffers = 256MB
work_mem = 32MB
maintenance_work_mem = 256MB
max_connections = 100
CONF
  fi
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    log "PostgreSQL already running (.data/pg)"
  else
    log "starting PostgreSQL (.data/pg)"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null \
      || { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  fi
  export PGHOST="$dir" PGUSER=postgres
  export DATABASE_URL="postgresql://postgres@localhost/${GW_DB_NAME:-gridwatch}?host=$dir"
}

stop_managed_pg() {
  [ -e "$PG_DIR_LINK" ] || { log "no managed cluster in .data/pg"; return 0; }
  local dir; dir=$(pg_dir)
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
  else
    log "PostgreSQL was not running"
  fi
}

# Uses DATABASE_URL when given, else the managed cluster; makes sure the database exists.
ensure_database() {
  if [ -n "${DATABASE_URL:-}" ]; then
    log "using DATABASE_URL"
    return 0
  fi
  ensure_postgis
  start_managed_pg
  local name=${GW_DB_NAME:-gridwatch}
  if ! psql -d postgres -Atqc "select 1 from pg_database where datname = '$name'" | grep -q 1; then
    log "creating database $name"
    psql -d postgres -qc "create database \"$name\"" >/dev/null || die "could not create database $name"
  fi
}
