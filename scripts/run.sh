#!/usr/bin/env bash
# The main job: the safety matrix campaign. Starts redis-server, ZooKeeper and Toxiproxy processes
# on 127.0.0.1, runs every lock (with and without the fencing guard) under every nemesis with seeded
# plans, compares each cell with the TLA+ expectation, prints the matrix and writes
# target/report/index.html and target/report/matrix.md. One plan per cell and a continuous run per
# lock: 172 cells, about 23 minutes on 2 cores (docs/results/README.md).
#
#   scripts/run.sh                                   # the quick campaign (1 plan per cell)
#   scripts/run.sh --profile soak                    # 20 plans per cell, budget x 10
#   scripts/run.sh --profile soak --workload continuous --runs 1 --shrink 0   # the continuous soak:
#                                                    # a 60 s run per row and cell (~80 s each)
#   scripts/run.sh --workload targeted               # the targeted plans only (no continuous runs)
#   scripts/run.sh --locks redlock --nemeses clock-jump --runs 1 --seed 42   # replay one plan
#   scripts/run.sh --help                            # every option
#
# Exit status: 0 when every cell agrees with the model, 1 when a cell disagrees or a predicted
# violation was not reached, 2 on bad options.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "export $(scripts/setup.sh | tail -1)"
# TLC is the test command's (scripts/test.sh): the campaign compares with the committed expectation
# table, which the tests check against the TLC configurations.
./mvnw -B -ntp -q install -DskipTests -Dtla.skip=true -Dspotless.check.skip=true -Djacoco.skip=true
mkdir -p target
./mvnw -B -ntp -q -pl fault-tests dependency:build-classpath -Dmdep.outputFile="$PWD/target/matrix.classpath" > /dev/null
exec java -Xmx384m -Djava.awt.headless=true \
  -Dorg.slf4j.simpleLogger.log.org.apache.zookeeper=warn -Dorg.slf4j.simpleLogger.log.org.apache.curator=warn \
  -cp "fault-tests/target/classes:$(cat target/matrix.classpath)" \
  dev.distlock.matrix.MatrixMain "$@"
