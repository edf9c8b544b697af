#!/usr/bin/env bash
# Memcached for the reporting cache (ElastiCache Memcached in AWS).
#   scripts/memcached.sh start | stop | status
source "$(dirname "$0")/lib.sh"

PORT="${MEMCACHED_PORT:-11211}"
DIR="$STATE/memcached"
PIDFILE="$DIR/memcached.pid"

start() {
  apt_install memcached memcached
  if alive_pid "$PIDFILE" memcached >/dev/null; then
    log "already running on port $PORT"
    return 0
  fi
  mkdir -p "$DIR"
  port_open "$PORT" && die "port $PORT is taken by another process; set MEMCACHED_PORT"
  nohup memcached -u root -l 127.0.0.1 -p "$PORT" -m 64 >"$DIR/memcached.log" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  wait_port "$PORT" 10 Memcached
  log "running on 127.0.0.1:$PORT"
}

case "${1:-}" in
  start) start ;;
  stop) stop_pid "$PIDFILE" memcached Memcached ;;
  status) alive_pid "$PIDFILE" memcached >/dev/null && echo "running on $PORT" || { echo stopped; exit 3; } ;;
  *) die "usage: $0 start|stop|status" ;;
esac
