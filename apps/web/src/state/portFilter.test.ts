import { describe, expect, it } from 'vitest';
import type { EdgePort, GraphEdge, GraphNode } from '../graph/graphTypes.ts';
import { filterByPortName, parsePortFilter } from './portFilter.ts';
import { graphQuery, parseView, DEFAULT_VIEW } from './viewState.ts';

describe('parsePortFilter (issue 16: a port name blanked the dashboard with the API’s regex error)', () => {
  it.each([
    ['a number', '5432', { kind: 'number', port: 5432, text: '5432' }],
    ['number/protocol, protocol upper-cased', '53/udp', { kind: 'number', port: 53, protocol: 'UDP', text: '53/UDP' }],
    ['a port name (IANA_SVC_NAME, as pod ports name them)', 'http', { kind: 'name', name: 'http', text: 'http' }],
    ['a name with digits and a hyphen', 'http-metrics', { kind: 'name', name: 'http-metrics', text: 'http-metrics' }],
  ])('%s: %s', (_what, text, filter) => {
    expect(parsePortFilter(text)).toEqual({ ok: true, filter });
  });
  it.each([
    ['out of range', '70000', /1-65535/],
    ['zero', '0', /1-65535/],
    ['a space', 'my port', /not a port/],
    ['longer than 15', 'a-very-long-port-name', /not a port/],
    ['digits only with a bad protocol', '80/http', /not a port/],
    ['a double hyphen', 'a--b', /not a port/],
  ])('refuses %s (%s) with a message', (_what, text, message) => {
    const r = parsePortFilter(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
  it('an empty box clears the filter', () => expect(parsePortFilter('  ')).toEqual({ ok: true, filter: null }));

  it('a port name is kept in the URL but never sent to the API; a number is', () => {
    expect(parseView('?port=http').port).toBe('http');
    expect(graphQuery({ ...DEFAULT_VIEW, port: 'http' })).toBe('');
    expect(graphQuery({ ...DEFAULT_VIEW, port: '5432/TCP' })).toBe('?port=5432%2FTCP');
  });
});

const port = (p: number, cls: EdgePort['class']): EdgePort => ({ port: p, protocol: 'TCP', l4Port: p, l4: 'allow', l7: 'n/a', allowed: true, protection: null, class: cls });
const node = (id: string, ports: GraphNode['ports']): GraphNode =>
  ({ id, namespace: id.split('/')[0]!, name: id.split('/')[1]!, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports, openToAll: [], l4Isolated: false, sensitive: false }) as GraphNode;
const edge = (from: string, to: string, ports: EdgePort[]): GraphEdge => ({ id: `${from}->${to}`, from, to, class: ports[0]!.class, mixed: false, ports });

describe('filterByPortName: edge ports whose destination names that port', () => {
  const graph = {
    nodes: [node('a/web', [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }]), node('a/api', [{ name: 'http', port: 80, protocol: 'TCP' }]), node('a/db', [{ port: 8080, protocol: 'TCP' }]), node('a/cli', [])],
    edges: [edge('a/cli', 'a/web', [port(8080, 'none'), port(9090, 'l4-only')]), edge('a/cli', 'a/api', [port(80, 'both')]), edge('a/cli', 'a/db', [port(8080, 'none')])],
  };
  it('keeps each destination’s own http port (8080 on web, 80 on api), not 8080 where it is unnamed', () => {
    const g = filterByPortName(graph, 'http');
    expect(g.edges.map((e) => [e.id, e.ports.map((p) => p.port)])).toEqual([
      ['a/cli->a/web', [8080]],
      ['a/cli->a/api', [80]],
    ]);
  });
  it('recomputes the class from the ports that remain', () => {
    expect(filterByPortName(graph, 'metrics').edges).toEqual([{ ...graph.edges[0], class: 'l4-only', mixed: false, ports: [port(9090, 'l4-only')] }]);
  });
  it('a name no destination declares: no edges (nothing is blanked)', () => {
    expect(filterByPortName(graph, 'grpc').edges).toEqual([]);
    expect(filterByPortName(graph, 'grpc').nodes).toHaveLength(4);
  });
});
