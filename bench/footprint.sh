#!/usr/bin/env bash
# Footprint (issue 9, DESIGN §7): what one Tether dyno running web + worker uses with N resources.
#
#   ./mvnw -B -q -DskipTests package && bench/footprint.sh [N]        (N defaults to 1000)
#
# Tether runs exactly as the Procfile's `web` line starts it (bin/dyno, the Procfile's JVM flags,
# role `web`) with TETHER_LOOP_ENABLED=true, the single-dyno mode, in live mode against the
# Heroku and Kong emulators running in a JVM of their own (`java -jar … emulators`), so the
# figures are Tether's alone. Its database is the embedded PostgreSQL under a data dir of its own
# (separate processes, reported apart). MALLOC_ARENA_MAX=2 is set, as Heroku's JVM buildpack does.
#
# 1. first start: target/dyno removed (so bin/dyno unpacks the jar and has no class data
#    sharing archive, like a dyno after a deploy) and a fresh data dir (initdb + Flyway);
# 2. N resources applied, a quarter each of HerokuApp, ApiKey (targets that app's
#    INTERNAL_API_KEY), KongService (upstream that app, apiKeyRef that key, one route) and
#    KongConsumer (one key-auth key); waits until all N are Ready (at most FOOTPRINT_WAIT s).
#    The sandbox Heroku account's 4,500-calls budget would pace this for more than an hour, so
#    the script refills it every 2 s through the emulator's DELETE /__sandbox/rate-limit;
# 3. peak RSS (VmHWM), RSS, heap (used, committed, live after a full GC), threads; SIGTERM;
# 4. warm start: same data dir (N resources stored), the archive made at the first exit;
# 5. fresh data dir again, with the archive: what initdb + Flyway add.
set -euo pipefail
N=${1:-${FOOTPRINT_RESOURCES:-1000}}
Q=$(( (N + 3) / 4 ))
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH=$JAVA_HOME/bin:$PATH
cd "$(dirname "$0")/.."
JAR=target/tether-0.1.0-SNAPSHOT.jar
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw -B -q -DskipTests package"; exit 1; }
grep -q "^web: .*-jar $JAR web" Procfile || { echo "the Procfile's web line does not run $JAR"; exit 1; }
WORK=$(mktemp -d /tmp/tether-footprint.XXXXXX)
PORT=${FOOTPRINT_PORT:-18080}
WAIT=${FOOTPRINT_WAIT:-1800}
export MALLOC_ARENA_MAX=2 JAVA_OPTS=${FOOTPRINT_JAVA_OPTS:-}
export TETHER_MODE=live HEROKU_API_KEY=bench-heroku-$RANDOM$RANDOM TETHER_API_TOKEN=bench-api-$RANDOM$RANDOM
export TETHER_ENCRYPTION_KEY=bench-encryption-$RANDOM$RANDOM TETHER_LOOP_ENABLED=true PORT
export TETHER_SANDBOX_HEROKU_PORT=$((PORT+1)) TETHER_SANDBOX_KONG_ADMIN_PORT=$((PORT+2)) TETHER_SANDBOX_KONG_PROXY_PORT=$((PORT+3))
export TETHER_HEROKU_API_URL=http://127.0.0.1:$((PORT+1)) KONG_ADMIN_URL=http://127.0.0.1:$((PORT+2)) KONG_PROXY_URL=http://127.0.0.1:$((PORT+3))
API=http://127.0.0.1:$PORT
EMU_PID=; PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && sleep 5 && kill -9 "$PID" 2>/dev/null
  [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null
  sleep 1; rm -rf "$WORK"
}
trap cleanup EXIT
kb() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$2/status"; }
mb() { echo $(( $1 / 1024 )); }
cpu() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat"; }
secs() { echo "$(date +%s.%N) - $1" | bc | xargs printf '%.1f'; }

java -XX:+UseSerialGC -Xmx512m -jar "$JAR" emulators > "$WORK/emulators.log" 2>&1 &
EMU_PID=$!
until curl -fs "$TETHER_HEROKU_API_URL/__sandbox/rate-limit" > /dev/null 2>&1 && curl -fs "$KONG_ADMIN_URL/" > /dev/null 2>&1; do
  kill -0 $EMU_PID 2>/dev/null || { echo "emulators exited"; cat "$WORK/emulators.log"; exit 1; }
  sleep 0.2
done

WEB=$(grep '^web:' Procfile | cut -d' ' -f2-)
start_tether() { # $1 label, $2 data dir
  export TETHER_DATA_DIR=$2
  local t0; t0=$(date +%s.%N)
  bash -c "exec $WEB" > "$WORK/$1.log" 2>&1 &
  PID=$!
  until curl -fs "$API/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 $PID 2>/dev/null || { echo "Tether exited"; tail -30 "$WORK/$1.log"; exit 1; }
    sleep 0.1
  done
  echo "$1: ready in $(secs "$t0") s (CPU $(cpu $PID) s); RSS at ready $(mb "$(kb VmRSS $PID)") MB, threads $(kb Threads $PID); load $(cut -d' ' -f1 /proc/loadavg)"
  phases "$t0" "$WORK/$1.log"
}
# where the start-up time went, from Tether's own log lines (seconds after `bin/dyno` was run)
phases() {
  local out="  phases (s):" prev=$1 at label
  for step in "JVM up=Starting TetherApplication" "configuration read=Bootstrapping Spring Data JPA" \
      "repositories scanned=Tomcat initialized" "PostgreSQL up=Embedded PostgreSQL on " \
      "Flyway=Successfully applied|Schema .* is up to date|No migration necessary" \
      "Hibernate=Initialized JPA EntityManagerFactory" "other beans=Tomcat started" "loop started=Started TetherApplication"; do
    label=${step%%=*}
    at=$(grep -m1 -E "${step#*=}" "$2" | cut -c1-24 || true)
    [ -z "$at" ] && continue
    at=$(date -d "$at" +%s.%N)
    out="$out $label +$(echo "$at - $prev" | bc | xargs printf '%.1f');"
    prev=$at
  done
  echo "$out"
}
stop_tether() {
  kill $PID; while kill -0 $PID 2>/dev/null; do sleep 0.2; done; PID=
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "Tether: $WEB"
rm -rf target/dyno
start_tether "first start (jar unpacked now, no CDS archive, fresh data dir)" "$WORK/data"

manifest=$WORK/topology.yaml
for i in $(seq 1 "$Q"); do
  cat <<EOF
apiVersion: tether.dev/v1
kind: HerokuApp
metadata: {name: fp-app-$i, labels: {topology: footprint}}
spec:
  configVars: {A: "1", B: "2"}
---
apiVersion: tether.dev/v1
kind: ApiKey
metadata: {name: fp-key-$i, labels: {topology: footprint}}
spec:
  targets: [{app: fp-app-$i}]
---
apiVersion: tether.dev/v1
kind: KongService
metadata: {name: fp-svc-$i, labels: {topology: footprint}}
spec:
  upstream: {app: fp-app-$i}
  apiKeyRef: fp-key-$i
  routes: [{name: fp-route-$i, paths: [/fp-$i]}]
---
apiVersion: tether.dev/v1
kind: KongConsumer
metadata: {name: fp-con-$i, labels: {topology: footprint}}
spec:
  username: fp-con-$i
  keyAuth: [{name: primary}]
---
EOF
done | head -n -1 > "$manifest"
total=$((4 * Q))
t0=$(date +%s.%N)
curl -fs -o /dev/null -X POST -H "Authorization: Bearer $TETHER_API_TOKEN" -H 'Content-Type: application/yaml' \
  --data-binary @"$manifest" "$API/api/v1/manifests"
echo "applied $total resources ($Q of each kind) in $(secs "$t0") s"
refills=0; n=0; last=0
while :; do
  curl -fs -o /dev/null -X DELETE "$TETHER_HEROKU_API_URL/__sandbox/rate-limit" && refills=$((refills + 1))
  if [ $(( $(date +%s) - last )) -ge 5 ]; then
    last=$(date +%s)
    n=$(curl -fs -H "Authorization: Bearer $TETHER_API_TOKEN" "$API/api/v1/resources" | grep -o '"ready":"True"' | wc -l || true)
    [ "$n" -ge "$total" ] && break
  fi
  [ "$(echo "$(date +%s.%N) - $t0 > $WAIT" | bc)" = 1 ] && break
  kill -0 $PID 2>/dev/null || { echo "Tether exited"; exit 1; }
  sleep 2
done
echo "$n of $total Ready after $(secs "$t0") s (Heroku budget refilled $refills times, every 2 s)"
heap() { jcmd $PID GC.heap_info 2>/dev/null | awk '/generation|^DefNew|^Tenured/ {for (i=1;i<=NF;i++) {if ($i=="total") t+=$(i+1); if ($i=="used") u+=$(i+1)}} END {printf "used %d MB of %d MB committed", u/1024, t/1024}'; }
echo "peak RSS (VmHWM): $(mb "$(kb VmHWM $PID)") MB; RSS now: $(mb "$(kb VmRSS $PID)") MB; threads: $(kb Threads $PID); CPU so far $(cpu $PID) s"
echo "heap: $(heap)"
jcmd $PID GC.run > /dev/null 2>&1 || true
echo "heap after a full GC (live set): $(heap)"
pg=$(pgrep -f "postgres -D $WORK/data" | head -1 || true)
if [ -n "$pg" ]; then
  echo "embedded PostgreSQL (not in the figures above): $(ps -o rss= --pid "$pg" --ppid "$pg" | awk '{s+=$1} END {printf "%d MB", s/1024}') RSS summed over its $(ps -o pid= --pid "$pg" --ppid "$pg" | wc -l) processes (shared buffers counted in each)"
fi
echo "emulators JVM (not in the figures above): RSS $(mb "$(kb VmRSS $EMU_PID)") MB"
stop_tether

start_tether "warm start (CDS archive from the first exit, data dir with $total resources)" "$WORK/data"
sleep 20
echo "  20 s later, the loop resyncing: peak RSS $(mb "$(kb VmHWM $PID)") MB"
stop_tether
start_tether "fresh data dir, CDS archive present (initdb + Flyway)" "$WORK/data2"
stop_tether
