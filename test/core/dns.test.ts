import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLAIN } from '../../server/src/core/markdown';
import { dnsNamesIn, findDnsNames, resolveDnsName, serviceRecords, statefulSetDns, whichPods, type DnsNameRef } from '../../server/src/core/dns';
import { HEADLESS, WEB, workspaceOf } from '../support/workspace';

function stsOf(ws: ReturnType<typeof workspaceOf>) {
  const sts = [...ws.allResources()].find((r) => r.kind.value === 'StatefulSet');
  assert.ok(sts);
  return sts;
}

describe('statefulSetDns', () => {
  it('lists every pod FQDN, the Service record and SRV records with the resolved target port', () => {
    const ws = workspaceOf({ 'svc.yaml': HEADLESS, 'sts.yaml': WEB });
    const dns = statefulSetDns(stsOf(ws), ws.view());
    assert.deepEqual(dns.blockers, []);
    assert.deepEqual(dns.pods.map((p) => p.fqdn), [
      'web-0.nginx.default.svc.cluster.local',
      'web-1.nginx.default.svc.cluster.local',
      'web-2.nginx.default.svc.cluster.local',
    ]);
    assert.equal(dns.serviceRecord, 'nginx.default.svc.cluster.local');
    assert.deepEqual(dns.records?.srv.map((s) => [s.name, s.port, s.target]), [
      ['_http._tcp.nginx.default.svc.cluster.local', 8080, 'each-pod'],
      ['_metrics._udp.nginx.default.svc.cluster.local', 9100, 'each-pod'],
    ]);
  });

  it('uses ordinals.start, the namespace and the cluster domain setting; previews at most the limit', () => {
    const sts = WEB.replace('replicas: 3', 'replicas: 40\n  ordinals:\n    start: 5').replace('name: web\nspec', 'name: web\n  namespace: shop\nspec');
    const ws = workspaceOf({ 'sts.yaml': sts, 'svc.yaml': HEADLESS.replace('name: nginx', 'name: nginx\n  namespace: shop') }, { clusterDomain: 'corp.internal' });
    const dns = statefulSetDns(stsOf(ws), ws.view(), 10);
    assert.equal(dns.podCount, 40);
    assert.equal(dns.pods.length, 10);
    assert.equal(dns.pods[0].fqdn, 'web-5.nginx.shop.svc.corp.internal');
    assert.equal(dns.pods[9].name, 'web-14');
    assert.equal(dns.pattern, 'web-<ordinal>.nginx.shop.svc.corp.internal');
    assert.deepEqual([dns.firstOrdinal, dns.lastOrdinal], [5, 44]);
  });

  it('says first why names will not resolve: missing, not headless, selector mismatch, no serviceName', () => {
    let ws = workspaceOf({ 'sts.yaml': WEB });
    const blockers = (w: typeof ws) => statefulSetDns(stsOf(w), w.view()).blockers.map((b) => b(PLAIN)).join('\n');
    assert.match(blockers(ws), /No Service 'nginx' is known in namespace 'default'/);
    ws = workspaceOf({ 'sts.yaml': WEB, 'svc.yaml': HEADLESS.replace('clusterIP: None', 'clusterIP: 10.0.0.7') });
    assert.match(blockers(ws), /not headless \(clusterIP 10\.0\.0\.7\)/);
    ws = workspaceOf({ 'sts.yaml': WEB, 'svc.yaml': HEADLESS.replace('app: web', 'app: db') });
    assert.match(blockers(ws), /selects 'app: db' but the pods have 'app: web'/);
    ws = workspaceOf({ 'sts.yaml': WEB.replace('  serviceName: nginx\n', '') });
    const dns = statefulSetDns(stsOf(ws), ws.view());
    assert.match(dns.blockers[0](PLAIN), /no 'spec.serviceName'/);
    assert.deepEqual(dns.pods, []);
  });

  it('judges against the Service of its own file, else the best fitting copy, whatever the order files came in', () => {
    const clusterIP = HEADLESS.replace('clusterIP: None', 'clusterIP: 10.0.0.7');
    const otherPods = HEADLESS.replace('app: web', 'app: db');
    const cases: { files: Record<string, string>; blockers: RegExp | undefined; from: string }[] = [
      // Same file: that copy, even though another file has one that fits.
      { files: { 'a.yaml': HEADLESS, 'web.yaml': `${otherPods}---\n${WEB}` }, blockers: /selects 'app: db'/, from: 'web.yaml' },
      // Other files only: fine if any fits; else the one with fewer problems.
      { files: { 'a.yaml': clusterIP, 'b.yaml': HEADLESS, 'web.yaml': WEB }, blockers: undefined, from: 'b.yaml' },
      { files: { 'a.yaml': clusterIP.replace('app: web', 'app: db'), 'b.yaml': otherPods, 'web.yaml': WEB }, blockers: /selects 'app: db'/, from: 'b.yaml' },
    ];
    for (const { files, blockers, from } of cases) {
      for (const names of [Object.keys(files), Object.keys(files).reverse()]) {
        const ws = workspaceOf(Object.fromEntries(names.map((n) => [n, files[n]])));
        // An edit history that re-adds the first file last must not change the answer either.
        ws.removeDisk(`file:///ws/${names[0]}`);
        ws.setDisk(`file:///ws/${names[0]}`, files[names[0]]);
        const dns = statefulSetDns(stsOf(ws), ws.view());
        assert.equal(dns.service?.uri, `file:///ws/${from}`, names.join(', '));
        if (blockers) assert.match(dns.blockers.map((b) => b(PLAIN)).join('\n'), blockers);
        else assert.deepEqual(dns.blockers, []);
      }
    }
  });
});

describe('findDnsNames', () => {
  const names = (text: string) => findDnsNames(text, 'default', 'cluster.local').map((m) => [m.text, m.ref.kind, m.qualified]);
  it('finds qualified pod, Service and SRV names inside longer strings', () => {
    assert.deepEqual(names('postgres://web-0.nginx.default.svc.cluster.local:5432/db'), [['web-0.nginx.default.svc.cluster.local', 'pod', true]]);
    assert.deepEqual(names('nginx.default.svc,_http._tcp.nginx.default.svc.cluster.local.'), [
      ['nginx.default.svc', 'service', true],
      ['_http._tcp.nginx.default.svc.cluster.local.', 'srv', true],
    ]);
  });
  it('finds short pod names and gives them the namespace where the string is used', () => {
    const [m] = findDnsNames('--join=web-2.nginx:7000', 'shop', 'cluster.local');
    assert.deepEqual(m.ref, { kind: 'pod', host: 'web-2', service: 'nginx', namespace: 'shop' });
    assert.deepEqual([m.start, m.end], [7, 18]);
  });
  it('ignores other host names, versions, IPs and names glued to a variable', () => {
    assert.deepEqual(names('example.com 1.2.3 10.0.0.1 api.example.org web.nginx $(POD).nginx.default.svc'), []);
  });
  it('notes a zone other than the cluster domain', () => {
    const [m] = findDnsNames('web-0.nginx.default.svc.cluster.local', 'default', 'corp.internal');
    assert.equal(m.otherZone, 'cluster.local');
  });
  it('reads a name after a single slash as a file name, after // as a URL host', () => {
    assert.deepEqual(names('--cert=/tls/web-1.pem /web-0.nginx.default.svc'), []);
    assert.deepEqual(names('http://web-0.nginx/healthz'), [['web-0.nginx', 'pod', false]]);
  });
});

describe('dnsNamesIn', () => {
  const texts = (ws: ReturnType<typeof workspaceOf>, text: string) => dnsNamesIn(text, 'default', ws.view()).map((m) => m.text);
  const text = 'web-0.nginx web-0.pem kv-0.tar.gz web-0.pem.default.svc';
  it('keeps a short form only under a known Service, or the serviceName of the StatefulSet it names', () => {
    assert.deepEqual(texts(workspaceOf({ 'svc.yaml': HEADLESS }), text), ['web-0.nginx', 'web-0.pem.default.svc']);
    assert.deepEqual(texts(workspaceOf({ 'sts.yaml': WEB }), text), ['web-0.nginx', 'web-0.pem.default.svc']);
    assert.deepEqual(texts(workspaceOf({ 'svc.yaml': HEADLESS.replace('name: nginx', 'name: pem') }), text), ['web-0.pem', 'web-0.pem.default.svc']);
    assert.deepEqual(texts(workspaceOf({}), text), ['web-0.pem.default.svc']);
  });
});

/** A resolution's problems as a diagnostic reads them. */
const said = (r: { problems: { says: (q: typeof PLAIN) => string; detail?: (q: typeof PLAIN) => string }[] }) => r.problems.map((p) => `${p.says(PLAIN)} ${p.detail?.(PLAIN) ?? ''}`).join(' ');

describe('resolveDnsName', () => {
  const ws = workspaceOf({ 'svc.yaml': HEADLESS, 'sts.yaml': WEB });
  const pod = (host: string, service = 'nginx'): DnsNameRef => ({ kind: 'pod', host, service, namespace: 'default' });
  it('resolves a pod name to its StatefulSet and ordinal', () => {
    const r = resolveDnsName(pod('web-2'), ws.view());
    assert.equal(r.statefulSet?.name?.value, 'web');
    assert.equal(r.ordinal, 2);
    assert.equal(r.service?.name?.value, 'nginx');
    assert.deepEqual(r.problems, []);
  });
  it('says when the ordinal is out of range or the service part is wrong', () => {
    assert.match(said(resolveDnsName(pod('web-3'), ws.view())), /there is no pod 'web-3'\. StatefulSet 'web' has 3 pods, 'web-0', 'web-1' and 'web-2' \(replicas 3\)/);
    assert.match(said(resolveDnsName(pod('web-0', 'web'), ws.view())), /under Service 'nginx', not 'web'/);
  });
  it('checks only the lower end of the ordinals when replicas is not written (an autoscaler may own it)', () => {
    const ws2 = workspaceOf({ 'sts.yaml': WEB.replace('replicas: 3', 'ordinals:\n    start: 1') });
    assert.deepEqual(resolveDnsName(pod('web-7'), ws2.view()).problems, []);
    assert.match(said(resolveDnsName(pod('web-0'), ws2.view())), /no pod 'web-0'.*pods from 'web-1' on/);
  });
  it('checks only the lower end when an autoscaler is in the namespace', () => {
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 10\n';
    const ws2 = workspaceOf({ 'svc.yaml': HEADLESS, 'sts.yaml': WEB, 'hpa.yaml': hpa });
    assert.deepEqual(resolveDnsName(pod('web-7'), ws2.view()).problems, []);
  });
  it('knows nothing about StatefulSets the workspace does not have', () => {
    assert.deepEqual(resolveDnsName(pod('db-0', 'pg'), ws.view()), { problems: [] });
  });
  it('checks the port name and protocol of SRV names', () => {
    const srv = (portName: string, protocol: string): DnsNameRef => ({ kind: 'srv', portName, protocol, service: 'nginx', namespace: 'default' });
    assert.deepEqual(resolveDnsName(srv('http', 'tcp'), ws.view()).problems, []);
    assert.match(said(resolveDnsName(srv('metrics', 'tcp'), ws.view())), /no TCP port named 'metrics'\. Its named ports: 'http\/TCP', 'metrics\/UDP'/);
  });
  it('says a Service is missing only where a StatefulSet meant for it is known', () => {
    const ws2 = workspaceOf({ 'sts.yaml': WEB });
    assert.match(said(resolveDnsName({ kind: 'service', service: 'nginx', namespace: 'default' }, ws2.view())), /no Service 'nginx'/);
    assert.deepEqual(resolveDnsName({ kind: 'service', service: 'other', namespace: 'default' }, ws2.view()).problems, []);
  });
});

describe('serviceRecords: the one description of a Service\'s records (DNS spec 2.3 / 2.4)', () => {
  const recordsOf = (service: string) => {
    const ws = workspaceOf({ 'svc.yaml': service, 'sts.yaml': WEB });
    const svc = [...ws.allResources()].find((r) => r.kind.value === 'Service')!;
    return serviceRecords(svc, 'cluster.local', stsOf(ws));
  };
  it('headless: the pods\' IPs; SRV per pod with the target (endpoint) port', () => {
    const r = recordsOf(HEADLESS);
    assert.equal(r.kind, 'headless');
    assert.equal(r.allPods, false);
    assert.deepEqual(r.srv.map((s) => [s.portName, s.port, s.target]), [['http', 8080, 'each-pod'], ['metrics', 9100, 'each-pod']]);
  });
  it('ClusterIP: the cluster IP; SRV target is the Service name with the Service port', () => {
    const r = recordsOf(HEADLESS.replace('clusterIP: None', 'clusterIP: 10.1.2.3'));
    assert.equal(r.kind, 'cluster-ip');
    assert.deepEqual(r.srv.map((s) => [s.portName, s.port, s.target]), [['http', 80, 'service'], ['metrics', 9100, 'service']]);
  });
  it('publishNotReadyAddresses: every pod, one consistent phrase', () => {
    const r = recordsOf(HEADLESS.replace('app: web', 'app: web\n  publishNotReadyAddresses: true'));
    assert.equal(r.allPods, true);
    assert.match(whichPods(r), /every pod it selects, ready or not/);
  });
  it('ExternalName: a CNAME, no SRV records', () => {
    const r = recordsOf(HEADLESS.replace('clusterIP: None', 'type: ExternalName\n  externalName: db.example.com'));
    assert.deepEqual([r.kind, r.srv], ['external-name', []]);
  });
});
