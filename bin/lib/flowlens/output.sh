# shellcheck shell=bash
# bin/lib/flowlens/output.sh: Output: colours, say/warn/die/note, and numbered steps whose output goes to the script
# log.
# Sourced by bin/flowlens, which sets ROOT, STATE, LOGS, PIDS and the servers' settings first.

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  C_BOLD=$'\e[1m'; C_BLUE=$'\e[1;34m'; C_GREEN=$'\e[32m'; C_RED=$'\e[1;31m'
  C_YELLOW=$'\e[33m'; C_OFF=$'\e[0m'
else
  C_BOLD=""; C_BLUE=""; C_GREEN=""; C_RED=""; C_YELLOW=""; C_OFF=""
fi

# fd 3 is the user's terminal (stdout) even while a step's output goes to a log.
exec 3>&1

STEP_NO=0
STEP_TOTAL=0
NOTE_MARK="$STATE/.step-note"

say()  { printf '%s==>%s %s\n' "$C_BLUE" "$C_OFF" "$*" >&3; }
warn() { printf '%swarning:%s %s\n' "$C_YELLOW" "$C_OFF" "$*" >&3; }
die()  { printf '%serror:%s %s\n' "$C_RED" "$C_OFF" "$*" >&2; exit 1; }

# note MESSAGE: tell the user something while a step runs (a line of its own).
note() {
  if [[ ! -e "$NOTE_MARK" ]]; then printf '\n' >&3; : > "$NOTE_MARK"; fi
  printf '      %s\n' "$*" >&3
  printf '[note] %s\n' "$*"
}

# step TITLE LOG FUNCTION [ARGS...]: run one numbered step. Its output goes to
# the script log; on failure print which step failed, the logs to read, and the
# last lines of the step's own log, then exit non-zero.
step() {
  local title="$1" log="$2"; shift 2
  local started rc
  STEP_NO=$((STEP_NO + 1))
  started=$(date +%s)
  rm -f "$NOTE_MARK"
  printf '%s==>%s [%d/%d] %s … ' "$C_BLUE" "$C_OFF" "$STEP_NO" "$STEP_TOTAL" "$title" >&3
  printf '\n=== %s [%d/%d] %s\n' "$(date -Is)" "$STEP_NO" "$STEP_TOTAL" "$title" >> "$SCRIPT_LOG"
  set +e
  ( set -e; "$@" ) >> "$SCRIPT_LOG" 2>&1
  rc=$?
  set -e
  local took=$(( $(date +%s) - started ))
  if [[ -e "$NOTE_MARK" ]]; then printf '    … ' >&3; rm -f "$NOTE_MARK"; fi
  if [[ $rc -eq 0 ]]; then
    printf '%sok%s (%d s)\n' "$C_GREEN" "$C_OFF" "$took" >&3
    return 0
  fi
  printf '%sFAILED%s (%d s)\n' "$C_RED" "$C_OFF" "$took" >&3
  {
    printf '%serror:%s step [%d/%d] "%s" failed (exit %d)\n' "$C_RED" "$C_OFF" "$STEP_NO" "$STEP_TOTAL" "$title" "$rc"
    printf '  script log: %s\n' "$SCRIPT_LOG"
    if [[ -n "$log" && "$log" != "$SCRIPT_LOG" ]]; then printf '  step log:   %s\n' "$log"; fi
    printf -- '--- last lines of %s ---\n' "${log:-$SCRIPT_LOG}"
    tail -n 30 "${log:-$SCRIPT_LOG}" 2>/dev/null || true
    printf -- '---\n'
  } >&2
  exit "$rc"
}
