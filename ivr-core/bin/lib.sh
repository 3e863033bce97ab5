# Shared helpers for the ivr-core/bin scripts. Source it; do not run it.
# shellcheck shell=bash

ASCC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ASCC_ROOT

ascc_log() { echo "ascc: $*" >&2; }
ascc_die() { echo "ascc: error: $*" >&2; exit 1; }

# Prints the major version of the java binary given, e.g. 17 or 25.
ascc_java_major() {
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# Finds a JDK 21+ (javac included) and exports JAVA_HOME and PATH. Order: $JAVA_HOME, the default java,
# then every JDK under /usr/lib/jvm, newest first. Says which one it uses.
ascc_find_jdk() {
    local candidates=() c major
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v javac >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
    fi
    while IFS= read -r c; do candidates+=("$c"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's#/$##' | sort -rV)
    for c in "${candidates[@]}"; do
        [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
        major="$(ascc_java_major "$c/bin/java")"
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            export JAVA_HOME="$c"
            export PATH="$c/bin:$PATH"
            if [ -z "${ASCC_JDK_SAID:-}" ]; then
                ascc_log "using JDK $major at $c"
                export ASCC_JDK_SAID=1
            fi
            return 0
        fi
    done
    ascc_die "no JDK 21 or newer found (looked at JAVA_HOME, the default javac and /usr/lib/jvm/*). Install one, e.g. apt-get install openjdk-21-jdk or a Temurin 21+, or set JAVA_HOME."
}

ascc_mvn() {
    command -v mvn >/dev/null 2>&1 || ascc_die "Maven (mvn) is not installed: apt-get install -y maven"
    (cd "$ASCC_ROOT" && mvn -B -ntp "$@")
}

# Builds the engine jar when it is missing or older than any source or pom.
ascc_build_if_needed() {
    local jar="$ASCC_ROOT/ivr-core/target/ivr-core.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$ASCC_ROOT" -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]; then
        ascc_log "building the engine (mvn package, tests skipped; run ivr-core/bin/test-all for tests)"
        ascc_mvn -q -DskipTests package
    fi
}

# Random secret: 32 bytes from /dev/urandom, base64url without padding (43 characters; no space, ';' or '"', so it is
# valid as an AMI secret too).
ascc_random_secret() {
    head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '='
}

# The sandbox's own secrets (admin token, AMI secret, FastAGI secret), kept in FILE (root only, mode 600): made with
# random values the first time, reused later (a key missing from an older file is added). Exports each one that the
# environment does not set already, and ASCC_SANDBOX_MODE=1 (the engine allows sample secrets only then; these are
# not samples, but the flag says plainly that this engine is the local sandbox).
ascc_sandbox_secrets() {
    local file="$1" key
    mkdir -p "$(dirname "$file")"
    (umask 077 && touch "$file")
    chmod 600 "$file"
    for key in ASCC_ADMIN_TOKEN ASCC_AMI_SECRET ASCC_AGI_SECRET; do
        grep -q "^$key=" "$file" || printf '%s=%s\n' "$key" "$(ascc_random_secret)" >>"$file"
    done
    while IFS='=' read -r key value; do
        case "$key" in
            ASCC_*) [ -n "${!key:-}" ] || export "$key=$value" ;;
        esac
    done <"$file"
    export ASCC_SANDBOX_MODE=1
    ascc_log "sandbox secrets (admin token, AMI secret, FastAGI secret) are in $file (root only);"
    ascc_log "  e.g. for 'ivr reload' or curl from another shell: set -a; . $file; set +a"
}

# Load benchmarks: runs SIPp (the load generator) at nice $1 for the rest of this script (0: unchanged). The ITs find
# sipp on the PATH, so a wrapper that runs the real one niced goes first on it; removed at exit.
ascc_sipp_niced() {
    [ "${1:-0}" -ne 0 ] || return 0
    local wrap
    wrap=$(mktemp -d /tmp/ascc-sipp-nice.XXXXXX)
    printf '#!/bin/sh\nexec nice -n %s %s "$@"\n' "$1" "$(command -v sipp)" >"$wrap/sipp"
    chmod +x "$wrap/sipp"
    export PATH="$wrap:$PATH"
    # shellcheck disable=SC2064 # the directory is known now
    trap "rm -rf '$wrap'" EXIT
}
