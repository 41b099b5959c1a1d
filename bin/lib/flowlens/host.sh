# shellcheck shell=bash
# bin/lib/flowlens/host.sh: The database host's kernel writeback: bin/flowlens tune-host, and the benchmarks'
# --run/--end-run.
# Sourced by bin/flowlens, which sets ROOT, STATE, LOGS, PIDS and the servers' settings first.

# ------------------------------------------------------- database host ----
# The database host's kernel writeback (docs/operations.md, "The database host"). By default Linux writes dirty file
# pages back in the background only once they pass 10 % of memory, or 30 s after they were first dirtied: the data
# files PostgreSQL writes under load pile up (~90 MB at 500 webhook deliveries/s) and go to the disk at once, and a
# WAL flush that comes meanwhile queues behind them. Measured with bin/bench-webhooks: commits stalled 100-220 ms
# twice a minute (40-100 ms every 5 s between), p99 of the 202s 79-128 ms. With a low background threshold the
# kernel writes continuously and the stalls go (docs/decisions.md, "WAL flushes behind the kernel's writeback").
HOST_WRITEBACK_BYTES="${FLOWLENS_DIRTY_BACKGROUND_BYTES:-8388608}"
HOST_WRITEBACK_SAVED="$STATE/host-writeback.saved"

# The kernel's background writeback threshold as set now: "bytes ratio" (one of them is 0: setting one clears the other).
host_writeback() {
  echo "$(cat /proc/sys/vm/dirty_background_bytes 2>/dev/null || echo '?') $(cat /proc/sys/vm/dirty_background_ratio 2>/dev/null || echo '?')"
}

# describe_writeback "BYTES RATIO [...]": the setting in words.
describe_writeback() {
  local bytes ratio
  read -r bytes ratio _ <<< "$1"
  if [[ "$bytes" =~ ^[0-9]+$ && "$bytes" -gt 0 ]]; then
    echo "vm.dirty_background_bytes=$bytes ($((bytes / 1048576)) MiB)"
  else
    echo "vm.dirty_background_ratio=$ratio (% of memory)"
  fi
}

# cmd_tune_host [--undo|--show|--run|--end-run]: sets vm.dirty_background_bytes on this machine (root only; it is the
# database host of every bin/flowlens stack), keeping what it replaced in .flowlens/ for --undo. Not kept across a
# reboot: a production host sets it in /etc/sysctl.d/ (docs/operations.md). --show prints the setting as it is.
# A benchmark tunes with --run and ends with --end-run, which restores only what --run changed: a host tuned by hand
# (plain tune-host) stays tuned.
cmd_tune_host() {
  case "${1:-}" in
    "") tune_host by-hand ;;
    --run) tune_host run ;;
    --end-run) untune_host run ;;
    --undo) untune_host any ;;
    --show) describe_writeback "$(host_writeback)" ;;
    *) die "tune-host: unknown option $1 (--undo, --show, --run, --end-run)" ;;
  esac
}

# tune_host by-hand|run: the saved file holds "bytes ratio owner": what was replaced, and who tuned (by hand wins).
tune_host() {
  local owner="$1" now bytes ratio
  now=$(host_writeback)
  if [[ $EUID -ne 0 || ! -w /proc/sys/vm/dirty_background_bytes ]]; then
    warn "not root (or /proc/sys not writable): host writeback left as it is, $(describe_writeback "$now")"
    return 0
  fi
  if [[ -s "$HOST_WRITEBACK_SAVED" ]]; then
    if [[ "$owner" == by-hand ]]; then
      read -r bytes ratio _ < "$HOST_WRITEBACK_SAVED"
      echo "$bytes $ratio by-hand" > "$HOST_WRITEBACK_SAVED"
    fi
  else
    echo "$now $owner" > "$HOST_WRITEBACK_SAVED"
  fi
  if ! echo "$HOST_WRITEBACK_BYTES" > /proc/sys/vm/dirty_background_bytes 2> /dev/null; then
    warn "could not set vm.dirty_background_bytes=$HOST_WRITEBACK_BYTES; host writeback left as it is"
    return 0
  fi
  local undo=""
  [[ "$owner" == by-hand ]] && undo="; 'bin/flowlens tune-host --undo' restores it"
  say "host writeback: $(describe_writeback "$(host_writeback)") (was $(describe_writeback "$(< "$HOST_WRITEBACK_SAVED")")$undo)"
}

# untune_host run|any: restores what tune_host replaced; "run" only when a run tuned it.
untune_host() {
  local bytes ratio owner
  if [[ ! -s "$HOST_WRITEBACK_SAVED" ]]; then
    [[ "$1" == run ]] || say "host writeback: nothing to undo, $(describe_writeback "$(host_writeback)")"
    return 0
  fi
  read -r bytes ratio owner < "$HOST_WRITEBACK_SAVED"
  if [[ "$1" == run && "$owner" != run ]]; then
    say "host writeback stays as tuned before the run: $(describe_writeback "$(host_writeback)")"
    return 0
  fi
  if [[ "$bytes" =~ ^[0-9]+$ && "$bytes" -gt 0 ]]; then
    echo "$bytes" > /proc/sys/vm/dirty_background_bytes
  elif [[ "$ratio" =~ ^[0-9]+$ ]]; then
    echo "$ratio" > /proc/sys/vm/dirty_background_ratio
  fi
  rm -f "$HOST_WRITEBACK_SAVED"
  say "host writeback restored: $(describe_writeback "$(host_writeback)")"
}
