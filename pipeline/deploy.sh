#!/usr/bin/env bash
# The pipeline's deployment of one packaged component to $STAGE: a service's migrations
# first (pipeline/migrate.sh, inside the stage's VPC), then sam deploy with the
# stage's settings from the component's samconfig.toml, as CloudFormation's deployment
# role, tagged with the stage and the release version; then writes outputs.json, the
# merged outputs of every stack of the stage (what the integration tests read).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT"
[[ "$COMPONENT" == platform ]] || DIR="$ROOT/services/$COMPONENT"
SAM="$ROOT/.local/venvs/sam/bin/sam"
VERSION="$(cat "$DIR/release-version")"

if [[ "$COMPONENT" =~ ^(risk-intake|metrics-scoring|reporting)$ ]]; then
  "$ROOT/pipeline/migrate.sh" "$STAGE" "$COMPONENT" "$ARTIFACT_BUCKET/$COMPONENT/$VERSION/source.zip"
fi

cd "$DIR"
# A service's API is mapped on the APIs' private custom domain once the platform has one
# (its web stack writes the ARN, ADR 60). sam deploy's --parameter-overrides replaces the
# config file's, so the stage's own are given with it.
overrides=()
if [[ "$COMPONENT" != platform ]]; then
  domain="$(aws ssm get-parameter --name "/riskplatform/$STAGE/web/api-domain-arn" \
    --query Parameter.Value --output text 2>/dev/null || true)"
  if [[ -n "$domain" ]]; then
    read -r -a stage_overrides < <(python3.13 -c '
import sys, tomllib
config = tomllib.load(open("samconfig.toml", "rb"))
print(config[sys.argv[1]]["deploy"]["parameters"]["parameter_overrides"])
' "$STAGE")
    overrides=(--parameter-overrides "${stage_overrides[@]}" "ApiDomainNameArn=$domain")
  fi
fi
"$SAM" deploy --template-file packaged.yaml --config-file samconfig.toml --config-env "$STAGE" \
  "${overrides[@]}" \
  --no-resolve-s3 --s3-bucket "$ARTIFACT_BUCKET" --s3-prefix "$COMPONENT/$VERSION" \
  --kms-key-id "$ARTIFACT_KEY_ARN" --role-arn "$DEPLOYMENT_ROLE_ARN" \
  --no-confirm-changeset --no-fail-on-empty-changeset \
  --tags "riskplatform:stage=$STAGE" "riskplatform:component=$COMPONENT" "riskplatform:version=$VERSION"

for suffix in "" -risk-intake -metrics-scoring -graph-sync -reporting; do
  aws cloudformation describe-stacks --stack-name "riskplatform-$STAGE$suffix" \
    --query 'Stacks[0].Outputs' --output json 2>/dev/null || echo '[]'
done | python3.13 -c '
import json, sys
decoder, text, outputs = json.JSONDecoder(), sys.stdin.read(), {}
while text.strip():
    stack_outputs, end = decoder.raw_decode(text.strip())
    outputs.update({o["OutputKey"]: o["OutputValue"] for o in stack_outputs or []})
    text = text.strip()[end:]
json.dump(outputs, open(sys.argv[1], "w"), indent=2, sort_keys=True)
' "$ROOT/outputs.json"
