#!/usr/bin/env bash
# Creates the project's virtualenvs from the lock files in requirements/, each on the
# functions' Python: dev (tests and tools), ministack (the AWS emulator), sam (SAM CLI).
# A venv is rebuilt only when its lock file changed.
source "$(dirname "$0")/lib.sh"

UV_VERSION="0.13.8"
VENVS="$STATE/venvs"
PY="$(runtime_python)"
mkdir -p "$VENVS"

if [[ ! -x "$VENVS/uv/bin/uv" ]] || [[ "$("$VENVS/uv/bin/uv" --version)" != "uv $UV_VERSION"* ]]; then
  log "installing uv $UV_VERSION"
  "$PY" -m venv "$VENVS/uv"
  "$VENVS/uv/bin/pip" install -q "uv==$UV_VERSION"
fi
UV="$VENVS/uv/bin/uv"

for name in "${@:-dev ministack sam}"; do
  for venv in $name; do
    lock="$ROOT/requirements/$venv.txt"
    stamp="$VENVS/$venv.stamp"
    want="$(sha256sum "$lock" | cut -d' ' -f1) $PY"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
      continue
    fi
    log "syncing the $venv venv from requirements/$venv.txt"
    [[ -x "$VENVS/$venv/bin/python" ]] || "$UV" venv -q --python "$PY" "$VENVS/$venv"
    VIRTUAL_ENV="$VENVS/$venv" "$UV" pip sync -q --require-hashes "$lock"
    echo "$want" >"$stamp"
  done
done
