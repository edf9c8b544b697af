#!/usr/bin/env bash
# Local Apache TinkerPop Gremlin Server 3.7.3, configured like Amazon Neptune
# (string ids, set cardinality, traversal source `g`, GraphBinary + GraphSON).
#
#   scripts/gremlin.sh install   resolve the server jars from Maven Central into
#                                .local/gremlin/lib (skipped when up to date)
#   scripts/gremlin.sh start     install if needed, start in the background and
#                                wait until a real Gremlin query answers
#   scripts/gremlin.sh stop      stop the server started by `start`
#   scripts/gremlin.sh restart   stop, then start (the in-memory graph is reset)
#   scripts/gremlin.sh status    print state; exit 0 when running and answering
#
# Environment:
#   GREMLIN_PORT            port to listen on (default 8182), 127.0.0.1 only
#   GREMLIN_START_TIMEOUT   seconds to wait for readiness (default 60)
#   GREMLIN_JAVA_OPTS       JVM options (default "-Xms256m -Xmx1g")
#
# Files (all under the git-ignored .local/gremlin/):
#   lib/ jars, lib.stamp (sha256 of the pom), gremlin-server.yaml (rendered
#   with the port), gremlin.pid, gremlin.port, gremlin-server.log (this run)
#   and gremlin-server.log.1 (the run before)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CONF_DIR="local/gremlin"
POM="$CONF_DIR/pom.xml"
YAML_SRC="$CONF_DIR/gremlin-server.yaml"
LOGBACK="$CONF_DIR/logback.xml"

STATE_DIR="$ROOT/.local/gremlin"
LIB_DIR="$STATE_DIR/lib"
STAMP="$STATE_DIR/lib.stamp"
YAML_RUN="$STATE_DIR/gremlin-server.yaml"
PID_FILE="$STATE_DIR/gremlin.pid"
PORT_FILE="$STATE_DIR/gremlin.port"
LOG_FILE="$STATE_DIR/gremlin-server.log"

HOST="127.0.0.1"
PORT="${GREMLIN_PORT:-8182}"
START_TIMEOUT="${GREMLIN_START_TIMEOUT:-60}"
JAVA_OPTS="${GREMLIN_JAVA_OPTS:--Xms256m -Xmx1g}"
MAIN_CLASS="org.apache.tinkerpop.gremlin.server.GremlinServer"
SERVER_JAR="gremlin-server-3.7.3.jar"

log() { echo "gremlin: $*" >&2; }
die() { log "$*"; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH ($2)"
}

pom_sha() { sha256sum "$POM" | cut -d' ' -f1; }

is_installed() {
  [[ -f "$LIB_DIR/$SERVER_JAR" && -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$(pom_sha)" ]]
}

cmd_install() {
  if is_installed; then
    log "jars up to date in ${LIB_DIR#"$ROOT"/} ($(ls "$LIB_DIR" | wc -l) files)"
    return 0
  fi
  need java "install a JDK 17, e.g. apt-get install openjdk-17-jdk-headless"
  need mvn "install Maven, e.g. apt-get install maven"
  mkdir -p "$STATE_DIR"
  local tmp="$STATE_DIR/lib.tmp"
  rm -rf "$tmp"
  log "resolving gremlin-server from Maven Central into ${LIB_DIR#"$ROOT"/} ..."
  local mvn_log="$STATE_DIR/install.log"
  if ! mvn -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
    tail -n 40 "$mvn_log" >&2
    die "maven failed (full output: ${mvn_log#"$ROOT"/})"
  fi
  [[ -f "$tmp/$SERVER_JAR" ]] || die "maven finished but $SERVER_JAR is missing from $tmp"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  pom_sha >"$STAMP"
  log "installed $(ls "$LIB_DIR" | wc -l) jars"
}

# pid from the pid file if that process is alive and is our Gremlin Server.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against pid reuse: the process must be our java GremlinServer
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$MAIN_CLASS" || return 1
  fi
  echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# A real Gremlin request over the HTTP endpoint (WsAndHttpChannelizer); it
# also proves the init script bound `g`.
gremlin_ready() {
  local port="$1" body
  port_open "$port" || return 1
  body="$(curl -s -m 5 -X POST -H 'Content-Type: application/json' \
    -d '{"gremlin":"g.V().limit(1).count()"}' "http://$HOST:$port/gremlin" 2>/dev/null)" || return 1
  [[ "$body" == *'"code":200'* ]]
}

current_port() {
  if [[ -f "$PORT_FILE" ]]; then tr -dc '0-9' <"$PORT_FILE"; else echo "$PORT"; fi
}

wait_ready() {
  local pid="$1" port="$2" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "server process $pid exited during startup; last log lines:"
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    if gremlin_ready "$port"; then
      return 0
    fi
    sleep 0.5
  done
  log "server (pid $pid) not ready on port $port after ${START_TIMEOUT}s; last log lines:"
  tail -n 40 "$LOG_FILE" >&2 || true
  return 1
}

render_yaml() {
  # The checked-in YAML says port 8182; render a copy with the wanted port.
  # Relative paths inside it resolve from $ROOT (the working directory).
  sed -E "s/^port:[[:space:]]*[0-9]+/port: $PORT/" "$YAML_SRC" >"$YAML_RUN"
}

cmd_start() {
  [[ "$PORT" =~ ^[0-9]+$ ]] || die "GREMLIN_PORT must be a number, got '$PORT'"
  local pid
  if pid="$(running_pid)"; then
    local port
    port="$(current_port)"
    if [[ "$port" != "$PORT" ]]; then
      log "warning: running on port $port, not GREMLIN_PORT=$PORT; use restart to move it"
    fi
    if gremlin_ready "$port"; then
      log "already running (pid $pid, port $port)"
      return 0
    fi
    log "pid $pid is alive but not answering yet on port $port; waiting"
    wait_ready "$pid" "$port" || die "not ready; try: scripts/gremlin.sh restart"
    log "ready (pid $pid, port $port)"
    return 0
  fi
  rm -f "$PID_FILE"

  cmd_install
  need java "install a JDK 17, e.g. apt-get install openjdk-17-jdk-headless"
  need curl "install curl, e.g. apt-get install curl"
  if port_open "$PORT"; then
    die "port $PORT on $HOST is already in use by another process; set GREMLIN_PORT"
  fi

  mkdir -p "$STATE_DIR"
  render_yaml
  echo "$PORT" >"$PORT_FILE"
  # one log per run; the previous run's log is kept as .1
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) starting Gremlin Server on $HOST:$PORT" >"$LOG_FILE"
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
  nohup java $JAVA_OPTS \
    -Dlogback.configurationFile="$LOGBACK" \
    -cp "$LIB_DIR/*" \
    "$MAIN_CLASS" "$YAML_RUN" \
    >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  log "started pid $pid, waiting up to ${START_TIMEOUT}s for port $PORT ..."
  wait_ready "$pid" "$PORT" || die "failed to start (log: ${LOG_FILE#"$ROOT"/})"
  log "ready (pid $pid, ws://$HOST:$PORT/gremlin)"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid ..."
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not exit after 20s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 25; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid port
  port="$(current_port)"
  if ! pid="$(running_pid)"; then
    echo "gremlin: not running"
    return 3
  fi
  if gremlin_ready "$port"; then
    echo "gremlin: running (pid $pid, ws://$HOST:$port/gremlin, answering)"
    return 0
  fi
  echo "gremlin: process $pid alive but not answering on port $port"
  return 1
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop && cmd_start ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 {install|start|stop|restart|status}" >&2
    exit 2
    ;;
esac
