#!/usr/bin/env bash
# Campaign dial-rate benchmark through the real sandbox Asterisk (see benchmarks/README.md, "Campaign dial rate").
#   benchmarks/campaign-rate.sh                      5 calls/s, max 15 concurrent, 120 s
#   BENCH_ARGS="-Dbench.seconds=30" benchmarks/campaign-rate.sh
#   BENCH_NAME=campaign-rate-capbound BENCH_ARGS="-Dbench.cap=8 -Dbench.seconds=60 -Dbench.capBound=true" benchmarks/campaign-rate.sh
# Runs ivr-core's test-scope harness ascc.core.it.CampaignRateBench (never part of the normal test suite) with
# surefire, under the real-stack lock (one Asterisk test at a time) and the benchmark lock. Needs the sandbox
# (ivr-core/bin/sandbox start-mariadb; Asterisk is restarted with the IT config by the harness) and sipp.
# Output: benchmarks/results/<UTC date>/campaign-rate.txt (progress and summary); the full Maven/engine log goes to
# ivr-core/target/campaign-rate-run.log.
set -euo pipefail

# shellcheck source=../ivr-core/bin/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../ivr-core/bin/lib.sh"
ascc_find_jdk
cd "$ASCC_ROOT"

out="$ASCC_ROOT/benchmarks/results/$(date -u +%F)"
mkdir -p "$out" ivr-core/target
log="$ASCC_ROOT/ivr-core/target/${BENCH_NAME:-campaign-rate}-run.log"
# shellcheck disable=SC2086
flock /tmp/ascc-bench.lock flock /tmp/ascc-it.lock env ASCC_SANDBOX_SCRIPT="$ASCC_ROOT/ivr-core/bin/sandbox" \
    mvn -B -pl ivr-core -am test -Dtest=CampaignRateBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.out="$out/${BENCH_NAME:-campaign-rate}.txt" ${BENCH_ARGS:-} > "$log" 2>&1 || status=$?
cat "$out/${BENCH_NAME:-campaign-rate}.txt" 2>/dev/null || tail -50 "$log"
exit "${status:-0}"
