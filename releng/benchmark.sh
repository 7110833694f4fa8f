#!/usr/bin/env bash
# Runs the benchmarks (not the tests): the .seg language, the repository store, the event data import and the
# engine's standard suite (tier M, minutes each), and prints the figures and where they were written.
set -euo pipefail
source "$(dirname "$0")/scripts/env.sh"
cd "$SEXTANT_ROOT"
find_jdk
bootstrap_maven
run_maven -q verify -Pbenchmark \
    -pl releng/io.sextant.target,dsl/io.sextant.dsl,dsl/io.sextant.dsl.ide,tests/io.sextant.dsl.tests,bundles/io.sextant.model,bundles/io.sextant.store,tests/io.sextant.store.tests,bundles/io.sextant.data,tests/io.sextant.data.tests,bundles/io.sextant.engine,tests/io.sextant.engine.tests
for figures in tests/io.sextant.dsl.tests/target/benchmarks/dsl.txt tests/io.sextant.store.tests/target/benchmarks/store.txt \
        tests/io.sextant.data.tests/target/benchmarks/data.txt tests/io.sextant.engine.tests/target/benchmarks/engine.txt; do
    echo "figures: $figures"
    cat "$figures"
done
