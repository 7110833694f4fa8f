#!/usr/bin/env bash
# The playbook end to end, as a user runs it: the built product's `sextant sample` of a tier, then
# `sextant run Q3Growth` (JVM start included) under /usr/bin/time -v for its wall time and peak RSS.
# Usage: e2e-benchmark.sh <product folder> <work folder> <tier S|M|L>; writes <work>/e2e.tsv (one figure line
# per measurement, for releng/scripts/benchmarks-page.py) and <work>/e2e-<tier>.txt.
set -euo pipefail
product=$(cd "$1" && pwd)
work=$2
tier=$3
mkdir -p "$work"
work=$(cd "$work" && pwd)
project="$work/sample-$tier"
rm -rf "$project"
export XDG_CACHE_HOME="$work/cache"
load() { cut -d' ' -f1 /proc/loadavg; }
report="$work/e2e-$tier.txt"
: >"$report"
# tier L's import holds more than the default 2 GB heap would like
[ "$tier" = L ] && export SEXTANT_VM_ARGS="${SEXTANT_VM_ARGS:--Xmx4g}"
/usr/bin/time -v "$product/sextant" sample "$project" --tier "$tier" >"$work/sample-$tier.out" 2>"$work/sample-$tier.err"
sample_s=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/sample-$tier.err" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
sample_load=$(load)
unset SEXTANT_VM_ARGS
/usr/bin/time -v "$product/sextant" run Q3Growth --project "$project" >"$work/run-$tier.out" 2>"$work/run-$tier.err"
run_load=$(load)
run_s=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/run-$tier.err" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
rss_mb=$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/run-$tier.err") / 1024 ))
goal="<= 10 s, RSS <= 1.5 GB"
[ "$tier" = L ] && goal="<= 60 s, RSS <= 1.5 GB"
{
    echo "tier $tier, $(date -I), load average $run_load"
    echo "sextant sample --tier $tier: ${sample_s} s (load $sample_load)"
    echo "sextant run Q3Growth: ${run_s} s, peak RSS ${rss_mb} MB (goal $goal)"
    cat "$work/run-$tier.out"
} | tee "$report"
printf '%s\tsextant run Q3Growth, end to end (peak RSS %s MB)\t%s\t-\t-\t-\t%s\t%s\n' \
    "$tier" "$rss_mb" "$run_s" "$goal" "$run_load" >>"$work/e2e.tsv"
printf '%s\tsextant sample (generate and import)\t%s\t-\t-\t-\t-\t%s\n' "$tier" "$sample_s" "$sample_load" >>"$work/e2e.tsv"
