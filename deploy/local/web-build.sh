#!/usr/bin/env bash
# Builds the web app (src/DistrictSferum.Web) into its dist/ when its sources or protos/ changed since the last build:
# TypeScript generated from protos/ (protoc-gen-es through buf), bundled by Vite, precompressed. npm comes from
# Debian when missing; packages from the npm registry, exactly as package-lock.json pins them.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
web="$repo/src/DistrictSferum.Web"

if ! command -v npm >/dev/null 2>&1; then
  echo "web: installing Node.js and npm" >&2
  apt-get update >&2 && apt-get install -y nodejs npm >&2
fi

stamp="$web/dist/.built-from"
state="$(cd "$repo" && find protos src/DistrictSferum.Web -path '*/node_modules' -prune -o -path '*/dist' -prune -o -path '*/src/gen' -prune -o -type f -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$state" ]]; then
  exit 0
fi

cd "$web"
echo "web: building the web app" >&2
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund >&2
fi
npm run build >&2
echo "$state" > "$stamp"
