#!/usr/bin/env bash
# The web app's smoke test against $STAGE, from inside its VPC (the load balancer is
# internal): through the private domain, the app is served with its security headers, a
# route of the app gets index.html, config.json names the stage, and /api/* reaches the
# APIs (which refuse a request without a token).
set -euo pipefail
URL="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["WebUrl"].rstrip("/"))' "${1:?outputs.json}")"
fail() { echo "FAIL: $*"; exit 1; }

page="$(mktemp)"
trap 'rm -f "$page"' EXIT
headers="$(curl -fsS -D - -o "$page" "$URL/")"
grep -qi '^content-security-policy:.*connect-src' <<<"$headers" || fail "no Content-Security-Policy on /"
grep -qi '^strict-transport-security:' <<<"$headers" || fail "no Strict-Transport-Security on /"
grep -q '<app-root' "$page" || fail "/ is not the app"
curl -fsS "$URL/risks" | grep -q '<app-root' || fail "a route of the app (/risks) is not index.html"
curl -fsS "$URL/config.json" | python3 -c "import json, sys; c = json.load(sys.stdin); assert c['stage'] == '$STAGE', c" ||
  fail "config.json is not $STAGE's"
code="$(curl -sS -o /dev/null -w '%{http_code}' "$URL/api/reporting/reports/heatmap")"
[[ "$code" == 401 || "$code" == 403 ]] || fail "/api/reporting/reports/heatmap without a token answered $code, not 401/403"
echo "web app on $STAGE: ok ($URL)"
