import { describe, expect, it } from 'vitest';
import type { SourcedObject } from '@accessgraph/model';
import { ObjectIdentity } from '../../src/snapshot/objectIdentity.ts';

const np = (name: string, port: number): Record<string, unknown> => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'a' },
  spec: { podSelector: {}, ingress: [{ ports: [{ port }] }] },
});

describe('object identity across states', () => {
  it('replaces a re-read object with the same content at the same place by the previous object', () => {
    const ids = new ObjectIdentity();
    const first: SourcedObject[] = [{ object: np('x', 80), file: 'a.yaml', line: 1 }, { object: np('y', 81), file: 'a.yaml', line: 9 }];
    expect(ids.reuse(first).map((s) => s.object)).toEqual(first.map((s) => s.object));
    const reread: SourcedObject[] = [{ object: np('x', 80), file: 'a.yaml', line: 1 }, { object: np('y', 82), file: 'a.yaml', line: 9 }];
    const out = ids.reuse(reread);
    expect(out[0]!.object).toBe(first[0]!.object);
    expect(out[1]!.object).toBe(reread[1]!.object);
    expect(ids.lastStats).toEqual({ known: 0, reused: 1, changed: 1 });
    // The input list is left as it was.
    expect(reread[0]!.object).not.toBe(first[0]!.object);
  });

  it('keeps objects it already knows and counts them', () => {
    const ids = new ObjectIdentity();
    const objects: SourcedObject[] = [{ object: np('x', 80), file: 'live:ctx' }, { object: np('y', 80), file: 'live:ctx' }];
    ids.reuse(objects);
    const out = ids.reuse(objects.map((s) => ({ ...s })));
    expect(out.map((s) => s.object)).toEqual(objects.map((s) => s.object));
    expect(out[0]!.object).toBe(objects[0]!.object);
    expect(ids.lastStats).toEqual({ known: 2, reused: 0, changed: 0 });
  });

  it('does not reuse across places: another line, file or name, or a different key order', () => {
    const ids = new ObjectIdentity();
    const original = np('x', 80);
    ids.reuse([{ object: original, file: 'a.yaml', line: 1 }]);
    for (const moved of [
      { object: np('x', 80), file: 'a.yaml', line: 2 },
      { object: np('x', 80), file: 'b.yaml', line: 1 },
      { object: { ...np('x', 80), metadata: { namespace: 'a', name: 'x' } }, file: 'a.yaml', line: 1 },
    ]) {
      const fresh = new ObjectIdentity();
      fresh.reuse([{ object: original, file: 'a.yaml', line: 1 }]);
      expect(fresh.reuse([moved])[0]!.object).toBe(moved.object);
    }
  });

  it('forgets objects that went away: a later equal object is new', () => {
    const ids = new ObjectIdentity();
    const original = np('x', 80);
    ids.reuse([{ object: original, file: 'a.yaml', line: 1 }]);
    ids.reuse([]);
    const back = { object: np('x', 80), file: 'a.yaml', line: 1 };
    expect(ids.reuse([back])[0]!.object).toBe(back.object);
  });
});
