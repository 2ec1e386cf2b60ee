/**
 * Kinds whose strings are searched for DNS names (env values, args, ConfigMap data): the
 * rules that read names in strings and the index's DNS keys (workspace/dependencies.ts).
 * A module of its own, importing nothing, so the index and the rules can both load it first.
 */
export const DNS_NAME_KINDS = ['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ConfigMap', 'Secret'] as const;
