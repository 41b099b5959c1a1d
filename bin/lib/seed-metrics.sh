# shellcheck shell=bash
# bin/lib/seed-metrics.sh: what bin/bench-cache-load and bin/bench-scale share to write a metrics-service database
# with bin/lib/seed-metrics.sql and to know it again later by the comment they put on it. Sourced.

psql_admin() { psql -h 127.0.0.1 -p 5432 -U postgres -w -v ON_ERROR_STOP=1 -qtA "$@"; }

# db_comment DB: the comment on the database DB (empty when it has none or does not exist)
db_comment() {
  psql_admin -d postgres -c "select shobj_description(oid, 'pg_database') from pg_database where datname = '$1'"
}

# db_size DB: the database's size, for people
db_size() { psql_admin -d postgres -c "select pg_size_pretty(pg_database_size('$1'))"; }

# seed_metrics DB ITEMS STREAM_ITEMS STREAM_CHANGES STREAM_DEPLOYMENTS PROJECT_STREAMS EVERYTHING ANCHOR: writes the
# facts into DB, which holds metrics-service's schema and no facts (the variables: bin/lib/seed-metrics.sql)
seed_metrics() {
  psql_admin -d "$1" -f "$(dirname "${BASH_SOURCE[0]}")/seed-metrics.sql" -v items="$2" -v stream_items="$3" \
    -v stream_changes="$4" -v stream_deployments="$5" -v project_streams="$6" -v everything="$7" -v anchor="$8" \
    -v revision="$(( $(date +%s) * 1000000 ))"
}
