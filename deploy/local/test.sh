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
dotnet build DistrictSferum.sln -c Release -nologo -v quiet
set +e
dotnet test DistrictSferum.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary per test assembly ("Passed!  - Failed: 0, Passed: 50, Skipped: 0, ...").
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$work/test.log"
exit "$status"
