import { RequestType } from 'vscode-languageserver/node';
import { renderedManifest } from '../../core/helm/renderedManifest';
import { answeredInSteps, type Feature } from '../context';

/** The custom request behind the client's "Show Rendered Manifest" command. */
export const RENDERED_MANIFEST_REQUEST = 'statefulManifests/renderedManifest';

export interface RenderedManifestParams {
  uri: string;
}

export type RenderedManifestResult = { text: string } | { unavailable: string };

const RENDERED_MANIFEST = new RequestType<RenderedManifestParams, RenderedManifestResult, void>(RENDERED_MANIFEST_REQUEST);

/**
 * `statefulManifests/renderedManifest` `{ uri }` → `{ text }` or `{ unavailable }`: the
 * rendered output of a chart template as the analysis sees it (core/helm/renderedManifest.ts).
 * The client shows it in a read-only editor and asks again as the template changes.
 */
export const renderedManifestFeature: Feature = {
  name: 'renderedManifest',
  register(context) {
    context.connection.onRequest(RENDERED_MANIFEST, answeredInSteps<RenderedManifestParams, RenderedManifestResult>(context, 'renderedManifest', { unavailable: 'The rendered manifest could not be made (see the server log).' }, (params) => params.uri,
      (params) => renderedManifest(context.workspace, params.uri)));
  },
};
