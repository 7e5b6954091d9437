#!/usr/bin/env bash
# Runs every fuzz target of Sources/MatrixFuzz for a bounded time and fails on the first crash, hang or
# out-of-memory. Usage: Scripts/fuzz.sh [SECONDS_PER_TARGET (60)] [TARGET...]
# Corpora start from the v1.11 spec (API files for `spec`, event examples for the JSON targets) and grow in
# .build-fuzz/corpus/; a crash is written to .build-fuzz/crashes/ and replays with
# `swift run MatrixFuzz TARGET FILE` (then it becomes a regression test).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(spec json request canonical xmatrix multipart)
spec="$(cd ../shared/matrix-spec/v1.11 && pwd)"

swift build --scratch-path .build-fuzz --product MatrixFuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DFUZZING 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]" || true
binary=.build-fuzz/debug/MatrixFuzz
[ -x "$binary" ] || { echo "fuzz build failed" >&2; exit 1; }

mkdir -p .build-fuzz/crashes
for target in "${targets[@]}"; do
  corpus=".build-fuzz/corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    spec) cp -n "$spec"/data/api/client-server/*.yaml "$corpus"/ ;;
    json|canonical) cp -n "$spec"/data/event-schemas/examples/* "$corpus"/ 2>/dev/null || true ;;
    request)
      printf 'PUT /_matrix/client/v3/rooms/%%21r%%3Aexample.org/send/m.room.message/txn1\nContent-Type: application/json\n\n{"msgtype":"m.text","body":"hi"}' > "$corpus/send"
      printf 'GET /_matrix/client/v3/sync?since=s1&timeout=30000&filter=%%7B%%7D&full_state=true\n\n' > "$corpus/sync"
      printf 'GET /_matrix/client/v1/media/thumbnail/example.org/abc?width=64&height=64&method=crop&animated=true\n\n' > "$corpus/thumbnail"
      printf 'POST /_matrix/media/v3/upload?filename=a.png\nContent-Type: image/png\n\n\x89PNG' > "$corpus/upload"
      printf 'PUT /_matrix/federation/v1/send/txn\nContent-Type: application/json\n\n{"origin":"a.example","origin_server_ts":1,"pdus":[]}' > "$corpus/federation" ;;
    xmatrix) printf 'X-Matrix origin="origin.example",destination="dest.example",key="ed25519:1",sig="ABC"' > "$corpus/seed" ;;
    multipart) printf '\x05--abcde\r\nContent-Type: application/json\r\n\r\n{}\r\n--abcde\r\nContent-Type: text/plain\r\n\r\nhi\r\n--abcde--\r\n' > "$corpus/seed" ;;
  esac
  echo "== fuzzing $target for ${seconds}s"
  # The Swift runtime's backtracer would catch a crash before libFuzzer could save the input.
  if ! SWIFT_BACKTRACE=enable=no FUZZ_TARGET="$target" MATRIX_FUZZ_SPEC="$spec" "$binary" "$corpus" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix=".build-fuzz/crashes/$target-" -print_final_stats=1 2> ".build-fuzz/$target.log"; then
    tail -40 ".build-fuzz/$target.log" >&2
    echo "fuzz target $target failed; the input is in .build-fuzz/crashes/" >&2
    exit 1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" ".build-fuzz/$target.log" | sed "s/^/  $target /"
done
echo "fuzzing: ${#targets[@]} targets, ${seconds}s each, no crash"
