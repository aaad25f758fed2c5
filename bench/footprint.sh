#!/usr/bin/env bash
# Footprint (issue 9): one JVM in sandbox mode (web + worker + both emulators + embedded
# PostgreSQL), a fresh data dir. Reports time from `java` start to /actuator/health = UP,
# then applies N HerokuApps (default 200; FOOTPRINT_RESOURCES=1000 for the issue's figure),
# waits until all are Ready (at most FOOTPRINT_WAIT s) and reads peak RSS (VmHWM), RSS and heap from the running JVM.
# Usage: ./mvnw -B -q -DskipTests package && bench/footprint.sh [N]
set -euo pipefail
N=${1:-${FOOTPRINT_RESOURCES:-200}}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR=${FOOTPRINT_JAR:-$(ls target/tether-*.jar | grep -v original | head -1)}
DATA=$(mktemp -d /tmp/tether-footprint.XXXXXX)
PORT=${FOOTPRINT_PORT:-18080}
TOKEN=bench-token-$RANDOM$RANDOM
export TETHER_MODE=sandbox TETHER_DATA_DIR=$DATA TETHER_API_TOKEN=$TOKEN PORT=$PORT
export TETHER_SANDBOX_HEROKU_PORT=$((PORT+1)) TETHER_SANDBOX_KONG_ADMIN_PORT=$((PORT+2)) TETHER_SANDBOX_KONG_PROXY_PORT=$((PORT+3))
start=$(date +%s.%N)
"$JAVA" ${FOOTPRINT_JAVA_OPTS:-} -jar "$JAR" > "$DATA/tether.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; sleep 5; kill -9 $PID 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -fs "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"UP"'; do
  kill -0 $PID 2>/dev/null || { echo "JVM exited"; tail -30 "$DATA/tether.log"; exit 1; }
  sleep 0.1
done
ready=$(date +%s.%N)
rss_idle=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
echo "time to ready: $(echo "$ready - $start" | bc) s; RSS at ready: $((rss_idle/1024)) MB"
manifest=$DATA/apps.yaml
for i in $(seq 1 "$N"); do
  printf 'apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata: {name: fp-app-%d}\nspec:\n  configVars: {A: "1", B: "2"}\n---\n' "$i"
done | head -n -1 > "$manifest"
astart=$(date +%s.%N)
curl -fs -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/yaml' \
  --data-binary @"$manifest" "http://127.0.0.1:$PORT/api/v1/manifests"
WAIT=${FOOTPRINT_WAIT:-180}   # the sandbox account's 4,500 calls/h budget paces large topologies
while :; do
  n=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/resources?kind=HerokuApp" \
      | grep -o '"ready":"True"' | wc -l || true)
  [ "$n" -ge "$N" ] && break
  [ "$(echo "$(date +%s.%N) - $astart > $WAIT" | bc)" = 1 ] && break
  kill -0 $PID 2>/dev/null || { echo "JVM exited"; exit 1; }
  sleep 1
done
aend=$(date +%s.%N)
hwm=$(awk '/VmHWM/{print $2}' /proc/$PID/status)
rss=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
heap=$("${JAVA%/java}/jcmd" $PID GC.heap_info 2>/dev/null | grep -iE 'heap|used' | head -3 | tr -s ' ' | tr '\n' ';')
echo "resources: $N HerokuApps applied; $n Ready after $(echo "$aend - $astart" | bc) s"
echo "peak RSS (VmHWM): $((hwm/1024)) MB; RSS now: $((rss/1024)) MB"
echo "heap: $heap"
