#!/usr/bin/env bash
# Runs every test: builds all modules with Tycho and runs the OSGi smoke tests and the workbench UI tests
# (under a private Xvfb display when there is none), and the test against a real Trino over an exported lake
# (-Ptrino: releng/scripts/trino-server.sh fetches Trino 476 once into ~/.cache/sextant; it needs a JDK 24 or
# newer beside the build's). Extra arguments go to Maven, e.g. -o for offline.
set -euo pipefail
source "$(dirname "$0")/scripts/env.sh"
cd "$SEXTANT_ROOT"
if [ -z "${DISPLAY:-}" ]; then
    command -v xvfb-run >/dev/null 2>&1 ||
        die "no display for the UI tests: set DISPLAY or install Xvfb (apt-get install xvfb xauth libgtk-3-0)"
    # the UI tests post real key and mouse events, through this X server
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$@"
fi
find_jdk
bootstrap_maven
echo "sextant: testing with Java $(java_major "$JAVA_HOME/bin/java") and Maven $MAVEN_VERSION on display $DISPLAY" >&2
run_maven clean verify -Ptrino "$@"
