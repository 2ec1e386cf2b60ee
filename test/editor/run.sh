#!/usr/bin/env bash
# Everything the editor tests need, then the tests: see test/editor/run.mjs. Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
export SM_EDITOR_T0=$(date +%s)
bash test/editor/setup.sh || { echo "editor setup failed"; echo "0 passed, 1 failed"; exit 1; }
. "${SM_EDITOR_CACHE:-$HOME/.cache/stateful-manifests-editor}/env.sh"
exec node test/editor/run.mjs
