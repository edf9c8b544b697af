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
"$SAM" deploy --template-file packaged.yaml --config-file samconfig.toml --config-env "$STAGE" \
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
