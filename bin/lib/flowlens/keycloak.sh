# shellcheck shell=bash
# bin/lib/flowlens/keycloak.sh: Keycloak: the distribution, its start, the flowlens realm re-imported when
# deploy/keycloak changed.
# Sourced by bin/flowlens, which sets ROOT, STATE, LOGS, PIDS and the servers' settings first.

# -------------------------------------------------------------- Keycloak ----

kc_java_home() {
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    echo /usr/lib/jvm/temurin-25-jdk-amd64
  elif [[ -n "${JAVA_HOME:-}" ]]; then
    echo "$JAVA_HOME"
  else
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

kc_ready() { [[ "$(http_code "$OIDC_URL/.well-known/openid-configuration")" == 200 ]]; }

realm_sum() { sha256sum "$KC_REALM_FILE" | cut -d' ' -f1; }

realm_changed() { [[ ! -s "$KC_REALM_SUM" || "$(<"$KC_REALM_SUM")" != "$(realm_sum)" ]]; }

ensure_keycloak_dist() {
  [[ -x "$KC_HOME/bin/kc.sh" ]] && return 0
  local zip="$STATE/downloads/keycloak-quarkus-dist-$KC_VERSION.zip"
  if [[ ! -s "$zip" ]]; then
    note "downloading Keycloak $KC_VERSION (Maven Central)"
    mvn -B -q dependency:copy "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
      -DoutputDirectory="$STATE/downloads"
  fi
  note "unpacking Keycloak into ${KC_HOME#"$ROOT"/}"
  mkdir -p "$STATE/keycloak"
  rm -rf "$KC_HOME"
  unzip -q "$zip" -d "$STATE/keycloak"
}

start_keycloak() {
  local java_home
  java_home=$(kc_java_home)
  echo "starting Keycloak on $KC_PORT with JAVA_HOME=$java_home"
  start_bg keycloak "$LOGS/keycloak.log" env JAVA_HOME="$java_home" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$KC_HOME/bin/kc.sh" start-dev --http-port "$KC_PORT" --import-realm
  local deadline=$(( $(now) + 180 ))
  until kc_ready; do
    pid_alive keycloak keycloak || { echo "Keycloak exited (see $LOGS/keycloak.log)"; return 1; }
    (( $(now) < deadline )) || { echo "Keycloak not ready after 180 s"; return 1; }
    sleep 2
  done
}

ensure_keycloak() {
  ensure_keycloak_dist
  local changed=0
  if realm_changed; then changed=1; fi
  if kc_ready && [[ $changed -eq 0 ]]; then return 0; fi
  if kc_ready && ! pid_alive keycloak keycloak; then
    warn "Keycloak on $KC_PORT was not started by bin/flowlens: cannot re-import the changed realm"
    return 0
  fi
  stop_pid keycloak keycloak
  mkdir -p "$KC_HOME/data/import"
  cp "$KC_REALM_FILE" "$KC_HOME/data/import/flowlens-realm.json"
  if [[ $changed -eq 1 ]]; then
    note "realm file changed since the last import: wiping Keycloak's dev database"
    rm -rf "$KC_HOME/data/h2"
  fi
  start_keycloak
  realm_sum > "$KC_REALM_SUM"
}

ensure_servers() {
  step "PostgreSQL on $PG_HOST:$PG_PORT" "$SCRIPT_LOG" ensure_postgres
  step "RabbitMQ on $RABBIT_HOST:$RABBIT_PORT" "$SCRIPT_LOG" ensure_rabbitmq
  step "Databases and vhosts" "$SCRIPT_LOG" ensure_databases_and_vhosts
  step "Keycloak on $KC_PORT (realm flowlens)" "$LOGS/keycloak.log" ensure_keycloak
}
