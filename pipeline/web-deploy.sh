#!/usr/bin/env bash
# The web app's deployment to $STAGE (ADR 60): the released zip from the artifact bucket
# into the stage's hosting bucket - the other files first, then index.html and
# config.json, so a browser never gets an index.html whose files are missing - with
# config.json written from the stage's SSM parameters; then the load balancer's targets
# (web-targets.sh); then outputs.json (WebUrl, from the stage's parameter) for the smoke
# test. Files of earlier releases stay (a page still open may load them); the bucket's
# versioning keeps the replaced ones 30 days.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="$(cat "$ROOT/web/release-version")"
param() { aws ssm get-parameter --name "/riskplatform/$STAGE/$1" --query Parameter.Value --output text; }

BUCKET="$(param web/bucket-name)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
aws s3 cp --only-show-errors "s3://$ARTIFACT_BUCKET/web/$VERSION/web.zip" "$WORK/web.zip"
mkdir "$WORK/site" && (cd "$WORK/site" && unzip -q ../web.zip)

USER_POOL_ID="$(param auth/user-pool-id)"
SPA_CLIENT_ID="$(param auth/spa-client-id)"
python3 - "$STAGE" "$USER_POOL_ID" "$SPA_CLIENT_ID" "$VERSION" >"$WORK/site/config.json" <<'PY'
import json, sys
stage, pool, client, version = sys.argv[1:]
print(json.dumps({
    "stage": stage,
    "region": pool.split("_", 1)[0],
    "userPoolId": pool,
    "userPoolClientId": client,
    "apis": {name: f"/api/{name}" for name in ("intake", "scoring", "graph", "reporting")},
    "version": version,
}, indent=2))
PY

# As web/server/serve.mjs serves them locally: the build's content-hashed scripts and
# styles cached for good, everything else revalidated.
HASHED=(--include '*-????????.js' --include '*-????????.css')
aws s3 sync "$WORK/site" "s3://$BUCKET/" --exclude '*' "${HASHED[@]}" \
  --cache-control "public, max-age=31536000, immutable" --only-show-errors
aws s3 sync "$WORK/site" "s3://$BUCKET/" --exclude index.html --exclude config.json \
  --exclude '*-????????.js' --exclude '*-????????.css' --cache-control no-cache --only-show-errors
for file in index.html config.json; do
  aws s3 cp "$WORK/site/$file" "s3://$BUCKET/$file" --cache-control no-cache --only-show-errors
done
echo "deployed web $VERSION to s3://$BUCKET/ ($STAGE)"

"$ROOT/pipeline/web-targets.sh" "$STAGE"

URL="$(param web/url)"
python3 -c 'import json, sys; json.dump({"WebUrl": sys.argv[1]}, open(sys.argv[2], "w"))' "$URL" "$ROOT/outputs.json"
