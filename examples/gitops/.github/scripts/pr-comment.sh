#!/usr/bin/env bash
# Posts the preview comment on the pull request, or updates the one an earlier run of this workflow
# posted (found by its first line, <!-- private-offers-preview -->), so that a pull request carries
# one preview comment, always the latest.
#
#   pr-comment.sh <comment file>     needs GH_TOKEN, GITHUB_REPOSITORY and PR_NUMBER
set -euo pipefail

body_file="$1"
if [ ! -s "$body_file" ]; then
  echo "No preview comment to post: the preview did not get far enough to write one."
  exit 0
fi
repo="${GITHUB_REPOSITORY:?}"
pr="${PR_NUMBER:?}"
marker="<!-- private-offers-preview -->"

existing=$(gh api --paginate "repos/$repo/issues/$pr/comments" \
  --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"$marker\"))) | .id" | tail -n 1)

if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$repo/issues/comments/$existing" --field "body=@$body_file" > /dev/null
  echo "Updated the preview comment on pull request #$pr."
else
  gh api --method POST "repos/$repo/issues/$pr/comments" --field "body=@$body_file" > /dev/null
  echo "Posted the preview comment on pull request #$pr."
fi
