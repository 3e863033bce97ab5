#!/usr/bin/env bash
# Fault (e), long version: overload through the real sandbox Asterisk and the engine (docs/reliability.md, "Overload").
#   benchmarks/overload.sh              ramp to find the capacity, then 2x the capacity for 60 s
# Environment (all optional):
#   OVL_RAMP="50,100,150,200"          rates (new calls/s) of the ramp, OVL_STEP=60 seconds each (as fault (e) is judged:
#                                       10 s steps pass rates at which Asterisk's queues only overflow after 20-60 s)
#   OVL_HOLD=200                        ms a caller stays (hangs up in the menus), as in the issue's measurement
#   OVL_MAX_CALLS=400 OVL_MAX_SESSIONS=300   engine.yaml capacity.max-calls / capacity.agi-max-sessions for the run
#   OVL_RATE=...                        skip the ramp and overload at this rate; OVL_SECONDS=60
#   OVL_PER_SECOND=...                  engine.yaml capacity.new-calls-per-second of the overload run (the SIP admission
#                                       front; default: the capacity the ramp found, or 0 = no front with OVL_RATE alone)
#   OVL_IN_SETUP=...                    engine.yaml capacity.max-calls-in-setup of the overload run (the front's bound on
#                                       calls Asterisk has not answered yet; default: a quarter second at OVL_PER_SECOND)
#   OVL_SIPP_NICE=0                     nice of SIPp, the load generator: on a real deployment the callers are other
#                                       machines; here SIPp shares the 2 cores and must not take the box's priority (0: same)
# The capacity is the highest ramp rate with every call answered (none refused or failed) and an answer p99 under
# 1 s. Runs ivr-core's OverloadIT with failsafe under the real-stack lock (/tmp/ascc-it.lock), as test-all
# does; needs the sandbox (ivr-core/bin/sandbox provision; MariaDB is started) and sipp.
# Output (OVL_OUT=DIR to choose): benchmarks/results/<UTC date>-overload/overload.txt (one line per run with load averages); Maven logs next to it.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac
set -euo pipefail

# shellcheck source=../ivr-core/bin/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../ivr-core/bin/lib.sh"
ascc_find_jdk
cd "$ASCC_ROOT"

out=${OVL_OUT:-"$ASCC_ROOT/benchmarks/results/$(date -u +%F)-overload"}
mkdir -p "$out"
summary="$out/overload.txt"
hold=${OVL_HOLD:-200}
limits=(-Dovl.sippSlackSeconds=35 -Dovl.maxCalls="${OVL_MAX_CALLS:-400}" -Dovl.maxSessions="${OVL_MAX_SESSIONS:-300}" -Dovl.hold="$hold")
db=ascc_it_overload_bench

run_it() { # name, extra -D options...
    local name=$1 status=0
    shift
    rm -f "$out/$name.txt"
    bash -c '
        set -euo pipefail
        "$0/ivr-core/bin/sandbox" provision >/dev/null
        "$0/ivr-core/bin/sandbox" start-mariadb >/dev/null
        mariadb -h127.0.0.1 -uascc -pascc -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4"
        shift
        ASCC_IT_DB_URL="jdbc:mariadb://127.0.0.1:3306/ascc_it_overload_bench" ASCC_SANDBOX_SCRIPT="$0/ivr-core/bin/sandbox" \
            mvn -B -ntp -pl ivr-core -am verify -DskipITs=false -Dit.test=OverloadIT -Dtest=NONE \
            -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
    ' "$ASCC_ROOT" "$db" "$@" -Dovl.out="$out/$name.txt" >"$out/$name-mvn.log" 2>&1 8>&- || status=$?
    cat "$out/$name.txt" >>"$summary" 2>/dev/null || true
    if [ "${status:-0}" -ne 0 ]; then
        echo "overload: run $name failed (assertions or setup); see $out/$name-mvn.log" | tee -a "$summary"
        return 1
    fi
}

# one real-stack run at a time on this machine: hold the lock for the ramp and the overload together (children get
# 8>&-, so an Asterisk restarted by the test never inherits the lock)
# ASCC_IT_LOCK_HELD=1: a caller already holds the lock
if [ -z "${ASCC_IT_LOCK_HELD:-}" ]; then
    exec 8>/tmp/ascc-it.lock
    echo "overload: waiting for the real-stack lock /tmp/ascc-it.lock ($(date -u +%T))"
    flock 8
fi
echo "overload: got the lock ($(date -u +%T))"
sipp_nice=${OVL_SIPP_NICE:-0}
ascc_sipp_niced "$sipp_nice"
echo "== $(date -u '+%F %T UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD), SIPp nice $sipp_nice, uptime: $(uptime)" >>"$summary"
rate=${OVL_RATE:-}
if [ -z "$rate" ]; then
    run_it ramp "${limits[@]}" -Dovl.perSecond=0 -Dovl.ramp="${OVL_RAMP:-50,100,150,200}" -Dovl.stepSeconds="${OVL_STEP:-60}" \
        -Dovl.rampOnly=true || true
    # capacity: the highest ramp rate with none refused, none failed and answer p99 < 1000 ms
    cap=$(awk '/^ramp / && / refused +0 / && / failed +0 / {
            for (i = 1; i <= NF; i++) { if ($i == "rate") r = $(i + 1); if ($i == "p99" && !p) p = $(i + 1) }
            sub("/s", "", r); if (p + 0 < 1000 && r + 0 > best) best = r + 0; p = 0 }
          END { print best + 0 }' "$out/ramp.txt")
    [ "$cap" -gt 0 ] || ascc_die "no ramp step served every call; see $summary"
    rate=$((cap * 2))
    OVL_PER_SECOND=${OVL_PER_SECOND:-$cap}
    echo "capacity (highest ramp rate with every call answered, answer p99 < 1 s): $cap calls/s; overload at $rate calls/s" \
        | tee -a "$summary"
fi
run_it overload-run "${limits[@]}" -Dovl.perSecond="${OVL_PER_SECOND:-0}" ${OVL_IN_SETUP:+-Dovl.inSetup="$OVL_IN_SETUP"} -Dovl.rate="$rate" -Dovl.seconds="${OVL_SECONDS:-60}" || status=$?
echo "== end $(date -u '+%F %T UTC'), uptime: $(uptime)" >>"$summary"
cat "$summary"
exit "${status:-0}"
