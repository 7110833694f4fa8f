#!/usr/bin/env bash
# Starts the Sextant IDE. Builds the product first when it is missing (or when --build is given), then
# runs it on a default workspace. Needs a display: on a machine without one, use xvfb-run -a releng/run-ide.sh.
# Usage: releng/run-ide.sh [--build] [-data <workspace>] [other Eclipse arguments]
# Environment: SEXTANT_WORKSPACE (default: ~/sextant-workspace), SEXTANT_VM_ARGS (extra JVM options),
# SEXTANT_SAMPLE_TIER (S, M or L: the size of the sample's data; default S).
# A workspace without a project named "sample" gets one (generated data and example definitions).
set -euo pipefail
source "$(dirname "$0")/scripts/env.sh"
cd "$SEXTANT_ROOT"
product=$SEXTANT_ROOT/releng/io.sextant.product/target/products/io.sextant.product/linux/gtk/x86_64
build=false
if [ "${1:-}" = "--build" ]; then build=true; shift; fi
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] ||
    die "no display (DISPLAY is not set): run it in a desktop session, or under Xvfb: xvfb-run -a releng/run-ide.sh"
find_jdk
if $build || [ ! -x "$product/sextant-ide" ]; then
    bootstrap_maven
    echo "sextant: building the product (tests skipped; releng/test.sh runs them) ..." >&2
    run_maven -q verify -DskipTests
fi
workspace=${SEXTANT_WORKSPACE:-$HOME/sextant-workspace}
# a workspace without a project named "sample" gets one: generated event data (tier S) and example definitions
export SEXTANT_VM_ARGS="-Dsextant.sampleProject=true -Dsextant.sampleTier=${SEXTANT_SAMPLE_TIER:-S} ${SEXTANT_VM_ARGS:-}"
case " $* " in *" -data "*) ;; *) set -- -data "$workspace" "$@" ;; esac
exec "$product/sextant-ide" "$@"
