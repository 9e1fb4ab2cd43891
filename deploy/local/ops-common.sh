# Shared by rolling-restart.sh and backup-restore.sh (sourced): build, start and stop servers as separate processes,
# and run the operations load client (tests/DistrictSferum.Benchmarks --ops-load).
# Expects: repo, work (a scratch folder) set by the caller.

server_dll="$repo/src/DistrictSferum.Server/bin/Release/net10.0/DistrictSferum.Server.dll"
load_dll="$repo/tests/DistrictSferum.Benchmarks/bin/Release/net10.0/DistrictSferum.Benchmarks.dll"
operator="+70000000000"

build_all() {
  # SFERUM_SKIP_BUILD=1: use what is already built (e.g. while another build of this clone must not be disturbed).
  if [[ -n "${SFERUM_SKIP_BUILD:-}" && -f "$server_dll" && -f "$load_dll" ]]; then return; fi
  echo "building (Release)..." >&2
  dotnet build "$repo/src/DistrictSferum.Server/DistrictSferum.Server.csproj" -c Release -nologo -v quiet >&2
  dotnet build "$repo/tests/DistrictSferum.Benchmarks/DistrictSferum.Benchmarks.csproj" -c Release -nologo -v quiet >&2
}

# One signing key for the run, handed to servers through the environment (never on a command line).
new_key() { head -c 48 /dev/urandom | base64 -w0; }

# start_server NAME CONNECTION GRPC_PORT HEALTH_PORT SILO_PORT: starts a server in the background, pid in $work/NAME.pid
# (SFERUM_EXTRA_ARGS: more settings, space-separated).
start_server() {
  local name="$1" connection="$2" grpc="$3" health="$4" silo="$5"
  mkdir -p "$work/data"
  # Development: sign-in codes go to a file the load client reads (refused outside the Development environment).
  DOTNET_ENVIRONMENT=Development ConnectionStrings__Sferum="$connection" dotnet "$server_dll" --contentRoot "$repo/src/DistrictSferum.Server" \
    --Server:ListenAddress=127.0.0.1 --Server:GrpcPort="$grpc" --Server:HealthPort="$health" --Server:WebPort=0 --Orleans:SiloPort="$silo" \
    --Server:DataFolder="$work/data" --Bootstrap:OperatorContact="$operator" \
    --Chats:SendBurst=1000000 --Chats:SendsPerSecond=1000000 --Gateway:RateLimit:MutationsPerSecond=0 ${SFERUM_EXTRA_ARGS:-} \
    >>"$work/$name.log" 2>&1 &
  echo $! >"$work/$name.pid"
}

# wait_ready HEALTH_PORT [SECONDS]
wait_ready() {
  local port="$1" deadline=$((SECONDS + ${2:-300}))
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { echo "server on health port $port not ready" >&2; return 1; }
    sleep 0.2
  done
}

# stop_server NAME: SIGTERM, wait for the exit; sets STOP_MS and STOP_CODE (not a subshell: it must wait on its child).
stop_server() {
  local pid start
  pid="$(cat "$work/$1.pid")"
  start="$(date +%s%N)"
  kill -TERM "$pid"
  STOP_CODE=0
  wait "$pid" || STOP_CODE=$?
  STOP_MS=$(( ($(date +%s%N) - start) / 1000000 ))
  rm -f "$work/$1.pid"
}

kill_servers() {
  local f
  for f in "$work"/*.pid; do
    [[ -s "$f" ]] && kill -KILL "$(cat "$f")" 2>/dev/null || true
  done
}

ops_load() { dotnet "$load_dll" --ops-load "$@"; }
