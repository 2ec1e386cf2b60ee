import { isMap, isScalar, isSeq } from 'yaml';
import { isTemplated } from '../template';
import type { Located } from '../types';
import { located, type ExtractContext } from './read';

// Qualified names anywhere; short pod names (`web-0.nginx`) also after `=`, `/`, `,`, `@`, space…
const DNS_CANDIDATE = /\.svc(?:\.|\b)|\.cluster\.local\b|(?:^|[^A-Za-z0-9_.-])[a-z0-9-]+-\d+\.[a-z0-9-]+/;
const MAX_DNS_CANDIDATES = 200;

export function collectDnsCandidates(node: unknown, ctx: ExtractContext, out: Located[], depth = 0): void {
  if (out.length >= MAX_DNS_CANDIDATES || depth > 64) return;
  if (isMap(node)) {
    for (const pair of node.items) collectDnsCandidates(pair.value, ctx, out, depth + 1);
  } else if (isSeq(node)) {
    for (const item of node.items) collectDnsCandidates(item, ctx, out, depth + 1);
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.length < 4096 && !isTemplated(node.value) && DNS_CANDIDATE.test(node.value)) {
    const value = located(node.value, node, ctx);
    if (value) out.push(value);
  }
}
