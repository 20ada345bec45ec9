#!/usr/bin/env bash
# gpu-fit soak: a mixed load (bench/soak.lua: estimates computed and cached, vLLM and catalog models,
# small plans, catalogs, bad requests) on the packaged jar, on loopback only, for a bounded time.
# Prints the request rate, the answers by status class, socket errors, latency percentiles, and the
# server's RSS (and heap, from /actuator/prometheus) before the load, during it and at the end.
# Writes the summary to target/bench/soak-summary.txt.
#
#   bench/soak.sh [--duration 10m] [--connections 32] [--threads 2] [--attacks] [--no-build]
#
#   --duration     how long the load runs: seconds, or with a unit (90s, 10m); 10m by default, at most 60m
#   --connections  wrk's open connections (default 32); --threads wrk's threads (default 2)
#   --attacks      also replay issue 11's availability cases (bench/attacks.py, python3) beside the
#                  load, from its 30th second: each one's answer and how health answered meanwhile
#   --no-build     reuse target/gpu-fit-*.jar if there is one (otherwise it is built anyway)
#
# The server runs as in the container: Spring AOT, and a heap sized as in a 1 GiB container
# (-XX:MaxRAM=1g -XX:MaxRAMPercentage=75); override with SOAK_JAVA_OPTS. The collector is the JVM's
# choice on this machine (printed); in a container of 1 GiB and at most 2 CPUs it is Serial
# (add -XX:+UseSerialGC to match), which keeps RSS far lower than G1. Needs a JDK 17; installs
# wrk and curl with apt-get when missing. Not part of CI. The load passes when no answer is a 5xx,
# no socket error occurs and the rate is at least 1,000 requests per second (exit status 1 otherwise).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
LOGS=$OUT/logs

DURATION=600
CONNECTIONS=32
THREADS=2
BUILD=1
ATTACKS=0
MAX_DURATION=3600
MIN_RATE=1000

to_seconds() {
    case $1 in
        *m) echo $((${1%m} * 60)) ;;
        *s) echo "${1%s}" ;;
        *) echo "$1" ;;
    esac
}

while (($#)); do
    case $1 in
        --duration)
            DURATION=$(to_seconds "${2:?--duration needs a value}")
            shift
            ;;
        --connections)
            CONNECTIONS=${2:?--connections needs a value}
            shift
            ;;
        --threads)
            THREADS=${2:?--threads needs a value}
            shift
            ;;
        --no-build) BUILD=0 ;;
        --attacks) ATTACKS=1 ;;
        -h | --help)
            awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
            exit 0
            ;;
        *)
            echo "unknown option: $1 (try --help)" >&2
            exit 2
            ;;
    esac
    shift
done
if ! [[ $DURATION =~ ^[0-9]+$ ]] || ((DURATION < 5 || DURATION > MAX_DURATION)); then
    echo "--duration must be 5 s to $((MAX_DURATION / 60)) min" >&2
    exit 2
fi

read -r -a JAVA_OPTS <<<"${SOAK_JAVA_OPTS:--XX:MaxRAM=1g -XX:MaxRAMPercentage=75 -Dspring.aot.enabled=true}"

log() { printf '[soak %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
export LC_ALL=C

# ---------------------------------------------------------------- processes we started, stopped on exit

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

missing=()
for tool in wrk curl; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    log "installing ${missing[*]} with apt-get"
    if ((EUID == 0)); then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
fi
command -v java >/dev/null || die "no java on the PATH (needs a JDK 17)"

# ---------------------------------------------------------------- build and start

mkdir -p "$LOGS"
rm -f "$OUT/soak-summary.txt"

packaged_jar


PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
SERVER_LOG=$LOGS/soak-server.log
log "starting ${JAR#"$ROOT"/} on 127.0.0.1:$PORT (${JAVA_OPTS[*]})"
java "${JAVA_OPTS[@]}" -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
for ((i = 0; i < 900; i++)); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited before it was ready (log: $SERVER_LOG)"
    if curl -fs -o /dev/null "$BASE/actuator/health/readiness"; then break; fi
    sleep 0.2
done
curl -fs -o /dev/null "$BASE/actuator/health/readiness" || die "not ready after 180 s (log: $SERVER_LOG)"

# ---------------------------------------------------------------- sampling

rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
hwm_mib() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
# heap in use, MiB, from the server's own metrics
heap_mib() {
    curl -fs "$BASE/actuator/prometheus" |
        awk '/^jvm_memory_used_bytes\{/ && /area="heap"/ { s += $NF } END { printf "%.0f", s / 1048576 }'
}
cpu_seconds() { awk '{ printf "%.0f", ($14 + $15) / 100 }' "/proc/$SERVER_PID/stat"; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# the collector the JVM picks with these options on this machine (ergonomics: Serial below 2 CPUs or 1792 MB)
GC=$(java "${JAVA_OPTS[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null |
    awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah)GC$/ && $4 == "true" { sub(/^Use/, "", $2); print $2 }')
# a little warm-up, so that "start" is the running service, not the JIT's first minutes
log "warm-up: 20 s of the same mix"
wrk -t"$THREADS" -c"$CONNECTIONS" -d20s -s bench/soak.lua "$BASE" >"$LOGS/soak-warmup.txt" 2>&1 ||
    die "warm-up failed (log: $LOGS/soak-warmup.txt)"
RSS_START=$(rss_mib)
HEAP_START=$(heap_mib)
CPU_START=$(cpu_seconds)
LOAD_START=$(loadavg)
log "start: RSS $RSS_START MiB, heap in use $HEAP_START MiB, load average $LOAD_START"

SAMPLES=$LOGS/soak-samples.txt
printf 'seconds rss_mib heap_mib\n' >"$SAMPLES"
(
    t=0
    while sleep 30; do
        t=$((t + 30))
        kill -0 "$SERVER_PID" 2>/dev/null || exit 0
        printf '%s %s %s\n' "$t" "$(rss_mib)" "$(heap_mib)" >>"$SAMPLES"
    done
) &
SAMPLER=$!
PIDS+=("$SAMPLER")

ATTACKS_OUT=$LOGS/soak-attacks.txt
rm -f "$ATTACKS_OUT"
if ((ATTACKS)); then
    command -v python3 >/dev/null || die "--attacks needs python3"
    (sleep 30 && exec python3 bench/attacks.py "$BASE" --timeout 60) >"$ATTACKS_OUT" 2>&1 &
    ATTACKER=$!
    PIDS+=("$ATTACKER")
fi

log "load: ${DURATION} s, wrk -t$THREADS -c$CONNECTIONS"
WRK_OUT=$LOGS/soak-wrk.txt
timeout $((DURATION + 120)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/soak.lua "$BASE" \
    >"$WRK_OUT" 2>&1 || die "wrk failed (log: $WRK_OUT)"
if ((ATTACKS)); then
    log "waiting for the attacks to finish"
    wait "$ATTACKER" || log "attacks: exit status $? (log: $ATTACKS_OUT)"
fi
kill "$SAMPLER" 2>/dev/null || true

RSS_END=$(rss_mib)
HWM=$(hwm_mib)
HEAP_END=$(heap_mib)
CPU_END=$(cpu_seconds)
LOAD_END=$(loadavg)
REFUSED=$(curl -fs "$BASE/actuator/prometheus" |
    awk '/^gpufit_requests_refused_total\{/ { s += $NF } END { printf "%.0f", s }')
ESTIMATES=$(curl -fs "$BASE/actuator/prometheus" |
    awk '/^gpufit_estimates_total\{/ { s += $NF } END { printf "%.0f", s }')
kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during the load (log: $SERVER_LOG)"
curl -fs -o /dev/null "$BASE/actuator/health/liveness" || die "liveness failed after the load"

# ---------------------------------------------------------------- summary

RATE=$(awk '/^Requests\/sec:/ { print $2 }' "$WRK_OUT")
ANSWERS=$(sed -n 's/^soak answers: //p' "$WRK_OUT")
SOCKET=$(sed -n 's/^soak socket errors: //p' "$WRK_OUT")
LATENCY=$(sed -n 's/^soak latency ms: //p' "$WRK_OUT")
REQUESTS=$(sed -n 's/^soak requests: //p' "$WRK_OUT")
S5=$(sed -n 's/^soak answers: .*5xx \([0-9]*\).*/\1/p' "$WRK_OUT")
SOCKET_TOTAL=$(sed -n 's/^soak socket errors: //p' "$WRK_OUT" | tr -cs '0-9' ' ' | awk '{ for (i = 1; i <= NF; i++) s += $i } END { print s + 0 }')
RSS_SERIES=$(awk 'NR > 1 { printf "%s%s", (NR > 2 ? " " : ""), $2 }' "$SAMPLES")

VERDICT=pass
awk -v r="$RATE" -v m="$MIN_RATE" 'BEGIN { exit !(r + 0 >= m) }' || VERDICT="FAIL (rate below $MIN_RATE req/s)"
((${S5:-1} == 0)) || VERDICT="FAIL (5xx answers)"
((SOCKET_TOTAL == 0)) || VERDICT="FAIL (socket errors)"

{
    printf 'gpu-fit soak  %s  %s cores  %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$(java -version 2>&1 | head -n 1)"
    printf 'server: %s, %s%s\n' "${JAR#"$ROOT"/}" "${JAVA_OPTS[*]}" "${GC:+, $GC}"
    printf 'load: %s s, wrk -t%s -c%s, bench/soak.lua mix, after 20 s of warm-up\n' "$DURATION" "$THREADS" "$CONNECTIONS"
    printf 'requests: %s  (%s req/s)\n' "$REQUESTS" "$RATE"
    printf 'answers: %s  (the 4xx are the mix'"'"'s bad requests, about 10%%)\n' "$ANSWERS"
    printf 'socket errors: %s\n' "$SOCKET"
    printf 'latency: %s\n' "$LATENCY"
    printf 'server: gpufit_estimates_total %s, gpufit_requests_refused_total %s, CPU %s s\n' \
        "$ESTIMATES" "$REFUSED" "$((CPU_END - CPU_START))"
    printf 'RSS: start %s MiB, end %s MiB, peak %s MiB; heap in use: start %s MiB, end %s MiB\n' \
        "$RSS_START" "$RSS_END" "$HWM" "$HEAP_START" "$HEAP_END"
    printf 'RSS every 30 s (MiB): %s\n' "$RSS_SERIES"
    printf 'load average (1 min): start %s, end %s\n' "$LOAD_START" "$LOAD_END"
    if [[ -s $ATTACKS_OUT ]]; then cat "$ATTACKS_OUT"; fi
    printf 'verdict: %s\n' "$VERDICT"
} | tee "$OUT/soak-summary.txt"
log "written to ${OUT#"$ROOT"/}/soak-summary.txt (server log, wrk output and samples in ${LOGS#"$ROOT"/}/)"
[[ $VERDICT == pass ]]
