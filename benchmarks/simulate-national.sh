#!/usr/bin/env bash
# The simulator at the national program's scale (issue 16; figures in docs/capacity-plan.md):
# the generated 13,600-company config (ivr simulate generate) loaded with the engine's loader, then simulated.
#   benchmarks/simulate-national.sh                 every part below (~15-25 minutes on 2 shared cores)
#   benchmarks/simulate-national.sh day year        only some parts:
#     load    Conf.load of the generated config at 1,700 / 6,800 / 13,600 companies (linear?), wall and CPU time
#     cli     'ivr simulate generate' at 13,600 companies, then 'ivr check-config' on it (a cold JVM each)
#     day     a busy day: Monday 2027-01-04 (busiest month), 13,600 companies, desks per category   (required < 60 s)
#     year    the year 2027, week by week, 13,600 companies                                          (required < 10 min)
#     family  the same busy day with 5 family desks instead of 17 category desks (pooling wider)
#     sizes   the busy day at 500 and 1,000 companies (the capacity plan's other two columns)
# Output: benchmarks/results/<UTC date>-national/ (one file per part, with `uptime` before and after) and a summary
# of the RESULT lines at the end. NATIONAL_OUT=DIR writes elsewhere; NATIONAL_SEED (1) changes the seed.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac
set -euo pipefail

# shellcheck source=../ivr-core/bin/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../ivr-core/bin/lib.sh"
ascc_find_jdk
cd "$ASCC_ROOT"

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(load cli day year family sizes)
for p in "${parts[@]}"; do
    case "$p" in load|cli|day|year|family|sizes) ;; *) ascc_die "unknown part '$p' (allowed: load cli day year family sizes)";; esac
done
seed="${NATIONAL_SEED:-1}"
out="${NATIONAL_OUT:-benchmarks/results/$(date -u +%F)-national}"
mkdir -p "$out"

ascc_log "building (mvn -DskipTests package -pl benchmarks -am; the ivr jar too when the cli part runs)"
ascc_mvn -q -DskipTests package -pl benchmarks -am
cp_="benchmarks/target/classes:benchmarks/target/lib/*"
summary="$out/summary.txt"
{
    echo "date: $(date -u '+%F %T UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "host: $(uname -srm), nproc $(nproc), $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo)"
    echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
} > "$summary"

# run NAME CMD...: runs CMD with `uptime` before and after into $out/NAME.txt, progress on the terminal
run() {
    local name="$1"; shift
    ascc_log "$name: $*"
    {
        echo "command: $*"
        echo "uptime before: $(uptime)"
        "$@" 2>&1
        echo "uptime after: $(uptime)"
    } | tee "$out/$name.txt"
    grep -E '^RESULT|^uptime' "$out/$name.txt" | grep -v 'agents-8020 desk' | sed "s/^/[$name] /" >> "$summary"
}

sim() { java -Xmx2g -cp "$cp_" ascc.bench.NationalSimBench --seed "$seed" "$@"; }

for p in "${parts[@]}"; do
    case "$p" in
        load) run config-load java -Xmx1g -cp "$cp_" ascc.bench.NationalConfigBench --sizes 1700,6800,13600 --warmups 2 --runs 5 ;;
        cli)
            ascc_build_if_needed
            conf="$(mktemp -d /tmp/ascc-national-conf-XXXXXX)"
            run cli-generate /usr/bin/time -f 'RESULT cli elapsed=%e s user=%U s sys=%S s max-rss=%M KB' \
                "$JAVA_HOME/bin/java" -jar ivr-core/target/ivr-core.jar simulate generate --companies 13600 --seed "$seed" --out "$conf" --force
            run cli-check-config /usr/bin/time -f 'RESULT cli elapsed=%e s user=%U s sys=%S s max-rss=%M KB' \
                sh -c "\"$JAVA_HOME/bin/java\" -jar ivr-core/target/ivr-core.jar check-config '$conf' | head -3"
            rm -rf "$conf"
            ;;
        day) run busy-day sim --days 1 --start 2027-01-04 ;;
        year) run year sim --days 365 --start 2027-01-01 --per-hour false ;;
        family) run busy-day-family sim --days 1 --start 2027-01-04 --pooling family ;;
        sizes)
            run busy-day-500 sim --companies 500 --days 1 --start 2027-01-04
            run busy-day-1000 sim --companies 1000 --days 1 --start 2027-01-04
            ;;
        *) ascc_die "unknown part '$p'";;
    esac
done

echo
echo "================ summary ($summary) ================"
cat "$summary"
