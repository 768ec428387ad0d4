#!/usr/bin/env bash
# Runs the benchmarks on demand (never in CI). Usage:
#   scripts/bench.sh locks [warmupSeconds measureSeconds iterations]   # distlock vs Redisson vs bare
#   scripts/bench.sh jdbc [warmupSeconds measureSeconds iterations threads]  # vs Spring, ShedLock
#   scripts/bench.sh jmh [JMH args...]                                  # any JMH selection
#   scripts/bench.sh segments [secondsPerK outputDir]                   # segmented inventory, K=1..16
set -euo pipefail
cd "$(dirname "$0")/.."
eval "export $(scripts/setup.sh | tail -1)"
./mvnw -B -ntp -q install -DskipTests -Dspotless.check.skip=true
what="${1:-locks}"; shift || true
case "$what" in
  locks) exec java -Xmx256m -cp bench/target/benchmarks.jar dev.distlock.bench.locks.LockBenchReport "$@" ;;
  jdbc) exec java -Xmx256m -cp bench/target/benchmarks.jar dev.distlock.bench.locks.JdbcLockBench "$@" ;;
  jmh) exec java -jar bench/target/benchmarks.jar "$@" ;;
  segments) exec java -Xmx256m -Djava.awt.headless=true -cp bench/target/benchmarks.jar dev.distlock.bench.segments.SegmentBench "$@" ;;
  *) echo "usage: scripts/bench.sh locks|jdbc|jmh|segments [...]" >&2; exit 2 ;;
esac
