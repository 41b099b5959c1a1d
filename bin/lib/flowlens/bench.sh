# shellcheck shell=bash
# bin/lib/flowlens/bench.sh: Benchmarks and fault tests on their own stacks: bench-up, bench-down, bench
# (IngestBench), faults (FaultDriver).
# Sourced by bin/flowlens, which sets ROOT, STATE, LOGS, PIDS and the servers' settings first.

# cmd_bench_up [--keep-data] [--no-build]: a fresh bench stack (empty databases and vhost, unless --keep-data
# restarts it on the data of the last benchmark) from a new build (the last one with --no-build), for bin/bench-*.
cmd_bench_up() {
  use_stack bench
  STEP_TOTAL=9
  ensure_servers
  stop_stack
  local keep=0 build=1
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --keep-data) keep=1 ;;
      --no-build) build=0 ;;
      *) die "bench-up: unknown option $1 (--keep-data, --no-build)" ;;
    esac
    shift
  done
  if [[ $keep -eq 1 ]]; then
    say "Keeping the bench databases of the last run"
  else
    step "Fresh bench databases and vhost flowlens-bench" "$SCRIPT_LOG" prepare_bench_state
  fi
  if [[ $build -eq 1 ]]; then
    step "Building services (mvn package -DskipTests)" "$LOGS/build.log" build_services
  else
    STEP_TOTAL=$((STEP_TOTAL - 1))
    say "Not building (--no-build): the services as last built"
  fi
  start_stack_services
  stack_urls >&3
}

prepare_bench_state() {
  local svc
  for svc in ingest metrics; do recreate_database "flowlens_${svc}_bench"; done
  recreate_vhost flowlens-bench
}

cmd_bench_down() {
  use_stack bench
  stop_stack
  say "bench stack stopped"
}

# _bench-metrics DB HEAP | stop: (bin/bench-scale) restarts the bench stack's metrics-service on the database DB with
# -XmxHEAP, waits (up to an hour) until its fact cache is loaded and prints "ready after S s" and the cache's load
# lines; "stop" stops it (e.g. to copy its database).
cmd_bench_metrics() {
  use_stack bench
  stop_pid "$STACK-metrics-service" quarkus-run.jar
  [[ "$1" == stop ]] && return 0
  [[ $# -eq 2 ]] || die "_bench-metrics: DB HEAP, or stop"
  local t0 log
  t0=$(date +%s%N)
  log=$(service_log metrics-service)
  METRICS_DB="$1" READY_TIMEOUT=3600 FLOWLENS_JAVA_OPTS="${FLOWLENS_JAVA_OPTS:-} -Xmx$2" start_service metrics-service
  echo "ready after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  grep -E 'fact cache: loaded|started in' "$log" | tail -5 | sed -E 's/^.*(fact cache:|metrics-service [^ ]* on JVM)/\1/'
}

# cmd_bench [--profile] [IngestBench options]: issue 7's write-path benchmark on a fresh bench stack: a
# 1,000,000-event backfill, then 10,000 events/s for 2 minutes, memory and start-up of each service.
# --profile records each service with JFR (bench-results/*.jfr) and prints its hottest methods.
# The table is printed and written to bench-results/ingest-<time>.txt.
cmd_bench() {
  local profile=0 tune=1 args=() out stamp rc
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --profile) profile=1 ;;
      --no-tune-host) tune=0 ;;
      *) args+=("$1") ;;
    esac
    shift
  done
  mkdir -p "$ROOT/bench-results"
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  out="$ROOT/bench-results/ingest-$stamp.txt"
  if [[ $profile -eq 1 ]]; then
    export FLOWLENS_JAVA_OPTS="-XX:StartFlightRecording=filename=$ROOT/bench-results/ingest-$stamp-{svc}.jfr,settings=profile,dumponexit=true"
  fi
  # the database host tuned as docs/operations.md says, for the run only (--no-tune-host: as the machine has it)
  if [[ $tune -eq 1 ]]; then
    trap 'untune_host run' EXIT
    tune_host run
  else
    say "host writeback as the machine has it: $(describe_writeback "$(host_writeback)")"
  fi
  cmd_bench_up
  unset FLOWLENS_JAVA_OPTS
  set +e
  tools_java "$ROOT" -Xmx1g bench.IngestBench --out "$out" --writeback "$(describe_writeback "$(host_writeback)")" "${args[@]}"
  rc=$?
  set -e
  cmd_bench_down
  if [[ $profile -eq 1 ]]; then profile_summary "$stamp"; fi
  say "benchmark table: $out"
  return "$rc"
}

# The hottest methods of each service's flight recording.
profile_summary() {
  local stamp="$1" f
  for f in "$ROOT"/bench-results/ingest-"$stamp"-*.jfr; do
    [[ -f "$f" ]] || continue
    echo "== $(basename "$f")"
    tools_java "$ROOT" bench.JfrTop "$f" 15
  done | tee "$ROOT/bench-results/ingest-$stamp-profile.txt"
}

# cmd_faults [--no-build] [--only broker|database|crash|sigterm|metrics-sigterm|notifier]: issue 6's fault tests
# (and issue 27's notifier fault) on their own stack (ports 38080-38082, databases *_faults, vhost flowlens-faults).
# broker and database stop RabbitMQ and PostgreSQL for everything on this machine for a while: do not run them next
# to other work (--only crash, sigterm, metrics-sigterm or notifier touch the faults stack's services only).
# Table in bench-results/.
cmd_faults() {
  local build=1 args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --no-build) build=0 ;;
      --only) args+=(--only "$2"); shift ;;
      *) die "faults: unknown option $1" ;;
    esac
    shift
  done
  use_stack faults
  STEP_TOTAL=9
  ensure_servers
  stop_stack
  step "Fresh faults databases and vhost flowlens-faults" "$SCRIPT_LOG" prepare_faults_state
  if [[ $build -eq 1 ]]; then
    step "Building services (mvn package -DskipTests)" "$LOGS/build.log" build_services
  fi
  start_stack_services
  mkdir -p "$ROOT/bench-results"
  local out rc
  out="$ROOT/bench-results/faults-$(date -u +%Y%m%dT%H%M%SZ).txt"
  set +e
  tools_java "$ROOT" faults.FaultDriver --ingest "http://localhost:$INGEST_PORT" \
    --metrics "http://localhost:$METRICS_PORT" --oidc "$OIDC_URL" --db "flowlens_metrics_faults" "${args[@]}" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  set -e
  # whatever happened: the broker and the database are running again, the stack is stopped
  rabbitmqctl -q start_app > /dev/null 2>&1 || true
  ensure_postgres > /dev/null
  stop_stack
  say "fault test table: $out"
  return "$rc"
}

prepare_faults_state() {
  local svc
  for svc in ingest metrics; do recreate_database "flowlens_${svc}_faults"; done
  recreate_vhost flowlens-faults
}

# signal_and_wait SIGNAL SERVICE: sends SIGNAL to the faults stack's SERVICE and waits until it has ended.
signal_and_wait() {
  local pid
  pid=$(<"$PIDS/faults-$2.pid")
  kill "-$1" "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
}

# _fault NAME start|stop: one fault of FaultDriver, on the faults stack.
cmd_fault() {
  use_stack faults
  local name="$1" action="$2" ver
  ver=$(pg_version)
  case "$name/$action" in
    broker/start) rabbitmqctl -q stop_app ;;
    broker/stop)
      rabbitmqctl -q start_app
      local deadline=$(( $(now) + 60 ))
      until tcp_open "$RABBIT_HOST" "$RABBIT_PORT"; do (( $(now) < deadline )) || return 1; sleep 1; done ;;
    database/start) pg_ctlcluster --skip-systemctl-redirect "$ver" main stop -m fast ;;
    database/stop) ensure_postgres ;;
    crash/start) signal_and_wait KILL metrics-service ;;
    crash/stop) start_service metrics-service ;;
    sigterm/start) signal_and_wait TERM ingest-service ;;
    sigterm/stop) start_service ingest-service ;;
    metrics-sigterm/start)
      # a graceful stop: in-flight messages finish (acked after commit) or go back to the queue unacked
      signal_and_wait TERM metrics-service
      grep -q 'stopped in' "$(service_log metrics-service)" || { echo "metrics-service did not log an orderly stop"; return 1; } ;;
    metrics-sigterm/stop) start_service metrics-service ;;
    *) die "_fault: unknown $name $action" ;;
  esac
}
