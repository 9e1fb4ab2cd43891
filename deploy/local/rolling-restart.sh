#!/usr/bin/env bash
# A rolling restart of a 3-silo cluster under load, measured: every silo in turn gets SIGTERM (as Kubernetes sends
# it), exits, and a new one starts in its place on the same ports and joins; all the while a client sends chat
# messages at a steady rate, round-robin over the three servers like a Kubernetes Service, retrying a send the
# server could not finish with the same client key (the documented retry). Afterwards every acknowledged message
# must be in the history. Prints: each silo's stop time and exit code, sends, failures, retries, ack p50/p99 during
# the roll against a steady run before it, and the verification.
#
#   deploy/local/rolling-restart.sh              (about 2-3 minutes)
#   SFERUM_ROLL_RATE=400 deploy/local/rolling-restart.sh
#
# SFERUM_ROLL_PG_PORT (default 55497) and SFERUM_ROLL_BASE_PORT (default 56100; uses 9 ports from there) pick ports.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
"$repo/deploy/local/ensure-dotnet.sh" >&2
work="$(mktemp -d /tmp/sferum-roll.XXXXXX)"
chmod 755 "$work"
# shellcheck source=ops-common.sh
source "$repo/deploy/local/ops-common.sh"

cleanup() {
  local status=$?
  kill_servers
  "$repo/deploy/local/postgres.sh" stop "$work" >/dev/null 2>&1 || true
  if (( status != 0 )); then echo "rolling-restart.sh: failed; logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

rate="${SFERUM_ROLL_RATE:-200}"
base="${SFERUM_ROLL_BASE_PORT:-56100}"
connection="$("$repo/deploy/local/postgres.sh" start "$work" "${SFERUM_ROLL_PG_PORT:-55497}")"
build_all
export Jwt__SigningKey Audit__ChainKey
Jwt__SigningKey="$(new_key)"
Audit__ChainKey="$(new_key)"

grpc() { echo $((base + $1 * 3)); }
health() { echo $((base + $1 * 3 + 1)); }
silo() { echo $((base + $1 * 3 + 2)); }
addresses="http://127.0.0.1:$(grpc 0),http://127.0.0.1:$(grpc 1),http://127.0.0.1:$(grpc 2)"

for i in 0 1 2; do start_server "silo$i" "$connection" "$(grpc $i)" "$(health $i)" "$(silo $i)"; done
for i in 0 1 2; do wait_ready "$(health $i)"; done
echo "rolling-restart.sh: 3 silos ready; setting up a school and 8 chats" >&2
ops_load setup --addresses "$addresses" --state "$work/state.json" --codes "$work/data/sign-in-codes.log" --operator "$operator" >&2

steady="$(ops_load send --addresses "$addresses" --state "$work/state.json" --acks "$work/acks" --rate "$rate" --seconds 20)"

echo "rolling-restart.sh: rolling the silos under $rate msg/s" >&2
ops_load send --addresses "$addresses" --state "$work/state.json" --acks "$work/acks" --rate "$rate" --seconds 600 \
  --stop-file "$work/stop" >"$work/roll.out" &
load=$!
sleep 5
stops=()
for i in 0 1 2; do
  stop_server "silo$i"
  stops+=("silo $i: SIGTERM to exit ${STOP_MS} ms, exit code $STOP_CODE")
  start_server "silo$i" "$connection" "$(grpc $i)" "$(health $i)" "$(silo $i)"
  wait_ready "$(health $i)"
  sleep 5
done
touch "$work/stop"
load_status=0
wait "$load" || load_status=$?
verify="$(ops_load verify --addresses "$addresses" --state "$work/state.json" --acks "$work/acks")"

echo
echo "Rolling restart of 3 silos under $rate msg/s ($(nproc) cores, $(date -u +%F))"
printf '  %s\n' "${stops[@]}"
echo "  steady, before the roll: ${steady#ops-load: }"
echo "  during the roll:         $(sed 's/^ops-load: //' "$work/roll.out")"
echo "  after:                   ${verify#ops-load: }"
for i in 0 1 2; do
  if grep -qi "non-graceful\|Unhandled exception" "$work/silo$i.log"; then echo "  silo $i log: non-graceful stop or crash (see $work/silo$i.log)"; load_status=1; fi
done
exit "$load_status"
