#!/usr/bin/env bash
# The local AWS emulator (MiniStack), with state kept under .local/ministack.
#   scripts/ministack.sh start | stop | status
# State (stacks, functions, queues, Cognito users and keys) is written on a clean stop.
source "$(dirname "$0")/lib.sh"

PORT="${MINISTACK_PORT:-4566}"
DIR="$STATE/ministack"
PIDFILE="$DIR/ministack.pid"

start() {
  mkdir -p "$DIR/state" "$DIR/tmp" "$DIR/s3"
  (
    cd "$DIR"
    BIND_HOST=127.0.0.1 GATEWAY_PORT="$PORT" PERSIST_STATE=1 STATE_DIR="$DIR/state" \
      S3_PERSIST=1 S3_DATA_DIR="$DIR/s3" TMPDIR="$DIR/tmp" \
      nohup "$STATE/venvs/ministack/bin/ministack" >>"$DIR/ministack.log" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
  )
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/_localstack/health" >/dev/null && break
    sleep 0.2
  done
  curl -sf "http://127.0.0.1:$PORT/_localstack/health" >/dev/null || die "MiniStack did not become healthy"
}

daemon_cli "${1:-}" "$PIDFILE" ministack MiniStack "$PORT"
