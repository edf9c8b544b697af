#!/usr/bin/env bash
# Memcached for the reporting cache (ElastiCache Memcached in AWS).
#   scripts/memcached.sh start | stop | status
source "$(dirname "$0")/lib.sh"

PORT="${MEMCACHED_PORT:-11211}"
DIR="$STATE/memcached"
PIDFILE="$DIR/memcached.pid"

start() {
  apt_install memcached memcached
  mkdir -p "$DIR"
  nohup memcached -u root -l 127.0.0.1 -p "$PORT" -m 64 >"$DIR/memcached.log" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  wait_port "$PORT" 10 Memcached
}

daemon_cli "${1:-}" "$PIDFILE" memcached Memcached "$PORT"
