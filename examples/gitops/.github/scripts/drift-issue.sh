#!/usr/bin/env bash
# Opens an issue with the drift report, or adds the report to the issue an earlier run opened and
# that is still open (found by its title), so drift is one issue until someone closes it.
#
#   drift-issue.sh <report file>     needs GH_TOKEN and GITHUB_REPOSITORY
set -euo pipefail

report_file="$1"
repo="${GITHUB_REPOSITORY:?}"
title="Private offers: Partner Center drifted from ${PULUMI_STACK_NAME:?}"

existing=$(gh issue list --repo "$repo" --state open --search "\"$title\" in:title" --json number,title \
  --jq ".[] | select(.title == \"$title\") | .number" | head -n 1)

if [ -n "$existing" ]; then
  gh issue comment "$existing" --repo "$repo" --body-file "$report_file" > /dev/null
  echo "Added the report to issue #$existing."
else
  gh issue create --repo "$repo" --title "$title" --body-file "$report_file" > /dev/null
  echo "Opened an issue: $title"
fi
