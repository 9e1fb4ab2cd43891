#!/usr/bin/env bash
# The wire contract's checks: `buf lint` (STANDARD, buf.yaml) and `buf breaking` against the previous commit of
# this branch and against API 1.0 (the commit that introduced buf.yaml), so no later commit breaks what clients
# built on. buf comes from npm, pinned; run from a clean machine it installs Node.js if it is missing.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

BUF_VERSION=1.75.0
if ! command -v npx >/dev/null 2>&1; then
  echo "protos: installing Node.js and npm for buf" >&2
  apt-get update >&2 && apt-get install -y nodejs npm >&2
fi
buf() { npx --yes "@bufbuild/buf@$BUF_VERSION" "$@"; }

buf lint
echo "protos: buf lint passed"

# Compare against a commit's protos, extracted to a temporary directory (works in worktrees and shallow clones).
against() {
  local ref="$1" what="$2" dir
  if ! git rev-parse --verify --quiet "$ref^{commit}" >/dev/null; then
    echo "protos: no $what ($ref) in this clone; buf breaking against it skipped"
    return 0
  fi
  if ! git cat-file -e "$ref:buf.yaml" 2>/dev/null; then
    echo "protos: $what ($ref) predates API 1.0 (no buf.yaml); buf breaking against it skipped"
    return 0
  fi
  dir="$(mktemp -d)"
  git archive "$ref" buf.yaml protos | tar -x -C "$dir"
  buf breaking --against "$dir"
  rm -rf "$dir"
  echo "protos: no breaking change against $what ($(git rev-parse --short "$ref"))"
}

against HEAD~1 "the previous commit"
api10="$(git log --diff-filter=A --format=%H -- buf.yaml 2>/dev/null | tail -1 || true)"
if [ -n "$api10" ]; then against "$api10" "API 1.0"; fi
