#!/usr/bin/env bash
# Builds and deploys the platform stack and the four service stacks to the emulator with
# the local stage (the same templates that deploy to AWS), then writes their outputs,
# merged, to .local/outputs.json. A stack whose sources did not change since its last
# deploy, and which the emulator still has, is skipped.
#   scripts/deploy.sh [platform] [risk-intake] ...   (default: all, platform first)
source "$(dirname "$0")/lib.sh"

ENDPOINT="http://127.0.0.1:${MINISTACK_PORT:-4566}"
export AWS_ENDPOINT_URL="$ENDPOINT" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
  AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 SAM_CLI_TELEMETRY=0 SAM_CLI_POLL_DELAY=0.5
PATH="$(dirname "$(runtime_python)"):$PATH"   # sam build needs python3.13 on PATH
SAM="$STATE/venvs/sam/bin/sam"
STAMPS="$STATE/deploy"
mkdir -p "$STAMPS"

stack_dir() { [[ "$1" == platform ]] && echo "$ROOT" || echo "$ROOT/services/$1"; }
stack_name() { [[ "$1" == platform ]] && echo riskplatform-local || echo "riskplatform-local-$1"; }

sources_hash() {
  local dir
  dir="$(stack_dir "$1")"
  {
    if [[ "$1" == platform ]]; then
      find "$ROOT/template.yaml" "$ROOT/samconfig.toml" "$ROOT/platform" -type f -print0 |
        sort -z | xargs -0 sha256sum
    else
      find "$dir" "$ROOT/shared" "$ROOT/events-schema/" -type f \
        -not -path '*/.aws-sam/*' -not -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum
    fi
  } | sha256sum | cut -d' ' -f1
}

stack_exists() {
  "$STATE/venvs/dev/bin/python" - "$1" <<'PY'
import sys, boto3
try:
    stack = boto3.client("cloudformation").describe_stacks(StackName=sys.argv[1])["Stacks"][0]
except Exception:
    sys.exit(1)
sys.exit(0 if stack["StackStatus"].endswith("_COMPLETE") and "ROLLBACK" not in stack["StackStatus"] else 1)
PY
}

deploy() {
  local name dir hash stamp
  name="$(stack_name "$1")"
  dir="$(stack_dir "$1")"
  hash="$(sources_hash "$1")"
  stamp="$STAMPS/$1.sha"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" ]] && stack_exists "$name"; then
    log "$name is up to date"
    return 0
  fi
  log "building $name"
  (cd "$dir" && "$SAM" build --cached >"$STAMPS/$1.build.log" 2>&1) ||
    { tail -n 30 "$STAMPS/$1.build.log"; die "sam build failed for $name"; }
  log "deploying $name"
  (cd "$dir" && "$SAM" deploy --config-env local >"$STAMPS/$1.deploy.log" 2>&1) ||
    { tail -n 30 "$STAMPS/$1.deploy.log"; die "sam deploy failed for $name"; }
  echo "$hash" >"$stamp"
}

stacks=("$@")
[[ ${#stacks[@]} -gt 0 ]] || stacks=(platform risk-intake metrics-scoring graph-sync reporting)
for stack in "${stacks[@]}"; do
  deploy "$stack"
done
"$STATE/venvs/dev/bin/python" "$ROOT/scripts/outputs.py" "$STATE/outputs.json"
