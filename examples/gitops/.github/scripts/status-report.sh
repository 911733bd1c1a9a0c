#!/usr/bin/env bash
# The offer status report on the scheduled run's summary: every private offer the reader's account
# sees, with its state, dates and acceptance progress, and what needs attention (accept-by within 14
# days, ending within 30, withdrawn but still in the stack, drafts older than a week). It reads the
# stack's state (`pulumi stack export`, secrets left encrypted) and Partner Center; it writes nothing
# to either. The Markdown goes to $GITHUB_STEP_SUMMARY and to $STATUS_REPORT_FILE (default
# $RUNNER_TEMP/status.md).
set -euo pipefail

stack="${PULUMI_STACK_NAME:?set the repository variables PULUMI_ORG, PULUMI_PROJECT and PULUMI_STACK}"
work="${RUNNER_TEMP:?RUNNER_TEMP is not set}"
report_file="${STATUS_REPORT_FILE:-$work/status.md}"
state_file="$(mktemp "$work/stack-state.XXXXXX")"
trap 'rm -f "$state_file"' EXIT

pulumi stack export --stack "$stack" > "$state_file"
npx --no-install pulumi-partnercenter-private-offers status --stack-state "$state_file" --format markdown --out "$report_file"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$report_file" >> "$GITHUB_STEP_SUMMARY"; fi
