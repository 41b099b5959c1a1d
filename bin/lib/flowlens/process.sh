# shellcheck shell=bash
# bin/lib/flowlens/process.sh: Processes and ports: pid files, starting detached, stopping by process group, TCP and
# HTTP probes, apt.
# Sourced by bin/flowlens, which sets ROOT, STATE, LOGS, PIDS and the servers' settings first.

now() { date +%s; }

tcp_open() { timeout 2 bash -c "exec 9<>/dev/tcp/$1/$2" 2>/dev/null; }

http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true; }

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "$@"
}

# pid_alive NAME PATTERN: pid file NAME exists and its process runs with a
# command line containing PATTERN (so a recycled pid is never taken for ours).
pid_alive() {
  local pidfile="$PIDS/$1.pid" pid
  [[ -s "$pidfile" ]] || return 1
  pid=$(<"$pidfile")
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2"
}

# stop_pid NAME PATTERN: SIGTERM the process (its whole process group, as we
# start everything with setsid), wait up to 20 s, then SIGKILL.
stop_pid() {
  local name="$1" pattern="$2" pidfile="$PIDS/$1.pid" pid i
  if ! pid_alive "$name" "$pattern"; then rm -f "$pidfile"; return 0; fi
  pid=$(<"$pidfile")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name did not stop within 20 s: SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$pidfile"
}

# start_bg NAME LOG COMMAND...: start COMMAND detached in its own session, with
# its output in LOG, and record its pid.
start_bg() {
  local name="$1" log="$2"; shift 2
  mkdir -p "$PIDS" "$(dirname "$log")"
  # the command line goes to the log with the values of secrets (…SECRET=, …PASSWORD=, …KEY=, …TOKEN=) hidden
  local shown=() arg
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Z_]*(SECRET|PASSWORD|KEY|TOKEN)[A-Z_]*= ]]; then arg="${arg%%=*}=(hidden)"; fi
    shown+=("$arg")
  done
  printf '\n=== %s starting: %s\n' "$(date -Is)" "${shown[*]}" >> "$log"
  setsid "$@" >> "$log" 2>&1 < /dev/null 3>&- &
  echo $! > "$PIDS/$name.pid"
}
