#!/usr/bin/env bash
# The pipeline's packaging of one component ($COMPONENT: platform or a service): sam build,
# then sam package into the artifact bucket under <component>/<version>+build.<n>, where
# <version> is the component's VERSION file (semantic) and <n> the CodeBuild build number.
# The released source, with the locked dev dependencies in .ci-deps for the steps that
# run inside a VPC without internet access (migrations, integration tests), is kept as
# <component>/<version>/source.zip beside the packaged template.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT"
[[ "$COMPONENT" == platform ]] || DIR="$ROOT/services/$COMPONENT"
SAM="$ROOT/.local/venvs/sam/bin/sam"

VERSION="$(tr -d '[:space:]' <"$DIR/VERSION")+build.${CODEBUILD_BUILD_NUMBER:?}"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+\+build\.[0-9]+$ ]] || { echo "not a semantic version: $VERSION"; exit 1; }
PREFIX="$COMPONENT/$VERSION"

# Aurora's CA bundle: the layer verifies the database with it (DB_TLS), and so do the
# migrations, which run in the VPC without internet access, and the rotation function.
curl -fsS https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem \
  -o "$ROOT/shared/rds-ca-bundle.pem"
cp "$ROOT/shared/rds-ca-bundle.pem" "$ROOT/platform/rotation/rds-ca-bundle.pem"

cd "$DIR"
"$SAM" build
"$SAM" package --s3-bucket "$ARTIFACT_BUCKET" --s3-prefix "$PREFIX" --kms-key-id "$ARTIFACT_KEY_ARN" \
  --output-template-file packaged.yaml
aws s3 cp packaged.yaml "s3://$ARTIFACT_BUCKET/$PREFIX/packaged.yaml" --sse aws:kms --sse-kms-key-id "$ARTIFACT_KEY_ARN"
echo "$VERSION" >release-version

"$ROOT/.local/venvs/uv/bin/uv" pip install -q --python "$(command -v python3.13)" --target "$ROOT/.ci-deps" \
  --require-hashes -r "$ROOT/requirements/dev.txt"
(cd "$ROOT" && zip -qr "$ROOT/source.zip" . -x '.local/*' '*/.aws-sam/*' '.aws-sam/*' '*/__pycache__/*' '.git/*')
aws s3 cp "$ROOT/source.zip" "s3://$ARTIFACT_BUCKET/$PREFIX/source.zip" --sse aws:kms --sse-kms-key-id "$ARTIFACT_KEY_ARN"
rm "$ROOT/source.zip"
echo "packaged $COMPONENT $VERSION at s3://$ARTIFACT_BUCKET/$PREFIX/"
