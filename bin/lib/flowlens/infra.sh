# shellcheck shell=bash
# bin/lib/flowlens/infra.sh: The servers every stack shares: PostgreSQL, RabbitMQ, the databases and vhosts
# (Keycloak: keycloak.sh).
# Sourced by bin/flowlens, which sets ROOT, STATE, LOGS, PIDS and the servers' settings first.

# ------------------------------------------------------------ PostgreSQL ----

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2 2>/dev/null; }

psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -w -v ON_ERROR_STOP=1 -qtA "$@"; }

pg_version() { find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | head -1; }

# Allow user postgres over TCP on localhost without password (demo/CI only).
pg_trust_localhost() {
  local ver hba
  ver=$(pg_version)
  hba="/etc/postgresql/$ver/main/pg_hba.conf"
  note "configuring trust auth for 127.0.0.1/::1 in $hba"
  cp -n "$hba" "$hba.flowlens-orig" || true
  { printf '# added by bin/flowlens (local demo/CI server)\n'
    printf 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n'
    grep -v '^# added by bin/flowlens' "$hba" | grep -v -E '^host +all +all +(127\.0\.0\.1/32|::1/128) +trust' || true
  } > "$hba.new"
  mv "$hba.new" "$hba"
  chown postgres:postgres "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main reload
  sleep 1
}

ensure_postgres() {
  if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" > /dev/null; then
    note "PostgreSQL is not installed: apt-get install postgresql"
    apt_install postgresql
  fi
  local ver
  ver=$(pg_version)
  [[ -n "$ver" ]] || { echo "no PostgreSQL version under /etc/postgresql"; return 1; }
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$ver main"; then
    note "creating PostgreSQL cluster $ver/main"
    pg_createcluster "$ver" main
  fi
  if ! pg_ready; then
    note "PostgreSQL $ver is not answering: starting it"
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start
    local deadline=$(( $(now) + 60 ))
    until pg_ready; do
      (( $(now) < deadline )) || { echo "PostgreSQL not ready after 60 s"; return 1; }
      sleep 1
    done
  fi
  if ! psql_admin -d postgres -c 'select 1' > /dev/null 2>&1; then
    pg_trust_localhost
    psql_admin -d postgres -c 'select 1' > /dev/null
  fi
}

# -------------------------------------------------------------- RabbitMQ ----

rabbit_ready() { tcp_open "$RABBIT_HOST" "$RABBIT_PORT" && rabbitmq-diagnostics -q check_running > /dev/null 2>&1; }

ensure_rabbitmq() {
  if ! command -v rabbitmq-server > /dev/null; then
    note "RabbitMQ is not installed: apt-get install rabbitmq-server"
    apt_install rabbitmq-server
  fi
  if tcp_open "$RABBIT_HOST" "$RABBIT_PORT"; then return 0; fi
  note "RabbitMQ is not answering on $RABBIT_PORT: rabbitmq-server -detached"
  rabbitmq-server -detached < /dev/null 3>&- || true
  local deadline=$(( $(now) + 120 ))
  until rabbit_ready; do
    (( $(now) < deadline )) || { echo "RabbitMQ not ready after 120 s"; return 1; }
    sleep 2
  done
}

# ----------------------------------------------- databases and vhosts ----

create_database() {
  local db="$1"
  if [[ "$(psql_admin -d postgres -c "select 1 from pg_database where datname = '$db'")" != "1" ]]; then
    echo "creating database $db"
    psql_admin -d postgres -c "create database \"$db\""
  fi
}

recreate_database() {
  local db="$1"
  psql_admin -d postgres -c "drop database if exists \"$db\" with (force)"
  psql_admin -d postgres -c "create database \"$db\""
}

vhost_exists() { rabbitmqctl -q list_vhosts name 2>/dev/null | grep -qxF -- "$1"; }

create_vhost() {
  local vhost="$1"
  if ! vhost_exists "$vhost"; then
    echo "creating vhost $vhost"
    rabbitmqctl -q add_vhost "$vhost"
  fi
  rabbitmqctl -q set_permissions -p "$vhost" guest ".*" ".*" ".*"
}

recreate_vhost() {
  local vhost="$1"
  if vhost_exists "$vhost"; then rabbitmqctl -q delete_vhost "$vhost"; fi
  create_vhost "$vhost"
}

ensure_databases_and_vhosts() {
  local db vhost existing perms
  existing=$(psql_admin -d postgres -c 'select datname from pg_database')
  for db in "${DATABASES[@]}"; do
    grep -qxF -- "$db" <<<"$existing" || create_database "$db"
  done
  # one rabbitmqctl call (each takes ~2 s) covers the usual case: all present
  perms=$(rabbitmqctl -q list_user_permissions guest 2>/dev/null || true)
  for vhost in "${VHOSTS[@]}"; do
    grep -qxF -- "$vhost"$'\t.*\t.*\t.*' <<<"$perms" || create_vhost "$vhost"
  done
  upgrade_metrics_queue /
}

# upgrade_metrics_queue VHOST: metrics.flow-events was declared with x-delivery-limit 5 before 2026-11-25 and
# the services now declare 20; RabbitMQ refuses to redeclare a queue with other arguments. An empty old queue is
# deleted (the service declares it again); one with messages is left, with a warning, for the operator.
upgrade_metrics_queue() {
  local vhost="$1" line
  line=$(rabbitmqctl -q list_queues -p "$vhost" name arguments messages 2>/dev/null \
           | grep -P '^metrics\.flow-events\t' || true)
  [[ -n "$line" && "$line" == *'{"x-delivery-limit",5}'* ]] || return 0
  if [[ "${line##*$'\t'}" == 0 ]]; then
    note "deleting the empty queue metrics.flow-events of vhost $vhost: it has the old delivery limit 5"
    rabbitmqctl -q delete_queue -p "$vhost" metrics.flow-events > /dev/null
  else
    warn "queue metrics.flow-events of vhost $vhost has the old delivery limit 5 and ${line##*$'\t'} messages:" \
      "let metrics-service of the previous build drain it, then delete it (docs/operations.md)"
  fi
}
