#!/usr/bin/env bash
# Renders the output of a `pulumi preview` (or `up`) as Markdown for a pull-request comment, a job
# summary or an issue: the Diagnostics section first (where the provider says, per offer, what a
# customer will see change, and where any error is), then the resource counts, then the whole output
# folded. Fenced with ~~~~ so that no offer name can end the block early; cut to fit GitHub's limit
# of 65,536 characters per comment.
#
#   render-comment.sh <title> <exit status> <output file>
set -euo pipefail

title="$1"
status="$2"
output_file="$3"

# The indented lines under a top-level heading such as "Diagnostics:" or "Resources:".
section() {
  awk -v heading="$1:" '
    $0 == heading { inside = 1; next }
    inside && /^[^ ]/ { inside = 0 }
    inside && NF > 0 { print }
  ' "$output_file"
}

diagnostics="$(section Diagnostics | head -c 20000)"
resources="$(section Resources)"

echo "<!-- private-offers-preview -->"
if [ "$status" -eq 0 ]; then
  echo "### Private offers: $title"
else
  echo "### Private offers: $title failed (exit status $status)"
fi
echo
if [ -n "$diagnostics" ]; then
  echo "**What changes for customers**, offer by offer (and any error):"
  echo
  echo "~~~~text"
  echo "$diagnostics"
  echo "~~~~"
else
  echo "No offer changes in a way a customer would see."
fi
if [ -n "$resources" ]; then
  echo
  echo "~~~~text"
  echo "$resources"
  echo "~~~~"
fi
echo
echo "<details><summary>The whole output</summary>"
echo
echo "~~~~text"
head -c 40000 "$output_file"
if [ "$(wc -c < "$output_file")" -gt 40000 ]; then
  echo
  echo "[cut here: the job log has the rest]"
fi
echo "~~~~"
echo
echo "</details>"
