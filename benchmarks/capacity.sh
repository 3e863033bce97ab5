#!/usr/bin/env bash
# Issue 17: new calls/s one Asterisk box serves with the engine, with a bare FastAGI responder, and with a static
# dialplan, in one run on this machine (docs/capacity-plan.md, "One Asterisk box").
#   benchmarks/capacity.sh              ramp each setup, print and write the table (~6 minutes)
# The three setups, one after the other on the same sandbox Asterisk (restarted for each), same SIPp scenario
# (ivr-core sipp/overload-call.xml: a caller dials a company's own number and hangs up in its menu after CAP_HOLD ms):
#   static  no FastAGI: the inbound context runs the engine's commands for that number as dialplan applications
#   floor   the bare FastAGI responder (benchmarks' AgiFloorServer) on the engine's AGI port, same command lines
#   engine  the engine (its inbound flow, FastAGI server, call tracker), as the real-stack tests start it
#   engine2x2  two Asterisk boxes (10.77.0.10/.11) and two engine nodes (10.77.0.21/.22, separate JVMs, both boxes' AMI)
#           in network namespaces (ivr-core/bin/netns, as NamespaceClusterIT), each box trying its own node first; each
#           step offers half its calls to each box (two SIPp side by side), the rate in the table is the total
#   floor2x2   the same two boxes with a bare FastAGI responder per node address instead of the engine nodes
# Each: a warm-up (CAP_WARMUP, default 3,000 calls at 100/s: a JVM's JIT has compiled the hot paths by then, so the
# ramp measures the steady state of a long-running engine or floor), then the ramp. A setup's capacity is the highest
# ramp rate with >= 99% of the calls answered and answer p99 under CAP_P99_MS. Environment (all optional):
#   CAP_SETUPS="static,floor,engine"  CAP_RAMP="100,150,200,250,300"  CAP_STEP=10 (seconds a step)
#   (the two-box setups are named, not default: CAP_SETUPS=static,floor,engine,floor2x2,engine2x2)
#   CAP_WARMUP="100:3000" (rate:calls; results before 2026-12-06 23:00 UTC used 50:250)
#   CAP_HOLD=200 (ms)  CAP_P99_MS=1000  CAP_MAX_CALLS=1000 CAP_MAX_SESSIONS=1000 (engine.yaml capacity: refuse nothing)
#   CAP_SIPP_NICE=0 (nice of SIPp, the load generator, which shares the cores with the box here; 0: same priority)
#   CAP_ARGLINE="..." (JVM options of the test JVM, where the engine runs: e.g. a JFR recording for a profile,
#   "-XX:StartFlightRecording=filename=/tmp/cap-%p.jfr,settings=profile": %p, or a second JVM overwrites it)
#   CAP_NODE_JVM="..." (extra JVM options of the two engine nodes of engine2x2; NODE is replaced by node-1/node-2)
#   CAP_OUT=DIR (default benchmarks/results/<UTC date>-capacity)
# Each engine setup also writes the engine's CPU per call (engine: the test JVM's CPU less the test thread's, over the
# ramp, with its CPU by thread; engine2x2: the node processes' user+system time over the warm-up and ramp): less
# sensitive to the machine's load than calls/s.
# Holds the real-stack lock /tmp/ascc-it.lock for the whole run (the sandbox Asterisk is shared; ASCC_IT_LOCK_HELD=1:
# the caller holds it); needs the sandbox
# (ivr-core/bin/sandbox provision) and sipp. Output: benchmarks/results/<UTC date>-capacity/ (capacity.txt: one line
# per step with /proc/loadavg; summary.md: the table; Maven log).
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac
set -euo pipefail

# shellcheck source=../ivr-core/bin/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../ivr-core/bin/lib.sh"
ascc_find_jdk
cd "$ASCC_ROOT"

out="${CAP_OUT:-$ASCC_ROOT/benchmarks/results/$(date -u +%F)-capacity}"
mkdir -p "$out"
raw="$out/capacity.txt"
p99max=${CAP_P99_MS:-1000}
conf="$ASCC_ROOT/ivr-core/src/test/resources/it-conf"
own=0700000001

echo "capacity: building the benchmarks (floor server, static dialplan) ($(date -u +%T))"
mvn -B -ntp -q -DskipTests package -pl benchmarks -am >"$out/build.log" 2>&1 || ascc_die "build failed; see $out/build.log"
cp_="$ASCC_ROOT/benchmarks/target/classes:$ASCC_ROOT/benchmarks/target/lib/*"
java -cp "$cp_" ascc.bench.StaticDialplan "$conf" "$own" 01055500000 2>"$out/static-dialplan.log" \
    | grep -E '^[A-Z][A-Za-z]*\(.*\)$' >"$out/static-dialplan.txt"
echo "capacity: static dialplan for $own: $(paste -sd' ' "$out/static-dialplan.txt")"

# ASCC_IT_LOCK_HELD=1: a caller already holds the lock (e.g. to run this and benchmarks/overload.sh in one go)
if [ -z "${ASCC_IT_LOCK_HELD:-}" ]; then
    exec 8>/tmp/ascc-it.lock
    echo "capacity: waiting for the real-stack lock /tmp/ascc-it.lock ($(date -u +%T))"
    flock 8
fi
echo "capacity: got the lock ($(date -u +%T)); progress: tail -f $raw"
sipp_nice=${CAP_SIPP_NICE:-0}
ascc_sipp_niced "$sipp_nice"
echo "== $(date -u '+%F %T UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD), SIPp nice $sipp_nice${CAP_ARGLINE:+, test JVM $CAP_ARGLINE}, uptime: $(uptime)" >>"$raw"
db=ascc_it_capacity_bench
status=0
bash -c '
    set -euo pipefail
    "$0/ivr-core/bin/sandbox" provision >/dev/null
    "$0/ivr-core/bin/sandbox" start-mariadb >/dev/null
    mariadb -h127.0.0.1 -uascc -pascc -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4"
    shift
    ASCC_IT_DB_URL="jdbc:mariadb://127.0.0.1:3306/ascc_it_capacity_bench" ASCC_SANDBOX_SCRIPT="$0/ivr-core/bin/sandbox" \
        mvn -B -ntp -pl ivr-core -am verify -DskipITs=false -Dit.test=CapacityIT -Dtest=NONE \
        -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
' "$ASCC_ROOT" "$db" -Dcap.setups="${CAP_SETUPS:-static,floor,engine}" -Dcap.ramp="${CAP_RAMP:-100,150,200,250,300}" \
    -Dovl.sippSlackSeconds=35 -Dcap.step="${CAP_STEP:-10}" -Dcap.warmup="${CAP_WARMUP:-100:3000}" -Dcap.hold="${CAP_HOLD:-200}" -Dcap.maxCalls="${CAP_MAX_CALLS:-1000}" \
    -Dcap.maxSessions="${CAP_MAX_SESSIONS:-1000}" -Dcap.out="$raw" -Dcap.staticDialplan="$out/static-dialplan.txt" \
    "-Dcap.floorCommand=java -Xmx512m -cp $cp_ ascc.bench.AgiFloorServer $conf 4591 system" \
    ${CAP_ARGLINE:+"-DargLine=$CAP_ARGLINE"} ${CAP_NODE_JVM:+"-Dcap.nodeJvm=$CAP_NODE_JVM"} \
    >"$out/mvn.log" 2>&1 8>&- || status=$?
echo "== end $(date -u '+%F %T UTC'), uptime: $(uptime)" >>"$raw"
[ "$status" -eq 0 ] || echo "capacity: the Maven run failed ($status); see $out/mvn.log" >&2

# per setup: the highest rate with >= 99% answered, no failure beyond 1%, answer p99 under the bound
awk -v p99max="$p99max" -v commit="$(git rev-parse --short HEAD)" '
    / ramp +rate / {
        s = $1; for (i = 1; i <= NF; i++) {
            if ($i == "rate") r = $(i + 1); if ($i == "offered") o = $(i + 1); if ($i == "answered" && !aa) { a = $(i + 1); aa = 1 }
            if ($i == "p99" && !pp) { p = $(i + 1); pp = 1 } if ($i == "p50" && !qq) { q = $(i + 1); qq = 1 }
            if ($i == "load") l = $(i + 1)
        }
        sub("/s", "", r); ok = (a >= 0.99 * o && p + 0 < p99max)
        rows[s] = rows[s] sprintf("| %s | %s | %s | %s | %s / %s | %s | %s |\n", s, r, o, a, q, p, l, ok ? "yes" : "no")
        if (ok && r + 0 > cap[s]) cap[s] = r + 0
        if (!(s in seen)) { seen[s] = 1; order[++n] = s }
        pp = 0; qq = 0; aa = 0
    }
    END {
        print "| setup | new calls/s | offered | answered | answer p50 / p99 (ms) | load (1 min) | served well |"
        print "|---|---|---|---|---|---|---|"
        for (i = 1; i <= n; i++) printf "%s", rows[order[i]]
        print ""
        for (i = 1; i <= n; i++) printf "capacity %-6s %4d new calls/s (highest step with >= 99%% answered, answer p99 < %d ms)\n", order[i], cap[order[i]], p99max
        if (cap["floor"] > 0 && ("engine" in cap)) printf "engine / floor: %.2fx (target 0.9x or better)\n", cap["engine"] / cap["floor"]
        if (cap["static"] > 0 && ("engine" in cap)) printf "engine / static dialplan: %.2fx\n", cap["engine"] / cap["static"]
        if (cap["floor2x2"] > 0 && ("engine2x2" in cap)) printf "engine2x2 / floor2x2: %.2fx (target 0.9x or better)\n", cap["engine2x2"] / cap["floor2x2"]
        if (cap["engine"] > 0 && ("engine2x2" in cap)) printf "engine2x2 / engine (one box): %.2fx\n", cap["engine2x2"] / cap["engine"]
    }' "$raw" | tee "$out/summary.md"
# the engines' CPU per call (lines the IT writes)
grep -E 'CPU .* a call' "$raw" | sed 's/^/    /' | tee -a "$out/summary.md" || true
exit "$status"
