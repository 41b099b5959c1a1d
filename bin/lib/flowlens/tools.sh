# shellcheck shell=bash
# The tools module (tools/, package dev.flowlens.tools): the Java programs of bin/ (benchmarks, demo data, fault
# driver), compiled by Maven, and the classpaths of the micro-benchmarks that run from a module's test classes.
# Sourced by bin/flowlens, bin/tools and bin/bench-{calc,codec,memory}; needs nothing else of bin/lib/flowlens.

# tools_build ROOT: builds the module (mvn -pl tools package) unless it was built since its sources or the poms last
# changed (tools/target/tools.stamp: Maven leaves classpath.txt and the jar alone when their content is the same).
# FLOWLENS_MVN_OFFLINE=1 builds with -o. Maven's output goes to stderr.
tools_build() {
  local root="$1" stamp="$1/tools/target/tools.stamp"
  if [[ -f "$stamp" && -s "$root/tools/target/classpath.txt" \
        && -z "$(find "$root/tools/src/main" "$root/tools/pom.xml" "$root/pom.xml" -newer "$stamp" -print -quit)" ]]; then
    return 0
  fi
  local mvn=(mvn -B -q)
  if [[ -n "${FLOWLENS_MVN_OFFLINE:-}" ]]; then mvn+=(-o); fi
  echo "building the tools module (mvn -pl tools package)" >&2
  "${mvn[@]}" -f "$root/pom.xml" -pl tools package -DskipTests >&2
  touch "$stamp"
}

# tools_java ROOT [JVM_OPTION...] PROGRAM [ARG...]: runs dev.flowlens.tools.PROGRAM (e.g. bench.MetricsBench) with
# the module's classes and dependencies, building it first when needed.
tools_java() {
  local root="$1" jvm=() program
  shift
  while [[ $# -gt 0 && "$1" == -* ]]; do jvm+=("$1"); shift; done
  if [[ $# -eq 0 ]]; then
    echo "usage: bin/tools [JVM_OPTION...] PROGRAM [ARG...]   (PROGRAM: bench.IngestBench, bench.MetricsBench," \
      "bench.ScaleBench, bench.WebhookBench, bench.JfrTop, demo.DemoData, faults.FaultDriver)" >&2
    return 2
  fi
  program="$1"
  shift
  tools_build "$root" || return 1
  java "${jvm[@]}" -cp "$root/tools/target/classes:$(<"$root/tools/target/classpath.txt")" \
    "dev.flowlens.tools.$program" "$@"
}

# module_test_classpath ROOT MODULE NAME: compiles MODULE's main and test classes with the reactor modules it uses
# (mvn -am test-compile; SKIP_BUILD=1 skips it) and prints the classpath that runs one of its test-scope programs
# (the micro-benchmarks of bin/bench-calc, bin/bench-codec, bin/bench-memory): its classes, its test classes and its
# test-scope dependencies, resolved into MODULE/target/NAME.classpath (reactor modules as their target/classes) once
# and again after a change to the poms.
# Maven runs offline (-o) and writes to stderr.
module_test_classpath() {
  local root="$1" module="$2" name="$3"
  local mvn=(mvn -B -q -o -f "$root/pom.xml" -pl "$module" -am)
  if [[ "${SKIP_BUILD:-}" != "1" ]]; then
    "${mvn[@]}" test-compile >&2
  fi
  local cp="$root/$module/target/$name.classpath"
  # resolved again when a pom changed since (a new dependency would be missing from it)
  if [[ ! -s "$cp" || "$root/pom.xml" -nt "$cp" || "$root/$module/pom.xml" -nt "$cp" ]]; then
    # a relative output file: each module of the reactor writes its own target/ file, MODULE's is the one read
    "${mvn[@]}" compile dependency:build-classpath -Dmdep.outputFile="target/$name.classpath" \
      -Dmdep.includeScope=test -Dmdep.regenerateFile=true >&2
  fi
  printf '%s:%s:%s' "$root/$module/target/classes" "$root/$module/target/test-classes" \
    "$(<"$root/$module/target/$name.classpath")"
}
