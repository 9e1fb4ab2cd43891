#!/usr/bin/env bash
# The DESIGN §9 benchmark in one command: a private PostgreSQL (fsync on) in a temp folder on its own port, a
# Release build, the server as a separate process on loopback (started, restarted and stopped by the load
# generator), the load generator and baselines, a markdown report on stdout; then everything is stopped.
#
#   deploy/local/bench.sh                  the default run (~7-9 minutes on 2 cores)
#   deploy/local/bench.sh --quick          a smaller district and shorter runs (~2-3 minutes): a smoke run
#   deploy/local/bench.sh --report FILE    also write the report to FILE
#   deploy/local/bench.sh --statistics --quick --schools 10 --classes 20
#                                          only issue 11's figures: sends with statistics on vs off, minute end to
#                                          WatchUsage delivery, QueryUsage of a year of hourly buckets (90 seeded schools);
#                                          --statistics-phase sends|watch|query (repeatable) runs only those figures
#   deploy/local/bench.sh --files --quick --schools 1 --classes 4
#                                          only issue 12's figures: 10 MB uploads/downloads 8 at once vs raw COPY/SELECT,
#                                          server memory during 50 uploads of 25 MB at once, votes on one 60-member poll
#   deploy/local/bench.sh --sessions --quick --schools 1 --classes 2
#                                          only issue 8's figure: GetChat with the per-call session check on vs off
#   deploy/local/bench.sh --september [--quick]
#                                          only issue 15's September 1st: a school of 6,700 members (quick: 1,340) all
#                                          join through links at once; joins/s, state bytes per join, ListMembers pages
#   deploy/local/bench.sh --capacity [--duration 15]
#                                          only issue 15's capacity search on the ejabberd-comparison workload (100 chats x
#                                          25 online): from 200 msg/s, double, bisect; p99 < 50 ms, 0 errors, 0 missing; twice
#   deploy/local/bench.sh --cost [--quick]
#                                          only issue 15's cost table: durable sends, CPU and memory at 10 to 10,000 active
#                                          chats (quick: 1,000), and at about 1k, 5k, 20k open streams (quick: 1k, 5k)
#   deploy/local/bench.sh [options] -- --Orleans:Streams:PollPeriod=00:00:00.001   extra server settings
#
# Options of the load generator: see tests/DistrictSferum.Benchmarks/BenchOptions.cs (--classes, --rate, ...).
# Progress goes to stderr; the report to stdout. SFERUM_BENCH_PG_PORT picks the PostgreSQL port (default 55498).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
"$repo/deploy/local/ensure-dotnet.sh" >&2

work="$(mktemp -d /tmp/sferum-bench.XXXXXX)"
chmod 755 "$work"
keep="${SFERUM_BENCH_KEEP:-}"

cleanup() {
  local status=$?
  # The load generator stops what it started; this is the safety net for a crash or Ctrl+C.
  for f in "$work/echo.pid" "$work/server.pid"; do
    if [[ -s "$f" ]]; then
      kill -TERM "$(cat "$f")" 2>/dev/null || true
    fi
  done
  sleep 0.5
  for f in "$work/echo.pid" "$work/server.pid"; do
    if [[ -s "$f" ]]; then
      kill -KILL "$(cat "$f")" 2>/dev/null || true
    fi
  done
  "$repo/deploy/local/postgres.sh" stop "$work" >/dev/null 2>&1 || true
  if [[ -n "$keep" || $status -ne 0 ]]; then
    echo "bench.sh: scratch folder kept: $work (server log: $work/server.log)" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

port="${SFERUM_BENCH_PG_PORT:-55498}"
connection="$("$repo/deploy/local/postgres.sh" start "$work" "$port")"
echo "bench.sh: PostgreSQL at $connection (data in $work)" >&2

echo "bench.sh: building (Release)..." >&2
dotnet build "$repo/src/DistrictSferum.Server/DistrictSferum.Server.csproj" -c Release -nologo -v quiet >&2
dotnet build "$repo/tests/DistrictSferum.Benchmarks/DistrictSferum.Benchmarks.csproj" -c Release -nologo -v quiet >&2

dotnet "$repo/tests/DistrictSferum.Benchmarks/bin/Release/net10.0/DistrictSferum.Benchmarks.dll" \
  --server-dll "$repo/src/DistrictSferum.Server/bin/Release/net10.0/DistrictSferum.Server.dll" \
  --connection "$connection" \
  --work "$work" \
  "$@"
