// What suppressions cost the analysis: analyzeFile on a file of N StatefulSet + Service
// pairs, without any directive, with a disable-next-line comment in every document, and
// with an ignore annotation on every object. Prints the median of 15 runs for each.
// Run after `npm run compile-tests` (it loads the core from out/).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { analyzeFile, Workspace } = require('../out/server/src/core/index.js');

const N = Number(process.argv[2] ?? 500);

function pair(i, variant) {
  const comment = variant === 'comments' ? '  # stateful-manifests-disable-next-line service-not-found\n' : '';
  const annotation = variant === 'annotations' ? '  annotations:\n    stateful-manifests.io/ignore: service-not-found\n' : '';
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  clusterIP: None\n  selector:\n    app: app-${i}\n---\n`
    + `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: app-${i}\n${annotation}spec:\n${comment}  serviceName: missing-${i}\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n      containers:\n        - name: c\n          image: busybox\n---\n`;
}

for (const variant of ['none', 'comments', 'annotations']) {
  const text = Array.from({ length: N }, (_, i) => pair(i, variant)).join('');
  const workspace = new Workspace();
  workspace.setDisk('file:///bench/f.yaml', text);
  const times = [];
  let findings = 0;
  for (let run = 0; run < 15; run++) {
    const start = performance.now();
    findings = analyzeFile(workspace, 'file:///bench/f.yaml').length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${variant.padEnd(11)} ${N * 2} objects, ${(text.length / 1024).toFixed(0)} KiB: analyzeFile median ${times[7].toFixed(1)} ms, ${findings} findings after suppressions`);
}
