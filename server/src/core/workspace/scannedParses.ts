/**
 * How many scanned files (see ../scannedFile.ts) one step of an analysis may parse. A
 * lookup reading stand-ins parses their files first (ResourceIndex.inOrder): the small ping
 * file's Service, looking up the StatefulSets serving it while 22,000 files of its
 * namespace were only scanned, parsed them all in one step of seconds (issue 16, `npm run
 * stress hugeKustomization`). With a budget, such a lookup throws {@link ScannedParsesDue}
 * instead; the analysis (analyze.ts) parses those files a step at a time, then checks the
 * resource again: its lookups then find them parsed, and answer as they would have.
 */
export const SCANNED_PARSES_PER_STEP = 100;

/** What the step in progress may still parse. */
export interface ScannedParseBudget {
  left: number;
}

/** Thrown by a lookup that would parse more scanned files than the step has left: the files to parse first. */
export class ScannedParsesDue {
  constructor(readonly uris: readonly string[]) {}
}
