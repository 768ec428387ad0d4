#!/usr/bin/env bash
# Runs the benchmarks on demand (never in CI). Usage:
#   scripts/bench.sh all [warmupSeconds measureSeconds iterations rowFilter]  # ONE ratio table:
#       Redis (1/8 threads, hot key, 16 clients), Redlock over 5 servers, ZooKeeper; distlock vs
#       its peer (Redisson, RedissonRedLock, Curator) and floor, same run, same servers
#   scripts/bench.sh locks [warmupSeconds measureSeconds iterations]   # single Redis, with p99
#   scripts/bench.sh jdbc [warmupSeconds measureSeconds iterations threads]  # vs Spring, ShedLock
#   scripts/bench.sh jmh [JMH args...]                                  # any JMH selection
#   scripts/bench.sh segments [secondsPerK outputDir]                   # segmented inventory, K=1..16
set -euo pipefail
cd "$(dirname "$0")/.."
eval "export $(scripts/setup.sh | tail -1)"
./mvnw -B -ntp -q install -DskipTests -Dspotless.check.skip=true -pl bench -am
what="${1:-locks}"; shift || true
case "$what" in
  all) exec java -Xmx256m -cp bench/target/benchmarks.jar dev.distlock.bench.locks.RatioTable "$@" ;;
  locks) exec java -Xmx256m -cp bench/target/benchmarks.jar dev.distlock.bench.locks.LockBenchReport "$@" ;;
  jdbc) exec java -Xmx256m -cp bench/target/benchmarks.jar dev.distlock.bench.locks.JdbcLockBench "$@" ;;
  jmh) exec java -jar bench/target/benchmarks.jar "$@" ;;
  segments) exec java -Xmx256m -Djava.awt.headless=true -cp bench/target/benchmarks.jar dev.distlock.bench.segments.SegmentBench "$@" ;;
  *) echo "usage: scripts/bench.sh all|locks|jdbc|jmh|segments [...]" >&2; exit 2 ;;
esac
