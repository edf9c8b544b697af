#!/usr/bin/env bash
# Runs one service's migrations for a stage through the stage's migrations project (a
# CodeBuild project of the platform's data stack, inside the stage's VPC), from a source
# zip in the pipeline's artifact bucket, and waits for the outcome.
#   pipeline/migrate.sh <stage> <service> <bucket>/<key of the source zip>
set -euo pipefail
STAGE="$1" SERVICE="$2" LOCATION="$3"

build="$(aws codebuild start-build --project-name "riskplatform-$STAGE-migrations" \
  --source-type-override S3 --source-location-override "$LOCATION" \
  --buildspec-override pipeline/buildspecs/migrate.yml \
  --environment-variables-override "name=SERVICE,value=$SERVICE,type=PLAINTEXT" \
  --query build.id --output text)"
echo "migrating $SERVICE on $STAGE: $build"
while true; do
  status="$(aws codebuild batch-get-builds --ids "$build" --query 'builds[0].buildStatus' --output text)"
  case "$status" in
    IN_PROGRESS) sleep 10 ;;
    SUCCEEDED) echo "migrations of $SERVICE on $STAGE applied"; exit 0 ;;
    *) echo "migrations of $SERVICE on $STAGE: $status (logs: /riskplatform/$STAGE/db/migrations)"; exit 1 ;;
  esac
done
