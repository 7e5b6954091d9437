#!/usr/bin/env bash
# Benchmark (not a test) of decoding and encoding large sync responses: makes the deterministic 1, 10 and 50 MB
# inputs (Scripts/make-sync.py) once, then runs the ordo-one/benchmark suite of Benchmarks/ (release), which prints
# throughput, wall clock percentiles, peak resident memory and malloc counts for the generated types,
# JSONSerialization and JSONDecoder on hand-written structs, in the same run.
#     Scripts/benchmark-sync.sh [SIZES]      (SIZES: comma-separated MB, default 1,10,50)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-1,10,50}
fixtures="$(pwd)/.build/sync-fixtures"
mkdir -p "$fixtures"
IFS=, read -ra list <<<"$sizes"
for size in "${list[@]}"; do
  [ -f "$fixtures/sync-${size}mb.json" ] || python3 Scripts/make-sync.py "$size" "$fixtures/sync-${size}mb.json"
done
# Lossless (a re-encode gives the same JSON) and peak resident memory of one decode, per size, outside the harness.
swift build -c release --product MatrixDecodeBenchmark >/dev/null 2>&1
for size in "${list[@]}"; do
  file="$fixtures/sync-${size}mb.json"
  .build/release/MatrixDecodeBenchmark --top 0 --events 1 --seconds 0.1 --sync "$file" | grep "re-encodes"
  for mode in raw typed jsonserialization; do
    /usr/bin/time -f "peak resident memory, one decode of $size MB ($mode): %M KB" .build/release/MatrixDecodeBenchmark --decode-once "$file" "$mode"
  done
done
cd Benchmarks
SYNC_FIXTURES="$fixtures" SYNC_SIZES="$sizes" swift package --disable-sandbox benchmark --target SyncDecoding --format markdown --no-progress
