import type { Kustomization } from './kustomization';
import { runToEnd, type Steps } from './steps';
import { walkKustomizations } from './walk';

/**
 * The files whose resources get labels from a kustomization in some build (see
 * {@link Kustomization.podLabels}): their pod template labels and selectors are not the
 * ones written. Unlike `namespace:`, labels of every level apply (an inner kustomization's
 * labels are kept by the outer build), and a base shared by overlays is in the set when
 * any one of its builds adds labels: rules compare labels as built, so a finding must hold
 * for every build, and with unknown labels none is sure.
 */
export function kustomizeLabelledFiles(kustomizations: Iterable<Kustomization>): Set<string> {
  return runToEnd(kustomizeLabelledFileSteps(kustomizations));
}

/** {@link kustomizeLabelledFiles} a step at a time (see ./steps.ts). */
export function* kustomizeLabelledFileSteps(kustomizations: Iterable<Kustomization>): Steps<Set<string>> {
  const result = new Set<string>();
  yield* walkKustomizations<boolean>(
    kustomizations,
    (k, outer) => !!outer || k.podLabels,
    String,
    (uri, labelled) => {
      if (labelled) result.add(uri);
    },
  );
  return result;
}
