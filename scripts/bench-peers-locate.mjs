// Where the peers of scripts/bench-peers.mjs are, as scripts/install-peers.sh installs them
// (outside the project): null for each one that is missing, so the bench can say so.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const INSTALL_HINT = 'bash scripts/install-peers.sh (npm registry only; into ~/.cache/stateful-manifests-peers, or $SM_PEERS_DIR)';

const PEERS_DIR = process.env.SM_PEERS_DIR ?? path.join(os.homedir(), '.cache', 'stateful-manifests-peers');
const EDITOR_DIR = process.env.SM_EDITOR_CACHE ?? path.join(os.homedir(), '.cache', 'stateful-manifests-editor');

const existing = (file) => (fs.existsSync(file) ? file : null);
const versionOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;

/** A Node >= 22 for yaml-language-server: the peers' own, or the editor tests' copy. */
function node24() {
  return existing(path.join(PEERS_DIR, 'node24', 'bin', 'node')) ?? existing(path.join(EDITOR_DIR, 'node24', 'bin', 'node'));
}

/** `{ yamlLanguageServer, monokle }`: each `{ dir, version, ... }` or null when not installed. */
export function locatePeers() {
  const modules = path.join(PEERS_DIR, 'node_modules');
  const yls = path.join(modules, 'yaml-language-server');
  const monokle = path.join(modules, '@monokle', 'validation');
  const node = node24();
  return {
    yamlLanguageServer: existing(path.join(yls, 'bin', 'yaml-language-server')) && node
      ? { dir: yls, version: versionOf(yls), bin: path.join(yls, 'bin', 'yaml-language-server'), node }
      : null,
    monokle: existing(path.join(monokle, 'lib', 'node.js'))
      ? { dir: monokle, version: versionOf(monokle), entry: path.join(monokle, 'lib', 'node.js'), yaml: path.join(modules, 'yaml', 'dist', 'index.js') }
      : null,
  };
}
