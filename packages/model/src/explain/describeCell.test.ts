import { describe, expect, it } from 'vitest';
import type { Cell } from '../verdict/types.ts';
import { describeCell, formatReasonSource } from './describeCell.ts';

const cell = (over: Partial<Cell>): Cell => ({
  from: 'a/x',
  to: 'b/y',
  port: 8080,
  protocol: 'TCP',
  l4Port: 8080,
  l4: 'open',
  l7: 'open',
  allowed: true,
  protection: 'none',
  reasons: { l4: [], l7: [] },
  ...over,
});

describe('describeCell', () => {
  it('names the layer that denies', () => {
    expect(describeCell(cell({ l4: 'deny', allowed: false, protection: null })).headline).toBe('DENIED a/x → b/y:8080/TCP at L4');
    expect(describeCell(cell({ l4: 'deny', l7: 'deny', allowed: false, protection: null })).headline).toContain('at L4 and L7');
  });
  it('says unknown, never allowed, when a layer could not be read', () => {
    const d = describeCell(cell({ l7: 'unknown', allowed: null, protection: null }));
    expect(d.headline).toMatch(/^UNKNOWN .* L7 cannot be decided from the inputs/);
    expect(d.l7).toMatch(/unknown/);
  });
  it('states the protection class of allowed flows', () => {
    expect(describeCell(cell({ l4: 'allow', protection: 'l4-only' })).headline).toContain('only NetworkPolicy (L4) protects it');
  });
  it('explains when L4 was decided on the proxy port', () => {
    expect(describeCell(cell({ l4Port: 4143 })).portNote).toContain('port 4143');
    expect(describeCell(cell({})).portNote).toBeUndefined();
  });
  it('formats where a reason comes from', () => {
    expect(
      formatReasonSource({ role: 'admits', kind: 'NetworkPolicy', namespace: 'p', name: 'n', direction: 'ingress', rule: 2, file: 'f.yaml', line: 9, text: '' }),
    ).toBe('NetworkPolicy p/n ingress rule 2 (f.yaml:9)');
  });
});
