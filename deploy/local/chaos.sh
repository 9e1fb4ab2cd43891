#!/usr/bin/env bash
# The fault-injection run (issue 9): three server processes on one private PostgreSQL, an open-loop load of chat
# sends with the documented retry (same client key, any server) and a member's Subscribe stream that resumes from
# its positions, and one fault at a time:
#   kill9      kill -9 of a silo (then a new one in its place)
#   rolling    SIGTERM rolling restart of every silo in turn
#   pgrestart  PostgreSQL fast restart under load
#   pgrefuse   PostgreSQL refusing new connections for 10 s (ALTER DATABASE ... ALLOW_CONNECTIONS false)
#   slowreader the stream's reader takes 50 ms per event for 20 s (far slower than the sends)
#   movement   a school movement (a teacher leaves, their chats drop them) with kill -9 of every silo right after
#              it is acknowledged, so the school grain dies mid-fan-out; the movement must complete after restart
# For each it prints one row: sends acknowledged, acknowledged and found in the log (must be all), duplicates in the
# log (must be 0), deliveries missing after resume (must be 0), time to recover (longest pause between two
# acknowledgements after the fault), and exits 1, keeping every log in its work folder, when a row breaks a must.
#
#   deploy/local/chaos.sh                    all faults (about 6-10 minutes)
#   deploy/local/chaos.sh kill9 pgrefuse     some of them
#
# SFERUM_CHAOS_PG_PORT (default 6390), SFERUM_CHAOS_BASE_PORT (default 6300; 9 ports from there), SFERUM_CHAOS_RATE
# (default 100 msg/s) choose ports and load. SFERUM_SKIP_BUILD=1 uses what is built.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
"$repo/deploy/local/ensure-dotnet.sh" >&2
work="$(mktemp -d /tmp/sferum-chaos.XXXXXX)"
chmod 755 "$work"
# shellcheck source=ops-common.sh
source "$repo/deploy/local/ops-common.sh"

cleanup() {
  local status=$?
  kill_servers
  [[ -n "${load_pid:-}" ]] && kill "$load_pid" 2>/dev/null || true
  [[ -n "${stream_pid:-}" ]] && kill "$stream_pid" 2>/dev/null || true
  "$repo/deploy/local/postgres.sh" stop "$work" >/dev/null 2>&1 || true
  if (( status != 0 )); then echo "chaos.sh: failed; logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

faults=("$@")
(( ${#faults[@]} > 0 )) || faults=(kill9 rolling pgrestart pgrefuse slowreader movement)
rate="${SFERUM_CHAOS_RATE:-100}"
base="${SFERUM_CHAOS_BASE_PORT:-6300}"
pg_port="${SFERUM_CHAOS_PG_PORT:-6390}"
connection="$("$repo/deploy/local/postgres.sh" start "$work" "$pg_port")"
database="$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$connection")"
psql_admin() { psql -q -X -v ON_ERROR_STOP=1 "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -c "$1" >/dev/null; }
build_all
export Jwt__SigningKey Audit__ChainKey
Jwt__SigningKey="$(new_key)"
Audit__ChainKey="$(new_key)"

grpc() { echo $((base + $1 * 3)); }
health() { echo $((base + $1 * 3 + 1)); }
silo() { echo $((base + $1 * 3 + 2)); }
addresses="http://127.0.0.1:$(grpc 0),http://127.0.0.1:$(grpc 1),http://127.0.0.1:$(grpc 2)"
# Dead silos are declared dead in seconds (as the multi-process tests do), not Orleans' default minute; the load's
# access tokens outlive the run (15 min by default).
membership=(--Orleans:Membership:ProbeTimeout=00:00:02 --Orleans:Membership:NumMissedProbesLimit=3
  --Orleans:Membership:NumVotesForDeathDeclaration=1 --Orleans:Membership:TableRefreshTimeout=00:00:02
  --Orleans:Membership:IAmAliveTablePublishTimeout=00:00:03 --Gateway:Streams:HeartbeatInterval=00:00:05
  --Jwt:AccessLifetime=04:00:00)
start_silo() {
  SFERUM_EXTRA_ARGS="${membership[*]}" start_server "silo$1" "$connection" "$(grpc "$1")" "$(health "$1")" "$(silo "$1")"
}
kill9_silo() {
  kill -KILL "$(cat "$work/silo$1.pid")" 2>/dev/null || true
  wait "$(cat "$work/silo$1.pid")" 2>/dev/null || true
  rm -f "$work/silo$1.pid"
}

for i in 0 1 2; do start_silo $i; done
for i in 0 1 2; do wait_ready "$(health $i)"; done
echo "chaos.sh: 3 silos ready; setting up a school and 8 chats" >&2
ops_load setup --addresses "$addresses" --state "$work/state.json" --codes "$work/data/sign-in-codes.log" --operator "$operator" >&2

rows=()
for fault in "${faults[@]}"; do
  phase="$work/$fault"
  rm -f "$phase.stop" "$phase.send.stop" "$phase.ready"
  slow=()
  [[ "$fault" == slowreader ]] && slow=(--slow-ms 50 --slow-seconds 25)
  ops_load stream --addresses "$addresses" --state "$work/state.json" --received "$phase.received" --stop-file "$phase.stop" \
    --acks "$phase.acks" --ready-file "$phase.ready" --heartbeat-seconds 5 "${slow[@]}" \
    >"$phase.stream.out" 2>"$phase.stream.err" &
  stream_pid=$!
  # The load starts once the stream follows every chat (a send before that would count as missing).
  for _ in $(seq 600); do [[ -e "$phase.ready" ]] && break; sleep 0.2; done
  note=""
  [[ -e "$phase.ready" ]] || note="the stream had not caught up with every chat after 2 min; "
  ops_load send --addresses "$addresses" --state "$work/state.json" --acks "$phase.acks" --rate "$rate" --seconds 600 \
    --stop-file "$phase.send.stop" >"$phase.send.out" 2>"$phase.send.err" &
  load_pid=$!
  sleep 5
  echo "chaos.sh: $fault under $rate msg/s" >&2
  fault_at=$(( $(date +%s%N) / 1000000 ))
  case "$fault" in
    kill9)
      kill9_silo 1
      start_silo 1; wait_ready "$(health 1)" ;;
    rolling)
      for i in 0 1 2; do
        stop_server "silo$i"; note+="silo$i exit $STOP_CODE in ${STOP_MS} ms; "
        start_silo $i; wait_ready "$(health $i)"; sleep 3
      done ;;
    pgrestart)
      "$repo/deploy/local/postgres.sh" stop "$work" >/dev/null 2>&1
      "$repo/deploy/local/postgres.sh" start "$work" "$pg_port" >/dev/null 2>&1 ;;
    pgrefuse)
      psql_admin "ALTER DATABASE \"$database\" ALLOW_CONNECTIONS false"
      sleep 10
      psql_admin "ALTER DATABASE \"$database\" ALLOW_CONNECTIONS true" ;;
    slowreader)
      sleep 25 ;;
    movement)
      result="$(ops_load movement --addresses "$addresses" --state "$work/state.json" --codes "$work/data/sign-in-codes.log" --phase start 2>>"$phase.send.err")"
      for i in 0 1 2; do kill9_silo $i; done
      for i in 0 1 2; do start_silo $i; done
      for i in 0 1 2; do wait_ready "$(health $i)"; done
      moved="$(ops_load movement --addresses "$addresses" --state "$work/state.json" --codes "$work/data/sign-in-codes.log" --phase check \
        --movement "$result" 2>>"$phase.send.err" || true)"
      note+="${moved#ops-load: }; " ;;
    *) echo "chaos.sh: unknown fault $fault" >&2; exit 2 ;;
  esac
  sleep 10
  touch "$phase.send.stop"
  wait "$load_pid" || true
  touch "$phase.stop"
  wait "$stream_pid" || true
  load_pid="" stream_pid=""
  line="$( (ops_load verify --addresses "$addresses" --state "$work/state.json" --acks "$phase.acks" --received "$phase.received" \
    --fault-at-unix-ms "$fault_at" 2>>"$phase.verify.err" || true) | grep '^chaos:' || echo "chaos: verify failed")"
  note+="$(sed -n 's/^ops-load: stream received [0-9]* events, //p' "$phase.stream.out")"
  rows+=("| $fault | ${line#chaos: } | $(sed 's/^ops-load: //' "$phase.send.out" | cut -c1-160) | ${note} |")
done

echo
echo "Fault injection, 3 silos, $rate msg/s offered ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%F))"
echo "| fault | acked / found / duplicates / missing after resume / recover | load | note |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
# What must hold after every fault: every acknowledged send in the log, none twice, none missing from the resumed
# stream. A row that breaks it fails the run, which keeps the servers' and clients' logs in the work folder.
broken=0
for row in "${rows[@]}"; do
  if [[ "$row" =~ acked\ ([0-9]+)\ found\ ([0-9]+)\ duplicates\ ([0-9]+)\ missing\ ([0-9]+) ]]; then
    (( BASH_REMATCH[1] == BASH_REMATCH[2] && BASH_REMATCH[3] == 0 && BASH_REMATCH[4] == 0 )) || broken=1
  else
    broken=1
  fi
done
if (( broken )); then
  echo "chaos.sh: a fault broke what must hold (see the table)" >&2
  exit 1
fi
