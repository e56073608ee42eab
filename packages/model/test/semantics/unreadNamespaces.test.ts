/**
 * A namespace the source may not read (a live source in tenant mode, `serve --namespaces`) is an
 * UnknownScope at both layers over the whole namespace. Its workloads are not in the inventory,
 * so `check` on one of them answers `unknown` at both layers with the scope's reason — never
 * "no workload" (whether it exists is not known) and never a verdict.
 */
import { describe, expect, it } from 'vitest';
import { analyze, buildInventory, type UnknownScope } from '../../src/index.ts';
import { deploy, namespace, netpol } from '../manifests.ts';

const reason = 'namespace tools is outside --namespaces (shop): not read';
const scope = (layer: 'l4' | 'l7', extra: Partial<UnknownScope> = {}): UnknownScope => ({ layer, namespace: 'tools', affects: 'source-or-destination', object: { kind: 'Namespace', name: 'tools' }, reason, ...extra });

function analysis(scopes: UnknownScope[]) {
  const { inventory } = buildInventory([namespace('shop'), namespace('tools'), ...deploy('shop/web', { ports: ['8080'] }), netpol('shop/web-in', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] })].map((object) => ({ object })));
  return analyze({ ...inventory, unknownScopes: [...inventory.unknownScopes, ...scopes] });
}

describe('unread namespaces (tenant mode)', () => {
  it.each([
    ['as destination', { from: 'shop/web', to: 'tools/debug' }],
    ['as source', { from: 'tools/debug', to: 'shop/web' }],
  ])('a workload of an unread namespace %s is unknown at both layers with the reason', (_name, ends) => {
    const r = analysis([scope('l4'), scope('l7')]).check({ ...ends, port: 8080, protocol: 'TCP' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.cell).toMatchObject({ ...ends, l4: 'unknown', l7: 'unknown', allowed: null, protection: null });
    expect(r.cell.reasons.l4[0]).toMatchObject({ role: 'layer-unknown', kind: 'Namespace', name: 'tools', text: reason });
    expect(r.cell.reasons.l7[0]?.text).toBe(reason);
  });

  it.each<[string, UnknownScope[]]>([
    ['no scope', []],
    ['only L4 unread there', [scope('l4')]],
    ['only part of the namespace (a podSelector)', [scope('l4', { podSelector: { matchLabels: [['app', 'x']], matchExpressions: [] } as never }), scope('l7')]],
  ])('otherwise a missing workload is still "no workload": %s', (_name, scopes) => {
    expect(analysis(scopes).check({ from: 'shop/web', to: 'tools/debug', port: 8080, protocol: 'TCP' })).toEqual({ ok: false, error: 'no workload tools/debug' });
  });

  it('flows between read namespaces are decided as ever', () => {
    const r = analysis([scope('l4'), scope('l7')]).check({ from: 'shop/web', to: 'shop/web', port: 8080, protocol: 'TCP' });
    expect(r.ok && r.cell.l4).toBe('allow');
  });
});
