#!/usr/bin/env bash
# The main job. Until the safety matrix lands, it runs the lock contract suite against real
# servers started on loopback and prints a readable summary per lock type.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "export $(scripts/setup.sh | tail -1)"
./mvnw -B -ntp -q install -DskipTests -Dspotless.check.skip=true
status=0
./mvnw -B -ntp -pl fault-tests verify -Dspotless.check.skip=true -Djacoco.skip=true \
  -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false '-Dit.test=*ContractIT' \
  > target-run.log 2>&1 || status=$?
echo
echo "Lock contract suite (real servers on 127.0.0.1):"
for f in fault-tests/target/failsafe-reports/TEST-*ContractIT.xml; do
  [ -e "$f" ] || continue
  python3 - "$f" <<'PY'
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot()
name = s.get("name").rsplit(".", 1)[-1]
t, f, e, sk = (int(s.get(k)) for k in ("tests", "failures", "errors", "skipped"))
verdict = "PASS" if f + e == 0 else "FAIL"
print(f"  {verdict}  {name:<28} {t - f - e - sk:>3}/{t} cases passed  ({float(s.get('time')):.1f} s)")
for c in s.findall("testcase"):
    if c.find("failure") is not None or c.find("error") is not None:
        print(f"        failed: {c.get('name')}")
PY
done
echo "Full log: target-run.log; server logs: fault-tests/target/cluster-logs/"
exit $status
