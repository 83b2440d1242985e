#!/usr/bin/env bash
# Jixiao benchmark harness, end to end:   bench/run.sh            (full run, ~30 min, writes docs/performance.md)
#                                          bench/run.sh --smoke    (every step, tiny sizes, ~3 min; asserts no timing)
# Options after the first are passed to bench/bench.py (--only 13 runs steps 1 and 3). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
HOME_DIR="$ROOT/bench/target/home"
[ "${BENCH_PORT_OFFSET:-0}" = 0 ] || HOME_DIR="$ROOT/bench/target/home-$BENCH_PORT_OFFSET"
KC_VERSION="${JIXIAO_KEYCLOAK_VERSION:-26.5.6}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
export PG_BIN
mkdir -p "$HOME_DIR/logs" "$ROOT/bench/target"

say() { echo "[bench] $*"; }

# --- tools: wrk, psql/pgbench, python3, jcmd/jfr (from the JDK) ---------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x "$PG_BIN/pgbench" ] && [ -x "$PG_BIN/psql" ] || missing+=(postgresql-15 postgresql-client-15)
command -v python3 >/dev/null || missing+=(python3)
command -v ss >/dev/null || missing+=(iproute2)
command -v taskset >/dev/null || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (Debian packages)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y "${missing[@]}" >/dev/null; }
fi
for t in java jcmd jfr; do command -v $t >/dev/null || { echo "$t (JDK 17+) is required"; exit 1; }; done

# --- builds: only what is missing, never the whole tree ---------------------------------------------
# BENCH_SERVICES_ROOT=<checkout> benchmarks the packaged services of another checkout (e.g. a clean
# `git archive` of a commit); by default the services of this one, packaged here when missing.
SVC="${BENCH_SERVICES_ROOT:-$ROOT}"
need=()
for m in submission-service scoring-service reporting-service; do
  [ -f "$SVC/$m/target/quarkus-app/quarkus-run.jar" ] || need+=("$m")
done
[ -d "$SVC/deploy/launcher/target/lib" ] || need+=(deploy/launcher)
if [ ${#need[@]} -gt 0 ]; then
  say "packaging ${need[*]} in $SVC"
  (cd "$SVC" && ./mvnw -B -q -DskipTests package -pl "$(IFS=,; echo "${need[*]}")" -am)
fi
if [ ! -f "$SVC/reporting-service/target/test-classes/cn/jixiao/reporting/support/SyntheticDistrict.class" ]; then
  say "compiling reporting-service's tests (the synthetic district generator)"
  (cd "$SVC" && ./mvnw -B -q -DskipTests test-compile -pl reporting-service)
fi
CPFILE="$ROOT/bench/target/reporting-test-classpath.txt"
if [ ! -s "$CPFILE" ] || [ "$SVC/reporting-service/pom.xml" -nt "$CPFILE" ]; then
  (cd "$SVC" && ./mvnw -B -q -f reporting-service/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CPFILE")
fi
stale() { [ ! -f "$1" ] || [ -n "$(find "$2" -newer "$1" -type f -not -path '*/target/*' | head -n 1)" ]; }
if stale bench/bare-app/target/quarkus-app/quarkus-run.jar bench/bare-app; then
  say "building bench/bare-app"
  ./mvnw -B -q -f bench/bare-app/pom.xml -DskipTests package
fi
SCORING_JAR="$SVC/scoring-service/target/quarkus-app/app/scoring-service-1.0.0-SNAPSHOT.jar"
if stale bench/jmh/target/classpath.txt bench/jmh || [ "$SCORING_JAR" -nt bench/jmh/target/classpath.txt ]; then
  say "building bench/jmh"
  ./mvnw -B -q -f bench/jmh/pom.xml package -Dscoring.jar="$SCORING_JAR"
fi

export BENCH_SERVICES_ROOT="$SVC"

# --- Keycloak of the benchmark's own home (copied from ./jixiao's, or fetched once) --------------
KC_DIR="$HOME_DIR/keycloak-$KC_VERSION"
if [ ! -x "$KC_DIR/bin/kc.sh" ]; then
  if [ -x "$ROOT/.jixiao/keycloak-$KC_VERSION/bin/kc.sh" ]; then
    say "copying Keycloak $KC_VERSION from .jixiao"
    cp -r "$ROOT/.jixiao/keycloak-$KC_VERSION" "$KC_DIR"
    rm -rf "$KC_DIR/data"
  else
    say "fetching Keycloak $KC_VERSION from Maven Central (once)"
    ./mvnw -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$HOME_DIR"
    (cd "$HOME_DIR" && jar xf "keycloak-quarkus-dist-$KC_VERSION.zip" && rm -f "keycloak-quarkus-dist-$KC_VERSION.zip")
  fi
  chmod +x "$KC_DIR"/bin/*.sh
fi

exec python3 -u bench/bench.py "$@"
