#!/usr/bin/env bash
# gpu-fit benchmark: start-up time (plain, with Spring AOT, with a CDS archive as the container starts,
# and the floor: an empty application with the same dependencies), HTTP throughput of POST /estimate
# against GET /actuator/health (wrk), and the latency of a whole-catalog POST /plan (curl).
# Prints one summary block and writes it to target/bench/summary.txt.
#
#   bench/run.sh [--no-build] [--quick] [--no-floor]
#
#   --no-build  reuse target/gpu-fit-*.jar if there is one (otherwise it is built anyway)
#   --quick     short durations and single start-ups: a smoke run, not numbers to quote
#   --no-floor  skip the empty application (bench/floor) start-ups
#
# Needs a JDK 17 on the PATH; installs wrk (and curl) with apt-get when missing. Not part of CI.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
LOGS=$OUT/logs

BUILD=1
QUICK=0
FLOOR=1
for arg in "$@"; do
    case $arg in
        --no-build) BUILD=0 ;;
        --quick) QUICK=1 ;;
        --no-floor) FLOOR=0 ;;
        -h | --help)
            sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "unknown option: $arg (try --help)" >&2
            exit 2
            ;;
    esac
done

if ((QUICK)); then
    STARTS=1 WARMUP=2 DURATION=3 PLAN_WARMUP=1 PLAN_RUNS=3
else
    STARTS=3 WARMUP=10 DURATION=15 PLAN_WARMUP=5 PLAN_RUNS=20
fi
WRK_THREADS=2
WRK_CONNECTIONS=32

# The README's first example, with "gpus" left out: the whole GPU catalog is considered.
SEED_BODY='{
  "parametersBillions": 1, "weightDtype": "fp16",
  "numLayers": 16, "numAttentionHeads": 32, "numKeyValueHeads": 8, "headDim": 64,
  "batchSize": 4, "sequenceLength": 256
}'

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# ---------------------------------------------------------------- processes we started, killed on exit

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
        fi
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pid() {
    local pid=$1 i
    kill "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 300; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- tools

install_packages() {
    if ((EUID == 0)); then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    elif command -v sudo >/dev/null; then
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        die "missing $*: not root and no sudo; install them and rerun"
    fi
}

missing=()
for tool in wrk curl; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    log "installing ${missing[*]} with apt-get"
    install_packages "${missing[@]}"
fi
command -v java >/dev/null || die "no java on the PATH (needs a JDK 17)"

# Microseconds since the epoch, without forking (bash 5's EPOCHREALTIME; the decimal mark may be a comma).
now_us() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        echo "${EPOCHREALTIME//[!0-9]/}"
    else
        echo $(($(date +%s%N) / 1000))
    fi
}

# A 20 ms pause without forking sleep: read with a timeout from a pipe that never delivers.
exec {PAUSE_FD}<> <(:)
pause_20ms() { read -r -t 0.02 -u "$PAUSE_FD" _ || true; }


# GET /actuator/health/readiness over bash's /dev/tcp (no curl fork per probe); true when it says UP.
readiness_up() {
    local port=$1 fd line response=""
    exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&"$fd"
    while IFS= read -r -t 2 -u "$fd" line || [[ -n $line ]]; do
        response+=$line
        line=""
    done
    exec {fd}>&-
    [[ $response == *'"status":"UP"'* ]]
}

# ---------------------------------------------------------------- number formatting (awk, C locale)

export LC_ALL=C
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
percentile() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < NR * p / 100) i++; if (i < 1) i = 1; print v[i] }'; }
thousands() { awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } print s r }'; }
fmt() { awk -v n="$2" "BEGIN { printf \"$1\", n }"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }
human_bytes() { awk -v b="$1" 'BEGIN { if (b >= 1e6) printf "%.1f MB", b / 1e6; else if (b >= 1e3) printf "%.1f kB", b / 1e3; else printf "%d B", b }'; }
# wrk latency ("812.00us", "1.23ms", "2.00s", "1.00m") to milliseconds
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u); f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.1f", n * f }'; }

# ---------------------------------------------------------------- build

rm -rf "$OUT"
mkdir -p "$LOGS"

# Other work on the machine skews every number here: note the load average before and after.
loadavg() { if [[ -r /proc/loadavg ]]; then cut -d' ' -f1 /proc/loadavg; else echo "?"; fi; }
LOAD_BEFORE=$(loadavg)
if awk -v l="$LOAD_BEFORE" -v n="$(nproc)" 'BEGIN { exit !(l + 0 > n / 2) }'; then
    log "warning: load average $LOAD_BEFORE on $(nproc) cores before the run; the numbers will be skewed"
fi

packaged_jar
log "jar: ${JAR#"$ROOT"/}"

# ---------------------------------------------------------------- start-up

SERVER_PID=""
SERVER_PORT=""
START_MS=""
SPRING_S=""

# start_server <name> <dir> <java args...>: launches, polls readiness every 20 ms, sets SERVER_PID,
# SERVER_PORT, START_MS (launch to readiness UP) and SPRING_S ("Started ... in X seconds").
start_server() {
    local name=$1 dir=$2 logfile t0 t1 i
    shift 2
    logfile=$LOGS/$name.log
    SERVER_PORT=$(free_port)
    t0=$(now_us)
    (cd "$dir" && exec java "$@" --server.port="$SERVER_PORT") >"$logfile" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    until readiness_up "$SERVER_PORT" 2>/dev/null; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            tail -n 20 "$logfile" >&2
            die "$name: the server exited before it was ready (log: $logfile)"
        fi
        if (($(now_us) - t0 > 180000000)); then die "$name: not ready after 180 s (log: $logfile)"; fi
        pause_20ms
    done
    t1=$(now_us)
    START_MS=$(((t1 - t0) / 1000))
    SPRING_S=""
    for ((i = 0; i < 100 && ${#SPRING_S} == 0; i++)); do
        SPRING_S=$(sed -n 's/.*Started [A-Za-z]* in \([0-9.]*\) seconds.*/\1/p' "$logfile" | head -n 1)
        [[ -n $SPRING_S ]] || pause_20ms
    done
    log "$name: ready in $(fmt %.2f "$(echo "$START_MS" | awk '{ print $1 / 1000 }')") s (Spring: ${SPRING_S:-?} s), port $SERVER_PORT"
}

# Runs `start_server` n times; keeps the last server running when keep=1. Sets MEDIAN_S, SPRING_MEDIAN_S, RUNS_S.
measure_starts() {
    local label=$1 keep=$2 dir=$3 n walls=() springs=() i
    shift 3
    for ((i = 1; i <= STARTS; i++)); do
        start_server "$label-$i" "$dir" "$@"
        walls+=("$(awk -v ms="$START_MS" 'BEGIN { print ms / 1000 }')")
        springs+=("${SPRING_S:-nan}")
        if ((keep == 0 || i < STARTS)); then stop_pid "$SERVER_PID"; fi
    done
    n=${#walls[@]}
    MEDIAN_S=$(printf '%s\n' "${walls[@]}" | median)
    SPRING_MEDIAN_S=$(printf '%s\n' "${springs[@]}" | grep -v nan | median || true)
    RUNS_S=$(printf '%s\n' "${walls[@]}" | awk '{ printf "%s%.1f", (NR > 1 ? " / " : ""), $1 }')
    log "$label: median $MEDIAN_S s of $n (runs: $RUNS_S s)"
}

SUMMARY=()
# line <printf format> <args...>: one line of the summary (the callers pass literal formats)
# shellcheck disable=SC2059
line() { SUMMARY+=("$(printf "$@")"); }

# Spring AOT: the jar carries bean definitions generated at build time (spring-boot-maven-plugin's
# process-aot) when GpuFitApplication__ApplicationContextInitializer is in it; they are used only
# with -Dspring.aot.enabled=true, as the container starts it.
AOT_ARGS=()
if jar tf "$JAR" | grep -q 'io/gpufit/GpuFitApplication__ApplicationContextInitializer.class'; then
    AOT_ARGS=(-Dspring.aot.enabled=true)
fi

# CDS first, so that the last plain start-up's server stays up for the load tests.
CDS_LINE=""
CDS_DIR=$OUT/cds
if java -Djarmode=tools -jar "$JAR" help >/dev/null 2>&1; then
    log "CDS: extracting with -Djarmode=tools"
    java -Djarmode=tools -jar "$JAR" extract --destination "$CDS_DIR/app" >"$LOGS/cds-extract.log" 2>&1 ||
        die "CDS: extract failed (log: $LOGS/cds-extract.log)"
    # Boot 3.3+ writes <destination>/<jar name> next to lib/; take whatever single jar it wrote at the top.
    CDS_JAR=""
    for candidate in "$CDS_DIR"/app/*.jar; do
        [[ -f $candidate ]] && CDS_JAR=app/${candidate##*/}
    done
    [[ -n $CDS_JAR ]] || die "CDS: no jar at the top of $CDS_DIR/app after extract"
    log "CDS: training run (-XX:ArchiveClassesAtExit, -Dspring.context.exit=onRefresh ${AOT_ARGS[*]})"
    (cd "$CDS_DIR" && timeout 300 java -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh \
        "${AOT_ARGS[@]}" -jar "$CDS_JAR" --server.port="$(free_port)") >"$LOGS/cds-train.log" 2>&1 ||
        die "CDS: training run failed (log: $LOGS/cds-train.log)"
    [[ -s $CDS_DIR/app.jsa ]] || die "CDS: no archive written (log: $LOGS/cds-train.log)"
    measure_starts "start-cds" 0 "$CDS_DIR" -XX:SharedArchiveFile=app.jsa "${AOT_ARGS[@]}" -jar "$CDS_JAR"
    CDS_MEDIAN=$MEDIAN_S CDS_SPRING=$SPRING_MEDIAN_S CDS_RUNS=$RUNS_S
    if grep -qh '\[cds\]' "$LOGS"/start-cds-*.log; then
        CDS_NOTE="  CDS WARNINGS, see $LOGS/start-cds-*.log"
    else
        CDS_NOTE=""
    fi
else
    CDS_LINE="start-up (CDS archive)        skipped: this jar has no tools jarmode"
fi

# The floor: bench/floor is an application with gpu-fit's runtime dependencies and no code. gpu-fit
# cannot start faster than it on the same machine; the ratio is what gpu-fit itself adds.
# runtime_artifacts <pom>: the artifactIds of the project's own non-test dependencies, sorted
runtime_artifacts() {
    awk '/<dependencies>/ { on = 1 } on { print } /<\/dependencies>/ { exit }' "$1" |
        awk 'BEGIN { RS = "</dependency>" } /<artifactId>/ && !/<scope>test<\/scope>/ {
            sub(/.*<artifactId>/, ""); sub(/<\/artifactId>.*/, ""); print }' | sort
}
FLOOR_LINE=""
if ((FLOOR)); then
    if [[ $(runtime_artifacts pom.xml) != "$(runtime_artifacts bench/floor/pom.xml)" ]]; then
        log "warning: bench/floor/pom.xml's dependencies differ from pom.xml's runtime ones:"
        diff <(runtime_artifacts pom.xml) <(runtime_artifacts bench/floor/pom.xml) >&2 || true
    fi
    log "floor: building bench/floor"
    ./mvnw -q -B -ntp -f bench/floor/pom.xml -DskipTests package >"$LOGS/floor-build.log" 2>&1 ||
        die "floor: build failed (log: $LOGS/floor-build.log)"
    measure_starts "start-floor" 0 "$ROOT" -jar bench/floor/target/start-up-floor-1.jar
    FLOOR_MEDIAN=$MEDIAN_S
    FLOOR_LINE=$(printf 'start-up floor (empty app)    median %s s  (Spring: %s s)  runs %s s' \
        "$(fmt %.1f "$MEDIAN_S")" "$(fmt %.1f "$SPRING_MEDIAN_S")" "$RUNS_S")
fi

AOT_LINE=""
if ((${#AOT_ARGS[@]} > 0)); then
    measure_starts "start-aot" 0 "$ROOT" "${AOT_ARGS[@]}" -jar "$JAR"
    AOT_LINE=$(printf 'start-up (java -Dspring.aot.enabled=true -jar)  median %s s  (Spring: %s s)  runs %s s' \
        "$(fmt %.1f "$MEDIAN_S")" "$(fmt %.1f "$SPRING_MEDIAN_S")" "$RUNS_S")
    AOT_MEDIAN=$MEDIAN_S
fi

# The kept server answers the load tests with its response cache off: they measure the computation,
# not the cache. The cache's own numbers (repeated requests) come last, from a server with defaults.
measure_starts "start-jar" 1 "$ROOT" -jar "$JAR" --gpufit.response-cache.max-size=0
PORT=$SERVER_PORT
BASE=http://127.0.0.1:$PORT

START_JAR_MEDIAN=$MEDIAN_S
line 'start-up (java -jar)          median %s s  (Spring: %s s)  runs %s s' \
    "$(fmt %.1f "$MEDIAN_S")" "$(fmt %.1f "$SPRING_MEDIAN_S")" "$RUNS_S"
if [[ -n $FLOOR_LINE ]]; then
    line '%s  (java -jar / floor: %s)' "$FLOOR_LINE" "$(ratio "$START_JAR_MEDIAN" "$FLOOR_MEDIAN")"
fi
if [[ -n $AOT_LINE ]]; then
    line '%s  (%s)' "$AOT_LINE" "$(ratio "$AOT_MEDIAN" "$MEDIAN_S")"
fi
if [[ -z $CDS_LINE ]]; then
    line 'start-up (CDS archive%s)  median %s s  (%s; Spring: %s s)  runs %s s%s' \
        "$( ((${#AOT_ARGS[@]} > 0)) && printf ' + AOT, as the container')" \
        "$(fmt %.1f "$CDS_MEDIAN")" "$(ratio "$CDS_MEDIAN" "$MEDIAN_S")" "$(fmt %.1f "$CDS_SPRING")" "$CDS_RUNS" "$CDS_NOTE"
else
    line '%s' "$CDS_LINE"
fi

# ---------------------------------------------------------------- throughput (wrk)

printf '%s\n' "$SEED_BODY" >"$OUT/seed.json"

# probe <url> <body file>: "code size" of one POST
probe() {
    curl -s -o /dev/null -w '%{http_code} %{size_download}' -H 'Content-Type: application/json' \
        --data-binary @"$2" "$1"
}

read -r seed_code seed_size <<<"$(probe "$BASE/estimate" "$OUT/seed.json")"
[[ $seed_code == 200 ]] || die "POST /estimate with the seed body answered $seed_code"
read -r sum_code sum_size <<<"$(probe "$BASE/estimate?view=summary" "$OUT/seed.json")"
# A server without the view answers 200 too (unknown query parameters are ignored): count the view as
# there only when its answer is a different, smaller body.
ESTIMATE_SUMMARY=0
if [[ $sum_code == 200 ]] && ((sum_size < seed_size)); then ESTIMATE_SUMMARY=1; fi
log "POST /estimate: $seed_size B; ?view=summary: HTTP $sum_code, $sum_size B"

WRK=(wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" --latency)

log "warm-up: ${WARMUP} s of POST /estimate and GET /actuator/health together"
warm=()
"${WRK[@]}" -d"${WARMUP}s" -s bench/post.lua "$BASE/estimate" -- "$OUT/seed.json" >"$LOGS/warmup-estimate.txt" 2>&1 &
warm+=($!)
"${WRK[@]}" -d"${WARMUP}s" "$BASE/actuator/health" >"$LOGS/warmup-health.txt" 2>&1 &
warm+=($!)
if ((ESTIMATE_SUMMARY)); then
    "${WRK[@]}" -d"${WARMUP}s" -s bench/post.lua "$BASE/estimate?view=summary" -- "$OUT/seed.json" \
        >"$LOGS/warmup-summary.txt" 2>&1 &
    warm+=($!)
fi
PIDS+=("${warm[@]}")
for pid in "${warm[@]}"; do wait "$pid" || die "warm-up wrk failed (logs: $LOGS/warmup-*.txt)"; done

# run_wrk <name> <wrk args...>: one measured run; sets RPS, P50, P99, ERRORS
run_wrk() {
    local name=$1 file
    shift
    file=$LOGS/wrk-$name.txt
    log "wrk ${DURATION} s: $name"
    "${WRK[@]}" -d"${DURATION}s" "$@" >"$file" 2>&1 || die "wrk failed (log: $file)"
    RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
    P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")
    P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")
    local socket non2xx
    socket=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$file")
    # post.lua's own count (any non-2xx) when present, else wrk's "Non-2xx or 3xx responses"
    non2xx=$(awk '/^non-2xx responses:/ { print $3 }' "$file")
    [[ -n $non2xx ]] || non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$file")
    ERRORS=$((${socket:-0} + ${non2xx:-0}))
    [[ -n $RPS ]] || die "could not read wrk's output (log: $file)"
}

wrk_line() {
    line '%-29s %s req/s  p50 %s ms  p99 %s ms  errors %s' "$1" "$(thousands "$RPS")" "$P50" "$P99" "$ERRORS"
}

line '%s' "computed (response cache off):"
run_wrk estimate -s bench/post.lua "$BASE/estimate" -- "$OUT/seed.json"
EST_RPS=$RPS
wrk_line "POST /estimate (seed)"
if ((ESTIMATE_SUMMARY)); then
    run_wrk estimate-summary -s bench/post.lua "$BASE/estimate?view=summary" -- "$OUT/seed.json"
    SUM_RPS=$RPS
    wrk_line "POST /estimate?view=summary"
fi
run_wrk health "$BASE/actuator/health"
HEALTH_RPS=$RPS
wrk_line "GET /actuator/health"
line '  ratio estimate/health       %s' "$(ratio "$EST_RPS" "$HEALTH_RPS")"
if ((ESTIMATE_SUMMARY)); then
    line '  ratio summary/health        %s  (summary %s B, full %s B)' \
        "$(ratio "$SUM_RPS" "$HEALTH_RPS")" "$(thousands "$sum_size")" "$(thousands "$seed_size")"
else
    line '  ?view=summary               not measured: HTTP %s, same %s B body as without it (no such view)' \
        "$sum_code" "$(thousands "$sum_size")"
fi

# ---------------------------------------------------------------- whole-catalog POST /plan (curl)

curl -sf "$BASE/models" >"$OUT/models.json" || die "GET /models failed"
# The catalog entries' ids; /models answers {"models":[{"id":...,...},...]} and ids are plain
# org/name strings, so no JSON tool is needed.
mapfile -t MODELS < <(grep -o '"id":"[^"]*"' "$OUT/models.json" | cut -d'"' -f4)
((${#MODELS[@]})) || die "GET /models listed no model"
if ((${#MODELS[@]} > 1000)); then MODELS=("${MODELS[@]:0:1000}"); fi # POST /plan takes up to 1,000 scenarios
N_MODELS=${#MODELS[@]}

# plan_body <engine json or empty>
plan_body() {
    local engine=$1 id sep=""
    printf '{"scenarios": ['
    for id in "${MODELS[@]}"; do
        printf '%s\n  {"name": "%s", "request": {"model": "%s", "batchSize": 8, "sequenceLength": 4096%s}}' \
            "$sep" "$id" "$id" "${engine:+, \"engine\": $engine}"
        sep=","
    done
    printf '\n]}\n'
}
plan_body '{"name": "vllm"}' >"$OUT/plan-vllm.json"
plan_body "" >"$OUT/plan-textbook.json"

# time_plan <label> <url> <body file>: warm-up, then timed sequential requests
time_plan() {
    local label=$1 url=$2 body=$3 i code secs size times=() errors=0
    log "POST ${url#"$BASE"}: $label, $PLAN_WARMUP warm-up + $PLAN_RUNS timed"
    for ((i = 1; i <= PLAN_WARMUP + PLAN_RUNS; i++)); do
        read -r code secs size <<<"$(curl -s -o "$OUT/plan-response.json" -w '%{http_code} %{time_total} %{size_download}' \
            -H 'Content-Type: application/json' --data-binary @"$body" "$url")"
        if [[ $code != 200 ]]; then
            errors=$((errors + 1))
            cp "$OUT/plan-response.json" "$LOGS/plan-error-$label.json"
        fi
        if ((i > PLAN_WARMUP)); then times+=("$(awk -v s="$secs" 'BEGIN { print s * 1000 }')"); fi
    done
    line '%-29s median %s ms  p90 %s ms  %s  errors %s' "POST /plan $N_MODELS models $label" \
        "$(fmt %.0f "$(printf '%s\n' "${times[@]}" | median)")" \
        "$(fmt %.0f "$(printf '%s\n' "${times[@]}" | percentile 90)")" "$(human_bytes "$size")" "$errors"
}

time_plan vLLM "$BASE/plan" "$OUT/plan-vllm.json"
time_plan textbook "$BASE/plan" "$OUT/plan-textbook.json"
read -r _ plan_size <<<"$(probe "$BASE/plan" "$OUT/plan-textbook.json")"
read -r plan_sum_code plan_sum_size <<<"$(probe "$BASE/plan?view=summary" "$OUT/plan-textbook.json")"
if [[ $plan_sum_code == 200 ]] && ((plan_sum_size < plan_size)); then
    time_plan "vLLM summary" "$BASE/plan?view=summary" "$OUT/plan-vllm.json"
    time_plan "textbook summary" "$BASE/plan?view=summary" "$OUT/plan-textbook.json"
else
    line '  /plan?view=summary          not measured: HTTP %s, same %s B body as without it (no such view)' \
        "$plan_sum_code" "$(thousands "$plan_sum_size")"
fi

stop_pid "$SERVER_PID"

# ---------------------------------------------------------------- repeated requests (response cache on)

start_server "cached" "$ROOT" -jar "$JAR"
BASE=http://127.0.0.1:$SERVER_PORT
log "cached: ${WARMUP} s of warm-up"
"${WRK[@]}" -d"${WARMUP}s" -s bench/post.lua "$BASE/estimate" -- "$OUT/seed.json" >"$LOGS/warmup-cached.txt" 2>&1
line '%s' "repeated requests (response cache on, the default):"
run_wrk estimate-cached -s bench/post.lua "$BASE/estimate" -- "$OUT/seed.json"
CACHED_RPS=$RPS
wrk_line "POST /estimate (seed)"
run_wrk health-cached "$BASE/actuator/health"
wrk_line "GET /actuator/health"
line '  ratio estimate/health       %s' "$(ratio "$CACHED_RPS" "$RPS")"
time_plan "vLLM" "$BASE/plan" "$OUT/plan-vllm.json"
stop_pid "$SERVER_PID"

# ---------------------------------------------------------------- summary

MODE=""
if ((QUICK)); then MODE="  (--quick: a smoke run, not numbers to quote)"; fi
{
    printf 'gpu-fit benchmark  %s  %s cores  %s%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" \
        "$(java -version 2>&1 | head -n 1)" "$MODE"
    printf '%s\n' "${SUMMARY[@]}"
    printf 'wrk -t%s -c%s -d%ss after %s s of warm-up; /plan: %s sequential requests after %s, batch 8 x 4096 tokens, all GPUs\n' \
        "$WRK_THREADS" "$WRK_CONNECTIONS" "$DURATION" "$WARMUP" "$PLAN_RUNS" "$PLAN_WARMUP"
    printf 'load average (1 min) before the run: %s\n' "$LOAD_BEFORE"
} | tee "$OUT/summary.txt"
log "written to ${OUT#"$ROOT"/}/summary.txt (server logs and wrk output in ${LOGS#"$ROOT"/}/)"
