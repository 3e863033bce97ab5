#!/usr/bin/env bash
# Issue #15's measured effect of self-service, with the simulator (docs/self-service-effect.md):
#   benchmarks/self-service-effect.sh
# A generated center of 500 companies (benchmarks/simulate/SelfServiceScenario.java), a busy hour of ~960 calls of
# which 30% ask for a repair status, run by `ivr simulate run --compare` without self-service (A: conf-off, no
# self-service.yaml) and with it (B: conf-on, every company offers the repair-case status). Several seeds; the
# figures of the busy hour (mon 10:00, after a warm-up hour at the same rate) per seed and their mean.
# Environment (all optional):
#   SSE_AGENTS=72          agents (split over the five desks by their share of the load; see the doc for why 72)
#   SSE_SEEDS="1 2 3 4 5"  seeds, one --compare run each
#   SSE_RESOLVED=0.7       share of repair-status callers served in the IVR (hang up after hearing the status)
#   SSE_CALLS=960          calls in the busy hour
#   SSE_OUT=DIR            output directory (default benchmarks/results/<UTC date>-self-service-effect)
# Output: DIR/summary.txt (uptime, assumptions, one line per seed, the mean), DIR/seed-N.txt (the full comparison),
# and the generated scenario (conf-off/, conf-on/, traffic.yaml: ~200 kB, not committed) in a temporary directory
# (SSE_SCENARIO=DIR to choose it). About 10 s per seed on 2 busy cores.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0" | sed '$d'; exit 0 ;; esac
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../ivr-core/bin/lib.sh
. "$root/ivr-core/bin/lib.sh"
ascc_find_jdk
ascc_build_if_needed
cd "$root"

agents=${SSE_AGENTS:-72}
seeds=${SSE_SEEDS:-1 2 3 4 5}
resolved=${SSE_RESOLVED:-0.7}
calls=${SSE_CALLS:-960}
out=${SSE_OUT:-$root/benchmarks/results/$(date -u +%F)-self-service-effect}
ivr() { "$JAVA_HOME/bin/java" -Xmx512m -jar "$root/ivr-core/target/ivr-core.jar" "$@"; }

dir=${SSE_SCENARIO:-$(mktemp -d "${TMPDIR:-/tmp}/self-service-effect.XXXXXX")}
rm -rf "$dir/conf-off" "$dir/conf-on"
mkdir -p "$out" "$dir"
echo "self-service-effect: generating the scenario ($agents agents, $calls calls/h, resolved share $resolved) in $dir" >&2
scenario=$("$JAVA_HOME/bin/java" benchmarks/simulate/SelfServiceScenario.java "$dir" "$agents" "$resolved" "$calls")
for c in conf-off conf-on; do
    cp conf/engine.yaml conf/holidays.yaml conf/agent-states.yaml "$dir/$c/"
    ivr check-config "$dir/$c" >/dev/null   # the real loader accepts the generated files
done
summary="$out/summary.txt"
{
    echo "== $(date -u '+%F %T UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD), uptime: $(uptime)"
    echo "$scenario"
    echo "A = without self-service (conf-off), B = with it (conf-on); the busy hour mon 10:00 of each seed (same calls in A and B):"
    echo "  contain% = served in the IVR / calls; answer% = answered / (answered + abandoned) at the desks;"
    echo "  served% = (self-service + answered) / calls; max = longest wait in a queue (s); SL% within 20 s; ASA s; ab = abandoned"
    printf '%-6s %6s | %5s %5s | %6s %6s | %6s %6s | %5s %5s | %5s %5s | %5s %5s | %5s %5s\n' seed calls "cnt A" "cnt B" \
        "ans% A" "ans% B" "srv% A" "srv% B" "max A" "max B" "SL% A" "SL% B" "ASA A" "ASA B" "ab A" "ab B"
} >"$summary"
for seed in $seeds; do
    echo "self-service-effect: seed $seed" >&2
    ivr simulate run --conf "$dir/conf-off" --profile "$dir/traffic.yaml" --start 2026-11-23 --seed "$seed" \
        --compare "$dir/conf-on" >"$out/seed-$seed.txt"
    # the busy-hour line of the self-service block: "all mon 10:00 calls | ..."
    awk -v s="$seed" '$1 == "all" && $2 == "mon" && $3 == "10:00" && NF > 20 {
        line = $0; sub(/^all +mon 10:00 /, "", line); printf "%-6s %s\n", s, line }' "$out/seed-$seed.txt" >>"$summary"
done
# the mean over the seeds, column by column (numbers only; "|" separators kept)
awk 'NR > 6 && $1 ~ /^[0-9]+$/ { n++; for (i = 2; i <= NF; i++) if ($i != "|") sum[i] += $i; nf = NF }
    END { if (n == 0) exit 1; printf "%-6s", "mean";
          for (i = 2; i <= nf; i++) { if (i == 2) printf " %6.0f", sum[i] / n; else if ((i - 2) % 3 == 1) printf " |";
                                      if (i > 2 && (i - 2) % 3 != 1) printf " %5.1f", sum[i] / n } print "" }' "$summary" >>"$summary"
echo "uptime after: $(uptime)" >>"$summary"
cat "$summary"
