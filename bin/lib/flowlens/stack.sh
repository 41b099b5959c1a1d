# shellcheck shell=bash
# bin/lib/flowlens/stack.sh: Stacks (demo, e2e, faults, bench): their ports, databases and vhosts, the services'
# start with trained class archives, and the commands up, infra, demo, down and status.
# Sourced by bin/flowlens, which sets ROOT, STATE, LOGS, PIDS and the servers' settings first.

# ---------------------------------------------------------------- stacks ----
# A stack is: name, three ports, a database suffix and a RabbitMQ vhost.

use_stack() {
  STACK="$1"
  case "$STACK" in
    demo)
      EXTRA_SERVICES=()
      GATEWAY_PORT="${FLOWLENS_GATEWAY_PORT:-8080}"
      INGEST_PORT="${FLOWLENS_INGEST_PORT:-8081}"
      METRICS_PORT="${FLOWLENS_METRICS_PORT:-8082}"
      DB_SUFFIX=""
      VHOST="/" ;;
    e2e)
      # A second metrics-service on the same queue and database: the tests check that scaled-out
      # instances answer the same numbers.
      EXTRA_SERVICES=(metrics-service-2)
      GATEWAY_PORT=18080; INGEST_PORT=18081; METRICS_PORT=18082; METRICS2_PORT=18083
      DB_SUFFIX="_e2e"
      VHOST="flowlens-e2e" ;;
    faults)
      # The fault tests' own stack (bin/flowlens faults): its outages and kills touch nothing else of ours.
      EXTRA_SERVICES=()
      GATEWAY_PORT=38080; INGEST_PORT=38081; METRICS_PORT=38082
      DB_SUFFIX="_faults"
      VHOST="flowlens-faults" ;;
    bench)
      # The benchmarks' own stack: a year of data in it never reaches the demo.
      EXTRA_SERVICES=()
      GATEWAY_PORT=28080; INGEST_PORT=28081; METRICS_PORT=28082
      DB_SUFFIX="_bench"
      VHOST="flowlens-bench" ;;
    *) die "unknown stack $STACK" ;;
  esac
}

service_port() {
  case "$1" in
    ingest-service) echo "$INGEST_PORT" ;;
    metrics-service) echo "$METRICS_PORT" ;;
    metrics-service-2) echo "$METRICS2_PORT" ;;
    gateway) echo "$GATEWAY_PORT" ;;
  esac
}

service_ready() { [[ "$(http_code "http://localhost:$(service_port "$1")/q/health/ready")" == 200 ]]; }

stack_ready() {
  local svc
  for svc in "${SERVICES[@]}"; do service_ready "$svc" || return 1; done
}

service_log() { echo "$LOGS/$STACK-$1.log"; }

# The environment a service process gets (the Java side reads exactly these).
# module_of SERVICE: the Maven module an instance runs (metrics-service-2 is a second metrics-service).
module_of() { echo "${1%-2}"; }

# service_jvm_opts SERVICE: a service's heap and JVM options (docs/operations.md, "Memory").
# ingest-service: the parallel collector. Its live heap is small and its garbage short-lived, which is what that
# collector is for; G1's own structures cost it about 40 MB more resident memory for nothing it needs.
# metrics-service: the client compiler only (C1). Its work is scans over primitive arrays, which C1 compiles well
# enough; C2's compilations on top cost it up to ~30 MB of transient native memory (NMT "Arena Chunk" peak 31.9 MB)
# and compete for the two cores. Measured in bin/flowlens bench, 200 MB heap: 375 MB resident with C2, 331 with C1,
# same fact throughput; bin/bench-metrics query p95 no worse (docs/decisions.md). FLOWLENS_JAVA_OPTS with
# -XX:TieredStopAtLevel=4 brings C2 back.
# gateway: C1 only too. Its work is relaying GraphQL requests; under a steady dashboard load C2 kept compiling for
# minutes and, with its event loop, took 16-23 % of a core at 2 queries/s during bin/bench-webhooks (500 deliveries/s);
# with C1 only 7-11 %, and the dashboard queries answered faster (p50 170-210 ms instead of 260-930 ms) because the two
# cores were less contended (docs/decisions.md, "gateway on the client compiler").
# Every service: return freed native memory (compiler arenas, buffers) to the system every 5 s where the JVM can.
# Every service: -XX:+ExitOnOutOfMemoryError. A JVM whose heap is exhausted exits (code 3) at the first OutOfMemoryError
# instead of staying up half-broken (metrics-service once stayed up answering 503 on readiness after one, issue #28), so
# whatever supervises it sees it stop; a flag in FLOWLENS_JAVA_OPTS comes later and could turn it off
# (-XX:-ExitOnOutOfMemoryError). tools/ OutOfMemoryExitTest starts a JVM with these options on a heap hog.
TRIM_NATIVE_OPT=""
service_jvm_opts() {
  local svc="$1" opts gc=""
  # (a collector chosen in FLOWLENS_JAVA_OPTS wins: the JVM refuses two)
  [[ "${FLOWLENS_JAVA_OPTS:-}" =~ -XX:\+Use[A-Za-z0-9]*GC ]] || gc="-XX:+UseParallelGC"
  # Heap: 256 MB for gateway and ingest-service; 200 MB for metrics-service, which holds every work item in memory:
  # about 140 MB live for the 220,000 items of bin/flowlens bench, which leaves G1 room for the garbage of 10,000
  # events/s without a full collection (176 MB: 6 full collections in that bench). A larger installation sets
  # FLOWLENS_JAVA_OPTS="-Xmx..." (a later -Xmx or -XX:TieredStopAtLevel wins).
  # ingest-service: C2 compiles a method after 4 times the JDK's invocation and loop counts. At start-up C2 took as
  # much CPU as the main thread (1.6-2.0 s) on the two cores; a start with fresh databases went from 3.34-3.62 s to
  # 2.92-3.18 s (five pairs, docs/decisions.md). C2 still takes over the hot paths within the first minute of load.
  case "$(module_of "$svc")" in
    ingest-service)
      opts="-Xmx256m $gc -XX:Tier4InvocationThreshold=20000 -XX:Tier4MinInvocationThreshold=2400"
      opts="$opts -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=160000" ;;
    metrics-service) opts="-Xmx200m -XX:TieredStopAtLevel=1" ;;
    gateway) opts="-Xmx256m -XX:TieredStopAtLevel=1" ;;
    *) opts="-Xmx256m" ;;
  esac
  if [[ -z "$TRIM_NATIVE_OPT" ]]; then
    if java -XX:TrimNativeHeapInterval=5000 -version > /dev/null 2>&1; then
      TRIM_NATIVE_OPT="-XX:TrimNativeHeapInterval=5000"
    else
      TRIM_NATIVE_OPT="none"
    fi
  fi
  [[ "$TRIM_NATIVE_OPT" != none ]] && opts="$opts $TRIM_NATIVE_OPT"
  echo "$opts -XX:+ExitOnOutOfMemoryError"
}

service_env() {
  local svc="$1" module
  module=$(module_of "$1")
  echo "QUARKUS_HTTP_PORT=$(service_port "$svc")"
  # local stacks stop in a few seconds even with subscriptions open (they hold a request each); Kubernetes
  # keeps the 20 s default inside its 30 s grace period
  echo "FLOWLENS_SHUTDOWN_TIMEOUT=5s"
  if [[ "$module" != gateway ]]; then
    echo "FLOWLENS_DB_HOST=$PG_HOST"
    echo "FLOWLENS_DB_PORT=$PG_PORT"
    # METRICS_DB: another database for metrics-service (bin/flowlens _bench-metrics, for bin/bench-scale)
    if [[ "$module" == metrics-service && -n "${METRICS_DB:-}" ]]; then
      echo "FLOWLENS_DB_NAME=$METRICS_DB"
    else
      echo "FLOWLENS_DB_NAME=flowlens_${module%-service}$DB_SUFFIX"
    fi
    echo "FLOWLENS_DB_USER=$PG_USER"
  fi
  # glibc keeps up to 8 malloc arenas per core, each holding freed memory: two are plenty for a JVM (its heap is not malloc)
  echo "MALLOC_ARENA_MAX=2"
  echo "FLOWLENS_RABBITMQ_HOST=$RABBIT_HOST"
  echo "FLOWLENS_RABBITMQ_PORT=$RABBIT_PORT"
  echo "FLOWLENS_RABBITMQ_VHOST=$VHOST"
  echo "FLOWLENS_OIDC_URL=$OIDC_URL"
  if [[ "$svc" == ingest-service || "$svc" == metrics-service ]]; then
    # ingest: connector tokens and webhook secrets; metrics: notifier secrets
    echo "FLOWLENS_SECRET_KEY=$(connector_secret_key)"
    # The e2e stack only: its browser test's recorded-response GitLab listens on loopback, which the address guard
    # refuses by default (flowlens.outbound.allow, docs/operations.md); no other stack reaches loopback.
    if [[ "$STACK" == e2e ]]; then echo "FLOWLENS_OUTBOUND_ALLOW=127.0.0.0/8"; fi
    # The faults stack's metrics-service: the notifier fault's receiver is the driver on loopback, and its retries
    # wait at most 2 s (default 10 min) so that the events held while the receiver was down or answering 500 go out
    # within the run (docs/operations.md, fault tests)
    if [[ "$STACK" == faults && "$svc" == metrics-service ]]; then
      echo "FLOWLENS_OUTBOUND_ALLOW=127.0.0.0/8"
      echo "FLOWLENS_NOTIFIERS_RETRY_MAX_DELAY=2s"
    fi
  fi
  if [[ "$svc" == gateway ]]; then
    echo "FLOWLENS_METRICS_URL=http://localhost:$METRICS_PORT"
    echo "FLOWLENS_INGEST_URL=http://localhost:$INGEST_PORT"
    echo "FLOWLENS_GATEWAY_CLIENT_SECRET=flowlens-gateway-secret"
  fi
}

# The key that encrypts connector tokens, webhook secrets and notifier secrets at rest: FLOWLENS_SECRET_KEY when
# the caller sets it, else one random key made on first use and kept in .flowlens/ (never committed).
connector_secret_key() {
  if [[ -n "${FLOWLENS_SECRET_KEY:-}" ]]; then
    echo "$FLOWLENS_SECRET_KEY"
    return
  fi
  local f="$STATE/connector-secret-key"
  if [[ ! -s "$f" ]]; then
    (umask 077; head -c 32 /dev/urandom | base64 > "$f")
  fi
  cat "$f"
}

build_services() {
  "${MVN[@]}" -q package -DskipTests > "$LOGS/build.log" 2>&1
}

# train_class_archive SERVICE: once per build of the service's module, a CDS archive of every class a real start
# loads, written to target/quarkus-app/app-trained.jsa (docs/decisions.md, "AppCDS archives for start-up").
# The build's own archive (app-cds.jsa) holds only the classes of Quarkus' static init (4,647 of the 9,800
# ingest-service loads): its training run stops before runtime init, so Vert.x, Jackson, Flyway, the OIDC and
# messaging clients are read, verified and parsed from the jars at every start. Here the service starts once
# for real, from a copy, against throwaway databases and vhost (flowlens_*_train, flowlens-train) and a port
# of its own, and the JVM writes the archive when it stops (-XX:ArchiveClassesAtExit). A failed training
# leaves the build's archive in use and says so; it never fails a start.
train_class_archive() {
  local svc="$1" module app jsa dir log port ready
  module=$(module_of "$svc")
  app="$ROOT/$module/target/quarkus-app"
  jsa="$app/app-trained.jsa"
  needs_training "$svc" || return 0
  rm -f "$jsa"
  note "$module: training its class archive (once per build, ~15 s)"
  dir="$STATE/train/$module"
  log="$LOGS/train-$module.log"
  (
    # one training at a time on the machine: every work tree's trainings share these databases, vhost and ports
    exec 9> /tmp/flowlens-train.lock
    flock 9
    rm -rf "$dir" "$log"
    mkdir -p "$(dirname "$dir")"
    cp -a "$app" "$dir"
    DB_SUFFIX=_train VHOST=flowlens-train
    if [[ "$module" != gateway ]]; then recreate_database "flowlens_${module%-service}_train" > /dev/null; fi
    create_vhost flowlens-train > /dev/null
    port=$(train_port "$module")
    if tcp_open 127.0.0.1 "$port"; then echo "port $port (training) is in use by another process" | tee "$log"; exit 1; fi
    mapfile -t env_vars < <(service_env "$svc"; echo "QUARKUS_HTTP_PORT=$port")
    read -ra jvm_opts <<< "$(service_jvm_opts "$svc")"
    (cd "$dir" && start_bg "train-$module" "$log" env "${env_vars[@]}" \
      java "${jvm_opts[@]}" -XX:ArchiveClassesAtExit=app-trained.jsa -jar quarkus-run.jar)
    # ready (or live) answers a request too, so the classes of serving one are in the archive
    ready=0
    if await_ready "train-$module" "$port" "$log" "$(train_check "$module")" > /dev/null; then ready=1; fi
    stop_pid "train-$module" quarkus-run.jar > /dev/null   # the JVM writes the archive as it exits
    if [[ $ready -eq 1 && -s "$dir/app-trained.jsa" ]]; then mv "$dir/app-trained.jsa" "$jsa"; fi
    rm -rf "$dir"
  ) || true
  if [[ -f "$jsa" ]]; then
    echo "$module: class archive trained ($(du -m "$jsa" | cut -f1) MB)"
  else
    note "$module: training the class archive failed (log: ${log#"$ROOT"/}); starting with the build's archive"
  fi
}

# needs_training SERVICE: whether the module's trained archive is missing or older than a jar of its build (the JVM
# itself refuses an archive of other jars).
needs_training() {
  local app
  app="$ROOT/$(module_of "$1")/target/quarkus-app"
  [[ ! -f "$app/app-trained.jsa" || -n "$(find "$app" -name '*.jar' -newer "$app/app-trained.jsa" -print -quit)" ]]
}

# train_check MODULE: the health check a training start waits for: readiness, but the gateway's liveness (its
# readiness needs the stack's metrics-service, not started yet when the archives are trained).
train_check() {
  if [[ "$1" == gateway ]]; then echo live; else echo ready; fi
}

# train_port MODULE: the port a training start listens on (none of a stack's).
train_port() {
  case "$1" in
    gateway) echo 48080 ;;
    ingest-service) echo 48081 ;;
    metrics-service) echo 48082 ;;
  esac
}

# start_service SERVICE: (re)start one service of the current stack from a copy
# of its target/quarkus-app, and wait until it is ready.
start_service() {
  local svc="$1" name="$STACK-$1" port log run env_vars module
  module=$(module_of "$svc")
  port=$(service_port "$svc")
  log=$(service_log "$svc")
  run="$STATE/$STACK/run/$svc"
  if service_ready "$svc"; then
    pid_alive "$name" quarkus-run.jar || note "port $port answers ready but was not started by bin/flowlens: left alone"
    return 0
  fi
  stop_pid "$name" quarkus-run.jar
  if tcp_open 127.0.0.1 "$port"; then
    echo "port $port is in use by another process (not ready): $(ss -ltnp "sport = :$port" 2>/dev/null | tail -n +2)"
    return 1
  fi
  [[ -f "$ROOT/$module/target/quarkus-app/quarkus-run.jar" ]] || {
    echo "$module/target/quarkus-app/quarkus-run.jar is missing: did the build succeed?"; return 1; }
  train_class_archive "$svc"
  rm -rf "$run"
  mkdir -p "$(dirname "$run")"
  # -a keeps the jars' times: a CDS archive (app-trained.jsa, app-cds.jsa) is only used for the jars it was made from
  cp -a "$ROOT/$module/target/quarkus-app" "$run"
  # only our FLOWLENS_*/QUARKUS_* variables: none leak in from the caller's shell
  local unset_args=() var
  while IFS= read -r var; do unset_args+=(-u "$var"); done < <(compgen -e | grep -E '^(FLOWLENS|QUARKUS)_' || true)
  mapfile -t env_vars < <(service_env "$svc")
  if [[ -s "$log" ]]; then mv -f "$log" "$log.1"; fi   # the previous run's log survives one restart
  # FLOWLENS_JAVA_OPTS: extra JVM options (e.g. a flight recording; {svc} becomes the service's name)
  # (service_jvm_opts gives each its heap and options first; FLOWLENS_JAVA_OPTS comes last and wins)
  local java_opts="${FLOWLENS_JAVA_OPTS:-}"
  java_opts="${java_opts//\{svc\}/$svc}"
  # the build's AppCDS archive (quarkus.package.jar.appcds.enabled): classes mapped, not loaded, at start. A JVM other
  # than the one that built it says so in one warning line and starts without it.
  if [[ -f "$run/app-trained.jsa" ]]; then
    java_opts="-XX:SharedArchiveFile=app-trained.jsa $java_opts"
  elif [[ -f "$run/app-cds.jsa" ]]; then
    java_opts="-XX:SharedArchiveFile=app-cds.jsa $java_opts"
  fi
  java_opts="$(service_jvm_opts "$svc") $java_opts"
  # the options are words (none holds a space); an array keeps them from being read as file patterns
  local java_args=()
  read -ra java_args <<< "$java_opts"
  (cd "$run" && start_bg "$name" "$log" env "${unset_args[@]}" "${env_vars[@]}" java "${java_args[@]}" -jar quarkus-run.jar)
  await_ready "$name" "$port" "$log"
}

# await_ready NAME PORT LOG [ready|live]: wait until the service started as NAME answers ready (or live) on PORT
# (READY_TIMEOUT s at most, default 120: a metrics-service over millions of items takes minutes); fails when it exits
# first or never does.
await_ready() {
  local name="$1" port="$2" log="$3" check="${4:-ready}" timeout="${READY_TIMEOUT:-120}" deadline
  deadline=$(( $(now) + timeout ))
  until [[ "$(http_code "http://localhost:$port/q/health/$check")" == 200 ]]; do
    # the pid start_bg just recorded: gone means exited (its command line names quarkus-run.jar only once the forked
    # shell has exec'd java, so pid_alive could take a start not yet under way for an exit)
    if ! kill -0 "$(cat "$PIDS/$name.pid" 2>/dev/null || echo none)" 2>/dev/null; then
      echo "$name exited during start-up (log: $log)"; return 1
    fi
    (( $(now) < deadline )) || { echo "$name not $check on :$port/q/health/$check after $timeout s (log: $log)"; return 1; }
    sleep 0.5
  done
}

start_stack_services() {
  local svc starter=train_all_then_start
  for svc in "${SERVICES[@]}" "${EXTRA_SERVICES[@]}"; do
    step "Starting $svc on $(service_port "$svc") ($STACK)" "$(service_log "$svc")" "$starter" "$svc"
    starter=start_service
  done
}

# train_all_then_start SERVICE: every class archive a new build needs, then the service's start. Trained one by one
# between the starts, a training (a start, requests, the archive dump at exit) ran while the service started before it
# was still warming up, and the next start competed with both.
train_all_then_start() {
  local svc
  for svc in "${SERVICES[@]}"; do train_class_archive "$svc"; done
  start_service "$1"
}

stop_stack() {
  local svc
  for svc in "${SERVICES[@]}" "${EXTRA_SERVICES[@]}"; do stop_pid "$STACK-$svc" quarkus-run.jar; done
}

stack_urls() {
  printf '    gateway (GraphQL)  http://localhost:%s/graphql\n' "$GATEWAY_PORT"
  printf '    ingest-service     http://localhost:%s/api/v1/events\n' "$INGEST_PORT"
  printf '    metrics-service    http://localhost:%s/internal/v1\n' "$METRICS_PORT"
  printf '    Keycloak           http://localhost:%s (realm flowlens; master admin/admin)\n' "$KC_PORT"
}

# -------------------------------------------------------------- commands ----

cmd_up() {
  use_stack demo
  if pg_ready && tcp_open "$RABBIT_HOST" "$RABBIT_PORT" && kc_ready && ! realm_changed && stack_ready; then
    say "Flowlens is already up"
    stack_urls >&3
    return 0
  fi
  local started
  started=$(now)
  STEP_TOTAL=8
  ensure_servers
  step "Building services (mvn package -DskipTests)" "$LOGS/build.log" build_services
  start_stack_services
  say "Flowlens is up ($(( $(now) - started )) s)"
  stack_urls >&3
}

cmd_infra() {
  local started
  started=$(now)
  STEP_TOTAL=4
  ensure_servers
  say "PostgreSQL, RabbitMQ and Keycloak are up ($(( $(now) - started )) s)"
}

cmd_demo() {
  cmd_up
  use_stack demo
  say "Loading demo data (bin/tools demo.DemoData)"
  tools_java "$ROOT" demo.DemoData \
    --oidc "$OIDC_URL" \
    --ingest "http://localhost:$INGEST_PORT" \
    --gateway "http://localhost:$GATEWAY_PORT" \
    || die "loading demo data failed (see the message above)"
  local to from
  to=$(date -u +%Y-%m-%dT00:00:00Z -d tomorrow)
  from=$(date -u +%Y-%m-%dT00:00:00Z -d '-84 days')
  cat >&3 <<EOF

${C_BOLD}Get a token${C_OFF} (alice sees "Payments delivery", olga "Ops platform", admin both):

  TOKEN=\$(curl -s $OIDC_URL/protocol/openid-connect/token \\
    -d grant_type=password -d client_id=flowlens-cli -d username=alice -d password=alice \\
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

${C_BOLD}Ask the gateway${C_OFF}:

  curl -s http://localhost:$GATEWAY_PORT/graphql -H "Authorization: Bearer \$TOKEN" \\
    -H 'Content-Type: application/json' -d '{"query":"{ valueStreams { id name flow(window:{from:\"$from\", to:\"$to\", granularity:WEEK}) { velocity load velocitySeries { start end value } loadSeries { start end value } } workItems { total } } }"}'

EOF
}

cmd_down() {
  local stack
  for stack in demo e2e; do
    use_stack "$stack"
    stop_stack
  done
  stop_pid keycloak keycloak
  say "Stopped the Flowlens services and Keycloak started by bin/flowlens"
  say "PostgreSQL and RabbitMQ are left running (stop them with: pg_ctlcluster --skip-systemctl-redirect $(pg_version) main stop; rabbitmqctl stop)"
}

status_line() {
  local name="$1" state="$2" where="$3"
  if [[ "$state" == up ]]; then
    printf '%-22s %sup%s     %s\n' "$name" "$C_GREEN" "$C_OFF" "$where"
  else
    printf '%-22s %sdown%s   %s\n' "$name" "$C_RED" "$C_OFF" "$where"
  fi
}

cmd_status() {
  local state stack svc
  state=down; if pg_ready; then state=up; fi
  status_line postgresql "$state" "$PG_HOST:$PG_PORT"
  state=down; if tcp_open "$RABBIT_HOST" "$RABBIT_PORT"; then state=up; fi
  status_line rabbitmq "$state" "$RABBIT_HOST:$RABBIT_PORT"
  state=down; if kc_ready; then state=up; fi
  status_line keycloak "$state" "http://localhost:$KC_PORT/realms/flowlens"
  for stack in demo e2e; do
    use_stack "$stack"
    for svc in "${SERVICES[@]}"; do
      # the e2e stack is only shown while it runs
      if [[ "$stack" == e2e ]] && ! pid_alive "$stack-$svc" quarkus-run.jar; then continue; fi
      state=down; if service_ready "$svc"; then state=up; fi
      status_line "$stack $svc" "$state" "http://localhost:$(service_port "$svc")"
    done
  done
}
