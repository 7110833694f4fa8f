#!/usr/bin/env bash
# Runs the benchmarks (not the tests): the .seg language, the repository store, the event data import, the
# engine's standard suite (tier M, minutes each) and the .seg editor in the workbench (under a private Xvfb
# display when there is none), the experiment analysis on 1M users (H2 and DuckDB) and the playbook report (warm
# and cold renders), and prints the figures and where they were written. `releng/benchmark.sh editor` runs only
# the editor's, `releng/benchmark.sh experiments` only the experiment analysis' (-Dsextant.benchmark.experimentUsers=100000
# after it for a quick look), `releng/benchmark.sh report` only the report's, `releng/benchmark.sh analyses` only
# the built-in analyses' (tier M on the default store against hand-written DuckDB queries; -Dsextant.benchmark.tier=S
# after it for a quick look),
# `releng/benchmark.sh data` only the import's and `releng/benchmark.sh engine` only the engine's standard suite
# (-Dsextant.benchmark.engines=duckdb,postgresql after it to leave out H2, most of its time).
# `releng/benchmark.sh e2e [S|M|L ...]` builds the product and times `sextant sample` and `sextant run Q3Growth`
# end to end on each tier given (default M). `-Dsextant.benchmark.tier=L` sets the tier of the data and analyses
# benchmarks.
# Every benchmark that writes figure lines (*.tsv) updates docs/benchmark-figures.tsv and docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/scripts/env.sh"
cd "$SEXTANT_ROOT"
# the benchmark asked for: its first argument (none, or an option first, means all of them); the rest goes to Maven
what=all
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    what=$1
    shift
fi
experiments=bundles/io.sextant.analysis,bundles/io.sextant.analysis.experiments,tests/io.sextant.analysis.experiments.tests
editor=bundles/io.sextant.ui,bundles/io.sextant.engine,bundles/io.sextant.analysis,bundles/io.sextant.analysis.segments,bundles/io.sextant.analysis.cohorts,bundles/io.sextant.analysis.funnels,bundles/io.sextant.analysis.behaviour,bundles/io.sextant.analysis.paths,bundles/io.sextant.analysis.experiments,bundles/io.sextant.project,bundles/io.sextant.charts,bundles/io.sextant.ui.editor,bundles/io.sextant.ui.analysis,bundles/io.sextant.cli,bundles/io.sextant.report,bundles/io.sextant.ui.report,features/io.sextant.feature,tests/io.sextant.tests.support,tests/io.sextant.ui.editor.tests
# the report benchmark needs the analyses (its sample playbook runs them) and the report bundles
report=bundles/io.sextant.analysis,bundles/io.sextant.analysis.segments,bundles/io.sextant.analysis.cohorts,bundles/io.sextant.analysis.funnels,bundles/io.sextant.analysis.behaviour,bundles/io.sextant.analysis.paths,bundles/io.sextant.example.stickiness,bundles/io.sextant.analysis.experiments,bundles/io.sextant.project,bundles/io.sextant.charts,bundles/io.sextant.report,bundles/io.sextant.ui.report,tests/io.sextant.report.tests
# the analyses' benchmark runs every built-in analysis, the sample playbook's experiment too; its test bundle
# needs the engine tests' helpers (the differential test copies the data into DuckDB and PostgreSQL with them)
analyses=dsl/io.sextant.dsl.ide,bundles/io.sextant.project,bundles/io.sextant.analysis,bundles/io.sextant.analysis.segments,bundles/io.sextant.analysis.cohorts,bundles/io.sextant.analysis.funnels,bundles/io.sextant.analysis.behaviour,bundles/io.sextant.analysis.paths,bundles/io.sextant.example.stickiness,bundles/io.sextant.analysis.experiments,tests/io.sextant.engine.tests,tests/io.sextant.analysis.tests
base=releng/io.sextant.target,dsl/io.sextant.dsl
stored=$base,bundles/io.sextant.model,bundles/io.sextant.store,bundles/io.sextant.data
extra=()
needs_display=no
case "$what" in
    e2e)
        tiers=("$@")
        [ ${#tiers[@]} -gt 0 ] || tiers=(M)
        find_jdk
        bootstrap_maven
        run_maven -q verify -DskipTests
        product=releng/io.sextant.product/target/products/io.sextant.product/linux/gtk/x86_64
        rm -f target/e2e/e2e.tsv
        for tier in "${tiers[@]}"; do
            releng/scripts/e2e-benchmark.sh "$product" target/e2e "$tier"
        done
        python3 releng/scripts/benchmarks-page.py target/e2e/e2e.tsv
        exit 0 ;;
    data)
        modules=$base,bundles/io.sextant.data,tests/io.sextant.data.tests
        rm -f tests/io.sextant.data.tests/target/benchmarks/data.tsv
        figures=(tests/io.sextant.data.tests/target/benchmarks/data-*.txt) ;;
    engine)
        modules=$base,bundles/io.sextant.data,bundles/io.sextant.engine,tests/io.sextant.engine.tests
        figures=(tests/io.sextant.engine.tests/target/benchmarks/engine.txt) ;;
    analyses)
        modules=$stored,bundles/io.sextant.engine,$analyses
        extra=(-Dtest=AnalysisBenchmark -DfailIfNoTests=false -Dsurefire.failIfNoSpecifiedTests=false)
        rm -f tests/io.sextant.analysis.tests/target/benchmarks/analyses.tsv
        figures=(tests/io.sextant.analysis.tests/target/benchmarks/analyses-*.txt) ;;
    experiments)
        modules=$stored,bundles/io.sextant.engine,$experiments
        figures=(tests/io.sextant.analysis.experiments.tests/target/benchmarks/experiments.txt) ;;
    report)
        modules=$stored,dsl/io.sextant.dsl.ide,bundles/io.sextant.engine,$editor,$report
        needs_display=yes
        figures=(tests/io.sextant.report.tests/target/benchmarks/report.txt) ;;
    editor)
        modules=$stored,dsl/io.sextant.dsl.ide,$editor
        needs_display=yes
        figures=(tests/io.sextant.ui.editor.tests/target/benchmarks/editor.txt) ;;
    all)
        modules=$stored,dsl/io.sextant.dsl.ide,tests/io.sextant.dsl.tests,tests/io.sextant.store.tests,tests/io.sextant.data.tests,bundles/io.sextant.engine,tests/io.sextant.engine.tests,$experiments,$editor,$report,$analyses
        needs_display=yes
        figures=(tests/io.sextant.dsl.tests/target/benchmarks/dsl.txt tests/io.sextant.store.tests/target/benchmarks/store.txt
            tests/io.sextant.data.tests/target/benchmarks/data-*.txt tests/io.sextant.engine.tests/target/benchmarks/engine.txt
            tests/io.sextant.analysis.experiments.tests/target/benchmarks/experiments.txt
            tests/io.sextant.analysis.tests/target/benchmarks/analyses-*.txt
            tests/io.sextant.ui.editor.tests/target/benchmarks/editor.txt tests/io.sextant.report.tests/target/benchmarks/report.txt) ;;
    *)
        die "no benchmark '$what'; the benchmarks are data, engine, analyses, experiments, report, editor and e2e (none: all but e2e)" ;;
esac
if [ -z "${DISPLAY:-}" ] && [ "$needs_display" = yes ]; then
    command -v xvfb-run >/dev/null 2>&1 ||
        die "no display for the workbench benchmarks: set DISPLAY or install Xvfb (apt-get install xvfb xauth libgtk-3-0)"
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$what" "$@"
fi
find_jdk
bootstrap_maven
started=$(mktemp)
run_maven -q verify -Pbenchmark "$@" -pl "$modules" "${extra[@]}"
# (a figure file may be a pattern, e.g. one file per tier: expanded now that the files exist)
for pattern in "${figures[@]}"; do
    for file in $pattern; do
        echo "figures: $file"
        cat "$file"
    done
done
# the figure lines of this run go to the docs' benchmarks page
mapfile -t lines < <(find tests -path '*/target/benchmarks/*.tsv' -newer "$started" 2>/dev/null)
rm -f "$started"
python3 releng/scripts/benchmarks-page.py "${lines[@]}"
