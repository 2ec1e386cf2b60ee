import * as path from 'node:path';

/** The repository root, from out/test/... or test/... alike. */
export const ROOT = path.resolve(__dirname, '..', '..', ...(path.basename(path.resolve(__dirname, '..', '..')) === 'out' ? ['..'] : []));
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
