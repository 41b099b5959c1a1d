# shellcheck shell=bash
# bin/lib/flowlens/test.sh: bin/flowlens test: the repository checks, mvn install, the e2e stack and its tests, the
# browser test, the summary.
# Sourced by bin/flowlens, which sets ROOT, STATE, LOGS, PIDS and the servers' settings first.

# xml_attr NAME TAG: the numeric attribute NAME of TAG, or 0.
xml_attr() {
  local v
  v=$(sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$2" | head -1)
  echo "${v:-0}"
}

# Sum tests/failures/errors/skipped of the surefire reports written since MARKER.
surefire_summary() {
  local marker="$1" module f head t fl er sk
  local total_t=0 total_f=0 total_s=0
  printf '%-18s %6s %8s %7s %8s\n' module tests failures errors skipped
  # every Maven module of the parent pom that ran tests (the dashboard's tests are node's, below)
  local modules
  mapfile -t modules < <(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' "$ROOT/pom.xml")
  for module in "${modules[@]}"; do
    [[ -d "$ROOT/$module/target/surefire-reports" || -d "$ROOT/$module/target/failsafe-reports" ]] || continue
    t=0; fl=0; er=0; sk=0
    while IFS= read -r f; do
      head=$(grep -o -m1 '<testsuite [^>]*>' "$f" || true)
      t=$((t + $(xml_attr tests "$head")))
      fl=$((fl + $(xml_attr failures "$head")))
      er=$((er + $(xml_attr errors "$head")))
      sk=$((sk + $(xml_attr skipped "$head")))
    done < <(find "$ROOT/$module/target/surefire-reports" "$ROOT/$module/target/failsafe-reports" \
               -name 'TEST-*.xml' -newer "$marker" 2>/dev/null)
    printf '%-18s %6d %8d %7d %8d\n' "$module" "$t" "$fl" "$er" "$sk"
    total_t=$((total_t + t)); total_f=$((total_f + fl + er)); total_s=$((total_s + sk))
  done
  # the dashboard's browser test, when this run ran it (node's test runner, not surefire)
  if [[ "$LOGS/test-browser.log" -nt "$marker" ]]; then
    read -r t fl sk < <(node_test_counts "$LOGS/test-browser.log")
    printf '%-18s %6d %8d %7d %8d\n' dashboard "$t" "$fl" 0 "$sk"
    total_t=$((total_t + t)); total_f=$((total_f + fl)); total_s=$((total_s + sk))
  fi
  printf '%-18s %6d %8d\n' total "$total_t" "$total_f"
  SUMMARY_PASSED=$((total_t - total_f - total_s))
  SUMMARY_FAILED=$total_f
}

prepare_e2e_state() {
  local svc
  stop_stack   # leftovers of an aborted run
  for svc in ingest metrics; do recreate_database "flowlens_${svc}_e2e"; done
  recreate_vhost flowlens-e2e
}

E2E_STARTED=0
E2E_RC=0
cleanup_e2e() {
  if [[ $E2E_STARTED -eq 1 ]]; then
    use_stack e2e
    say "Stopping the e2e stack"
    stop_stack || true
  fi
}

# run_e2e: fresh e2e stack from the current target/ builds, the e2e-tests module
# against it, and the stack stopped again whatever happens. Sets E2E_RC.
run_e2e() {
  use_stack e2e
  E2E_STARTED=1
  trap cleanup_e2e EXIT
  trap 'exit 130' INT TERM
  step "Fresh e2e databases and vhost flowlens-e2e" "$SCRIPT_LOG" prepare_e2e_state
  start_stack_services

  local urls=(
    "FLOWLENS_GATEWAY_URL=http://localhost:$GATEWAY_PORT"
    "FLOWLENS_INGEST_URL=http://localhost:$INGEST_PORT"
    "FLOWLENS_METRICS_URL=http://localhost:$METRICS_PORT"
    "FLOWLENS_METRICS2_URL=http://localhost:$METRICS2_PORT"
    "FLOWLENS_OIDC_URL=$OIDC_URL"
  )
  local props=() u
  for u in "${urls[@]}"; do props+=("-D$u"); done
  say "mvn -pl e2e-tests verify -De2e (log: $LOGS/test-e2e.log)"
  set +e
  env "${urls[@]}" "${MVN[@]}" -pl e2e-tests verify -De2e "${props[@]}" 2>&1 | tee "$LOGS/test-e2e.log"
  E2E_RC=${PIPESTATUS[0]}
  set -e
  run_browser_test "${urls[@]}"
  [[ $E2E_RC -ne 0 ]] || E2E_RC=$BROWSER_RC
  cleanup_e2e
  E2E_STARTED=0
  say "No token or secret in the e2e services' logs"
  if ! check_logs_for_secrets e2e >&3 2>&1; then
    printf '%serror:%s a token or secret reached a log line (above)\n' "$C_RED" "$C_OFF" >&2
    E2E_RC=1
  fi
}

# check_logs_for_secrets STACK: fails when a log of the stack's services holds a JWT, a client secret of the realm
# or the connector secret key (issue 6: secrets appear in no log line).
check_logs_for_secrets() {
  local stack="$1" key found=0 f
  key=$(connector_secret_key)
  for f in "$LOGS/$stack"-*.log; do
    [[ -f "$f" ]] || continue
    if grep -n -E 'eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}|flowlens-(ingest|gateway)-secret' "$f" | head -3 | grep -q .; then
      echo "a token or client secret in $f:"; grep -n -o -E '.{0,60}(eyJ[A-Za-z0-9_-]{20,}|flowlens-(ingest|gateway)-secret)' "$f" | head -3
      found=1
    fi
    if grep -q -F -- "$key" "$f"; then echo "the connector secret key in $f"; found=1; fi
  done
  [[ $found -eq 0 ]]
}

ensure_chromium() {
  if [[ ! -x "$CHROMIUM" ]]; then
    note "chromium is missing: apt-get install chromium (Debian's browser, for the dashboard's browser test)"
    apt_install chromium
  fi
  "$CHROMIUM" --version
}

npm_ci_dashboard() {
  (cd "$ROOT/dashboard" && npm ci --no-audit --no-fund)
}

# run_browser_test URL_VARS...: the dashboard's browser test (dashboard/browser-test/, node's
# test runner driving Debian's chromium through playwright-core) against the running e2e stack;
# it loads the demo data into that stack itself. Sets BROWSER_RC.
BROWSER_RC=0
run_browser_test() {
  step "Chromium for the browser test" "$SCRIPT_LOG" ensure_chromium
  step "npm ci (dashboard)" "$SCRIPT_LOG" npm_ci_dashboard
  say "Dashboard browser test: npm run test:browser (log: $LOGS/test-browser.log; screenshots in dashboard/target/browser-test/)"
  set +e
  (cd "$ROOT/dashboard" && env "$@" FLOWLENS_CHROMIUM="$CHROMIUM" npm run test:browser) 2>&1 | tee "$LOGS/test-browser.log"
  BROWSER_RC=${PIPESTATUS[0]}
  set -e
}

# node_test_counts LOG: "tests failures skipped" of a node --test run's closing lines.
node_test_counts() {
  awk '/^# tests [0-9]+$/ {t = $3} /^# fail [0-9]+$/ {f = $3} /^# (skipped|todo) [0-9]+$/ {s += $3}
       END {print t + 0, f + 0, s + 0}' "$1" 2>/dev/null || echo "0 0 0"
}

ensure_shellcheck() {
  if ! command -v shellcheck > /dev/null; then
    note "shellcheck is missing: apt-get install shellcheck (Debian's package)"
    apt_install shellcheck
  fi
  shellcheck --version | sed -n 2p
}

# shell_scripts: the tracked files that run as shell scripts (a bash or sh #! line). The files of bin/lib/ have none:
# they are checked as their scripts source them.
shell_scripts() {
  local f
  while IFS= read -r -d '' f; do
    [[ -f "$ROOT/$f" ]] || continue
    if head -n 1 "$ROOT/$f" | grep -qE '^#!.*[/ ](ba)?sh( |$)'; then echo "$f"; fi
  done < <(git -C "$ROOT" ls-files -z)
}

# check_shell_scripts: shellcheck over every shell script, following and checking what each sources; prints the
# findings and fails when there is one.
check_shell_scripts() {
  local scripts=()
  mapfile -t scripts < <(shell_scripts)
  (cd "$ROOT" && shellcheck --check-sourced --external-sources --source-path=SCRIPTDIR "${scripts[@]}") || return 1
  echo "shellcheck: ${#scripts[@]} scripts and the files they source, no findings"
}

# cmd_test [--e2e-only]: --e2e-only skips 'mvn install' and runs the e2e phase
# against the services as last built.
cmd_test() {
  local started rc=0 marker
  started=$(now)
  marker="$STATE/.test-started"
  : > "$marker"
  STEP_TOTAL=13  # shellcheck, servers 4, unit vhost, e2e state, four e2e instances, chromium, npm ci
  # The repository stands alone: nothing tracked reads, links or names a path outside it.
  local self_rc=0
  say "The repository stands alone (bin/check-self-contained)"
  "$ROOT/bin/check-self-contained" "$ROOT" >&3 2>&1 || self_rc=$?
  # Every shell script is clean under shellcheck (a finding fails the run, as above).
  step "shellcheck (Debian's package)" "$SCRIPT_LOG" ensure_shellcheck
  say "Shell scripts clean under shellcheck (bin/, .ci/, k8s/ and what they source)"
  check_shell_scripts >&3 2>&1 || self_rc=$?
  ensure_servers

  if [[ "${1:-}" != --e2e-only ]]; then
    # A fresh vhost for the services' own tests: no queue survives with arguments of an older build.
    step "Fresh vhost flowlens-unit" "$SCRIPT_LOG" recreate_vhost flowlens-unit
    say "mvn install (unit and @QuarkusTest tests of every module; log: $LOGS/test-install.log)"
    set +e
    "${MVN[@]}" install 2>&1 | tee "$LOGS/test-install.log"
    rc=${PIPESTATUS[0]}
    set -e
  fi
  local k8s_rc=0
  if [[ $rc -ne 0 ]]; then
    printf '%serror:%s mvn install failed (exit %d): e2e tests not run\n' "$C_RED" "$C_OFF" "$rc" >&2
  else
    say "Kubernetes manifests: render every overlay and validate (log: $LOGS/test-k8s.log)"
    set +e
    "$ROOT/k8s/test/validate.sh" 2>&1 | tee "$LOGS/test-k8s.log"
    k8s_rc=${PIPESTATUS[0]}
    set -e
    run_e2e
    rc=$E2E_RC
    [[ $rc -ne 0 ]] || rc=$k8s_rc
  fi
  [[ $rc -ne 0 ]] || rc=$self_rc

  say "Summary (surefire and failsafe reports of this run)"
  SUMMARY_PASSED=0
  SUMMARY_FAILED=0
  surefire_summary "$marker" >&3
  if [[ $rc -eq 0 ]]; then
    say "${C_GREEN}tests passed${C_OFF} in $(( $(now) - started )) s"
  else
    say "${C_RED}tests FAILED${C_OFF} (exit $rc) in $(( $(now) - started )) s; logs in ${LOGS#"$ROOT"/}/"
  fi
  # One plain closing line for CI: the Java tests of this run (the k8s checks print their own).
  printf 'flowlens: %d passed, %d failed\n' "$SUMMARY_PASSED" "$SUMMARY_FAILED" >&3
  return "$rc"
}
