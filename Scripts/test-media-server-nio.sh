#!/usr/bin/env bash
# matrix-nio (PyPI, in a virtualenv) drives Examples/MediaServer over HTTP on 127.0.0.1: uploads and downloads,
# authenticated and legacy, before and after the freeze (the server is restarted with the freeze set in
# between, which also shows that media survives a restart). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${NIO_VENV:-.build-nio/venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import nio" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "matrix-nio==0.26.0"
fi
(cd Examples/MediaServer && swift build --product MediaServer >/dev/null)
server=$(cd Examples/MediaServer && swift build --show-bin-path)/MediaServer
work=$(mktemp -d)
port=${MEDIA_SERVER_PORT:-18448}
pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop; rm -rf "$work"' EXIT
start() {
  "$server" --port "$port" --data "$work/data" --token alice-token=@alice:localhost "$@" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/_matrix/client/versions" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; return 1; }
    sleep 0.1
  done
  cat "$work/server.log"; return 1
}
start
"$venv/bin/python" Scripts/nio-media-test.py "http://127.0.0.1:$port" before "$work/state.json"
stop
sleep 0.1
start --freeze-at "$(date +%s.%N)"
"$venv/bin/python" Scripts/nio-media-test.py "http://127.0.0.1:$port" after "$work/state.json"
echo "matrix-nio media tests passed"
