#!/usr/bin/env bash
# Benchmark (not a test) of the build-tool plugin on a scratch copy of Examples/MediaBindings whose
# configuration points at a scratch copy of the v1.11 spec (so the spec can be touched and edited):
#   1. a no-op rebuild (nothing changed: the generator must not run);
#   2. a rebuild after touching a spec file the bindings read (same bytes: regenerates, nothing recompiles);
#   3. a rebuild after a real edit of that file (regenerates and recompiles the module);
#   4. a rebuild after touching a spec file the bindings do not read (the generator must not run). Every file
#      of a configured group is an input (an operation is found by its operationId), so this is a file of
#      another group.
# Usage: Scripts/benchmark-plugin.sh [SPEC_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
spec=$(cd "${1:-../shared/matrix-spec/v1.11}" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$spec" "$scratch/spec"
mkdir "$scratch/MediaBindings"
(cd Examples/MediaBindings && tar --exclude=.build -cf - .) | tar -xf - -C "$scratch/MediaBindings"
sed -i "s|^let codegenPath = .*|let codegenPath = \"$repo\"|" "$scratch/MediaBindings/Package.swift"
sed -i "s|^spec: .*|spec: $scratch/spec|" "$scratch/MediaBindings/Sources/MediaBindings/matrix-codegen.yaml"
cd "$scratch/MediaBindings"
swift build >/dev/null 2>&1  # first build, not measured
swift build >/dev/null 2>&1  # the plugin's tool was built during the first one: settle

measure() {  # label; prints wall seconds and whether the generator ran
  local start end log
  start=$(date +%s.%N)
  log=$(swift build 2>&1)
  end=$(date +%s.%N)
  local ran=no compiled=no
  grep -q "Generating Matrix bindings" <<<"$log" && ran=yes
  grep -q "Compiling MediaBindings" <<<"$log" && compiled=yes
  printf '%-52s %6.2f s  (generator ran: %s, module recompiled: %s)\n' "$1" "$(echo "$end - $start" | bc -l)" "$ran" "$compiled"
}
measure "no-op rebuild"
measure "no-op rebuild (again)"
touch "$scratch/spec/data/api/client-server/authed-content-repo.yaml"
measure "after touching authed-content-repo.yaml"
sed -i 's/Download content from the content repository./Download content from the content repository (edited)./' \
  "$scratch/spec/data/api/client-server/authed-content-repo.yaml"
measure "after editing a description in it"
touch "$scratch/spec/data/api/server-server/backfill.yaml"
measure "after touching server-server/backfill.yaml (not an input)"
