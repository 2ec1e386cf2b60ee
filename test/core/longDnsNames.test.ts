import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { charactersReadSoFar } from '../../server/src/core/abbreviate';
import { findDnsNames, LONGEST_DNS_NAME } from '../../server/src/core/dns';
import { hoverAt } from '../../server/src/core/hover';
import { serviceYaml, statefulSetYaml } from '../support/manifests';
import { positionOf, workspaceOf } from '../support/workspace';

/**
 * Issue 16: a name longer than a DNS name can be (253 characters) is no DNS name: a hover
 * says so instead of listing records, and does not join the name into each pod's name
 * (a 20 MB name made a hover of 0.6-1.5 s, most of it copying and cutting those names).
 */

const SERVICE = serviceYaml({ name: 'web', clusterIP: 'None', selector: { app: 'web' } });
const statefulSet = (name: string, replicas = 1) => statefulSetYaml({ name, serviceName: 'web', replicas, labels: { app: 'web' } });

/** The hover on the StatefulSet's name (`metadata.name`). */
function nameHover(name: string, replicas = 1): string {
  const files = { 'svc.yaml': SERVICE, 'sts.yaml': statefulSet(name, replicas) };
  const workspace = workspaceOf(files);
  return hoverAt(workspace, 'file:///ws/sts.yaml', positionOf(files['sts.yaml'], 'name: ', 7))!.markdown;
}

const POD_SUFFIX = '-0.web.default.svc.cluster.local';

describe('names longer than a DNS name can be', () => {
  it('a pod name of 253 characters is listed; one of 254 is not, and the hover says why', () => {
    const fits = 'a'.repeat(LONGEST_DNS_NAME - POD_SUFFIX.length);
    assert.ok(nameHover(fits).includes(`\`${fits}${POD_SUFFIX}\``));
    const over = `${fits}b`;
    const markdown = nameHover(over);
    assert.ok(!markdown.includes(POD_SUFFIX + '`\n'), markdown);
    assert.doesNotMatch(markdown, /Short forms/);
    assert.match(markdown, /This name will not resolve:\*\* `a+b-0\.web\.default\.svc\.cluster\.local` is 254 characters long: a DNS name has at most 253, so no record answers it\./);
  });

  it('the Service\'s hover marks a StatefulSet whose pod names are too long as not resolving', () => {
    const over = 'a'.repeat(LONGEST_DNS_NAME - POD_SUFFIX.length + 1);
    const files = { 'svc.yaml': SERVICE, 'sts.yaml': statefulSet(over) };
    const markdown = hoverAt(workspaceOf(files), 'file:///ws/svc.yaml', positionOf(SERVICE, 'name: web', 7))!.markdown;
    assert.match(markdown, /^- StatefulSet `a+`: 1 pod ⚠️ will not resolve \(hover its serviceName\)$/m, markdown);
  });

  it('a hover on a 100,000-character name reads it once to cut it, then not again', () => {
    const name = 'n'.repeat(100_000);
    const files = { 'svc.yaml': SERVICE, 'sts.yaml': statefulSet(name, 3) };
    const workspace = workspaceOf(files);
    const at = positionOf(files['sts.yaml'], 'name: ', 7);
    let before = charactersReadSoFar();
    const first = hoverAt(workspace, 'file:///ws/sts.yaml', at)!.markdown;
    const firstRead = charactersReadSoFar() - before;
    before = charactersReadSoFar();
    const second = hoverAt(workspace, 'file:///ws/sts.yaml', at)!.markdown;
    const secondRead = charactersReadSoFar() - before;
    assert.equal(second, first);
    // Before: each pod's name and each short form joined the name, and each was cut: 6 reads of it.
    assert.ok(firstRead <= name.length + 10_000, `the first hover read ${firstRead} characters`);
    assert.ok(secondRead <= 10_000, `the second hover read ${secondRead} characters`);
    assert.match(first, /These names will not resolve:\*\* `n+…\(99700 more characters\)…n{40}-2\.web\.default\.svc\.cluster\.local` is 100032 characters long: a DNS name has at most 253/);
    assert.doesNotMatch(first, /-0\.web/);
  });

  it('a Service whose name is too long has no records, and the hover says so rather than list them', () => {
    const long = 'w'.repeat(300);
    const files = { 'svc.yaml': serviceYaml({ name: long, clusterIP: 'None' }) };
    const markdown = hoverAt(workspaceOf(files), 'file:///ws/svc.yaml', positionOf(files['svc.yaml'], long))!.markdown;
    assert.match(markdown, /is 326 characters long: a DNS name has at most 253, so no record answers it\./);
    assert.doesNotMatch(markdown, /SRV/);
    assert.doesNotMatch(markdown, /the IP of/);
  });

  it('a host name in a string longer than 253 characters is no DNS name; one of 253 is', () => {
    const at = (length: number) => `${'h'.repeat(length - '-0.web.default.svc'.length)}-0.web.default.svc`;
    assert.equal(findDnsNames(`url: ${at(LONGEST_DNS_NAME)}`, 'default', 'cluster.local').length, 1);
    assert.equal(findDnsNames(`url: ${at(LONGEST_DNS_NAME)}.`, 'default', 'cluster.local').length, 1);
    assert.equal(findDnsNames(`url: ${at(LONGEST_DNS_NAME + 1)}`, 'default', 'cluster.local').length, 0);
  });

  it('a short form that the search path makes too long will not resolve, and the hover says so', () => {
    const namespace = 'n'.repeat(240);
    const files = {
      'svc.yaml': serviceYaml({ name: 'web', namespace, clusterIP: 'None' }),
      'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ${namespace}\ndata:\n  host: web-0.web\n`,
    };
    const markdown = hoverAt(workspaceOf(files), 'file:///ws/cm.yaml', positionOf(files['cm.yaml'], 'web-0.web', 2))!.markdown;
    assert.match(markdown, /This name will not resolve:\*\* through the search path it is 268 characters long, and a DNS name has at most 253\./);
  });
});
