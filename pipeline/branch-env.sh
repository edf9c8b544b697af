#!/usr/bin/env bash
# A short-lived environment for a branch, in the dev account: the platform stack and the
# four service stacks with Stage=br-<branch> and dev's settings from each samconfig.toml
# (its own VPC, Aurora, Neptune, cache, bus and user pool), migrations applied through the
# new platform's migrations project. Needs AWS credentials for the dev account, python3.13
# and the project's venvs (scripts/venvs.sh).
#   pipeline/branch-env.sh create <branch>    (about 25 min, most of it Aurora and Neptune)
#   pipeline/branch-env.sh delete <branch>    (Aurora and Neptune leave a final snapshot)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SAM="$ROOT/.local/venvs/sam/bin/sam"
export SAM_CLI_TELEMETRY=0
SERVICES=(risk-intake metrics-scoring graph-sync reporting)
[[ $# -eq 2 && "$1" =~ ^(create|delete)$ ]] || { echo "usage: $0 create|delete <branch>"; exit 2; }
STAGE="br-$(echo "$2" | tr '[:upper:]_/.' '[:lower:]---' | tr -cd 'a-z0-9-' | cut -c1-17)"

dev_overrides() {  # the dev environment's parameter overrides of a samconfig.toml, for STAGE
  python3.13 -c 'import sys, tomllib
config = tomllib.load(open(sys.argv[1], "rb"))
print(config["dev"]["deploy"]["parameters"]["parameter_overrides"].replace("Stage=dev", "Stage=" + sys.argv[2]))' \
    "$1/samconfig.toml" "$STAGE"
}

deploy() {  # dir stack
  (cd "$1" && "$SAM" build && "$SAM" deploy --config-env dev --stack-name "$2" \
    --parameter-overrides "$(dev_overrides "$1")" --tags "riskplatform:stage=$STAGE" \
    --no-confirm-changeset --no-fail-on-empty-changeset)
}

create() {
  deploy "$ROOT" "riskplatform-$STAGE"
  local bucket key
  bucket="riskplatform-pipeline-artifacts-$(aws sts get-caller-identity --query Account --output text)-$(aws configure get region || echo "$AWS_REGION")"
  key="branches/$STAGE/$(git -C "$ROOT" rev-parse --short HEAD).zip"
  rm -rf "$ROOT/.ci-deps"
  "$ROOT/.local/venvs/uv/bin/uv" pip install -q --python "$(command -v python3.13)" --target "$ROOT/.ci-deps" \
    --require-hashes -r "$ROOT/requirements/dev.txt"
  (cd "$ROOT" && git ls-files -z | xargs -0 zip -q "$ROOT/.branch-source.zip" && zip -qr "$ROOT/.branch-source.zip" .ci-deps)
  aws s3 cp "$ROOT/.branch-source.zip" "s3://$bucket/$key" --sse aws:kms --sse-kms-key-id alias/riskplatform-pipeline-artifacts
  rm -rf "$ROOT/.branch-source.zip" "$ROOT/.ci-deps"
  for service in risk-intake metrics-scoring reporting; do
    "$ROOT/pipeline/migrate.sh" "$STAGE" "$service" "$bucket/$key"
  done
  for service in "${SERVICES[@]}"; do
    deploy "$ROOT/services/$service" "riskplatform-$STAGE-$service"
  done
  echo "$STAGE is up: stacks riskplatform-$STAGE and riskplatform-$STAGE-<service>"
}

delete() {
  for service in "${SERVICES[@]}"; do
    "$SAM" delete --stack-name "riskplatform-$STAGE-$service" --no-prompts
  done
  "$SAM" delete --stack-name "riskplatform-$STAGE" --no-prompts
  echo "$STAGE is gone"
}

"$1"
