#!/usr/bin/env bash
# Runs one DistrictSferum server on a private PostgreSQL kept in $SFERUM_DATA (default .data/ in the clone);
# run it again later and every school, account and message is still there.
#
#   deploy/local/run.sh                 gRPC on 127.0.0.1:5080, health on :5081, the web app on http://127.0.0.1:5082/
#   SFERUM_OPERATOR=+79991234567 deploy/local/run.sh   bootstrap another district operator
#   SFERUM_GRPC_PORT=6080 SFERUM_HEALTH_PORT=6081 SFERUM_SILO_PORT=12111 SFERUM_PG_PORT=56432 deploy/local/run.sh
#                                       other ports (a second server beside the first needs all four and its own SFERUM_DATA)
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
data="${SFERUM_DATA:-$repo/.data}"
operator="${SFERUM_OPERATOR:-+70000000000}"
grpc_port="${SFERUM_GRPC_PORT:-5080}"
health_port="${SFERUM_HEALTH_PORT:-5081}"
silo_port="${SFERUM_SILO_PORT:-11111}"
web_port="${SFERUM_WEB_PORT:-5082}"
mkdir -p "$data"
data="$(cd "$data" && pwd)"

"$repo/deploy/local/ensure-dotnet.sh"
connection="$("$repo/deploy/local/postgres.sh" start "$data" "${SFERUM_PG_PORT:-55432}")"

# One signing key per data folder, so tokens outlive restarts; and the audit chain's own key, so chains keep verifying.
key_file="$data/jwt-signing-key"
audit_key_file="$data/audit-chain-key"
for file in "$key_file" "$audit_key_file"; do
  if [[ ! -s "$file" ]]; then
    (umask 077; head -c 48 /dev/urandom | base64 -w0 > "$file")
  fi
done

"$repo/deploy/local/web-build.sh"
echo "building the server..." >&2
dotnet build "$repo/src/DistrictSferum.Server" -c Release -v quiet -nologo >&2

cat >&2 <<MSG

  DistrictSferum is starting.
    gRPC:        http://127.0.0.1:$grpc_port   (health: http://127.0.0.1:$health_port/readyz)
    Web app:     http://127.0.0.1:$web_port/   (open it in a browser; gRPC-Web for other browser clients on the same port)
    PostgreSQL:  $connection   (data in $data)
    Operator:    $operator
  Sign in as the district operator (the one-time code is written to $data/sign-in-codes.log):
    deploy/local/sferumctl login --server http://127.0.0.1:$grpc_port --contact '$operator' --name 'District operator'
  Stop with Ctrl+C; the database keeps running (deploy/local/postgres.sh stop $data).

MSG

# Secrets go through the environment (readable only by this user), never on a command line (visible in ps).
Jwt__SigningKey="$(cat "$key_file")"
Audit__ChainKey="$(cat "$audit_key_file")"
ConnectionStrings__Sferum="$connection"
export Jwt__SigningKey Audit__ChainKey ConnectionStrings__Sferum
exec dotnet "$repo/src/DistrictSferum.Server/bin/Release/net10.0/DistrictSferum.Server.dll" \
  --contentRoot "$repo/src/DistrictSferum.Server" \
  --environment Development \
  --Server:ListenAddress=127.0.0.1 \
  --Server:GrpcPort="$grpc_port" \
  --Server:HealthPort="$health_port" \
  --Orleans:SiloPort="$silo_port" \
  --Server:WebPort="$web_port" \
  --Server:WebAppRoot="$repo/src/DistrictSferum.Web/dist" \
  --Server:DataFolder="$data" \
  --Bootstrap:OperatorContact="$operator" \
  "$@"
