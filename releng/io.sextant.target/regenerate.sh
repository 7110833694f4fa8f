#!/usr/bin/env bash
# Regenerates io.sextant.target.target from target-content.txt (newest platform releases, flat list).
# Run it when a dependency is added or to move to a newer Eclipse release; commit both files.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
find_jdk
bootstrap_maven
MVN=$MVN python3 "$(dirname "$0")/generate-target.py"
