#!/usr/bin/env bash
# Benchmarks (not tests): a release `matrix-codegen generate --check` of all five v1.11 groups and a release
# `matrix-codegen diff` v1.10 -> v1.11, wall time over several runs; the same generation with and without the
# events, in alternation; and a clean debug build of the generated
# modules (SKIP_BUILD_BENCH=1 skips it). BASELINE=/path/to/an/older/matrix-codegen first times both binaries'
# `generate --check` in alternation (min and median of RUNS each), so that a change is compared in one run on
# a noisy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product matrix-codegen >/dev/null
runs=${RUNS:-10}
if [ -n "${BASELINE:-}" ]; then
  python3 - "$BASELINE" .build/release/matrix-codegen "$runs" <<'PY'
import statistics, subprocess, sys, time
baseline, current, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = {baseline: [], current: []}
for _ in range(runs):
    for binary in times:
        start = time.perf_counter()
        subprocess.run([binary, "generate", "--check"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[binary].append(time.perf_counter() - start)
for binary, values in times.items():
    print(f"generate --check, {binary} ({runs} runs, alternating): min {min(values):.3f} s, median {statistics.median(values):.3f} s")
PY
fi
# What the events cost: the same generation with `events: false`, in alternation, written to a scratch directory.
scratch_gen=$(mktemp -d)
python3 - "$scratch_gen" "$runs" <<'PY'
import os, re, statistics, subprocess, sys, time
scratch, runs = sys.argv[1], int(sys.argv[2])
config = open("specs/matrix-codegen.yaml").read()
config = config.replace("spec: ../../shared", "spec: " + os.path.abspath("../shared")).replace("kinds: event-kinds.yaml", "kinds: " + os.path.abspath("specs/event-kinds.yaml"))
variants = {"with events": config, "without events": re.sub(r"\nevents:\n(  .*\n)*", "\nevents: false\n", config)}
times = {}
for name, text in variants.items():
    path = os.path.join(scratch, name.replace(" ", "-") + ".yaml")
    open(path, "w").write(text.replace("output: ../Generated", "output: " + os.path.join(scratch, name.replace(" ", "-"))))
    subprocess.run([".build/release/matrix-codegen", "generate", "--config", path], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times[name] = (path, [])
for _ in range(runs):
    for name, (path, values) in times.items():
        start = time.perf_counter()
        subprocess.run([".build/release/matrix-codegen", "generate", "--check", "--config", path], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        values.append(time.perf_counter() - start)
for name, (_, values) in times.items():
    print(f"generate --check {name} ({runs} runs, alternating): min {min(values):.3f} s, median {statistics.median(values):.3f} s")
PY
rm -rf "$scratch_gen"
# The generation against its reference: a bare parse, through the same loader, of every file the run reads.
python3 - "$runs" <<'PY'
import json, os, statistics, subprocess, sys, tempfile, time
runs = int(sys.argv[1])
binary = ".build/release/matrix-codegen"
plan = json.loads(subprocess.run([binary, "plan"], check=True, capture_output=True, text=True).stdout)
data = os.path.abspath("../shared/matrix-spec/v1.11/data") + "/"
files = [path[len(data):] for path in plan["inputs"] if path.startswith(data)]
listing = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
listing.write("\n".join(files) + "\n")
listing.close()
commands = {"generate --check": [binary, "generate", "--check"], f"parse only ({len(files)} files)": [binary, "parse", "--files-from", listing.name]}
times = {name: [] for name in commands}
for _ in range(runs):
    for name, command in commands.items():
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[name].append(time.perf_counter() - start)
for name, values in times.items():
    print(f"{name} ({runs} runs, alternating): min {min(values):.3f} s, median {statistics.median(values):.3f} s")
generate, parse = (min(values) for values in times.values())
print(f"generation / bare parse: {generate / parse:.1f}x by the fastest runs (goal: at most 5x)")
generate, parse = (statistics.median(values) for values in times.values())
print(f"generation / bare parse: {generate / parse:.1f}x by the medians")
os.unlink(listing.name)
# Where the time goes: each stage's wall time (MATRIX_CODEGEN_TIMINGS), from the fastest of the runs.
best = None
for _ in range(runs):
    start = time.perf_counter()
    result = subprocess.run([binary, "generate", "--check"], env=dict(os.environ, MATRIX_CODEGEN_TIMINGS="1"), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    stages = [line for line in result.stderr.splitlines() if line.startswith("stages: ")]
    if stages and (best is None or elapsed < best[0]):
        best = (elapsed, stages[0])
if best:
    print(f"generate --check stages, fastest of {runs} runs ({best[0]:.3f} s in all): {best[1][len('stages: '):]}")
PY
best=999; total=0
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  .build/release/matrix-codegen generate --check >/dev/null 2>&1
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  total=$(echo "$total + $t" | bc -l)
  if (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
done
printf 'generate (release, all five v1.11 groups, %d runs): best %.3f s, mean %.3f s wall\n' "$runs" "$best" "$(echo "$total / $runs" | bc -l)"
best=999; total=0
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  .build/release/matrix-codegen diff ../shared/matrix-spec/v1.10 ../shared/matrix-spec/v1.11 --format json >/dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  total=$(echo "$total + $t" | bc -l)
  if (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
done
printf 'diff v1.10 -> v1.11 (release, all five groups, %d runs): best %.3f s, mean %.3f s wall\n' "$runs" "$best" "$(echo "$total / $runs" | bc -l)"
if [ "${SKIP_BUILD_BENCH:-0}" != 1 ]; then
  scratch=.build-bench
  rm -rf "$scratch"
  swift build --scratch-path "$scratch" --product matrix-codegen >/dev/null  # dependencies first
  swift build --scratch-path "$scratch" --target MatrixAPIRuntime >/dev/null  # and the runtime
  start=$(date +%s.%N)
  for target in MatrixCommonTypes MatrixClientServerAPI MatrixServerServerAPI MatrixApplicationServiceAPI MatrixIdentityAPI MatrixPushGatewayAPI; do
    swift build --scratch-path "$scratch" --target "$target" >/dev/null
  done
  end=$(date +%s.%N)
  printf 'clean debug build of the generated API modules (runtime and dependencies already built): %.1f s\n' "$(echo "$end - $start" | bc -l)"
  start=$(date +%s.%N)
  swift build --scratch-path "$scratch" --target MatrixEvents >/dev/null
  end=$(date +%s.%N)
  printf 'clean debug build of MatrixEvents (after those): %.1f s\n' "$(echo "$end - $start" | bc -l)"
fi
