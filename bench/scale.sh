#!/usr/bin/env bash
# Scale (issue 20, DESIGN §7): N HerokuApps + N ApiKeys + N KongServices kept by THREE worker
# processes and one web process on ONE PostgreSQL, against the emulators running standalone.
#
#   ./mvnw -B -q -DskipTests package && bench/scale.sh [N]        (N defaults to 1000)
#
# Settings (environment): SCALE_WINDOW (minutes of steady state counted, default 10),
# SCALE_PORT (base port, default 18180: Tether's web, then Heroku, Kong Admin, Kong proxy),
# SCALE_CONVERGE_WAIT (seconds the converge may take before the run gives up, default 3600),
# SCALE_BATCH (apps, with their keys and services, per POST; default 333: 999 documents).
# Writes target/bench/scale.md (also printed) and keeps every process's log in target/bench/scale-logs/.
#
# 1. The emulators in a JVM of their own (`java -jar … emulators`), 50 ms injected on every Heroku
#    and Kong Admin call through their control surfaces (PUT /__sandbox/faults {"latency_ms":50}
#    on each, as the bench harness does), their world in memory.
# 2. One web process, exactly as the Procfile's `web` line starts it (bin/dyno, the Procfile's JVM
#    flags, role `web`, its loop off: TETHER_LOOP_ENABLED unset), live mode against the emulators.
#    Its embedded PostgreSQL (password generated, kept in its data dir) is the ONE database: the
#    three workers reach it through DATABASE_URL, as dynos reach Heroku Postgres.
# 3. Three worker processes, exactly as the Procfile's `worker` line starts them (role `worker`,
#    the loop's own default number of concurrent passes: TETHER_WORKERS is not set).
# 4. N of each kind, the topology of ConvergeAndDriftBench (an app with a build of the sample app,
#    6 config vars, web × 1 Basic, a Postgres add-on, a domain; an ApiKey on its INTERNAL_API_KEY;
#    a KongService in front of it with 2 routes and the key injected), applied in POSTs of at most
#    999 documents; timed until all 3N are Ready at their generation. The sandbox account's
#    4,500 calls/h would pace this for hours, so the Heroku budget is refilled every 2 s
#    (DELETE /__sandbox/rate-limit) DURING THE CONVERGE ONLY.
# 5. Steady state: once every app's next look is its webhook safety poll, their phases are spread
#    evenly over one safety interval (ThriftBench's note: right after a converge they are bunched
#    30 min ahead, and a window shorter than that would see none); then SCALE_WINDOW minutes
#    counted by the Heroku emulator, budget NOT refilled.
# 6. Queue wait (due → claim) from each worker's `measure=queue-wait` log lines (tether.queue.wait,
#    cumulative buckets, summed over the workers); RSS (VmHWM, VmRSS) of every Tether process.
set -euo pipefail
N=${1:-${SCALE_APPS:-1000}}
WINDOW=${SCALE_WINDOW:-10}
WORKERS=3
LATENCY_MS=50
SAFETY_MIN=30 # TETHER_WEBHOOK_SAFETY_RESYNC's default, which this run keeps
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH=$JAVA_HOME/bin:$PATH
cd "$(dirname "$0")/.."
JAR=target/tether-0.1.0-SNAPSHOT.jar
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw -B -q -DskipTests package"; exit 1; }
for tool in curl jq bc; do
  command -v $tool > /dev/null || { echo "scale.sh needs $tool"; exit 1; }
done
WEB=$(grep '^web:' Procfile | cut -d' ' -f2-)
WORKER=$(grep '^worker:' Procfile | cut -d' ' -f2-)
[[ "$WEB" == *"-jar $JAR web" ]] && [[ "$WORKER" == *"-jar $JAR worker" ]] || { echo "the Procfile's web/worker lines do not run $JAR"; exit 1; }
PSQL=$(command -v psql || true)

WORK=$(mktemp -d /tmp/tether-scale.XXXXXX)
LOGS=target/bench/scale-logs
OUT=target/bench/scale.md
mkdir -p target/bench && rm -rf "$LOGS" && mkdir -p "$LOGS"
PORT=${SCALE_PORT:-18180}
API=http://127.0.0.1:$PORT
HEROKU=http://127.0.0.1:$((PORT+1))
KONG=http://127.0.0.1:$((PORT+2))
export MALLOC_ARENA_MAX=2 JAVA_OPTS=${SCALE_JAVA_OPTS:-}
export TETHER_MODE=live HEROKU_API_KEY=bench-heroku-$RANDOM$RANDOM TETHER_API_TOKEN=bench-api-$RANDOM$RANDOM
export TETHER_ENCRYPTION_KEY=bench-encryption-$RANDOM$RANDOM$RANDOM
export TETHER_SANDBOX_HEROKU_PORT=$((PORT+1)) TETHER_SANDBOX_KONG_ADMIN_PORT=$((PORT+2)) TETHER_SANDBOX_KONG_PROXY_PORT=$((PORT+3))
export TETHER_HEROKU_API_URL=$HEROKU KONG_ADMIN_URL=$KONG KONG_PROXY_URL=http://127.0.0.1:$((PORT+3))
export TETHER_PUBLIC_URL=$API            # where the Heroku emulator delivers app webhooks: the web process
export TETHER_QUEUE_WAIT_LOG_EVERY=5s    # how fresh the workers' queue-wait lines are (default 1m)
unset TETHER_WORKERS TETHER_LOOP_ENABLED DATABASE_URL TETHER_DATA_DIR

EMU_PID=; WEB_PID=; WORKER_PIDS=(); REFILL_PID=
cleanup() {
  local p
  [ -n "$REFILL_PID" ] && kill "$REFILL_PID" 2>/dev/null || true
  for p in "${WORKER_PIDS[@]}" $WEB_PID $EMU_PID; do kill "$p" 2>/dev/null || true; done
  for p in "${WORKER_PIDS[@]}" $WEB_PID $EMU_PID; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
  done
  cp "$WORK"/*.log "$LOGS"/ 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
RUN_T0=$(date +%s)
kb() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$2/status"; }
mb() { echo $(( $1 / 1024 )); }
secs() { echo "$(date +%s.%N) - $1" | bc | xargs printf '%.1f'; }
heroku_calls() { curl -fs "$HEROKU/__sandbox/calls"; }
kong_calls() { curl -fs "$KONG/__sandbox/calls"; }
# count of one endpoint in a calls document: $1 json, $2 method, $3 path template
count() { jq -r --arg m "$2" --arg p "$3" '[.calls[] | select(.method == $m and .path == $p) | .count] | add // 0' <<< "$1"; }
sql() { PGPASSWORD=$PGPASS "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -Atqc "$1"; }
tether() { curl -fs -H "Authorization: Bearer $TETHER_API_TOKEN" "$API$1"; }
: > "$OUT"

# ----- 1. emulators
java -XX:+UseSerialGC -Xmx1g -jar "$JAR" emulators > "$WORK/emulators.log" 2>&1 &
EMU_PID=$!
until curl -fs "$HEROKU/__sandbox/rate-limit" > /dev/null 2>&1 && curl -fs "$KONG/" > /dev/null 2>&1; do
  kill -0 $EMU_PID 2>/dev/null || { echo "emulators exited"; tail -30 "$WORK/emulators.log"; exit 1; }
  sleep 0.2
done
curl -fs -o /dev/null -X PUT -H 'Content-Type: application/json' -d "{\"latency_ms\":$LATENCY_MS}" "$HEROKU/__sandbox/faults"
curl -fs -o /dev/null -X PUT -H 'Content-Type: application/json' -d "{\"latency_ms\":$LATENCY_MS}" "$KONG/__sandbox/faults"

# ----- 2. web, whose embedded PostgreSQL every process shares
t_start=$(date +%s.%N)
TETHER_DATA_DIR=$WORK/web PORT=$PORT bash -c "exec $WEB" > "$WORK/web.log" 2>&1 &
WEB_PID=$!
until curl -fs "$API/actuator/health" 2>/dev/null | grep -q '"UP"'; do
  kill -0 $WEB_PID 2>/dev/null || { echo "web exited"; tail -30 "$WORK/web.log"; exit 1; }
  sleep 0.2
done
PGPORT=$(grep -m1 -o 'Embedded PostgreSQL on 127.0.0.1:[0-9]*' "$WORK/web.log" | grep -o '[0-9]*$') \
  || { echo "web.log names no embedded PostgreSQL port (\"Embedded PostgreSQL on 127.0.0.1:<port>\")"; exit 1; }
PGPASS=$(cat "$WORK/web/postgres-password")
echo "web ready in $(secs "$t_start") s; PostgreSQL on 127.0.0.1:$PGPORT"

# ----- 3. three workers on that database
t_start=$(date +%s.%N)
for i in $(seq 1 $WORKERS); do
  DATABASE_URL="postgres://postgres:$PGPASS@127.0.0.1:$PGPORT/postgres" TETHER_DATA_DIR=$WORK/worker-$i \
    bash -c "exec $WORKER" > "$WORK/worker-$i.log" 2>&1 &
  WORKER_PIDS+=($!)
done
for i in $(seq 1 $WORKERS); do
  until grep -q 'Control loop started' "$WORK/worker-$i.log"; do
    kill -0 "${WORKER_PIDS[$((i-1))]}" 2>/dev/null || { echo "worker $i exited"; tail -30 "$WORK/worker-$i.log"; exit 1; }
    sleep 0.2
  done
done
LOOP_STARTED=$(grep -m1 -o 'Control loop started[^;]*' "$WORK/worker-1.log" || echo "Control loop started")
echo "$WORKERS workers up in $(secs "$t_start") s; each: $LOOP_STARTED (Tether's default: TETHER_WORKERS unset)"

# ----- 4. converge from empty
docs() { # $1 first index, $2 last index
  local i
  for i in $(seq "$1" "$2"); do
    cat <<EOF
apiVersion: tether.dev/v1
kind: HerokuApp
metadata: {name: scale-app-$i, labels: {topology: scale}}
spec:
  release: {build: {sourceUrl: "file:manifests/sample-app.tgz", version: sample-1}}
  configVars: {A: "1", B: "2", C: "3", D: "4", E: "5", F: "6"}
  formation: {web: {quantity: 1, size: Basic}}
  addons: [{plan: "heroku-postgresql:essential-0", as: DATABASE}]
  domains: [scale-app-$i.example.com]
---
apiVersion: tether.dev/v1
kind: ApiKey
metadata: {name: scale-key-$i, labels: {topology: scale}}
spec:
  targets: [{app: scale-app-$i}]
---
apiVersion: tether.dev/v1
kind: KongService
metadata: {name: scale-svc-$i, labels: {topology: scale}}
spec:
  upstream: {app: scale-app-$i}
  apiKeyRef: scale-key-$i
  routes:
    - {name: scale-svc-$i-a, paths: [/scale-svc-$i/a]}
    - {name: scale-svc-$i-b, paths: [/scale-svc-$i/b]}
---
EOF
  done | head -n -1
}
BATCH=${SCALE_BATCH:-333} # triples per POST: 999 documents, under TETHER_API_MAX_DOCUMENTS (1000) and 1 MiB
manifests=()
for first in $(seq 0 $BATCH $((N - 1))); do
  last=$(( first + BATCH - 1 < N - 1 ? first + BATCH - 1 : N - 1 ))
  docs "$first" "$last" > "$WORK/manifest-$first.yaml"
  manifests+=("$WORK/manifest-$first.yaml")
done
ready_count() {
  tether "/api/v1/resources?label=topology=scale" \
    | jq '[.items[] | select(.status.ready == "True" and .status.observedGeneration == .generation)] | length'
}
curl -fs -o /dev/null -X DELETE "$HEROKU/__sandbox/calls"
curl -fs -o /dev/null -X DELETE "$KONG/__sandbox/calls"
curl -fs -o /dev/null -X DELETE "$HEROKU/__sandbox/rate-limit"
echo "applying $((3 * N)) resources in ${#manifests[@]} POST(s); load $(cut -d' ' -f1-3 /proc/loadavg)"
# the budget refill runs on its own, every 2 s, whatever the readiness poll costs
( while :; do curl -fs -o /dev/null -X DELETE "$HEROKU/__sandbox/rate-limit" && echo >> "$WORK/refills"; sleep 2; done ) &
REFILL_PID=$!
t0=$(date +%s.%N)
for m in "${manifests[@]}"; do
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $TETHER_API_TOKEN" -H 'Content-Type: application/yaml' \
    --data-binary @"$m" "$API/api/v1/manifests"
done
applied_s=$(secs "$t0")
ready=0
CONVERGE_WAIT=${SCALE_CONVERGE_WAIT:-3600}
while :; do
  ready=$(ready_count || true); ready=${ready:-0}
  [ "$ready" -ge $((3 * N)) ] && break
  [ "$(echo "$(date +%s.%N) - $t0 > $CONVERGE_WAIT" | bc)" = 1 ] && break
  for p in $WEB_PID "${WORKER_PIDS[@]}"; do kill -0 "$p" 2>/dev/null || { echo "a Tether process exited"; exit 1; }; done
  sleep 2
done
wall=$(echo "$(date +%s.%N) - $t0" | bc)
kill $REFILL_PID; wait $REFILL_PID 2>/dev/null || true; REFILL_PID=
refills=$(wc -l < "$WORK/refills")
converge_load=$(cut -d' ' -f1-3 /proc/loadavg)
HEROKU_CONVERGE=$(heroku_calls)
KONG_CONVERGE=$(kong_calls)
echo "converged: $ready of $((3 * N)) Ready after $(printf '%.1f' "$wall") s (Heroku budget refilled $refills times)"
sleep 6 # one TETHER_QUEUE_WAIT_LOG_EVERY: each worker's line now counts every claim of the converge
waits_now() { # the newest cumulative queue-wait line of each worker
  local i
  for i in $(seq 1 $WORKERS); do grep -o 'measure=queue-wait.*' "$WORK/worker-$i.log" | tail -1 || true; done
}
WAIT_CONVERGE=$(waits_now)

# ----- 5. steady state
settled="not checked (no psql)"; spread="not spread (no psql: the window sees the polls as the converge left them)"
expected_polls="?"
safety_sql="interval '$SAFETY_MIN minutes'"
if [ -n "$PSQL" ]; then
  # settled: every app's next look is its safety poll (at least 2/3 of an interval ahead), none claimed
  for _ in $(seq 1 150); do
    left=$(sql "SELECT count(*) FROM work_queue WHERE kind = 'HerokuApp'
                AND (due_at < now() + $safety_sql * 2 / 3 OR claimed_by IS NOT NULL)")
    [ "$left" = 0 ] && break
    sleep 2
  done
  settled=$([ "$left" = 0 ] && echo "all $N apps' next look was their safety poll" \
    || echo "**$left of $N apps still had a pass due within 20 min** after 5 min of waiting (not hooked or still working): counted as they are")
  sql "WITH ranked AS (SELECT kind, name, row_number() OVER (ORDER BY name) AS i, count(*) OVER () AS n
                       FROM work_queue WHERE kind = 'HerokuApp' AND claimed_by IS NULL AND due_at >= now() + $safety_sql * 2 / 3)
       UPDATE work_queue q SET due_at = now() + $safety_sql * ((r.i - 0.5) / r.n)::float8
       FROM ranked r WHERE q.kind = r.kind AND q.name = r.name" > /dev/null
  spread="spread evenly over one $SAFETY_MIN-minute safety interval (the queue rows' due times only; the polls are the loop's own)"
  expected_polls=$(awk -v n="$N" -v w="$WINDOW" -v s="$SAFETY_MIN" 'BEGIN {c = 0; for (i = 1; i <= n; i++) if ((i - 0.5) / n * s < w) c++; print c}')
fi
curl -fs -o /dev/null -X DELETE "$HEROKU/__sandbox/calls"
curl -fs -o /dev/null -X DELETE "$KONG/__sandbox/calls"
budget_at_window=$(curl -fs "$HEROKU/__sandbox/rate-limit" | jq -r '[.accounts[]] | min')
WAIT_WINDOW_START=$(waits_now)
echo "steady-state window: $WINDOW min from $(date -u +%H:%M:%S) UTC"
sleep $((WINDOW * 60)) # the measurement window itself, not a wait for a condition
HEROKU_WINDOW=$(heroku_calls)
KONG_WINDOW=$(kong_calls)
window_load=$(cut -d' ' -f1-3 /proc/loadavg)
sleep 6
WAIT_WINDOW_END=$(waits_now)

# ----- 6. what exists, memory
apps_json=$(
  range="name ..; max=1000"
  while :; do
    page=$(curl -fs -D "$WORK/headers" -H "Authorization: Bearer $HEROKU_API_KEY" -H 'Accept: application/vnd.heroku+json; version=3' \
      -H "Range: $range" "$HEROKU/apps")
    echo "$page"
    range=$(grep -i '^Next-Range:' "$WORK/headers" | cut -d' ' -f2- | tr -d '\r' || true)
    [ -z "$range" ] && break
  done | jq -s 'add')
kong_list() { # every Tether-owned entity of one type, all pages
  local next="/$1?tags=managed-by-tether&size=1000"
  while [ -n "$next" ] && [ "$next" != null ]; do
    case $next in http*) ;; *) next=$KONG$next ;; esac
    page=$(curl -fs "$next")
    jq '.data' <<< "$page"
    next=$(jq -r '.next // empty' <<< "$page")
  done | jq -s 'add // []'
}
services_json=$(kong_list services); routes_json=$(kong_list routes); plugins_json=$(kong_list plugins)
rss_lines=()
for i in $(seq 1 $WORKERS); do
  p=${WORKER_PIDS[$((i-1))]}
  rss_lines+=("| worker $i | $(mb "$(kb VmHWM "$p")") MB | $(mb "$(kb VmRSS "$p")") MB | $(kb Threads "$p") |")
done
rss_lines+=("| web | $(mb "$(kb VmHWM "$WEB_PID")") MB | $(mb "$(kb VmRSS "$WEB_PID")") MB | $(kb Threads "$WEB_PID") |")
pg=$(pgrep -f "postgres -D $WORK/web" | head -1 || true)
pg_rss=$([ -n "$pg" ] && ps -o rss= --pid "$pg" --ppid "$pg" | awk '{s+=$1} END {printf "%d MB summed over %d processes (shared buffers counted in each)", s/1024, NR}' || echo "?")
emu_rss="$(mb "$(kb VmRSS "$EMU_PID")") MB"

# ----- figures
# critical path at parallelism 10, as ConvergeAndDriftBench computes it: each resource's calls in
# sequence (an app 7, a service 4, at 50 ms), an app's service after it, list-scheduled on 10 lanes
PER_APP=7; PER_SVC=4
critical=$(awk -v n="$N" -v a=$((PER_APP * LATENCY_MS)) -v s=$((PER_SVC * LATENCY_MS)) 'BEGIN {
  for (l = 0; l < 10; l++) lane[l] = 0
  for (i = 0; i < n; i++) { b = 0; for (l = 1; l < 10; l++) if (lane[l] < lane[b]) b = l; lane[b] += a; done[i] = lane[b] }
  for (i = 0; i < n; i++) { b = 0; for (l = 1; l < 10; l++) if (lane[l] < lane[b]) b = l; lane[b] = (lane[b] > done[i] ? lane[b] : done[i]) + s }
  m = 0; for (l = 0; l < 10; l++) if (lane[l] > m) m = lane[l]; printf "%.2f", m / 1000 }')
ratio=$(echo "scale=2; $wall / $critical" | bc)
verdict() { [ "$1" = 1 ] && echo met || echo "**not met**"; }
converge_met=$(verdict "$(echo "$ready >= 3 * $N && $wall <= 1.5 * $critical" | bc)")

h_total=$(jq .total <<< "$HEROKU_CONVERGE"); k_total=$(jq .total <<< "$KONG_CONVERGE")
minimum=$(( N * PER_APP + N * PER_SVC ))

# every create exactly once. Heroku: a name can only come to exist through a POST /apps, so
# POST /apps counted N times (converge and window) with each of the N names existing once and no
# app destroyed means exactly one POST per name. Kong: Tether creates by PUT (an upsert), so a
# create is a PUT that found nothing; with no DELETE sent, the entities that exist are all that
# were ever created: one per declared name means each was created exactly once.
posts_apps=$(( $(count "$HEROKU_CONVERGE" POST /apps) + $(count "$HEROKU_WINDOW" POST /apps) ))
app_deletes=$(( $(count "$HEROKU_CONVERGE" DELETE /apps/{app}) + $(count "$HEROKU_WINDOW" DELETE /apps/{app}) ))
names_once=$(jq --argjson n "$N" '[.[] | .name | select(test("^scale-app-[0-9]+$"))] as $a
  | ($a | length) == $n and ($a | unique | length) == $n' <<< "$apps_json")
heroku_creates=()
for ep in "POST /apps/{app}/builds" "POST /apps/{app}/addons" "POST /apps/{app}/domains" "POST /apps/{app}/webhooks"; do
  heroku_creates+=("\`$ep\` $(( $(count "$HEROKU_CONVERGE" "${ep% *}" "${ep#* }") + $(count "$HEROKU_WINDOW" "${ep% *}" "${ep#* }") ))")
done
kong_deletes=$(jq -s '[.[].calls[] | select(.method == "DELETE") | .count] | add // 0' <<< "$KONG_CONVERGE $KONG_WINDOW")
kong_posts=$(jq -s '[.[].calls[] | select(.method == "POST") | .count] | add // 0' <<< "$KONG_CONVERGE $KONG_WINDOW")
svc_once=$(jq --argjson n "$N" '[.[].name | select(test("^scale-svc-[0-9]+$"))] as $a | ($a | length) == $n and ($a | unique | length) == $n' <<< "$services_json")
route_once=$(jq --argjson n "$N" '[.[].name | select(test("^scale-svc-[0-9]+-[ab]$"))] as $a | ($a | length) == 2 * $n and ($a | unique | length) == 2 * $n' <<< "$routes_json")
plugin_once=$(jq --argjson n "$N" '[.[] | select(.name == "request-transformer") | .service.id] as $a | ($a | length) == $n and ($a | unique | length) == $n' <<< "$plugins_json")
n_services=$(jq length <<< "$services_json"); n_routes=$(jq length <<< "$routes_json"); n_plugins=$(jq length <<< "$plugins_json")
creates_ok=$(verdict "$([ "$posts_apps" = "$N" ] && [ "$app_deletes" = 0 ] && [ "$names_once" = true ] && [ "$kong_deletes" = 0 ] \
  && [ "$svc_once" = true ] && [ "$route_once" = true ] && [ "$plugin_once" = true ] && echo 1 || echo 0)")

w_total=$(jq .total <<< "$HEROKU_WINDOW"); w_304=$(jq .not_modified <<< "$HEROKU_WINDOW"); w_429=$(jq .rate_limited <<< "$HEROKU_WINDOW")
per_hour=$(echo "scale=0; $w_total * 60 / $WINDOW" | bc)
per_app_hour=$(echo "scale=2; $w_total * 60 / $WINDOW / $N" | bc)
polls=$(count "$HEROKU_WINDOW" GET /apps/{app})
calls_met=$(verdict "$(echo "$per_hour <= 3 * $N" | bc)")

# queue wait: the workers' cumulative lines summed; the window is its end minus its start
wait_figures() { # $1 lines at the end, $2 lines at the start (may be empty): "claims p99_low p99_high share_within_1s"
  START_LINES=$2 awk '
    function add(line, sign,   n, i, kv) { n = split(line, f, " "); for (i = 1; i <= n; i++) { split(f[i], kv, "=");
        if (kv[1] == "claims") c += sign * kv[2]; else if (kv[1] ~ /^le_/) { b = substr(kv[1], 4); sub(/s$/, "", b); le[b] += sign * kv[2]; bounds[b] = b + 0 } } }
    { add($0, 1) }
    END { m = split(ENVIRON["START_LINES"], s, "\n"); for (i = 1; i <= m; i++) add(s[i], -1)
      nb = 0; for (b in bounds) order[++nb] = b
      for (i = 1; i <= nb; i++) for (j = i + 1; j <= nb; j++) if (bounds[order[j]] < bounds[order[i]]) { t = order[i]; order[i] = order[j]; order[j] = t }
      lo = 0; hi = "inf"; for (i = 1; i <= nb; i++) { if (le[order[i]] >= 0.99 * c) { hi = order[i]; break } lo = order[i] }
      printf "%d %s %s %.2f", c, lo, hi, (c > 0 ? 100 * le["1"] / c : 100) }' <<< "$1"
}
read -r cw_claims cw_lo cw_hi cw_share <<< "$(wait_figures "$WAIT_CONVERGE" "")"
read -r ww_claims ww_lo ww_hi ww_share <<< "$(wait_figures "$WAIT_WINDOW_END" "$WAIT_WINDOW_START")"
wait_met=$(verdict "$(echo "$ww_share >= 99" | bc)")
run_min=$(( ($(date +%s) - RUN_T0 + 30) / 60 ))

# ----- report
{
echo "### Scale: $N apps + $N keys + $N services, $WORKERS worker processes, one PostgreSQL"
echo
echo "\`bench/scale.sh $N\` (SCALE_WINDOW=$WINDOW), commit \`$(git rev-parse --short HEAD)\`$( [ -n "$(git status --porcelain -- src pom.xml)" ] && echo ' (with uncommitted changes)'), $(date -u '+%Y-%m-%d %H:%M UTC'), whole run $run_min min."
echo "Machine: $(nproc) vCPU, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1); load average (1, 5, 15 min) at the end of the converge $converge_load, at the end of the window $window_load."
echo "Processes: the emulators standalone (\`java -jar … emulators\`, $LATENCY_MS ms injected on every Heroku and Kong Admin call through \`PUT /__sandbox/faults\`); one \`web\` and $WORKERS \`worker\` processes, each started by its Procfile line (\`bin/dyno\`, the Procfile's JVM flags), live mode; the web process's embedded PostgreSQL is the one database, the workers reach it through \`DATABASE_URL\`; each worker's log: \"$LOOP_STARTED\" (Tether's default; \`TETHER_WORKERS\` not set)."
echo "Topology (ConvergeAndDriftBench's): per app a build of the sample app, 6 config vars, web × 1 Basic, heroku-postgresql:essential-0, one domain; an ApiKey on its INTERNAL_API_KEY; a KongService (upstream the app, apiKeyRef the key, 2 routes). Applied in ${#manifests[@]} \`POST /api/v1/manifests\` of ≤ $((3 * BATCH)) documents (answered after $applied_s s)."
echo
echo "| figure | measured | aim (DESIGN §7) | |"
echo "|---|---|---|---|"
echo "| converge wall (all $((3 * N)) Ready at their generation) | **$(printf '%.1f' "$wall") s** ($ready of $((3 * N)) Ready); critical path at parallelism 10: $critical s; **${ratio}×** | ≤ 1.5× the critical path | $converge_met |"
echo "| every create exactly once | \`POST /apps\` $posts_apps for $N names, each name existing once: $names_once, \`DELETE /apps/{app}\` $app_deletes; Kong: $n_services services / $n_routes routes / $n_plugins plugins owned, one per declared name: $svc_once / $route_once / $plugin_once, DELETE $kong_deletes | exactly one create per resource | $creates_ok |"
echo "| steady-state Heroku calls per hour, all $N apps | **$per_hour/h** ($w_total in $WINDOW min, of which $w_304 × 304, $w_429 × 429; $per_app_hour per app per hour) | ≤ 3 per app per hour (≤ 3,000/h at 1,000 apps): ≤ $((3 * N))/h | $calls_met |"
echo "| queue wait (due → claim), steady-state window | p99 in ($ww_lo s, $ww_hi s]; $ww_share % of $ww_claims claims within 1 s | p99 ≤ 1 s | $wait_met |"
echo "| queue wait during the converge (a backlog of $((3 * N)) keys due at once) | p99 in ($cw_lo s, $cw_hi s]; $cw_share % of $cw_claims claims within 1 s | (not an aim: the converge is one backlog) | |"
echo
echo "How each was measured:"
echo "- **Converge wall**: from the first \`POST /api/v1/manifests\` until \`GET /api/v1/resources?label=topology=scale\` (asked again 2 s after each answer) shows all $((3 * N)) Ready with observedGeneration = generation. The Heroku account's 4,500-calls/h budget was refilled every 2 s during the converge only (\`DELETE /__sandbox/rate-limit\`, $refills times), never in the window. Critical path, arithmetic as ConvergeAndDriftBench: each resource's calls in sequence at $LATENCY_MS ms (an app $PER_APP calls, a service $PER_SVC, a service after its app), $N + $N jobs list-scheduled on 10 lanes."
echo "- **Creates**: the emulators' call logs (\`GET /__sandbox/calls\`, reset just before the first POST, read at the end of the converge and of the window) and what exists afterwards (\`GET /apps\` paged; Kong's \`GET /services|/routes|/plugins?tags=managed-by-tether\`). A Heroku app name can only come to exist by a \`POST /apps\`: $posts_apps POSTs with each of the $N names existing once and none destroyed is one POST per name. Tether creates Kong entities by PUT (an upsert): with no DELETE sent, the entities that exist are every create there was. Other creates, converge and window together (each should be $N): $(IFS=';'; echo "${heroku_creates[*]}" | sed 's/;/, /g'); Kong POSTs: $kong_posts."
echo "- **Steady state**: $settled; their next polls were then $spread: $expected_polls of the $N apps' safety polls fall in the window, \`GET /apps/{app}\` was counted $polls times. ApiKeys (re-checked every \`TETHER_RESYNC_INTERVAL\`, 5 min) and KongServices (Kong poll, 30 s) keep the phases the converge gave them: their intervals are no longer than a default window. Budget left at the window's start: $budget_at_window. Counted by the Heroku emulator over the $WINDOW minutes, 304s counted as spent; per hour = count × 60 / $WINDOW."
echo "- **Queue wait**: \`tether.queue.wait\`, recorded by each worker at every claim (due time of the key to the claim), in fixed buckets (10 ms … 5 min, 1 s among them); each worker logs the cumulative counts every 5 s (\`measure=queue-wait\`, TETHER_QUEUE_WAIT_LOG_EVERY=5s); the three are summed, the window's figure is its last lines minus its first. p99 is given as the two bucket bounds it lies between; the share within 1 s is exact, and p99 ≤ 1 s exactly when it is ≥ 99 %."
echo "- **Memory**: /proc/<pid>/status after the window: VmHWM (peak RSS) and VmRSS, MALLOC_ARENA_MAX=2 as Heroku's JVM buildpack sets it."
echo
echo "| process | peak RSS (VmHWM) | RSS now (VmRSS) | threads |"
echo "|---|---|---|---|"
printf '%s\n' "${rss_lines[@]}"
echo
echo "Not in those figures: the PostgreSQL $pg_rss; the emulators' JVM $emu_rss."
echo
echo "<details><summary>Calls by endpoint</summary>"
echo
echo "| API | call | converge | of which 304 | steady-state window ($WINDOW min) | of which 304 |"
echo "|---|---|---|---|---|---|"
jq -rs '(.[0].calls | map({key: (.method + " " + .path), value: .}) | from_entries) as $c
  | (.[1].calls | map({key: (.method + " " + .path), value: .}) | from_entries) as $w
  | (($c | keys) + ($w | keys) | unique)[] as $k
  | "| Heroku | `\($k)` | \($c[$k].count // 0) | \($c[$k].not_modified // 0) | \($w[$k].count // 0) | \($w[$k].not_modified // 0) |"' \
  <<< "$HEROKU_CONVERGE $HEROKU_WINDOW"
jq -rs '(.[0].calls | map({key: (.method + " " + .path), value: .}) | from_entries) as $c
  | (.[1].calls | map({key: (.method + " " + .path), value: .}) | from_entries) as $w
  | (($c | keys) + ($w | keys) | unique)[] as $k
  | "| Kong | `\($k)` | \($c[$k].count // 0) | | \($w[$k].count // 0) | |"' \
  <<< "$KONG_CONVERGE $KONG_WINDOW"
echo "| **total** | converge: Heroku $h_total, Kong $k_total (minimum by ConvergeAndDriftBench's arithmetic: $minimum, ratio $(echo "scale=2; ($h_total + $k_total) / $minimum" | bc)×) | | | | |"
echo
echo "</details>"
} >> "$OUT"
cat "$OUT"
