#!/usr/bin/env bash
# Runs every test (unit, integration against real servers, TLC) on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "export $(scripts/setup.sh | tail -1)"
exec ./mvnw -B -ntp verify "$@"
