#!/usr/bin/env bash
# The project needs the .NET 10 SDK; say so plainly when it is missing instead of failing deep in a build.
set -euo pipefail
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it (https://dot.net) and run again." >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
