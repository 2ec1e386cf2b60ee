import type { DefinitionParams, Location } from 'vscode-languageserver/node';
import { definitionAt } from '../../core';
import { answeredInSteps, type Feature } from '../context';

/**
 * textDocument/definition: from `spec.serviceName` to the Service, and from a cluster
 * DNS name in a string to the StatefulSet whose pod it names or to the Service
 * (core/definition.ts).
 */
export const definitionFeature: Feature = {
  name: 'definition',
  capabilities: () => ({ definitionProvider: true }),
  register(context) {
    context.connection.onDefinition(answeredInSteps(context, 'definition', null, (params: DefinitionParams) => params.textDocument.uri, (params): Location[] | null => {
      const targets = definitionAt(context.workspace, params.textDocument.uri, params.position);
      return targets.length > 0 ? targets.map((t) => ({ uri: t.uri, range: t.range })) : null;
    }));
  },
};
