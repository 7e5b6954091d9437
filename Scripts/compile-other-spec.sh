#!/usr/bin/env bash
# Generates the bindings of another matrix-spec checkout (default: ../shared/matrix-spec/v1.10) into a scratch
# copy of this package and compiles them, warnings as errors: the generator must not depend on v1.11's shape.
# Usage: Scripts/compile-other-spec.sh [SPEC_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
spec=$(cd "${1:-../shared/matrix-spec/v1.10}" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$scratch"
swift build --product matrix-codegen >/dev/null
.build/debug/matrix-codegen generate --spec "$spec" --output "$scratch/Generated"
# Build only the library products (the tests are written against v1.11).
(cd "$scratch" && swift build -Xswiftc -warnings-as-errors --target MatrixClientServerAPI \
  && swift build -Xswiftc -warnings-as-errors --target MatrixServerServerAPI \
  && swift build -Xswiftc -warnings-as-errors --target MatrixApplicationServiceAPI \
  && swift build -Xswiftc -warnings-as-errors --target MatrixIdentityAPI \
  && swift build -Xswiftc -warnings-as-errors --target MatrixPushGatewayAPI \
  && swift build -Xswiftc -warnings-as-errors --target MatrixEvents) >/dev/null
echo "bindings of $spec compile without warnings"
