#!/usr/bin/env bash
# Writes GitHub's OIDC token for Microsoft Entra into the file the provider reads
# (AZURE_FEDERATED_TOKEN_FILE) and keeps it fresh in the background for the rest of the job.
#
# GitHub's token lives about five minutes; a `pulumi up` can run for an hour, and the provider reads
# the file again each time it needs a new Entra token. So the file must always hold one whole, valid
# token: every fetch goes to a temporary file beside it, is checked (an HTTP error, a missing or empty
# value, anything but a JWT fails), and only then renamed over the old one, which is atomic. A failed
# refresh leaves the previous token in place, says so in the log file, and is tried again soon.
#
# Settings (environment): AZURE_FEDERATED_TOKEN_FILE (default $RUNNER_TEMP/entra-federated-token),
# FEDERATED_TOKEN_AUDIENCE (default api://AzureADTokenExchange), FEDERATED_TOKEN_REFRESH_SECONDS
# (default 240), FEDERATED_TOKEN_RETRY_SECONDS (default 20).
set -euo pipefail

if [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ] || [ -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]; then
  echo "::error::No GitHub OIDC token for this job: it needs 'permissions: id-token: write' (pull requests from forks never get one)."
  exit 1
fi

token_file="${AZURE_FEDERATED_TOKEN_FILE:-${RUNNER_TEMP:?RUNNER_TEMP is not set}/entra-federated-token}"
audience="${FEDERATED_TOKEN_AUDIENCE:-api://AzureADTokenExchange}"
refresh_seconds="${FEDERATED_TOKEN_REFRESH_SECONDS:-240}"
retry_seconds="${FEDERATED_TOKEN_RETRY_SECONDS:-20}"
log_file="${token_file}.log"
jwt='^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$'

# One fetch: succeeds only when the file now holds a new, whole token.
fetch_token() {
  local partial
  partial=$(mktemp "${token_file}.XXXXXX") || return 1
  if curl --silent --show-error --fail --max-time 30 \
      --header "Authorization: bearer ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}" \
      --url "${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${audience}" \
    | jq --join-output --exit-status --arg jwt "$jwt" '.value | select(type == "string" and test($jwt))' > "$partial" \
    && [ -s "$partial" ]; then
    mv -f "$partial" "$token_file"
  else
    rm -f "$partial"
    return 1
  fi
}

umask 077
mkdir -p "$(dirname "$token_file")"
if ! fetch_token; then
  echo "::error::Could not get an OIDC token from GitHub for audience ${audience}; nothing was written."
  exit 1
fi
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "AZURE_FEDERATED_TOKEN_FILE=${token_file}" >> "$GITHUB_ENV"
fi

# The refresh loop outlives this step (GitHub ends it with the job). Its output goes to a log file,
# never to the step's own output, which the runner would otherwise wait for.
(
  delay="$refresh_seconds"
  while sleep "$delay"; do
    if fetch_token; then
      delay="$refresh_seconds"
    else
      echo "$(date -u +%FT%TZ) refresh failed; the previous token stays in place; next try in ${retry_seconds}s" >> "$log_file"
      delay="$retry_seconds"
    fi
  done
) < /dev/null > /dev/null 2>&1 &
echo "$!" > "${token_file}.pid"
echo "Federated token written to ${token_file}; refreshed every ${refresh_seconds}s (pid $!)."
