import { serviceYaml, statefulSetYaml } from '../support/manifests';

/** The manifests the robustness tests build their inputs from (over test/support/manifests.ts). */

/** A Service selecting `app: <name>` (headless unless another clusterIP is given). */
export const service = (name: string, clusterIP = 'None') => serviceYaml({ name, clusterIP, selector: { app: name } });

/** A StatefulSet governed by `serviceName`, with 2 pods labelled `app: <app>`. */
export const statefulSet = (name: string, serviceName: string, app = serviceName) =>
  statefulSetYaml({ name, serviceName, replicas: 2, labels: { app } });

/** A valid StatefulSet + headless Service pair: no finding expected. */
export const pair = (name: string) => `${service(name)}---\n${statefulSet(name, name)}`;
