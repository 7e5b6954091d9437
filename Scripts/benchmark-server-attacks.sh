#!/usr/bin/env bash
# Benchmark (not a test): what hostile requests cost a server built on MatrixServer. First in process (CPU per
# request next to JSONSerialization on the same bytes, memory under 60 concurrent 10 MB uploads), then over HTTP
# against a release build of Examples/MediaServer on 127.0.0.1 (unauthenticated uploads, half-sent requests and
# the idle timeout). Bounded: every client stops by itself. Usage: Scripts/benchmark-server-attacks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift run -c release MatrixServerAttackBenchmark 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]|^Build|^Compiling|^Building|^Write"
(cd Examples/MediaServer && swift build -c release --product MediaServer >/dev/null)
server=$(cd Examples/MediaServer && swift build -c release --show-bin-path)/MediaServer
work=$(mktemp -d)
port=${MEDIA_SERVER_PORT:-18450}
"$server" --port "$port" --data "$work/data" --token bench-token=@bench:localhost --idle-timeout 3 \
  --max-connections 512 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/_matrix/client/versions" >/dev/null 2>&1 && break; sleep 0.1; done
python3 Scripts/attack-media-server.py "$port" "$pid" 5
