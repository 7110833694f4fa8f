#!/usr/bin/env bash
# Measures the time from starting the built product until its workbench window is on screen, on a private
# Xvfb display, and saves a screenshot of that moment. Not a test: a measurement for the README and notes.
# Usage: releng/scripts/measure-startup.sh [runs] [screenshot.png]   (needs xvfb, x11-utils, imagemagick)
set -euo pipefail
source "$(dirname "$0")/env.sh"
runs=${1:-3}
shot=${2:-$SEXTANT_ROOT/target/startup.png}
product=$SEXTANT_ROOT/releng/io.sextant.product/target/products/io.sextant.product/linux/gtk/x86_64
[ -x "$product/sextant-ide" ] || die "no built product in $product: run releng/run-ide.sh --build first"
for tool in Xvfb xwininfo import; do
    command -v $tool >/dev/null 2>&1 || die "$tool is missing (apt-get install xvfb x11-utils imagemagick)"
done
find_jdk
workbench_window_viewable() {
    local id
    for id in $(xwininfo -root -tree 2>/dev/null | sed -n 's/^ *\(0x[0-9a-f]*\) "[^"]* - Sextant *":.*/\1/p'); do
        xwininfo -id "$id" 2>/dev/null | grep -q 'Map State: IsViewable' && return 0
    done
    return 1
}
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display
mkdir -p "$(dirname "$shot")"
for run in $(seq 1 "$runs"); do
    workspace=$(mktemp -d)
    start=$(date +%s.%N)
    "$product/sextant-ide" -data "$workspace" >"$workspace.log" 2>&1 &
    pid=$!
    # visible: the workbench window (titled "<workspace> - Sextant") is mapped and viewable
    until workbench_window_viewable; do
        kill -0 $pid 2>/dev/null || die "the product exited before showing its window; log: $workspace.log"
        sleep 0.1
    done
    end=$(date +%s.%N)
    awk -v run="$run" -v start="$start" -v end="$end" 'BEGIN { printf "run %d: window visible after %.1f s\n", run, end - start }'
    if [ "$run" = "$runs" ]; then
        sleep 3   # let the views paint before the picture
        import -window root "$shot"
        echo "screenshot: $shot"
    fi
    kill $pid; wait $pid 2>/dev/null || true
    rm -rf "$workspace" "$workspace.log"
done
