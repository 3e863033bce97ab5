#!/usr/bin/env bash
# Builds the benchmarks module with a JDK 21+ and runs the benchmarks; see benchmarks/README.md.
#   benchmarks/run.sh                 all three: config, route, agi  (about 5 minutes on 2 cores)
#   benchmarks/run.sh route agi       only some of them
#   benchmarks/run.sh floor           the engine's FastAGI path against a bare responder (not in the default set)
# Output: benchmarks/results/<date>/ (raw logs, JMH output, summary.txt); a summary is printed at the end.
# Extra AgiLoadBench options can be passed in AGI_ARGS, e.g. AGI_ARGS="--seconds 10 --hold 2000".
# AgiFloorBench options in FLOOR_ARGS, e.g. FLOOR_ARGS="--rounds 5 --seconds 10 --concurrency 32,1,8 --rate 200".
# BENCH_OUT=DIR writes the results there instead of benchmarks/results/<date>/.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac
set -euo pipefail

# shellcheck source=../ivr-core/bin/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../ivr-core/bin/lib.sh"
ascc_find_jdk
cd "$ASCC_ROOT"

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(config route agi)
for p in "${parts[@]}"; do
    case "$p" in config|route|agi|floor) ;; *) ascc_die "unknown part '$p' (allowed: config route agi floor)";; esac
done

# AgiLoadBench holds 10,000 sockets in the driver JVM and 10,000 in the engine JVM: raise the open-files limit.
want_fd=65536
if ! ulimit -n "$want_fd" 2>/dev/null; then
    hard="$(ulimit -Hn)"
    ulimit -n "$hard" 2>/dev/null || true
    ascc_log "could not raise ulimit -n to $want_fd (hard limit $hard); using $(ulimit -n)"
fi
ascc_log "open files limit (ulimit -n): $(ulimit -n)"

ascc_log "building benchmarks (mvn -DskipTests package -pl benchmarks -am)"
ascc_mvn -q -DskipTests package -pl benchmarks -am

out="${BENCH_OUT:-benchmarks/results/$(date -u +%F)}"
mkdir -p "$out"
cp_="benchmarks/target/classes:benchmarks/target/lib/*"
summary="$out/summary.txt"
{
    echo "date: $(date -u '+%F %T UTC')"
    echo "host: $(uname -srm), nproc $(nproc), $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo)"
    echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ($JAVA_HOME)"
    echo "ulimit -n: $(ulimit -n)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} > "$summary"

for p in "${parts[@]}"; do
    case "$p" in
        config)
            for heap in 256m 1g; do
                ascc_log "config: ConfigScaleBench with -Xmx$heap (13,600 companies; ~1 minute)"
                java -Xmx$heap -cp "$cp_" ascc.bench.ConfigScaleBench 2>&1 | tee "$out/config-xmx$heap.txt"
                grep '^RESULT' "$out/config-xmx$heap.txt" | sed "s/^RESULT /RESULT [-Xmx$heap] /" >> "$summary"
            done
            ;;
        route)
            ascc_log "route: JMH RouteBench (1 fork, 3x2 s warm-up, 5x2 s measurement per benchmark; ~1 minute)"
            java -cp "$cp_" org.openjdk.jmh.Main RouteBench -rf text -rff "$out/jmh-route.txt" 2>&1 | tee "$out/jmh-route-console.txt"
            grep -E 'RouteBench\.[a-zA-Z]+(:p0\.(50|99|999))? ' "$out/jmh-route.txt" | sed 's/^/RESULT jmh /' >> "$summary"
            ;;
        agi)
            ascc_log "agi: AgiLoadBench (warm-up 10 s, 200 calls/s for 30 s, 10,000 held sessions; ~2 minutes)"
            # shellcheck disable=SC2086
            java -Xmx1g -cp "$cp_" ascc.bench.AgiLoadBench ${AGI_ARGS:-} 2>&1 | tee "$out/agi.txt"
            grep '^RESULT' "$out/agi.txt" >> "$summary"
            ;;
        floor)
            ascc_log "floor: AgiFloorBench (engine vs a bare FastAGI responder, interleaved rounds; ~3 minutes)"
            # shellcheck disable=SC2086
            java -Xmx1g -cp "$cp_" ascc.bench.AgiFloorBench ${FLOOR_ARGS:-} 2>&1 | tee "$out/agi-floor.txt"
            grep '^RESULT\|^|' "$out/agi-floor.txt" >> "$summary"
            ;;
        *) ascc_die "unknown part '$p'";;
    esac
done

echo
echo "================ summary ($summary) ================"
cat "$summary"
