#!/usr/bin/env bash
# A private MariaDB instance for the local stack, its data under .local/mariadb.
#   scripts/mariadb.sh start | stop | status
source "$(dirname "$0")/lib.sh"

PORT="${MARIADB_PORT:-13306}"
DIR="$STATE/mariadb"
PIDFILE="$DIR/mariadbd.pid"

start() {
  apt_install mariadbd mariadb-server
  mkdir -p "$DIR"
  chown mysql:mysql "$DIR"
  if [[ ! -d "$DIR/data/mysql" ]]; then
    log "initialising a data directory"
    mariadb-install-db --user=mysql --datadir="$DIR/data" \
      --auth-root-authentication-method=normal >"$DIR/install.log" 2>&1
  fi
  nohup mariadbd --no-defaults --user=mysql --datadir="$DIR/data" \
    --socket="$DIR/mysqld.sock" --port="$PORT" --bind-address=127.0.0.1 \
    --pid-file="$PIDFILE" --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=256M --max-connections=300 --skip-name-resolve \
    >"$DIR/mariadbd.log" 2>&1 </dev/null &
  wait_port "$PORT" 30 MariaDB
}

daemon_cli "${1:-}" "$PIDFILE" mariadbd MariaDB "$PORT"
