#!/usr/bin/env bash
# The web app's build in its pipeline (ADR 60): the pinned toolchain (scripts/web.sh:
# Node 24 and npm from the npm registry, npm ci from the lock file), the unit tests in
# headless Chromium, ng build; then the build as a zip in the artifact bucket under
# web/<version>+build.<n>/web.zip, <version> from web/package.json (semantic) and <n> the
# CodeBuild build number. Every stage deploys that same zip (web-deploy.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

VERSION="$(node -p 'require("./web/package.json").version')+build.${CODEBUILD_BUILD_NUMBER:?}"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+\+build\.[0-9]+$ ]] || { echo "not a semantic version: $VERSION"; exit 1; }
PREFIX="web/$VERSION"

# Chromium for the unit tests: Debian's package, installed by the build image's install
# phase (pipeline/buildspecs/web-build.yml), as on a developer's machine; never a browser
# download.
export CHROME_BIN="${CHROME_BIN:-/usr/bin/chromium}"
[[ -x "$CHROME_BIN" ]] || { echo "no Chromium at $CHROME_BIN"; exit 1; }

scripts/web.sh unit    # also fails when the generated API client is stale
scripts/web.sh build

(cd web/dist/browser && zip -qr "$ROOT/web.zip" .)
aws s3 cp web.zip "s3://$ARTIFACT_BUCKET/$PREFIX/web.zip" --sse aws:kms --sse-kms-key-id "$ARTIFACT_KEY_ARN"
rm web.zip
echo "$VERSION" >web/release-version
echo "packaged web $VERSION at s3://$ARTIFACT_BUCKET/$PREFIX/web.zip"
