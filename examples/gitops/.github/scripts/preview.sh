#!/usr/bin/env bash
# The pull request's preview: `pulumi preview` of the stack with this branch's program. The whole
# output goes to the job log; the comment for the pull request goes to $PREVIEW_COMMENT_FILE
# (default $RUNNER_TEMP/preview-comment.md): the provider's per-offer summary first (what a customer
# will see: withdrawals, replacements, prices before -> after, and any refusal), then the resource
# counts, then the whole preview folded away. Exit status: the preview's.
set -euo pipefail

stack="${PULUMI_STACK_NAME:?set the repository variables PULUMI_ORG, PULUMI_PROJECT and PULUMI_STACK}"
work="${RUNNER_TEMP:?RUNNER_TEMP is not set}"
output_file="$work/preview.txt"
comment_file="${PREVIEW_COMMENT_FILE:-$work/preview-comment.md}"
commit="${PREVIEW_COMMIT:-${GITHUB_SHA:-}}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# A stack that does not exist yet has nothing to compare with: the first `up` on main creates it.
if ! selected=$(pulumi stack select "$stack" 2>&1); then
  if grep -qi "no stack named" <<< "$selected"; then
    {
      echo "<!-- private-offers-preview -->"
      echo "### Private offers: no preview yet for \`$stack\`"
      echo
      echo "The stack does not exist yet. The first run of the \`up\` job on main creates it;"
      echo "previews compare with it from then on."
    } > "$comment_file"
    echo "::notice::The stack $stack does not exist yet: the first up on main creates it."
    exit 0
  fi
  echo "$selected" >&2
  exit 1
fi

set +e
pulumi preview --stack "$stack" --non-interactive --color never 2>&1 | tee "$output_file"
status=${PIPESTATUS[0]}
set -e

"$here/render-comment.sh" "Preview of \`$stack\`${commit:+ at ${commit:0:12}}" "$status" "$output_file" > "$comment_file"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$comment_file" >> "$GITHUB_STEP_SUMMARY"; fi
exit "$status"
