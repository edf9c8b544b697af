#!/usr/bin/env bash
# A short-lived environment for a branch, in the dev account: the platform stack and the
# four service stacks with Stage=br-<branch> and dev's settings from each samconfig.toml
# (its own VPC, Aurora, Neptune, cache, bus and user pool), migrations applied through the
# new platform's migrations project. Never the account-wide parts (ManageAccountSecurity
# is forced to false), and never forever: every stack carries riskplatform:expires-at, and
# the foundation's janitor deletes the environment within the hour after it (ADR 44).
# Needs AWS credentials for the dev account, python3.13 and the project's venvs
# (scripts/venvs.sh), and the pipeline foundation (its branch deployment role).
#   pipeline/branch-env.sh create <branch> [days]   (default 7, at most 30; about 25 min)
#   pipeline/branch-env.sh extend <branch> [days]   (a new expiry, counted from now)
#   pipeline/branch-env.sh delete <branch>          (Aurora and Neptune leave a final snapshot)
#   pipeline/branch-env.sh list                     (every branch environment and its expiry)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SAM="$ROOT/.local/venvs/sam/bin/sam"
export SAM_CLI_TELEMETRY=0
SERVICES=(risk-intake metrics-scoring graph-sync reporting)
usage() { echo "usage: $0 create|extend|delete <branch> [days] | list"; exit 2; }

decide() { python3.13 "$ROOT/pipeline/branch_env.py" "$@"; }

deploy() {  # dir stack
  local overrides tags role
  mapfile -t overrides < <(decide overrides "$1" "$STAGE")
  mapfile -t tags < <(decide tags "$STAGE" "$DAYS")
  role="$(aws ssm get-parameter --name /riskplatform/pipeline/branch-deployment-role-arn \
    --query Parameter.Value --output text)"
  (cd "$1" && "$SAM" build && "$SAM" deploy --config-env dev --stack-name "$2" \
    --parameter-overrides "${overrides[@]}" --tags "${tags[@]}" --role-arn "$role" \
    --no-confirm-changeset --no-fail-on-empty-changeset)
}

stacks() {  # the environment's stacks, services first
  for service in "${SERVICES[@]}"; do echo "riskplatform-$STAGE-$service"; done
  echo "riskplatform-$STAGE"
}

create() {
  if ! aws cloudformation describe-stacks --stack-name "riskplatform-$STAGE" >/dev/null 2>&1 &&
    aws secretsmanager describe-secret --secret-id "riskplatform/$STAGE/db/master" >/dev/null 2>&1; then
    echo "$STAGE was deleted before and its database secrets are kept (ADR 46); remove them first:"
    echo "docs/operations.md, A short-lived environment for a branch"
    exit 1
  fi
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
  echo "$STAGE is up until $(decide tags "$STAGE" "$DAYS" | sed -n 's/^riskplatform:expires-at=//p'):" \
    "stacks riskplatform-$STAGE and riskplatform-$STAGE-<service>"
}

extend() {  # new tags on every stack, same template and parameters
  local stack keys tags=()
  while IFS='=' read -r key value; do tags+=("Key=$key,Value=$value"); done < <(decide tags "$STAGE" "$DAYS")
  while read -r stack; do
    keys="$(aws cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].Parameters[].ParameterKey' --output text)"
    aws cloudformation update-stack --stack-name "$stack" --use-previous-template \
      --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
      --parameters $(for k in $keys; do printf 'ParameterKey=%s,UsePreviousValue=true ' "$k"; done) \
      --tags "${tags[@]}" >/dev/null
    echo "$stack: ${tags[1]}"
  done < <(stacks)
}

delete() {
  while read -r stack; do
    "$SAM" delete --stack-name "$stack" --no-prompts
  done < <(stacks)
  echo "$STAGE is gone; its final snapshots, data key and database secrets are kept (docs/operations.md)"
}

list() {
  aws cloudformation describe-stacks --output table \
    --query "Stacks[?starts_with(StackName, 'riskplatform-br-') && ParentId == null].[StackName, StackStatus, Tags[?Key=='riskplatform:expires-at'] | [0].Value]"
}

case "${1:-}" in
  list) [[ $# -eq 1 ]] || usage; list ;;
  create | extend | delete)
    [[ $# -ge 2 && $# -le 3 ]] || usage
    STAGE="$(decide stage "$2")"
    DAYS="${3:-7}"
    "$1" ;;
  *) usage ;;
esac
