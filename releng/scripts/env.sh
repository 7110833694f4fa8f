# Shared shell functions for Sextant's scripts (sourced, not run).
# Each check fails with one line on stderr that says what is missing and how to get it, never a stack trace.

SEXTANT_ROOT=${SEXTANT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# Maven 3.9 is unpacked here by bootstrap_maven, and the last build's log is kept here; git-ignored.
SEXTANT_TOOLS=${SEXTANT_TOOLS:-$SEXTANT_ROOT/.tools}
MAVEN_VERSION=3.9.11

die() {
    echo "sextant: $*" >&2
    exit 1
}

# Prints the major version of the java binary given, or nothing if it does not run.
java_major() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

# Sets JAVA_HOME to a JDK of the given major version or newer (default 21): $JAVA_HOME if it qualifies, else
# java on the PATH, else the newest JDK found in the usual install folders. Tycho 5 and the Eclipse platform
# need Java 21; the Trino test server (trino-server.sh) needs 24.
find_jdk() {
    local minimum=${1:-21}
    local candidates=() c major best="" best_major=0
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v javac >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
    fi
    # the conventional install folders (Debian/Ubuntu packages, /opt, SDKMAN); SEXTANT_JDK_DIRS (folders
    # holding JDKs) replaces them, e.g. to test this check
    local folder
    for folder in ${SEXTANT_JDK_DIRS:-/usr/lib/jvm /opt/java /opt "$HOME/.sdkman/candidates/java"}; do
        for c in "$folder"/*; do [ -d "$c" ] && candidates+=("$c"); done
    done
    for c in "${candidates[@]}"; do
        [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
        major=$(java_major "$c/bin/java")
        [ -n "$major" ] || continue
        # $JAVA_HOME wins when it qualifies; otherwise take the newest
        if [ "$c" = "${JAVA_HOME:-}" ] && [ "$major" -ge "$minimum" ]; then best=$c; best_major=$major; break; fi
        if [ "$major" -gt "$best_major" ]; then best=$c; best_major=$major; fi
    done
    [ -n "$best" ] && [ "$best_major" -ge "$minimum" ] ||
        die "no JDK $minimum or newer found (newest found: $([ "$best_major" -gt 0 ] && echo "Java $best_major" || echo none)); install one or set JAVA_HOME to it"
    export JAVA_HOME=$best
    export PATH="$JAVA_HOME/bin:$PATH"
}

# Makes a Maven 3.9 available as $MVN. Tycho 5 does not run on Maven 3.8. The distribution is itself an
# artifact on the Maven repository, so any installed Maven (3.x) fetches it without naming a host here.
bootstrap_maven() {
    local home=$SEXTANT_TOOLS/apache-maven-$MAVEN_VERSION
    if [ ! -x "$home/bin/mvn" ]; then
        command -v mvn >/dev/null 2>&1 ||
            die "no Maven found to fetch Maven $MAVEN_VERSION with; install one (apt-get install maven)"
        echo "sextant: fetching Maven $MAVEN_VERSION (one time) ..." >&2
        mkdir -p "$SEXTANT_TOOLS"
        local log=$SEXTANT_TOOLS/bootstrap-maven.log
        # run outside the project: an old Maven would load the project's Tycho extension and fail
        if ! (cd "$SEXTANT_TOOLS" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
                -Dartifact=org.apache.maven:apache-maven:$MAVEN_VERSION:tar.gz:bin \
                -DoutputDirectory="$SEXTANT_TOOLS") >"$log" 2>&1 || [ ! -x "$home/bin/mvn" ]; then
            die "could not download Maven $MAVEN_VERSION from the Maven repository (network or proxy?); details in $log"
        fi
    fi
    MVN=$home/bin/mvn
}

# Runs Maven; on failure prints one line naming the cause (a download, a compile error, a test) above the
# log's tail, so a reader does not have to dig through the whole build output.
run_maven() {
    local log=$SEXTANT_TOOLS/last-build.log rc
    mkdir -p "$SEXTANT_TOOLS"
    set +e
    "$MVN" -B "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" -ne 0 ]; then
        local cause
        cause=$(grep -m1 -E '^\[ERROR\].*(Could not (transfer|resolve|find artifact)|Failed to (collect|read artifact)|Unknown host|Connection (refused|timed out)|Name or service not known)' "$log")
        if [ -n "$cause" ]; then
            die "a download failed (is the Maven repository reachable?): $(echo "$cause" | sed 's/^\[ERROR\][[:space:]]*//' | cut -c1-300)"
        fi
        cause=$(grep -m1 -E '^\[ERROR\] (Tests run:|Failed to execute goal|Cannot resolve|Missing requirement|COMPILATION ERROR)' "$log" ||
                grep -m1 '^\[ERROR\]' "$log")
        die "the build failed: $(echo "${cause:-see $log}" | sed 's/^\[ERROR\][[:space:]]*//' | cut -c1-300) (full log: $log)"
    fi
}
