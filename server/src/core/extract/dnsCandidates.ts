import { isMap, isScalar, isSeq } from 'yaml';
import { isTemplated } from '../template';
import type { Located } from '../types';
import { located, type ExtractContext } from './read';

// Qualified names anywhere; short pod names (`web-0.nginx`) also after `=`, `/`, `,`, `@`, space…
const DNS_CANDIDATE = /\.svc(?:\.|\b)|\.cluster\.local\b|(?:^|[^A-Za-z0-9_.-])[a-z0-9-]+-\d+\.[a-z0-9-]+/;
const MAX_DNS_CANDIDATES = 200;
const MAX_DEPTH = 64;

/**
 * Nodes of an object looked at per step for DNS names. The walk covers every string of the
 * object: 90 ms of the one step of a StatefulSet with a 5 MB env list (docs/limits.md).
 */
export const DNS_NODES_PER_STEP = 16_384;

/**
 * The strings of an object that may hold cluster DNS names, in document order (at most
 * {@link MAX_DNS_CANDIDATES}, none deeper than {@link MAX_DEPTH}), looking at `perStep`
 * nodes a step: a walk with a stack of its own, in the order a recursive one takes.
 */
export function* dnsCandidateSteps(node: unknown, ctx: ExtractContext, perStep = Infinity): Generator<void, Located[]> {
  const out: Located[] = [];
  const stack: [unknown, number][] = [[node, 0]];
  let sinceYield = 0;
  while (stack.length > 0 && out.length < MAX_DNS_CANDIDATES) {
    const [next, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) continue;
    if (++sinceYield >= perStep) {
      sinceYield = 0;
      yield;
    }
    if (isMap(next)) {
      for (let i = next.items.length - 1; i >= 0; i--) stack.push([next.items[i].value, depth + 1]);
    } else if (isSeq(next)) {
      for (let i = next.items.length - 1; i >= 0; i--) stack.push([next.items[i], depth + 1]);
    } else if (isScalar(next) && typeof next.value === 'string' && next.value.length < 4096 && !isTemplated(next.value) && DNS_CANDIDATE.test(next.value)) {
      const value = located(next.value, next, ctx);
      if (value) out.push(value);
    }
  }
  return out;
}
