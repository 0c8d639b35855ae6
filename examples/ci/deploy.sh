#!/usr/bin/env bash
# Deploys a Spice.ai Cloud app from a CI job with spice-cloud, and fails the job when the
# deployment fails.
#
#   APP=sales-data SECRET_NAMES="DB_URL API_TOKEN" SPICEPOD=spicepod.yaml ./deploy.sh
#
# Environment:
#   SPICE_CLIENT_ID, SPICE_CLIENT_SECRET   machine credentials (OAuth client credentials);
#                                          store them as CI secrets
#   APP             app name or numeric ID (required; the app must exist)
#   SECRET_NAMES    space-separated names of environment variables of the runner to store
#                   as app secrets of the same name (optional)
#   SECRETS_FILE    a .env file or JSON object to import as app secrets (optional)
#   SPICEPOD        a spicepod YAML/JSON file to upload before deploying (optional)
#   DEPLOY_TIMEOUT  budget of the deploy, waiting included (default 10m)
#   SPICE_API_URL   another API, e.g. `spice-cloud emulator` for a dry run (optional)
#   HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS are honoured as usual.
#
# Exit status is spice-cloud's: 0 deployed, 2 bad input, 3 app not found, 4 bad
# credentials, 6 deployment failed (its logs are printed first), 7 timed out.
set -euo pipefail

: "${APP:?set APP to the app name or ID}"
: "${SPICE_CLIENT_ID:?set SPICE_CLIENT_ID (a CI secret)}"
: "${SPICE_CLIENT_SECRET:?set SPICE_CLIENT_SECRET (a CI secret)}"
# Never wait for a prompt: anything that would ask fails with exit 9 instead.
export SPICE_NO_INPUT=1

# 1. Install. Pin the version in real pipelines: npm install -g spice-cloud@0.1.0
if ! command -v spice-cloud >/dev/null 2>&1; then
  npm install -g spice-cloud
fi
spice-cloud --version

# 2. Authenticate: the client credentials are exchanged for a short-lived access token
#    (cached for the next commands). Bad credentials stop the job here with exit 4.
spice-cloud auth status

# 3. Secrets from the runner's environment. Values travel on stdin, never in argv.
for name in ${SECRET_NAMES:-}; do
  if ! printenv "$name" >/dev/null; then
    echo "deploy.sh: $name is listed in SECRET_NAMES but is not set" >&2
    exit 2
  fi
  printenv "$name" | spice-cloud secrets set "$name" --app "$APP"
done
if [ -n "${SECRETS_FILE:-}" ]; then
  spice-cloud secrets import "$SECRETS_FILE" --app "$APP"
fi

# 4. The spicepod, if this repository carries one.
if [ -n "${SPICEPOD:-}" ]; then
  spice-cloud apps update "$APP" --spicepod "$SPICEPOD"
fi

# 5. Deploy and wait for the outcome; record the commit when the CI provides it.
deploy_args=(--app "$APP" --wait --timeout "${DEPLOY_TIMEOUT:-10m}" --json)
if [ -n "${GITHUB_SHA:-}" ]; then deploy_args+=(--commit-sha "$GITHUB_SHA"); fi
if [ -n "${GITHUB_REF_NAME:-}" ]; then deploy_args+=(--branch "$GITHUB_REF_NAME"); fi

status=0
result=$(spice-cloud deploy "${deploy_args[@]}") || status=$?
if [ "$status" -ne 0 ]; then
  # A deployment that was created but failed: show its logs before failing the job.
  if [[ $result =~ \"id\":([0-9]+) ]]; then
    echo "--- logs of deployment ${BASH_REMATCH[1]} ---" >&2
    spice-cloud deployments logs "${BASH_REMATCH[1]}" --app "$APP" >&2 || true
  fi
  echo "deploy.sh: spice-cloud deploy failed with exit status $status" >&2
  exit "$status"
fi
echo "$result"
