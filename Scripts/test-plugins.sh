#!/usr/bin/env bash
# Tests of the SwiftPM plugins (run by .ci/run):
#   - Examples/MediaBindings builds with the build-tool plugin and its tests pass;
#   - configuration and spec errors, a missing and a duplicated matrix-codegen.yaml fail the build with a message
#     naming the file (and line);
#   - the command plugin regenerates a stale checked-in file in place and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd Examples/MediaBindings && swift test 2>&1 | tail -3)

scratch=$(mktemp -d)
# The command plugin test rewrites this repository's Generated/: keep a copy and put it back exactly as it was
# (a developer's uncommitted regenerated files included), whatever happens.
tar -cf "$scratch/Generated.tar" Generated
trap 'rm -rf "$repo/Generated" && tar -xf "$scratch/Generated.tar" -C "$repo"; rm -rf "$scratch"' EXIT
mkdir "$scratch/MediaBindings"
(cd Examples/MediaBindings && tar --exclude=.build -cf - .) | tar -xf - -C "$scratch/MediaBindings"
sed -i "s|^let codegenPath = .*|let codegenPath = \"$repo\"|" "$scratch/MediaBindings/Package.swift"
config="$scratch/MediaBindings/Sources/MediaBindings/matrix-codegen.yaml"
sed -i "s|^spec: .*|spec: $(cd ../shared/matrix-spec/v1.11 && pwd)|" "$config"
cp "$config" "$scratch/good.yaml"
build() { (cd "$scratch/MediaBindings" && swift build 2>&1) }

sed -i 's/  - getConfigAuthed/  - getConfigAuthd/' "$config"
if out=$(build); then fail "a misspelt operation built"; fi
grep -q "matrix-codegen.yaml:[0-9]*:[0-9]*: error: no operation \"getConfigAuthd\"" <<<"$out" || fail "no file:line for a bad operation: $out"
echo "ok: an unknown operation fails the build at matrix-codegen.yaml:line:column"

cp "$scratch/good.yaml" "$config"
sed -i "s|^spec: .*|spec: $scratch/nowhere|" "$config"
if out=$(build); then fail "a missing spec checkout built"; fi
grep -q "is not a matrix-spec checkout" <<<"$out" || fail "no clear error for a missing checkout: $out"
echo "ok: a missing spec checkout fails the build with a clear error"

rm "$config"
if out=$(build); then fail "a target without matrix-codegen.yaml built"; fi
grep -q "has no matrix-codegen.yaml" <<<"$out" || fail "no clear error for a missing configuration: $out"
echo "ok: a missing matrix-codegen.yaml is reported"

cp "$scratch/good.yaml" "$config"
mkdir -p "$scratch/MediaBindings/Sources/MediaBindings/More"
cp "$scratch/good.yaml" "$scratch/MediaBindings/Sources/MediaBindings/More/matrix-codegen.yaml"
if out=$(build); then fail "a target with two matrix-codegen.yaml built"; fi
grep -q "has 2 files named matrix-codegen.yaml" <<<"$out" || fail "no clear error for a duplicated configuration: $out"
echo "ok: a duplicated matrix-codegen.yaml is reported"

# The command plugin, on this repository's bindings (restored from the copy on exit).
.build/debug/matrix-codegen generate >/dev/null 2>&1 || swift run matrix-codegen generate >/dev/null
cp Generated/MatrixPushGatewayAPI/push_notifier.swift "$scratch/fresh.swift"
echo "// stale" >> Generated/MatrixPushGatewayAPI/push_notifier.swift
out=$(swift package --allow-writing-to-package-directory generate-matrix-bindings 2>&1)
grep -q "wrote MatrixPushGatewayAPI/push_notifier.swift" <<<"$out" || fail "the command plugin did not report the rewrite: $out"
cmp -s Generated/MatrixPushGatewayAPI/push_notifier.swift "$scratch/fresh.swift" \
  || fail "the command plugin did not write what the generator writes"
echo "ok: generate-matrix-bindings rewrote the stale file and printed it"
