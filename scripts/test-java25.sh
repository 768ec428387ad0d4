#!/usr/bin/env bash
# Runs the library modules' unit tests on Java 25 (a separate step from CI's Java 17 build):
# the bytecode stays Java 17 (maven.compiler.release), only the JDK that compiles and runs the
# tests changes. Finds the JDK through JAVA25_HOME, else the Temurin 25 package's usual path.
# Spotless (google-java-format) and JaCoCo are skipped: they check the code, not the runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
JDK="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -x "$JDK/bin/java" ]; then
  echo "[java25] no JDK 25 at $JDK (set JAVA25_HOME); skipping" >&2
  exit 0
fi
echo "[java25] $("$JDK/bin/java" -version 2>&1 | head -1)" >&2
JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH" ./mvnw -B -ntp test \
  -pl distlock-core,distlock-redis,distlock-zookeeper -am \
  -Dspotless.check.skip=true -Djacoco.skip=true "$@"
