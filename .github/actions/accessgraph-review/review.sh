#!/usr/bin/env bash
# The step the accessgraph-review action runs (tested by apps/api/test/cli/reviewAction.test.ts):
# the diff of BEFORE → AFTER as markdown in the job summary, gated on FAIL_ON; then, when
# EXPECT names a file, the expectations against AFTER. Exit 1 when the gate or an expectation
# fails, 2 on an input error; the summary is written either way.
set -uo pipefail
: "${ACCESSGRAPH:?the accessgraph command, e.g. npx --yes accessgraph@0.1.0}" "${BEFORE:?}" "${AFTER:?}"
summary="${GITHUB_STEP_SUMMARY:-/dev/stdout}"
status=0

{ echo "## accessgraph: what this change does to reachability"; echo; } >>"$summary"
$ACCESSGRAPH diff --before "$BEFORE" --after "$AFTER" --format markdown ${FAIL_ON:+--fail-on "$FAIL_ON"} >>"$summary" 2>gate.log
diff_status=$?
if [ -n "${FAIL_ON:-}" ]; then { echo; echo '```'; cat gate.log; echo '```'; } >>"$summary"; fi
cat gate.log >&2
rm -f gate.log
[ $diff_status -ne 0 ] && status=$diff_status

if [ -n "${EXPECT:-}" ]; then
  { echo; echo "## accessgraph: expectations ($EXPECT)"; echo; echo '```'; } >>"$summary"
  $ACCESSGRAPH assert --expect "$EXPECT" --manifests "$AFTER" >>"$summary"
  assert_status=$?
  echo '```' >>"$summary"
  if [ $assert_status -gt $status ]; then status=$assert_status; fi
fi
exit $status
