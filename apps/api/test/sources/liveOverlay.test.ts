/**
 * diff against live (issue 14): the manifests side is the live cluster with the manifests
 * applied on top (apps/api/src/commands/loadAnalysis.ts overlayState). One case per rule of
 * the identity a manifest object replaces a live one by — the API group (any version), kind,
 * namespace and name, as `kubectl apply` finds the object to patch.
 */
import { describe, expect, it } from 'vitest';
import type { SourcedObject } from '@accessgraph/model';
import { overlayState } from '../../src/commands/loadAnalysis.ts';
import { KNOWN_LAYERS, type SourceState } from '../../src/sources/source.ts';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string, tag = 'live'): SourcedObject => ({
  object: { apiVersion, kind, metadata: { name, ...(namespace !== undefined ? { namespace } : {}) }, tag },
  file: tag,
});
const state = (objects: SourcedObject[]): SourceState => ({ objects, diagnostics: [], layers: KNOWN_LAYERS });
const tags = (s: SourceState) => s.objects.map((o) => { const x = o.object as { kind: string; metadata: { name: string }; tag: string }; return `${x.kind}/${x.metadata.name}:${x.tag}`; }).sort();

describe('overlayState: which live object a manifest object replaces', () => {
  it.each([
    ['same group, kind, namespace and name: replaced', obj('networking.k8s.io/v1', 'NetworkPolicy', 'np', 'shop'), obj('networking.k8s.io/v1', 'NetworkPolicy', 'np', 'shop', 'pr'), ['NetworkPolicy/np:pr']],
    ['another version of the same group: replaced (the API server serves one object at every version)', obj('policy.linkerd.io/v1beta3', 'Server', 's', 'shop'), obj('policy.linkerd.io/v1beta1', 'Server', 's', 'shop', 'pr'), ['Server/s:pr']],
    ['another group, same kind and name: both kept (Linkerd HTTPRoute vs Gateway API HTTPRoute)', obj('policy.linkerd.io/v1beta3', 'HTTPRoute', 'r', 'shop'), obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'r', 'shop', 'pr'), ['HTTPRoute/r:live', 'HTTPRoute/r:pr']],
    ['another namespace: both kept', obj('networking.k8s.io/v1', 'NetworkPolicy', 'np', 'shop'), obj('networking.k8s.io/v1', 'NetworkPolicy', 'np', 'web', 'pr'), ['NetworkPolicy/np:live', 'NetworkPolicy/np:pr']],
    ['a manifest without namespace stands for default', obj('networking.k8s.io/v1', 'NetworkPolicy', 'np', 'default'), obj('networking.k8s.io/v1', 'NetworkPolicy', 'np', undefined, 'pr'), ['NetworkPolicy/np:pr']],
    ['a cluster-scoped object (no namespace on either side): replaced', obj('v1', 'Namespace', 'shop'), obj('v1', 'Namespace', 'shop', undefined, 'pr'), ['Namespace/shop:pr']],
    ['another kind of the same name: both kept', obj('apps/v1', 'Deployment', 'api', 'shop'), obj('apps/v1', 'StatefulSet', 'api', 'shop', 'pr'), ['Deployment/api:live', 'StatefulSet/api:pr']],
  ])('%s', (_rule, live, manifest, expected) => {
    expect(tags(overlayState(state([live]), state([manifest])))).toEqual(expected);
  });

  it('keeps the live layers and both sides\' diagnostics (an unreadable live resource stays unknown)', () => {
    const live: SourceState = { objects: [], diagnostics: [{ code: 'layer-unknown', severity: 'warning', message: 'cannot read networkpolicies' }], layers: { l4: { state: 'unknown', reason: 'forbidden' }, l7: { state: 'known' } } };
    const pr: SourceState = { objects: [], diagnostics: [{ code: 'parse-error', severity: 'error', message: 'bad', file: 'pr.yaml' }], layers: KNOWN_LAYERS };
    const out = overlayState(live, pr);
    expect(out.layers).toEqual(live.layers);
    expect(out.diagnostics.map((d) => d.code)).toEqual(['layer-unknown', 'parse-error']);
  });

  it('a manifest document that does not parse still replaces the live object it names (its guessed identity): unknown, not the old version', () => {
    const unreadable: SourcedObject = { ...obj('networking.k8s.io/v1', 'NetworkPolicy', 'np', 'shop', 'pr'), unreadable: { message: 'syntax error' } };
    const out = overlayState(state([obj('networking.k8s.io/v1', 'NetworkPolicy', 'np', 'shop')]), state([unreadable]));
    expect(out.objects).toEqual([unreadable]);
  });
});
