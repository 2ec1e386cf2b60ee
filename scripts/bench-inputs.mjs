// Deterministic benchmark inputs: one large multi-document file and a many-file workspace.
// Same seed, same bytes, every run and every machine, so figures are comparable.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** mulberry32: a small seeded PRNG (no Math.random anywhere in the inputs). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Applications in 1 MiB of generated manifests (378 make 1.00 MiB of largeFile). */
export const APPS_PER_MIB = 378;

const NAMESPACES = ['default', 'data', 'streaming', 'search', 'payments'];

/**
 * One application: a StatefulSet, its headless Service, a Deployment and a ConfigMap.
 * About one app in 12 carries a real mistake (a Service with a cluster IP, a typo in
 * serviceName), so the server has findings to publish, as in a real repository.
 */
export function application(i, random) {
  const ns = NAMESPACES[i % NAMESPACES.length];
  const name = `app-${i}`;
  const mistake = i % 12 === 5 ? 'not-headless' : i % 12 === 11 ? 'typo' : 'none';
  const serviceName = mistake === 'typo' ? `${name}-hedless` : `${name}-headless`;
  const replicas = 1 + Math.floor(random() * 5);
  const port = 5000 + Math.floor(random() * 4000);
  const env = Array.from({ length: 4 }, (_, k) => `            - name: SETTING_${k}\n              value: "${Math.floor(random() * 1e9).toString(36)}"\n`).join('');
  const data = Array.from({ length: 8 }, (_, k) => `  key-${k}.properties: "${Math.floor(random() * 1e12).toString(36)}-${'x'.repeat(20 + Math.floor(random() * 20))}"\n`).join('');
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: bench
spec:
  serviceName: ${serviceName}
  replicas: ${replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
        tier: data
    spec:
      containers:
        - name: main
          image: registry.example/${name}:1.${i % 10}.${i % 7}
          ports:
            - name: peer
              containerPort: ${port}
          env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: PEERS
              value: "${name}-0.${serviceName}.${ns}.svc.cluster.local:${port}"
${env}          volumeMounts:
            - name: data
              mountPath: /var/lib/${name}
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: ${1 + (i % 20)}Gi
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-headless
  namespace: ${ns}
spec:
  clusterIP: ${mistake === 'not-headless' ? '10.0.0.' + (i % 250) : 'None'}
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: peer
      port: ${port}
      targetPort: peer
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-web
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}-web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}-web
    spec:
      containers:
        - name: web
          image: registry.example/${name}-web:2.${i % 9}
          ports:
            - containerPort: 8080
          env:
            - name: BACKEND
              value: "${name}-headless.${ns}.svc.cluster.local"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${ns}
data:
${data}`;
}

/** The large file: `apps` applications (4 resources each) separated by `---`. */
export function largeFile(apps = APPS_PER_MIB, seed = 1) {
  const random = rng(seed);
  const parts = [];
  for (let i = 0; i < apps; i++) parts.push(application(i, random));
  return parts.join('---\n');
}

/**
 * A workspace of `files` files. Each application's StatefulSet and its Service live in
 * different files (and folders), so the analysis has to look across files.
 */
export function writeWorkspace(dir, files = 2000, seed = 2) {
  const random = rng(seed);
  fs.rmSync(dir, { recursive: true, force: true });
  let written = 0;
  let bytes = 0;
  for (let i = 0; written < files; i++) {
    const docs = application(i, random).split('---\n');
    const folder = path.join(dir, `team-${i % 40}`);
    fs.mkdirSync(folder, { recursive: true });
    // statefulset + deployment in one file, service in another, configmap in a third
    const outputs = [[`app-${i}.yaml`, docs[0] + '---\n' + docs[2]], [`app-${i}-svc.yaml`, docs[1]], [`app-${i}-config.yml`, docs[3]]];
    for (const [name, text] of outputs) {
      if (written >= files) break;
      fs.writeFileSync(path.join(folder, name), text);
      written++;
      bytes += Buffer.byteLength(text);
    }
  }
  return { files: written, bytes };
}

/**
 * A workspace of `kustomizations` kustomization folders (issue 15): a fifth are bases (a
 * StatefulSet and its headless Service each), 70% overlays of two shared bases each
 * (namespace, name prefix, a replicas entry, a patch file), a tenth environments of three
 * overlays each. Returns the number of files written.
 */
export function writeKustomizeWorkspace(root, kustomizations = 5000) {
  let files = 0;
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    files++;
  };
  const BASES = Math.max(1, Math.round(kustomizations / 5));
  const OVERLAYS = Math.round(kustomizations * 0.7);
  const ENVS = Math.floor(kustomizations / 10);
  for (let b = 0; b < BASES; b++) {
    write(path.join(root, 'bases', `b${b}`, 'kustomization.yaml'), 'resources:\n  - sts.yaml\n  - svc.yaml\n');
    write(path.join(root, 'bases', `b${b}`, 'sts.yaml'), `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db${b}\nspec:\n  serviceName: db${b}\n  replicas: 1\n  selector:\n    matchLabels: { app: db${b} }\n  template:\n    metadata:\n      labels: { app: db${b} }\n    spec:\n      containers:\n        - name: db\n          image: db\n`);
    write(path.join(root, 'bases', `b${b}`, 'svc.yaml'), `apiVersion: v1\nkind: Service\nmetadata:\n  name: db${b}\nspec:\n  clusterIP: None\n  selector: { app: db${b} }\n  ports:\n    - port: 5432\n`);
  }
  for (let o = 0; o < OVERLAYS; o++) {
    const bases = [o % BASES, (o * 7 + 1) % BASES];
    write(path.join(root, 'overlays', `o${o}`, 'kustomization.yaml'), [
      `namespace: ns${o % 50}`, `namePrefix: o${o}-`, 'resources:', ...bases.map((b) => `  - ../../bases/b${b}`),
      'replicas:', `  - name: db${bases[0]}`, `    count: ${o % 4}`, 'patches:', '  - path: patch.yaml', '',
    ].join('\n'));
    write(path.join(root, 'overlays', `o${o}`, 'patch.yaml'), `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db${bases[1]}\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: db:${o}\n`);
  }
  for (let e = 0; e < ENVS; e++) {
    const overlays = [e, e + ENVS, e + 2 * ENVS].map((o) => `  - ../../overlays/o${o}`);
    write(path.join(root, 'envs', `e${e}`, 'kustomization.yaml'), ['resources:', ...overlays, ''].join('\n'));
  }
  return { files, kustomizations: BASES + OVERLAYS + ENVS };
}
