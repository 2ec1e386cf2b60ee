import { readSettings, RULE_IDS, Workspace } from '../../server/src/core';

/** A workspace of in-memory files (`file:///ws/<name>`), with optional settings. */
export function workspaceOf(files: Record<string, string>, settings?: unknown): Workspace {
  const workspace = new Workspace();
  if (settings !== undefined) workspace.setSettings(readSettings(settings, RULE_IDS).settings);
  for (const [name, text] of Object.entries(files)) workspace.setDisk(`file:///ws/${name}`, text);
  return workspace;
}

/** The position of the first occurrence of `needle` (plus `delta` characters) in `text`. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' not in the text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export const HEADLESS = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: web
    - name: metrics
      port: 9100
      protocol: UDP
`;

export const WEB = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - name: web
              containerPort: 8080
          env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: PEER
              value: "$(POD_NAME).nginx.default.svc.cluster.local"
`;
