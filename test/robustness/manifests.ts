/** Small manifests the robustness tests build their inputs from. */

/** A Service selecting `app: <name>` (headless unless another clusterIP is given). */
export const service = (name: string, clusterIP = 'None') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  clusterIP: ${clusterIP}
  selector:
    app: ${name}
  ports:
    - port: 80
`;

/** A StatefulSet governed by `serviceName`, its pods labelled `app: <app>`. */
export const statefulSet = (name: string, serviceName: string, app = serviceName) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${serviceName}
  replicas: 2
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
        - name: main
          image: example/main:1
`;

/** A valid StatefulSet + headless Service pair: no finding expected. */
export const pair = (name: string) => `${service(name)}---\n${statefulSet(name, name)}`;
