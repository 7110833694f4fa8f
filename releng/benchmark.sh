#!/usr/bin/env bash
# Runs the benchmarks (not the tests) of the .seg language and prints where the figures were written.
set -euo pipefail
source "$(dirname "$0")/scripts/env.sh"
cd "$SEXTANT_ROOT"
find_jdk
bootstrap_maven
run_maven -q verify -Pbenchmark \
    -pl releng/io.sextant.target,dsl/io.sextant.dsl,dsl/io.sextant.dsl.ide,tests/io.sextant.dsl.tests
echo "figures: tests/io.sextant.dsl.tests/target/benchmarks/dsl.txt"
cat tests/io.sextant.dsl.tests/target/benchmarks/dsl.txt
