#!/usr/bin/env bash
# A private PostgreSQL server for DistrictSferum, kept in a folder of its own.
#
#   deploy/local/postgres.sh start DATA_DIR [PORT]   start it (initialise on first use); print the connection string
#   deploy/local/postgres.sh stop  DATA_DIR          stop it (fast shutdown; the data stays)
#   deploy/local/postgres.sh status DATA_DIR         exit 0 and print the connection string if it is running
#
# `start` prints exactly one line on stdout, the Npgsql connection string
#   Host=127.0.0.1;Port=PORT;Username=postgres;Database=sferum
# and everything else on stderr, so callers can write  CS="$(deploy/local/postgres.sh start .data)".
#
# Layout: DATA_DIR/pg is the cluster (PGDATA, owned by the postgres OS user), its log is DATA_DIR/pg/postgres.log
# and its unix socket lives in DATA_DIR/pg as well. It listens on 127.0.0.1 only and trusts local connections:
# it is a developer's and CI's server, never one to expose. Debian's own cluster (5432) is left alone.
set -euo pipefail

readonly DEFAULT_PORT=55432
readonly DATABASE=sferum
readonly PG_OS_USER=postgres
readonly START_TIMEOUT=60   # seconds pg_ctl waits for the server to accept connections
readonly READY_TIMEOUT=30   # seconds we then wait for pg_isready over TCP

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: deploy/local/postgres.sh start DATA_DIR [PORT]
       deploy/local/postgres.sh stop DATA_DIR
       deploy/local/postgres.sh status DATA_DIR
EOF
  exit 2
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# initdb, pg_ctl and postgres refuse to run as root. As root we run them as the postgres OS user; as anyone else
# we run them as that user (the cluster is then owned by them).
as_pg() {
  if is_root; then
    runuser -u "$PG_OS_USER" -- "$@"
  else
    "$@"
  fi
}

newest_bin_dir() {
  local d
  d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  if [[ -n "$d" && -x "$d/pg_ctl" && -x "$d/initdb" ]]; then
    printf '%s\n' "$d"
  fi
}

ensure_binaries() {
  if [[ -n "$(newest_bin_dir)" ]]; then
    return
  fi
  is_root || die "no PostgreSQL binaries under /usr/lib/postgresql/*/bin; install the 'postgresql' package (as root)"
  log "no PostgreSQL binaries found; installing Debian's postgresql package"
  # Debian's package creates and starts its own 'main' cluster on 5432. It does not bother us (we use our own
  # port and data folder), so we leave it as Debian made it.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
  [[ -n "$(newest_bin_dir)" ]] || die "postgresql installed but no binaries found under /usr/lib/postgresql/*/bin"
}

# The binaries that match an existing cluster's major version (a cluster made by 15 must be run by 15); the
# newest installed version for a new cluster.
bin_dir_for() {
  local pgdata="$1" ver
  if [[ -f "$pgdata/PG_VERSION" ]]; then
    ver="$(<"$pgdata/PG_VERSION")"
    [[ -x "/usr/lib/postgresql/$ver/bin/pg_ctl" ]] \
      || die "$pgdata was made by PostgreSQL $ver, whose binaries are not installed (apt-get install postgresql-$ver)"
    printf '%s\n' "/usr/lib/postgresql/$ver/bin"
  else
    newest_bin_dir
  fi
}

# The postgres user must be able to reach DATA_DIR/pg, i.e. search (x) every directory above it. A DATA_DIR under
# /root (0700) or any other private directory blocks that. Rather than move the data elsewhere (it would then
# outlive `rm -rf DATA_DIR` and surprise whoever owns the folder), we grant the postgres user search permission
# only - not read, so it still cannot list anything - on each blocking ancestor: with an ACL entry for that one
# user where setfacl works, else with the world search bit (o+x), which is the usual mode of a home directory.
ensure_traversable() {
  local dir="$1" path="" part
  local -a parts
  is_root || return 0
  as_pg test -x "$dir" 2>/dev/null && return 0
  IFS='/' read -r -a parts <<<"${dir#/}"
  for part in "${parts[@]}"; do
    path="$path/$part"
    if ! as_pg test -x "$path" 2>/dev/null; then
      if command -v setfacl >/dev/null 2>&1 && setfacl -m "u:$PG_OS_USER:x" "$path" 2>/dev/null \
        && as_pg test -x "$path" 2>/dev/null; then
        log "granted the $PG_OS_USER user search-only access (ACL u:$PG_OS_USER:x) to $path"
      else
        chmod o+x "$path"
        log "granted search-only access (chmod o+x) to $path so the $PG_OS_USER user can reach the data folder"
      fi
    fi
  done
  as_pg test -x "$dir" 2>/dev/null || die "the $PG_OS_USER user cannot reach $dir; choose a DATA_DIR outside private folders"
}

# The port a running cluster listens on: line 4 of postmaster.pid.
running_port() { sed -n 4p "$1/postmaster.pid" 2>/dev/null || true; }

connection_string() { printf 'Host=127.0.0.1;Port=%s;Username=postgres;Database=%s\n' "$1" "$DATABASE"; }

is_running() {
  local bin="$1" pgdata="$2"
  [[ -f "$pgdata/PG_VERSION" ]] || return 1
  as_pg "$bin/pg_ctl" status -D "$pgdata" >/dev/null 2>&1
}

init_cluster() {
  local bin="$1" pgdata="$2"
  log "initialising a new cluster in $pgdata ($("$bin/postgres" --version))"
  # C.UTF-8 is always present on Debian and, unlike plain C, lets lower()/upper() handle Cyrillic.
  as_pg "$bin/initdb" -D "$pgdata" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=trust --no-instructions >&2

  # Trust only the local socket and 127.0.0.1; no IPv6, no other host.
  as_pg tee "$pgdata/pg_hba.conf" >/dev/null <<'EOF'
# DistrictSferum local development cluster: trust on the unix socket and 127.0.0.1 only.
# TYPE  DATABASE        USER            ADDRESS                 METHOD
local   all             all                                     trust
host    all             all             127.0.0.1/32            trust
local   replication     all                                     trust
host    replication     all             127.0.0.1/32            trust
EOF

  # Our settings go to a file of our own, included last, so postgresql.conf stays initdb's.
  printf "\n# DistrictSferum local settings (rewritten by deploy/local/postgres.sh start)\ninclude_if_exists = 'sferum.conf'\n" \
    | as_pg tee -a "$pgdata/postgresql.conf" >/dev/null
}

write_settings() {
  local pgdata="$1" port="$2" socket_dir="$1"
  # A unix socket path is limited to 107 bytes; under a deep DATA_DIR we do without the socket (everything here,
  # and the application, connects over TCP anyway).
  if (( ${#socket_dir} + ${#port} + 10 > 107 )); then
    log "warning: $socket_dir is too long for a unix socket path; the server listens on TCP only"
    socket_dir=""
  fi
  as_pg tee "$pgdata/sferum.conf" >/dev/null <<EOF
# Written by deploy/local/postgres.sh on every start; edit that script, not this file.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket_dir'
# The test suite runs several servers at once, each with two pools (test servers cap each at 16 connections,
# Database:MaxPoolSize; run.sh's server at the default 40): at 200 the uncapped suite ran out, so leave room.
max_connections = 400
shared_buffers = 128MB
# A dev/test box, but the durability the product promises is what we test and measure: keep it on.
fsync = on
synchronous_commit = on
full_page_writes = on
EOF
}

wait_ready() {
  local bin="$1" port="$2" deadline=$((SECONDS + READY_TIMEOUT))
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 2; do
    (( SECONDS < deadline )) || die "server on 127.0.0.1:$port not ready after ${READY_TIMEOUT}s"
    sleep 0.2
  done
}

ensure_database() {
  local bin="$1" port="$2" exists
  exists="$("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")"
  if [[ "$exists" != "1" ]]; then
    log "creating database $DATABASE"
    "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
      -c "CREATE DATABASE $DATABASE ENCODING 'UTF8' TEMPLATE template0" >&2
  fi
}

# Serialise start/stop on one DATA_DIR (two commands started side by side must not both run initdb).
take_lock() {
  local data_dir="$1"
  exec 9>"$data_dir/.postgres.lock"
  flock -w 120 9 || die "another postgres.sh is busy with $data_dir"
}

cmd_start() {
  local data_dir="$1" port="${2:-$DEFAULT_PORT}"
  if ! [[ "$port" =~ ^[1-9][0-9]{0,4}$ ]] || (( port > 65535 )); then
    die "invalid port: $port"
  fi
  ensure_binaries

  mkdir -p "$data_dir"
  data_dir="$(cd "$data_dir" && pwd -P)"
  cd /   # the postgres user may not be able to enter the caller's working directory
  take_lock "$data_dir"
  local pgdata="$data_dir/pg" bin
  ensure_traversable "$data_dir"
  if [[ ! -d "$pgdata" ]]; then
    mkdir -m 0700 "$pgdata"
    is_root && chown "$PG_OS_USER:" "$pgdata"
  fi
  bin="$(bin_dir_for "$pgdata")"

  if is_running "$bin" "$pgdata"; then
    local actual
    actual="$(running_port "$pgdata")"
    if [[ -n "${2:-}" && "$actual" != "$port" ]]; then
      log "warning: already running on port $actual (not $port); stop it first to change the port"
    fi
    wait_ready "$bin" "$actual"
    ensure_database "$bin" "$actual"
    connection_string "$actual"
    return
  fi

  [[ -f "$pgdata/PG_VERSION" ]] || init_cluster "$bin" "$pgdata"
  write_settings "$pgdata" "$port"

  log "starting PostgreSQL on 127.0.0.1:$port (log: $pgdata/postgres.log)"
  # 9>&-: the server must not inherit the lock's descriptor, or it would hold the lock for as long as it runs.
  if ! as_pg "$bin/pg_ctl" start -D "$pgdata" -l "$pgdata/postgres.log" -w -t "$START_TIMEOUT" >&2 9>&-; then
    log "server failed to start; last lines of $pgdata/postgres.log:"
    tail -n 20 "$pgdata/postgres.log" >&2 || true
    exit 1
  fi
  wait_ready "$bin" "$port"
  ensure_database "$bin" "$port"
  connection_string "$port"
}

cmd_stop() {
  local data_dir="$1"
  [[ -d "$data_dir" ]] || { log "$data_dir does not exist; nothing to stop"; return; }
  data_dir="$(cd "$data_dir" && pwd -P)"
  cd /
  local pgdata="$data_dir/pg" bin
  [[ -f "$pgdata/PG_VERSION" ]] || { log "no cluster in $pgdata; nothing to stop"; return; }
  take_lock "$data_dir"
  bin="$(bin_dir_for "$pgdata")"
  if ! is_running "$bin" "$pgdata"; then
    log "not running"
    return
  fi
  # Fast: roll back open transactions, disconnect clients, checkpoint. Nothing committed is lost.
  as_pg "$bin/pg_ctl" stop -D "$pgdata" -m fast -w -t "$START_TIMEOUT" >&2
}

cmd_status() {
  local data_dir="$1"
  [[ -d "$data_dir/pg" ]] || { log "no cluster in $data_dir/pg"; exit 3; }
  data_dir="$(cd "$data_dir" && pwd -P)"
  cd /
  local pgdata="$data_dir/pg" bin
  bin="$(bin_dir_for "$pgdata")"
  if is_running "$bin" "$pgdata"; then
    connection_string "$(running_port "$pgdata")"
  else
    log "not running"
    exit 3
  fi
}

main() {
  (( $# >= 2 )) || usage
  local cmd="$1"; shift
  case "$cmd" in
    start)  (( $# <= 2 )) || usage; cmd_start "$@" ;;
    stop)   (( $# == 1 )) || usage; cmd_stop "$1" ;;
    status) (( $# == 1 )) || usage; cmd_status "$1" ;;
    *) usage ;;
  esac
}

main "$@"
