/**
 * Small manifests for protocol and core tests, written the way people write them
 * (block style, two-space indent), so tests share one source of YAML text.
 */

export interface PortSpec {
  name?: string;
  port: number;
}

export interface StatefulSetSpec {
  name?: string;
  namespace?: string;
  serviceName?: string;
  replicas?: number;
  labels?: Record<string, string>;
  containerPorts?: PortSpec[];
}

export interface ServiceSpec {
  name?: string;
  namespace?: string;
  /** `undefined` leaves the field out (a ClusterIP Service). */
  clusterIP?: string;
  selector?: Record<string, string>;
  ports?: PortSpec[];
}

function metadata(name: string, namespace: string | undefined): string {
  return `metadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}`;
}

function labelLines(labels: Record<string, string>, indent: string): string {
  return Object.entries(labels).map(([k, v]) => `${indent}${k}: ${v}\n`).join('');
}

export function statefulSetYaml(spec: StatefulSetSpec = {}): string {
  const name = spec.name ?? 'web';
  const labels = spec.labels ?? { app: name };
  const ports = spec.containerPorts ?? [];
  return `apiVersion: apps/v1
kind: StatefulSet
${metadata(name, spec.namespace)}spec:
  serviceName: ${spec.serviceName ?? 'nginx'}
${spec.replicas === undefined ? '' : `  replicas: ${spec.replicas}\n`}  selector:
    matchLabels:
${labelLines(labels, '      ')}  template:
    metadata:
      labels:
${labelLines(labels, '        ')}    spec:
      containers:
        - name: nginx
          image: nginx:1.27
${ports.length ? `          ports:\n${ports.map((p) => `            - name: ${p.name}\n              containerPort: ${p.port}\n`).join('')}` : ''}`;
}

export function serviceYaml(spec: ServiceSpec = {}): string {
  const ports = spec.ports ?? [{ name: 'http', port: 80 }];
  return `apiVersion: v1
kind: Service
${metadata(spec.name ?? 'nginx', spec.namespace)}spec:
${spec.clusterIP === undefined ? '' : `  clusterIP: ${spec.clusterIP}\n`}  selector:
${labelLines(spec.selector ?? { app: 'web' }, '    ')}  ports:
${ports.map((p) => (p.name ? `    - name: ${p.name}\n      port: ${p.port}\n` : `    - port: ${p.port}\n`)).join('')}`;
}
