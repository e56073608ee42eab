import { describe, expect, it } from 'vitest';
import { edgesCsv, exportFileName, headerLines, type ExportMeta } from './exportHeader.ts';

const meta: ExportMeta = { source: 'manifests: ./k8s, ./extra', takenAt: '2026-11-24T10:00:00.123Z', filters: 'all namespaces', exportedAt: '2026-11-24T10:05:00Z' };

describe('exports', () => {
  it('the header names source, snapshot time and filters', () => {
    expect(headerLines(meta)).toEqual(['accessgraph — manifests: ./k8s, ./extra', 'snapshot taken 2026-11-24T10:00:00.123Z · exported 2026-11-24T10:05:00Z', 'filters: all namespaces']);
  });
  it('file names carry the source and the snapshot time', () => {
    expect(exportFileName(meta, 'png')).toBe('accessgraph-k8s-extra-2026-11-24T100000Z.png');
    expect(exportFileName({ source: 'demo', takenAt: '2026-01-01T00:00:00Z' }, 'svg')).toBe('accessgraph-demo-2026-01-01T000000Z.svg');
  });
  it('CSV has one row per edge port and escapes fields', () => {
    const csv = edgesCsv(
      [
        {
          id: 'a/x->b/y',
          from: 'a/x',
          to: 'b/y,z',
          class: 'both',
          mixed: false,
          ports: [
            { port: 80, protocol: 'TCP', l4Port: 4143, l4: 'allow', l7: 'allow', allowed: true, protection: 'both', class: 'both' },
            { port: 81, protocol: 'TCP', l4Port: 4143, l4: 'deny', l7: 'open', allowed: false, protection: null, class: 'conflict', proxyPortBlocked: true },
          ],
        },
      ],
      meta,
    );
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^# accessgraph/);
    expect(lines[1]).toBe('from,to,port,protocol,l4Port,l4,l7,allowed,protection,class,proxyPortBlocked');
    expect(lines[2]).toBe('a/x,"b/y,z",80,TCP,4143,allow,allow,true,both,both,false');
    expect(lines[3]).toBe('a/x,"b/y,z",81,TCP,4143,deny,open,false,,conflict,true');
  });
});
