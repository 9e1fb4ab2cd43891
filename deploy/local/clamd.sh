#!/usr/bin/env bash
# A private ClamAV daemon (clamd) for DistrictSferum's tests and local runs, kept in a folder of its own, with a
# signature database written here that detects the EICAR test file (no signature download, no network).
#
#   deploy/local/clamd.sh start DIR [PORT]   install Debian's clamav-daemon if missing, start clamd; print its address
#   deploy/local/clamd.sh stop  DIR          stop it
#
# `start` prints exactly one line on stdout, the address for Files:ClamdAddress (tcp://127.0.0.1:PORT), and the rest
# on stderr. It listens on 127.0.0.1 only. Debian's own clamd service (if any) is left alone.
set -euo pipefail

readonly DEFAULT_PORT=3399
readonly READY_TIMEOUT=60
# The EICAR anti-virus test file (68 bytes), as hex: every scanner detects it; it does nothing.
readonly EICAR_HEX=58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e444152442d414e544956495255532d544553542d46494c452124482b482a

log() { printf 'clamd.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

clamd_bin() { command -v clamd || { [[ -x /usr/sbin/clamd ]] && echo /usr/sbin/clamd; } || true; }

ensure_binaries() {
  [[ -n "$(clamd_bin)" ]] && return
  [[ "$(id -u)" -eq 0 ]] || die "clamd is not installed; install Debian's 'clamav-daemon' package (as root)"
  log "clamd not found; installing Debian's clamav-daemon package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y clamav-daemon >&2 || { apt-get update >&2 && apt-get install -y clamav-daemon >&2; }
  [[ -n "$(clamd_bin)" ]] || die "clamav-daemon installed but no clamd found"
}

ping_clamd() { # port
  exec 3<>"/dev/tcp/127.0.0.1/$1" 2>/dev/null || return 1
  printf 'zPING\0' >&3
  local reply
  reply="$(timeout 5 head -c 5 <&3 || true)"
  exec 3>&-
  [[ "$reply" == "PONG"* ]]
}

start() {
  local dir="$1" port="${2:-$DEFAULT_PORT}"
  ensure_binaries
  mkdir -p "$dir/db"
  dir="$(cd "$dir" && pwd)"
  # A signature of our own (extended format: name, any file type, any offset, hex body), so no download is needed.
  printf 'Sferum.Test.EICAR:0:*:%s\n' "$EICAR_HEX" > "$dir/db/sferum-test.ndb"
  cat > "$dir/clamd.conf" <<CONF
LogFile $dir/clamd.log
DatabaseDirectory $dir/db
TCPSocket $port
TCPAddr 127.0.0.1
Foreground true
StreamMaxLength 64M
MaxFileSize 64M
MaxScanSize 256M
MaxThreads 8
User root
CONF
  if [[ -f "$dir/clamd.pid" ]] && kill -0 "$(<"$dir/clamd.pid")" 2>/dev/null && ping_clamd "$port"; then
    log "already running on 127.0.0.1:$port"
  else
    log "starting clamd on 127.0.0.1:$port (log: $dir/clamd.log)"
    # In the foreground, put in the background here: when clamd daemonizes itself, its child tells the waiting parent
    # it is ready with a signal, and on a busy machine the start failed now and then with status 130 (SIGINT).
    "$(clamd_bin)" --config-file="$dir/clamd.conf" </dev/null >>"$dir/clamd.out" 2>&1 &
    echo $! > "$dir/clamd.pid" # clamd in the foreground is this job: its pid is ours to write
    local waited=0
    until ping_clamd "$port"; do
      kill -0 "$(<"$dir/clamd.pid")" 2>/dev/null || die "clamd exited (see $dir/clamd.log and $dir/clamd.out)"
      ((waited++ < READY_TIMEOUT)) || die "clamd did not answer PING within ${READY_TIMEOUT}s (see $dir/clamd.log)"
      sleep 1
    done
  fi
  printf 'tcp://127.0.0.1:%s\n' "$port"
}

stop() {
  local dir="$1"
  [[ -f "$dir/clamd.pid" ]] || return 0
  local pid
  pid="$(<"$dir/clamd.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$dir/clamd.pid"
}

case "${1:-}" in
  start) [[ $# -ge 2 ]] || die "usage: clamd.sh start DIR [PORT]"; start "$2" "${3:-}" ;;
  stop) [[ $# -ge 2 ]] || die "usage: clamd.sh stop DIR"; stop "$2" ;;
  *) die "usage: clamd.sh start DIR [PORT] | stop DIR" ;;
esac
