#!/usr/bin/env bash
# Benchmark (not a test): wrk drives concurrent authenticated downloads and uploads against a release build of
# Examples/MediaServer on 127.0.0.1 and reports requests per second, p99 latency and any failed request.
# Usage: Scripts/benchmark-media-server.sh [SECONDS] [CONNECTIONS]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
(cd Examples/MediaServer && swift build -c release --product MediaServer >/dev/null)
server=$(cd Examples/MediaServer && swift build -c release --show-bin-path)/MediaServer
work=$(mktemp -d)
port=${MEDIA_SERVER_PORT:-18449}
"$server" --port "$port" --data "$work/data" --token bench-token=@bench:localhost --max-upload-bytes 1048576 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/_matrix/client/versions" >/dev/null 2>&1 && break; sleep 0.1; done
head -c 65536 /dev/urandom > "$work/blob"
mxc=$(curl -fsS -X POST -H "Authorization: Bearer bench-token" -H "Content-Type: application/octet-stream" \
  --data-binary @"$work/blob" "http://127.0.0.1:$port/_matrix/media/v3/upload?filename=blob.bin" | python3 -c 'import json,sys; print(json.load(sys.stdin)["content_uri"])')
media=${mxc#mxc://localhost/}

cat > "$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("  %d requests, %.0f requests/s, p50 %.2f ms, p99 %.2f ms, failed %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA
cat > "$work/upload.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer bench-token"
wrk.headers["Content-Type"] = "application/octet-stream"
local file = io.open("$work/blob", "rb")
wrk.body = file:read("*all")
file:close()
$(cat "$work/report.lua")
LUA
cat > "$work/download.lua" <<LUA
wrk.headers["Authorization"] = "Bearer bench-token"
$(cat "$work/report.lua")
LUA

echo "MediaServer (release) on 2 cores, wrk -t2 -c$connections -d${seconds}s, 64 KiB bodies:"
echo "authenticated download GET /_matrix/client/v1/media/download/localhost/$media"
wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/download.lua" "http://127.0.0.1:$port/_matrix/client/v1/media/download/localhost/$media" | tail -1
echo "upload POST /_matrix/media/v3/upload"
wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/upload.lua" "http://127.0.0.1:$port/_matrix/media/v3/upload?filename=blob.bin" | tail -1
