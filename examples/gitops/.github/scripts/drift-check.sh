#!/usr/bin/env bash
# Has Partner Center changed behind the stack's back? `pulumi preview --refresh --expect-no-changes`
# reads every offer and compares what Partner Center holds with what main declares: an edit made in
# Partner Center's UI, an offer withdrawn or deleted by hand, a customer's acceptance. The CLI fails
# when that plans a change; the report goes to $DRIFT_REPORT_FILE (default
# $RUNNER_TEMP/drift-report.md), and "drift=true" to $GITHUB_OUTPUT for the step that opens an issue.
# Nothing is written to Partner Center or to the stack's state.
#
# Exit status: 0 no drift; 3 drift; anything else, the preview failed for another reason (the
# report says which), which is not called drift.
set -euo pipefail

stack="${PULUMI_STACK_NAME:?set the repository variables PULUMI_ORG, PULUMI_PROJECT and PULUMI_STACK}"
work="${RUNNER_TEMP:?RUNNER_TEMP is not set}"
output_file="$work/drift.txt"
report_file="${DRIFT_REPORT_FILE:-$work/drift-report.md}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

set +e
pulumi preview --stack "$stack" --refresh --expect-no-changes --non-interactive --color never 2>&1 | tee "$output_file"
status=${PIPESTATUS[0]}
set -e

if [ "$status" -eq 0 ]; then
  echo "No drift: Partner Center holds what $stack declares."
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "drift=false" >> "$GITHUB_OUTPUT"; fi
  exit 0
fi

if grep -q "no changes were expected" "$output_file"; then
  "$here/render-comment.sh" "drift in \`$stack\`" 0 "$output_file" > "$report_file"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "drift=true" >> "$GITHUB_OUTPUT"; fi
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$report_file" >> "$GITHUB_STEP_SUMMARY"; fi
  echo "::error::Drift: Partner Center no longer holds what $stack declares. Review the report, then change the program or run pulumi up."
  exit 3
fi

"$here/render-comment.sh" "drift check of \`$stack\`" "$status" "$output_file" > "$report_file"
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "drift=false" >> "$GITHUB_OUTPUT"; fi
echo "::error::The drift check could not run (exit status $status): see the output above."
exit "$status"
