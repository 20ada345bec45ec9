# shellcheck shell=bash
# Helpers shared by bench/run.sh and bench/soak.sh (sourced, not run). Both cd to the repository root
# and set ROOT and BUILD before sourcing it, and define log and die.

# find_jar: the newest target/gpu-fit-*.jar, or nothing
find_jar() {
    local jar newest=""
    for jar in "$ROOT"/target/gpu-fit-*.jar; do
        [[ -f $jar ]] || continue
        if [[ -z $newest || $jar -nt $newest ]]; then newest=$jar; fi
    done
    echo "$newest"
}

# packaged_jar: sets JAR, building it first unless BUILD=0 and there is one already
packaged_jar() {
    JAR=$(find_jar)
    if ((BUILD)) || [[ -z $JAR ]]; then
        log "building the jar"
        ./mvnw -q -B -ntp -DskipTests -Dexec.skip -Dspotless.check.skip=true package
        JAR=$(find_jar)
    fi
    [[ -n $JAR ]] || die "no target/gpu-fit-*.jar after the build"
}

# free_port: a loopback port nothing listens on
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        if ! (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}
