#!/usr/bin/env bash
# Backs up a running server's database under load and proves the backup restores:
#   1. a private PostgreSQL A, a server on it, a school with 8 chats and a moderation action in each (audit chain);
#   2. a client sends chat messages at a steady rate, writing down every acknowledgement with its time;
#   3. pg_dump (custom format, one consistent snapshot) of A while the load runs; the backup point is the moment
#      the dump started: everything acknowledged before it was committed before its snapshot;
#   4. the load stops, the server stops; a NEW PostgreSQL B is made, the dump restored into it (pg_restore), the
#      old cluster's membership rows removed (they describe silos of the backed-up cluster);
#   5. a server starts on B with the same keys, and the client verifies through it that every message acknowledged
#      before the backup point is in its chat's history, that the school's audit chain verifies, and that the
#      school is there.
# Prints the recovery point (backup start vs the last acknowledgement before it) and the recovery time (restore +
# server start). From a clean clone: needs the .NET SDK (installed if missing) and PostgreSQL (installed if missing).
#
#   deploy/local/backup-restore.sh            (about 1-2 minutes)
#
# SFERUM_BACKUP_PG_PORT (default 55495; B uses the next port) and SFERUM_BACKUP_BASE_PORT (default 56200) pick ports.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
"$repo/deploy/local/ensure-dotnet.sh" >&2
work="$(mktemp -d /tmp/sferum-backup.XXXXXX)"
chmod 755 "$work"
mkdir -p "$work/a" "$work/b"
chmod 755 "$work/a" "$work/b"
# shellcheck source=ops-common.sh
source "$repo/deploy/local/ops-common.sh"

cleanup() {
  local status=$?
  kill_servers
  "$repo/deploy/local/postgres.sh" stop "$work/a" >/dev/null 2>&1 || true
  "$repo/deploy/local/postgres.sh" stop "$work/b" >/dev/null 2>&1 || true
  if (( status != 0 )); then echo "backup-restore.sh: FAILED; logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

pg_port="${SFERUM_BACKUP_PG_PORT:-55495}"
base="${SFERUM_BACKUP_BASE_PORT:-56200}"
address="http://127.0.0.1:$base"
connection_a="$("$repo/deploy/local/postgres.sh" start "$work/a" "$pg_port")"
build_all
export Jwt__SigningKey Audit__ChainKey
Jwt__SigningKey="$(new_key)"
Audit__ChainKey="$(new_key)"
pg_bin="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

start_server server-a "$connection_a" "$base" "$((base + 1))" "$((base + 2))"
wait_ready "$((base + 1))"
ops_load setup --addresses "$address" --state "$work/state.json" --codes "$work/data/sign-in-codes.log" --operator "$operator" >&2
ops_load send --addresses "$address" --state "$work/state.json" --acks "$work/acks" --rate 200 --seconds 600 \
  --stop-file "$work/stop" >"$work/load.out" &
load=$!
# Back up only once acknowledgements are flowing, so the check below has something to prove.
deadline=$((SECONDS + 180))
until [[ -s "$work/acks" && "$(wc -l <"$work/acks")" -ge 100 ]]; do
  (( SECONDS < deadline )) || { echo "backup-restore.sh: no acknowledgements under load" >&2; exit 1; }
  sleep 0.5
done

echo "backup-restore.sh: pg_dump under load..." >&2
backup_point="$(date +%s%3N)"
"$pg_bin/pg_dump" -h 127.0.0.1 -p "$pg_port" -U postgres -d sferum -Fc -f "$work/sferum.dump"
# Roles live in the cluster, not in the database's dump (the BI group sferum_readonly among them): kept beside it.
"$pg_bin/pg_dumpall" -h 127.0.0.1 -p "$pg_port" -U postgres --roles-only -f "$work/roles.sql"
backup_done="$(date +%s%3N)"
sleep 2
touch "$work/stop"
wait "$load"
stop_server server-a
"$repo/deploy/local/postgres.sh" stop "$work/a" >/dev/null 2>&1

echo "backup-restore.sh: restoring into a new PostgreSQL..." >&2
restore_start="$(date +%s%3N)"
connection_b="$("$repo/deploy/local/postgres.sh" start "$work/b" "$((pg_port + 1))")"
grep -v -E '^(CREATE|ALTER) ROLE postgres( |;)' "$work/roles.sql" \
  | "$pg_bin/psql" -h 127.0.0.1 -p "$((pg_port + 1))" -U postgres -d postgres -q -v ON_ERROR_STOP=1 >/dev/null
"$pg_bin/pg_restore" -h 127.0.0.1 -p "$((pg_port + 1))" -U postgres -d sferum --no-owner --exit-on-error "$work/sferum.dump"
# The backed-up cluster's silos are gone; a restored cluster starts its membership afresh.
"$pg_bin/psql" -h 127.0.0.1 -p "$((pg_port + 1))" -U postgres -d sferum -q -v ON_ERROR_STOP=1 \
  -c "DELETE FROM orleans_membership; UPDATE orleans_membership_version SET version = version + 1, lastchange = now();"
start_server server-b "$connection_b" "$((base + 3))" "$((base + 4))" "$((base + 5))"
wait_ready "$((base + 4))"
restore_done="$(date +%s%3N)"

acked_before="$(awk -v p="$backup_point" '$4 < p' "$work/acks" | wc -l)"
acked_after="$(awk -v p="$backup_point" '$4 >= p' "$work/acks" | wc -l)"
last_before="$(awk -v p="$backup_point" '$4 < p { if ($4 > m) m = $4 } END { printf "%.0f\n", m }' "$work/acks")"
(( acked_before > 0 )) || { echo "backup-restore.sh: nothing was acknowledged before the backup" >&2; exit 1; }
verify="$(ops_load verify --addresses "http://127.0.0.1:$((base + 3))" --state "$work/state.json" --acks "$work/acks" --before-unix-ms "$backup_point")"
stop_server server-b

echo
echo "Backup and restore under load ($(date -u +%F), $(du -h "$work/sferum.dump" | cut -f1) dump)"
echo "  load:             $(sed 's/^ops-load: //' "$work/load.out")"
echo "  backup:           pg_dump -Fc took $((backup_done - backup_point)) ms; $acked_before messages acknowledged before it started, $acked_after after"
echo "  recovery point:   the dump's start; the last acknowledgement before it came $((backup_point - last_before)) ms earlier"
echo "  recovery time:    $((restore_done - restore_start)) ms from an empty PostgreSQL to a ready server (initdb, pg_restore, start)"
echo "  restored server:  ${verify#ops-load: }"
