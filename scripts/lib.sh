# Shared helpers for the local-stack scripts. Source it; it sets ROOT and STATE.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.local"
PYTHON_VERSION="3.13"   # the Lambda runtime (python3.13); the emulator runs functions with it

log() { echo "[$(basename "$0" .sh)] $*" >&2; }
die() { log "$*"; exit 1; }

# The interpreter for the functions' runtime: python3.13 on PATH or under pyenv.
runtime_python() {
  local candidate
  for candidate in "$(command -v "python$PYTHON_VERSION" 2>/dev/null || true)" \
    "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$PYTHON_VERSION"*/bin/"python$PYTHON_VERSION"; do
    if [[ -x "$candidate" ]] && "$candidate" -c 'import ssl, sqlite3' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  die "python$PYTHON_VERSION not found: the functions run on the python$PYTHON_VERSION runtime"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {  # port seconds what
  local deadline=$((SECONDS + $2))
  until port_open "$1"; do
    ((SECONDS < deadline)) || die "$3 did not open port $1 within $2 s"
    sleep 0.2
  done
}

# The pid in a pid file, if that process is alive and its command line matches.
alive_pid() {  # pidfile pattern
  [[ -f "$1" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2" || return 1
  echo "$pid"
}

stop_pid() {  # pidfile pattern what [signal]
  local pid
  if pid="$(alive_pid "$1" "$2")"; then
    kill "-${4:-TERM}" "$pid"
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && die "$3 (pid $pid) did not stop"
    log "$3 stopped (pid $pid)"
  fi
  rm -f "$1"
}

apt_install() {  # command package...
  command -v "$1" >/dev/null 2>&1 && return 0
  shift
  log "installing $* from Debian's packages"
  if [[ ! -f "$STATE/apt-updated" ]]; then
    apt-get update -qq >/dev/null
    mkdir -p "$STATE" && touch "$STATE/apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The start | stop | status command line of a local server script. The script defines
# `start`, which runs only when the server is not already running.
#   daemon_cli "$1" pidfile pattern "Name" port
daemon_cli() {
  local command="$1" pidfile="$2" pattern="$3" name="$4" port="$5"
  case "$command" in
    start)
      if alive_pid "$pidfile" "$pattern" >/dev/null; then
        log "already running on port $port"
      else
        port_open "$port" && die "port $port is taken by another process"
        start
        log "running on 127.0.0.1:$port"
      fi
      ;;
    stop) stop_pid "$pidfile" "$pattern" "$name" ;;
    status) alive_pid "$pidfile" "$pattern" >/dev/null && echo "running on $port" || { echo stopped; exit 3; } ;;
    *) die "usage: $0 start|stop|status" ;;
  esac
}
